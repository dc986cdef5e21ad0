import { badInput, canonicalJson, conflict, Decider, domainError, Instant, Nip, notFound } from '@kinerja/kernel';
import { unknownCommand } from '../shared';
import type {
  ApproveWorkPlan,
  AssignResult,
  DraftWorkPlan,
  PlanLine,
  PlannedResult,
  ReturnWorkPlan,
  ReviseWorkPlan,
  SubmitWorkPlan,
  WorkPlanCommand,
} from './commands';
import type { WorkPlanEvent } from './events';

interface VersionBase {
  version: number;
  results: PlannedResult[];
  supervisorNip: Nip | null;
  /** Why this version exists (a mid-year revision). */
  reason?: string;
}
/** Being written (again, after a return). */
export interface DraftVersion extends VersionBase {
  status: 'DRAFT';
}
/** Waiting for the rater; `notes` are those of the return it answers, if any. */
export interface SubmittedVersion extends VersionBase {
  status: 'SUBMITTED';
  raterNip: Nip | null;
  notes?: string;
}
/** Approved by the rater: the version in force until a later one is approved. */
export interface ApprovedVersion extends VersionBase {
  status: 'APPROVED';
  raterNip: Nip | null;
  approvedAt: Instant;
  notes?: string;
}
/** Sent back by the rater with notes on what to change. */
export interface ReturnedVersion extends VersionBase {
  status: 'RETURNED';
  raterNip: Nip | null;
  notes: string;
}
export type PlanVersion = DraftVersion | SubmittedVersion | ApprovedVersion | ReturnedVersion;
export type PlanStatus = PlanVersion['status'];

/** Every version, oldest first: an old version stays readable after a revision. */
export interface WorkPlanState {
  versions: PlanVersion[];
}

export const LIMITS = { text: 500, notes: 2000, unit: 50, id: 64, results: 30, indicators: 10 } as const;

export const initialWorkPlanState = (): WorkPlanState => ({ versions: [] });

export const currentVersion = (s: WorkPlanState): PlanVersion | undefined => s.versions[s.versions.length - 1];
/** The version in force: the last approved one. */
export const versionInForce = (s: WorkPlanState): ApprovedVersion | undefined =>
  [...s.versions].reverse().find((v): v is ApprovedVersion => v.status === 'APPROVED');

export function evolveWorkPlan(state: WorkPlanState, event: WorkPlanEvent): WorkPlanState {
  const d = event.data;
  const others = state.versions.filter((v) => v.version !== d.version);
  const mine = state.versions.find((v) => v.version === d.version);
  const put = (v: PlanVersion) => ({ versions: [...others, v].sort((a, b) => a.version - b.version) });
  switch (event.type) {
    case 'WorkPlanDrafted':
      return put({
        version: d.version,
        status: 'DRAFT',
        results: event.data.results,
        supervisorNip: event.data.supervisorNip,
        ...(mine?.reason ? { reason: mine.reason } : {}),
      });
    case 'WorkPlanRevisionStarted':
      return put({
        version: d.version,
        status: 'DRAFT',
        results: event.data.results,
        supervisorNip: event.data.supervisorNip,
        reason: event.data.reason,
      });
    case 'WorkPlanSubmitted':
      return mine ? put({ ...mine, status: 'SUBMITTED', raterNip: event.data.raterNip }) : state;
    case 'WorkPlanApproved':
      return mine ? put({ ...mine, status: 'APPROVED', raterNip: event.data.raterNip, approvedAt: event.data.at }) : state;
    case 'WorkPlanReturned':
      return mine ? put({ ...mine, status: 'RETURNED', raterNip: event.data.raterNip, notes: event.data.notes }) : state;
  }
}

function text(value: unknown, field: string, max: number = LIMITS.text): void {
  if (typeof value !== 'string' || value.trim() === '') throw badInput('MISSING_FIELD', `${field} must not be empty`, { field });
  if (value.length > max) throw badInput('TEXT_TOO_LONG', `${field} is longer than ${max} characters`, { field, max });
}

function number(value: unknown, field: string, min: number, max: number, integer = false): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value)))
    throw badInput('INVALID_TARGET', `${field} must be a number from ${min} to ${max}`, { field, min, max });
}

