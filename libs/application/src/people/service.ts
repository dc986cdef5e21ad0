import { Actor, Instant, Nip, notFound } from '@kinerja/kernel';
import type { EventStore } from '@kinerja/event-store';
import { Action, accessActorOf, assertAllowed, authorize, Subject } from '@kinerja/domain/access';
import {
  assertKnownPlacement,
  EmployeeCommand,
  employeeDecider,
  EmployeeEvent,
  EmployeeRecord,
  EmployeeState,
  employeeAsOf,
  employeeStreamId,
  latestEmployeeRecord,
} from '@kinerja/domain/employee';
import {
  isOpd,
  ORGANISATION_STREAM_ID,
  OrganisationCommand,
  organisationDecider,
  OrgHistory,
  raterSupervisorOf,
  SupervisorRef,
  supervisorOf,
} from '@kinerja/domain/organisation';
import type { LocalDate } from '@kinerja/domain/shared';
import { CommandContext, CommandResult, handleCommand } from '../command-handler';
import { OrgHistoryReader } from './org-history';

/** What the API passes along with a command besides the command itself. */
export type RequestContext = Omit<CommandContext, 'actor' | 'role'>;

const EMPLOYEE_ACTION: Record<EmployeeCommand['type'], Action> = {
  RegisterEmployee: 'employee.register',
  ChangePosition: 'employee.change',
  TransferOrgUnit: 'employee.change',
  ChangeEmploymentState: 'employee.change',
  ChangeSalary: 'employee.changeFinancial',
  ChangeTaxCategory: 'employee.changeFinancial',
  ChangeBankAccount: 'employee.changeFinancial',
};

const ORGANISATION_ACTION: Record<OrganisationCommand['type'], Action> = {
  CreateOrgUnit: 'org.manage',
  MoveOrgUnit: 'org.manage',
  CreatePosition: 'org.manage',
  MovePosition: 'org.manage',
  AssignHolder: 'org.assign',
  EndAssignment: 'org.assign',
};

const opdNotFound = (opdId: string) =>
  notFound('UNKNOWN_OPD', 'no OPD has this id (an OPD is a root unit of the org chart)', { opdId: opdId.slice(0, 60) });

/**
 * An authorisation and a read made at once, settled in the order a caller must see them: the
 * refusal wins, so a caller the policy refuses learns that, whatever the read found or failed on;
 * then the read's own failure. Neither is left rejected unobserved.
 */
export async function refusalFirst<T>(authorization: Promise<string>, read: Promise<T>): Promise<[string, T]> {
  const [allowed, found] = await Promise.allSettled([authorization, read]);
  if (allowed.status === 'rejected') throw allowed.reason;
  if (found.status === 'rejected') throw found.reason;
  return [allowed.value, found.value];
}

/**
 * People and organisation: every command asks the one access policy (with the org history as it
 * stands) before it is decided, and the grant that allowed it goes into the events' metadata.
 */
export class PeopleService {
  readonly org: OrgHistoryReader;

  constructor(
    readonly store: EventStore,
    private readonly options: { timeZone?: string } = {},
  ) {
    this.org = new OrgHistoryReader(store);
  }

  /**
   * Throws the coded 403 when the policy refuses; returns the grant that allowed it. An OPD-scoped
   * subject (a payroll run, an appraisal unit) naming no OPD is 404 `UNKNOWN_OPD` first: OPD ids
   * are the public org structure, so saying one does not exist reveals nothing, while `OUTSIDE_OPD`
   * for a mistyped id sends the caller after their grants instead of the id.
   */
  async authorize(actor: Actor, action: Action, subject: Subject, at: Instant, orgDate?: LocalDate): Promise<string> {
    const org = await this.org.current();
    if ((subject.kind === 'unit' || subject.kind === 'payrollRun') && !isOpd(subject.opdId, org)) throw opdNotFound(subject.opdId);
    const d = authorize({ actor: accessActorOf(actor), action, subject, at, ...(orgDate ? { orgDate } : {}) }, org, this.options);
    assertAllowed(d);
    return (d as { via: string }).via;
  }

