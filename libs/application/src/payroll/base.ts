import { Inject } from '@nestjs/common';
import { Actor, domainError } from '@kinerja/kernel';
import type { EventStore } from '@kinerja/event-store';
import type { Action, Subject } from '@kinerja/domain/access';
import {
  budgetDecider,
  budgetStreamId,
  payrollRunDecider,
  payrollRunStreamId,
  STEPS,
  type PayrollRunState,
  type RunStatus,
  type StepName,
} from '@kinerja/domain/payroll';
import { type PolicyDocument } from '@kinerja/policies';
import { payrollProjection, waitForProjection } from '@kinerja/projections';
import { CommandContext, handleCommand, readState } from '../command-handler';
import { EVENT_STORE, PAYROLL_QUEUE, POLICIES } from '../ports';
import { ApplicationHandler } from '../handler';
import type { RequestContext } from '../people/service';
import { PeopleService } from '../people/service';
import { type PayrollQueue } from './calculation-job';

// What the payroll area's command and query handlers share: the base that gives them the people, the
// store, the policies and the calculation queue, authorises through the access policy and loads a run.

/** The statuses in which a run waits for a signature. */
export const SIGNABLE: readonly RunStatus[] = Object.values(STEPS).map((s) => s.from);
export const STEP_ACTION: Record<StepName, Action> = {
  Submit: 'payroll.submit',
  Verify: 'payroll.verify',
  Approve: 'payroll.approve',
  Disburse: 'payroll.disburse',
};
/** The subject of the commands that are not about one run or one employee. */
export const ORGANISATION: Subject = { kind: 'organisation' };
export const POLICY_VERSION_ID = /^[a-z0-9][a-z0-9._/-]{0,99}$/;

export const withActor = (actor: Actor, role: string, rc: RequestContext, extra: Partial<CommandContext> = {}): CommandContext => ({
  actor,
  role,
  ...rc,
  ...extra,
});

/** What each handler of the area is given. */
export abstract class PayrollHandler extends ApplicationHandler {
  constructor(
    @Inject(PeopleService) protected readonly people: PeopleService,
    @Inject(EVENT_STORE) protected readonly store: EventStore,
    @Inject(POLICIES) protected readonly policies: () => Promise<readonly PolicyDocument[]>,
    @Inject(PAYROLL_QUEUE) protected readonly queue: PayrollQueue,
  ) {
    super();
  }

  /** The role to act in (the grant that allowed it, without its `role:` prefix), or the coded refusal. */
  protected async allow(actor: Actor, action: Action, subject: Subject): Promise<string> {
    const via = await this.people.authorize(actor, action, subject, this.now());
    return via.startsWith('role:') ? via.slice(5) : via;
  }

  protected runState(opdId: string, month: string): Promise<{ state: PayrollRunState; version: number }> {
    return readState(this.store, payrollRunStreamId(opdId, month), payrollRunDecider);
  }

  /**
   * Waits until the payroll ledger holds every event recorded before this call, so that a decision
   * read from it (a signature's stale lines, a slip's current inputs) does not depend on its lag.
   */
  protected async ledgerCaughtUp(): Promise<void> {
    if (!(await waitForProjection(this.db, this.store, payrollProjection, { timeoutMs: 30_000 })))
      throw domainError(
        'READ_MODEL_BEHIND',
        { projection: payrollProjection.name },
        'the pay ledger is still catching up; try again in a moment',
        'UNAVAILABLE',
      );
  }

  /** The OPD's TPP budget (APBD) for the month, whole rupiah, or null when BPKAD has set none. */
  protected async budgetOf(opdId: string, month: string): Promise<string | null> {
    return (await readState(this.store, budgetStreamId(opdId), budgetDecider)).state.get(month) ?? null;
  }

  protected runCommand(opdId: string, month: string, command: Parameters<typeof payrollRunDecider.decide>[0], ctx: CommandContext) {
    return handleCommand(this.store, payrollRunStreamId(opdId, month), payrollRunDecider, command, ctx);
  }
}