/** The shape of the planned results: non-empty, bounded texts, unique ids, sane targets. */
export function validateResults(results: PlannedResult[]): void {
  if (!Array.isArray(results) || results.length === 0) throw badInput('NO_RESULTS', 'a work plan has at least one planned result (RHK)');
  if (results.length > LIMITS.results)
    throw badInput('TOO_MANY_RESULTS', `at most ${LIMITS.results} planned results`, { max: LIMITS.results });
  const ids = new Set<string>();
  results.forEach((r, i) => {
    const at = `results.${i}`;
    text(r.resultId, `${at}.resultId`, LIMITS.id);
    if (ids.has(r.resultId))
      throw badInput('DUPLICATE_ID', `the id ${r.resultId} is used twice`, { field: `${at}.resultId`, id: r.resultId });
    ids.add(r.resultId);
    text(r.text, `${at}.text`);
    if (r.parentResultId !== undefined) text(r.parentResultId, `${at}.parentResultId`, LIMITS.id);
    if (!Array.isArray(r.indicators) || r.indicators.length === 0)
      throw badInput('NO_INDICATORS', 'every planned result has at least one indicator (IKI)', { field: `${at}.indicators` });
    if (r.indicators.length > LIMITS.indicators)
      throw badInput('TOO_MANY_INDICATORS', `at most ${LIMITS.indicators} indicators per result`, { field: `${at}.indicators` });
    r.indicators.forEach((k, j) => {
      const f = `${at}.indicators.${j}`;
      text(k.indicatorId, `${f}.indicatorId`, LIMITS.id);
      if (ids.has(k.indicatorId))
        throw badInput('DUPLICATE_ID', `the id ${k.indicatorId} is used twice`, { field: `${f}.indicatorId`, id: k.indicatorId });
      ids.add(k.indicatorId);
      text(k.text, `${f}.text`);
      text(k.unit, `${f}.unit`, LIMITS.unit);
      number(k.quantity, `${f}.quantity`, 0.0001, 1e9);
      number(k.quality, `${f}.quality`, 1, 100);
      number(k.timeMonths, `${f}.timeMonths`, 1, 12, true);
    });
  });
}

/**
 * Each RHK of a staff member names an RHK of the supervisor's own plan: one of another line (or
 * another OPD) is refused. `required` at submission: below the top every RHK must cascade.
 */
function checkLine(results: PlannedResult[], line: PlanLine, required: boolean): void {
  const offered = new Set(line.parentResultIds);
  for (const r of results) {
    if (r.parentResultId === undefined) {
      if (required && line.supervisorNip !== null)
        throw domainError(
          'PARENT_RESULT_REQUIRED',
          { resultId: r.resultId },
          'every planned result of a staff member names the supervisor’s RHK it supports',
        );
      continue;
    }
    if (line.supervisorNip === null || !offered.has(r.parentResultId))
      throw domainError(
        'PARENT_RESULT_NOT_IN_LINE',
        { resultId: r.resultId, parentResultId: r.parentResultId, supervisorNip: line.supervisorNip },
        'the parent RHK is not in the plan of the employee’s supervisor',
      );
  }
}

function checkSubject(cmd: WorkPlanCommand): void {
  if (!Number.isInteger(cmd.year) || cmd.year < 2000 || cmd.year > 2100)
    throw badInput('INVALID_YEAR', 'year must be 2000..2100', { year: cmd.year });
}

const base = (cmd: WorkPlanCommand, version: number) => ({ nip: cmd.nip, year: cmd.year, version, at: cmd.now });

/** A plan submitted or approved is not edited: it waits for the rater, or changes by a revision. */
function refuseUnlessOpen(cur: PlanVersion | undefined): void {
  if (cur?.status === 'SUBMITTED')
    throw conflict('WORKPLAN_ALREADY_SUBMITTED', 'the plan is submitted and waits for the rater', { version: cur.version });
  if (cur?.status === 'APPROVED')
    throw conflict('WORKPLAN_ALREADY_APPROVED', 'the plan is approved; a change is a revision with a reason', { version: cur.version });
}

function existing(cmd: WorkPlanCommand, state: WorkPlanState): PlanVersion {
  const cur = currentVersion(state);
  if (!cur) throw notFound('WORKPLAN_NOT_FOUND', 'there is no plan for this employee and year', { nip: cmd.nip, year: cmd.year });
  return cur;
}

/** The rater answers a submitted plan only. */
function submitted(cmd: ApproveWorkPlan | ReturnWorkPlan, state: WorkPlanState): SubmittedVersion {
  const cur = existing(cmd, state);
  if (cur.status !== 'SUBMITTED')
    throw domainError(
      'WORKPLAN_NOT_SUBMITTED',
      { version: cur.version, status: cur.status },
      'only a submitted plan can be approved or returned',
    );
  return cur;
}