  /**
   * `authorize` and a read the decision needs, sent together: under load their statements share a
   * connection's write (PreparedPool's lanes) and the command waits one round trip less.
   */
  authorizeAlong<T>(read: Promise<T>, ...args: Parameters<PeopleService['authorize']>): Promise<[string, T]> {
    return refusalFirst(this.authorize(...args), read);
  }

  /** Whether the policy allows it (for views that show more or less). */
  async allows(actor: Actor, action: Action, subject: Subject, at: Instant): Promise<boolean> {
    return authorize({ actor: accessActorOf(actor), action, subject, at }, await this.org.current(), this.options).allowed;
  }

  /** The employee's events (as recorded up to `asOf` when given: what was known at that moment). */
  async employeeEvents(nip: Nip, asOf?: Date): Promise<EmployeeEvent[]> {
    const recorded = await this.store.readStream(employeeStreamId(nip), asOf ? { asOf } : undefined);
    return recorded.map((e) => ({ type: e.type, data: e.data }) as EmployeeEvent);
  }

  /**
   * The record in force on `date` (every known change when no date is given) as the log holds it
   * now, or as it held it at `asOf`; 404 when none.
   */
  async employeeRecord(nip: Nip, date?: LocalDate, asOf?: Date): Promise<EmployeeRecord> {
    const events = await this.employeeEvents(nip, asOf);
    const r = date ? employeeAsOf(events, date) : latestEmployeeRecord(events);
    if (!r)
      throw notFound(
        'EMPLOYEE_NOT_FOUND',
        date && events.length
          ? `the employee was not registered on ${date}`
          : `no employee is registered with this NIP${asOf ? ' as of that moment' : ''}`,
        { nip, ...(date ? { date } : {}), ...(asOf ? { asOf: asOf.toISOString() } : {}) },
      );
    return r;
  }

  async employeeCommand(cmd: EmployeeCommand, ctx: RequestContext): Promise<CommandResult<EmployeeEvent>> {
    let opdId: string | undefined;
    if (cmd.type === 'RegisterEmployee') opdId = typeof cmd.orgUnitId === 'string' ? cmd.orgUnitId : undefined;
    else opdId = latestEmployeeRecord(await this.employeeEvents(cmd.nip))?.orgUnitId;
    const via = await this.authorize(
      cmd.by,
      EMPLOYEE_ACTION[cmd.type],
      { kind: 'employee', nip: cmd.nip, ...(opdId ? { opdId } : {}) },
      cmd.now,
    );
    const org = await this.org.current();
    // Checked after the decider's own checks (a malformed field keeps its 400) and only when
    // something would be appended (repeating a change already recorded stays a harmless no-op).
    const decider = {
      ...employeeDecider,
      decide: (c: EmployeeCommand, s: EmployeeState) => {
        const events = employeeDecider.decide(c, s);
        if (events.length) assertKnownPlacement(c, org);
        return events;
      },
    };
    return handleCommand(this.store, employeeStreamId(cmd.nip), decider, cmd, { ...ctx, actor: cmd.by, role: via });
  }

  async organisationCommand(cmd: OrganisationCommand, ctx: RequestContext) {
    const via = await this.authorize(cmd.by, ORGANISATION_ACTION[cmd.type], { kind: 'organisation' }, cmd.now);
    return handleCommand(this.store, ORGANISATION_STREAM_ID, organisationDecider, cmd, { ...ctx, actor: cmd.by, role: via });
  }

  /** Atasan langsung and atasan pejabat penilai of `nip` on `date`, from the org history. */
  async supervisors(
    nip: Nip,
    date: LocalDate,
  ): Promise<{ supervisor: SupervisorRef | null; raterSupervisor: SupervisorRef | null; history: OrgHistory }> {
    const history = await this.org.current();
    return {
      supervisor: supervisorOf(nip, date, history) ?? null,
      raterSupervisor: raterSupervisorOf(nip, date, history) ?? null,
      history,
    };
  }
}
