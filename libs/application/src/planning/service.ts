import { Instant, Nip } from '@kinerja/kernel';
import type { EventStore } from '@kinerja/event-store';
import type { Action } from '@kinerja/domain/access';
import { supervisorOf } from '@kinerja/domain/organisation';
import { localDateOf, LocalDate } from '@kinerja/domain/shared';
import {
  currentVersion,
  PlanLine,
  versionInForce,
  WorkPlanCommand,
  workPlanDecider,
  WorkPlanEvent,
  WorkPlanState,
  workPlanStreamId,
  initialWorkPlanState,
  evolveWorkPlan,
} from '@kinerja/domain/workplan';
import { CommandResult, handleCommand } from '../command-handler';
import { PeopleService, RequestContext } from '../people/service';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A work-plan command as the API sends it: the line is looked up here, not trusted from the caller. */
export type WorkPlanRequest = DistributiveOmit<WorkPlanCommand, 'line'>;

/**
 * Planning: the SKP of each employee per year. The line of a plan (the supervisor on the day and
 * what the supervisor's own plan offers) comes from the org history and the supervisor's stream,
 * and travels inside the command, so the decider stays pure.
 */
export class PlanningService {
  constructor(
    readonly store: EventStore,
    readonly people: PeopleService,
  ) {}

  async workPlanEvents(nip: Nip, year: number): Promise<WorkPlanEvent[]> {
    return (await this.store.readStream(workPlanStreamId(nip, year))).map((e) => ({ type: e.type, data: e.data }) as WorkPlanEvent);
  }

  async workPlan(nip: Nip, year: number): Promise<WorkPlanState> {
    return (await this.workPlanEvents(nip, year)).reduce(evolveWorkPlan, initialWorkPlanState());
  }

  /** The supervisor of `nip` on `date` and what their plan for `year` offers to cascade from. */
  async lineOf(nip: Nip, year: number, date: LocalDate): Promise<PlanLine> {
    const sup = supervisorOf(nip, date, await this.people.org.current());
    if (!sup) return { supervisorNip: null, parentResultIds: [], parentPlanApproved: false };
    const plan = await this.workPlan(sup.nip, year);
    const ids = new Set<string>();
    for (const v of [currentVersion(plan), versionInForce(plan)]) for (const r of v?.results ?? []) ids.add(r.resultId);
    return { supervisorNip: sup.nip, parentResultIds: [...ids].sort(), parentPlanApproved: versionInForce(plan) !== undefined };
  }

  async workPlanCommand(req: WorkPlanRequest, ctx: RequestContext): Promise<CommandResult<WorkPlanEvent>> {
    const date = localDateOf(req.now);
    const line = await this.lineOf(req.nip, req.year, date);
    let action: Action = 'workplan.submit';
    if (req.type === 'ApproveWorkPlan' || req.type === 'ReturnWorkPlan') action = line.supervisorNip ? 'workplan.approve' : 'workplan.approveTop';
    const via = await this.people.authorize(req.by, action, { kind: 'employee', nip: req.nip }, req.now as Instant);
    const cmd = { ...req, line } as WorkPlanCommand;
    return handleCommand(this.store, workPlanStreamId(req.nip, req.year), workPlanDecider, cmd, { ...ctx, actor: req.by, role: via });
  }
}