function draft(cmd: DraftWorkPlan, state: WorkPlanState): WorkPlanEvent[] {
  const cur = currentVersion(state);
  refuseUnlessOpen(cur);
  validateResults(cmd.results);
  checkLine(cmd.results, cmd.line, false);
  return [
    { type: 'WorkPlanDrafted', data: { ...base(cmd, cur?.version ?? 1), results: cmd.results, supervisorNip: cmd.line.supervisorNip } },
  ];
}

function assignResult(cmd: AssignResult, state: WorkPlanState): WorkPlanEvent[] {
  const cur = currentVersion(state);
  refuseUnlessOpen(cur);
  if (!cmd.result || typeof cmd.result !== 'object') throw badInput('MISSING_FIELD', 'the RHK to hand over', { field: 'result' });
  if (cmd.line.supervisorNip === null || cmd.line.supervisorNip !== cmd.by.nip)
    throw domainError('NOT_SUPERVISOR', { nip: cmd.nip }, 'only the supervisor of the day hands an RHK to a subordinate', 'FORBIDDEN');
  if (cmd.result.parentResultId === undefined)
    throw domainError(
      'PARENT_RESULT_REQUIRED',
      { resultId: cmd.result.resultId },
      'a handed-over RHK names the supervisor’s RHK it supports',
    );
  const results = [...(cur?.results ?? []).filter((r) => r.resultId !== cmd.result.resultId), cmd.result];
  validateResults(results);
  checkLine(results, cmd.line, false);
  // Handing over the same RHK again (a retry) appends nothing.
  if (cur && canonicalJson(cur.results) === canonicalJson(results)) return [];
  return [{ type: 'WorkPlanDrafted', data: { ...base(cmd, cur?.version ?? 1), results, supervisorNip: cmd.line.supervisorNip } }];
}

function submit(cmd: SubmitWorkPlan, state: WorkPlanState): WorkPlanEvent[] {
  const cur = existing(cmd, state);
  refuseUnlessOpen(cur);
  checkLine(cur.results, cmd.line, true);
  return [{ type: 'WorkPlanSubmitted', data: { ...base(cmd, cur.version), raterNip: cmd.line.supervisorNip } }];
}

function approve(cmd: ApproveWorkPlan, state: WorkPlanState): WorkPlanEvent[] {
  const cur = submitted(cmd, state);
  if (cmd.line.supervisorNip !== null && !cmd.line.parentPlanApproved)
    throw domainError(
      'PARENT_PLAN_NOT_APPROVED',
      { supervisorNip: cmd.line.supervisorNip },
      'the supervisor’s plan must be approved first',
    );
  checkLine(cur.results, cmd.line, true);
  return [{ type: 'WorkPlanApproved', data: { ...base(cmd, cur.version), raterNip: cmd.by.nip ?? null } }];
}

function returnPlan(cmd: ReturnWorkPlan, state: WorkPlanState): WorkPlanEvent[] {
  const cur = submitted(cmd, state);
  text(cmd.notes, 'notes', LIMITS.notes);
  return [{ type: 'WorkPlanReturned', data: { ...base(cmd, cur.version), raterNip: cmd.by.nip ?? null, notes: cmd.notes.trim() } }];
}

function revise(cmd: ReviseWorkPlan, state: WorkPlanState): WorkPlanEvent[] {
  const cur = existing(cmd, state);
  if (cur.status !== 'APPROVED')
    throw domainError(
      'WORKPLAN_NOT_APPROVED',
      { version: cur.version, status: cur.status },
      'only an approved plan is revised; a draft is simply edited',
    );
  text(cmd.reason, 'reason');
  validateResults(cmd.results);
  checkLine(cmd.results, cmd.line, false);
  return [
    {
      type: 'WorkPlanRevisionStarted',
      data: { ...base(cmd, cur.version + 1), reason: cmd.reason.trim(), results: cmd.results, supervisorNip: cmd.line.supervisorNip },
    },
  ];
}

export function decideWorkPlan(cmd: WorkPlanCommand, state: WorkPlanState): WorkPlanEvent[] {
  checkSubject(cmd);
  switch (cmd.type) {
    case 'DraftWorkPlan':
      return draft(cmd, state);
    case 'AssignResult':
      return assignResult(cmd, state);
    case 'SubmitWorkPlan':
      return submit(cmd, state);
    case 'ApproveWorkPlan':
      return approve(cmd, state);
    case 'ReturnWorkPlan':
      return returnPlan(cmd, state);
    case 'ReviseWorkPlan':
      return revise(cmd, state);
    default:
      return unknownCommand(cmd);
  }
}

export const workPlanDecider: Decider<WorkPlanCommand, WorkPlanEvent, WorkPlanState> = {
  decide: decideWorkPlan,
  evolve: evolveWorkPlan,
  initialState: initialWorkPlanState,
};
