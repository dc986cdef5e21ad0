import { badInput, conflict, Decider, domainError, KinerjaError, nipProblem } from '@kinerja/kernel';
import { assertLocalDate, LocalDate } from '../shared';
import type {
  AssignHolder,
  CreateOrgUnit,
  CreatePosition,
  EndAssignment,
  MoveOrgUnit,
  MovePosition,
  OrganisationCommand,
} from './commands';
import type { HolderAssigned, OrganisationEvent } from './events';
import { applyOrganisationEvent, Assignment, emptyOrgHistory, evolveOrganisation, OrgHistory, orgHistoryOf } from './history';
import { ChangeNode, emptyOccupancy, holdersOn, mostHolders, occupancyFrom, PositionOccupancy, withPeriod } from './occupancy';
import { assignmentsOf, covers, positionAsOf, unitAsOf } from './queries';

export type OrganisationState = OrgHistory;

const MAX_GRADE = 17;

const notFound = (code: string, details: Record<string, unknown>) =>
  new KinerjaError(
    code,
    code === 'UNKNOWN_ORG_UNIT' ? 'no such org unit on that date' : 'no such position on that date',
    'NOT_FOUND',
    details,
  );

function requireText(value: unknown, field: string): void {
  if (typeof value !== 'string' || value.trim() === '' || value.length > 200)
    throw badInput('MISSING_FIELD', `${field} is required`, { field });
}

function requireUnit(h: OrgHistory, unitId: string, date: LocalDate): void {
  if (!unitAsOf(unitId, date, h)) throw notFound('UNKNOWN_ORG_UNIT', { unitId, date });
}

function requirePosition(h: OrgHistory, positionId: string, date: LocalDate) {
  const p = positionAsOf(positionId, date, h);
  if (!p) throw notFound('UNKNOWN_POSITION', { positionId, date });
  return p;
}

/** Every date on or after `from` at which some version starts: where a tree could change shape. */
function datesFrom(from: LocalDate, versions: ReadonlyMap<string, readonly { from: LocalDate }[]>): LocalDate[] {
  const ds = new Set<LocalDate>([from]);
  for (const vs of versions.values()) for (const v of vs) if (v.from > from) ds.add(v.from);
  return [...ds].sort();
}

/**
 * After a (hypothetical) change to `id`'s parent from `from` on, walk up from `id` at every date
 * the tree may change shape. Any new cycle must pass through `id`, the only thing that changed.
 */
function assertNoCycle(
  id: string,
  from: LocalDate,
  versions: ReadonlyMap<string, readonly { from: LocalDate }[]>,
  parentAt: (x: string, d: LocalDate) => string | null | undefined,
  kind: 'unit' | 'position',
): void {
  for (const d of datesFrom(from, versions)) {
    const seen = new Set<string>([id]);
    for (let p = parentAt(id, d); p !== null && p !== undefined; p = parentAt(p, d)) {
      if (seen.has(p))
        throw domainError('CYCLE_IN_TREE', { kind, id, parentId: parentAt(id, d), date: d }, `the ${kind} would become its own ancestor`);
      seen.add(p);
    }
  }
}

/** An atasan position is exercised by one person; a shared post (seats > 1) cannot supervise. */
function requireSupervisingPosition(h: OrgHistory, parentPositionId: string, date: LocalDate): void {
  const parent = requirePosition(h, parentPositionId, date);
  if (parent.seats !== 1)
    throw domainError(
      'SUPERVISOR_POSITION_SHARED',
      { parentPositionId, seats: parent.seats },
      'an atasan position must have exactly one seat',
    );
}

function createOrgUnit(cmd: CreateOrgUnit, h: OrgHistory): OrganisationEvent[] {
  requireText(cmd.unitId, 'unitId');
  requireText(cmd.name, 'name');
  assertLocalDate(cmd.effectiveDate, 'effectiveDate');
  if (h.units.has(cmd.unitId)) throw conflict('ORG_UNIT_EXISTS', 'an org unit with this id exists', { unitId: cmd.unitId });
  const isOpd = cmd.parentUnitId === null;
  // The budget code is what makes a root an OPD: the SKPD that a TPP run is paid from.
  if (isOpd && !cmd.budgetCode)
    throw badInput('BUDGET_CODE_REQUIRED', 'an OPD (a unit with no parent) needs its budget code', { unitId: cmd.unitId });
  if (!isOpd && cmd.budgetCode)
    throw badInput('BUDGET_CODE_ONLY_FOR_OPD', 'only an OPD (a unit with no parent) owns a budget', { unitId: cmd.unitId });
  if (cmd.parentUnitId !== null) requireUnit(h, cmd.parentUnitId, cmd.effectiveDate);
  return [
    {
      type: 'OrgUnitCreated',
      data: {
        unitId: cmd.unitId,
        name: cmd.name.trim(),
        parentUnitId: cmd.parentUnitId,
        ...(cmd.budgetCode ? { budgetCode: cmd.budgetCode } : {}),
        effectiveDate: cmd.effectiveDate,
        at: cmd.now,
        ...(cmd.reason ? { reason: cmd.reason } : {}),
      },
    },
  ];
}

function moveOrgUnit(cmd: MoveOrgUnit, h: OrgHistory): OrganisationEvent[] {
  assertLocalDate(cmd.effectiveDate, 'effectiveDate');
  const u = unitAsOf(cmd.unitId, cmd.effectiveDate, h);
  if (!u) throw notFound('UNKNOWN_ORG_UNIT', { unitId: cmd.unitId, date: cmd.effectiveDate });
  if (u.parentUnitId === null) throw domainError('OPD_CANNOT_MOVE', { unitId: cmd.unitId }, 'an OPD is a root of the tree and stays one');
  requireUnit(h, cmd.parentUnitId, cmd.effectiveDate);
  if (u.parentUnitId === cmd.parentUnitId) return [];
  const event: OrganisationEvent = {
    type: 'OrgUnitMoved',
    data: {
      unitId: cmd.unitId,
      parentUnitId: cmd.parentUnitId,
      effectiveDate: cmd.effectiveDate,
      at: cmd.now,
      ...(cmd.reason ? { reason: cmd.reason } : {}),
    },
  };
  const next = evolveOrganisation(h, event);
  assertNoCycle(cmd.unitId, cmd.effectiveDate, next.units, (x, d) => unitAsOf(x, d, next)?.parentUnitId, 'unit');
  return [event];
}

function gradeAndSeats(grade: unknown, seats: unknown): void {
  if (!Number.isInteger(grade) || (grade as number) < 1 || (grade as number) > MAX_GRADE)
    throw badInput('INVALID_POSITION_GRADE', `kelas jabatan must be a whole number 1..${MAX_GRADE}`, { field: 'grade', value: grade });
  if (!Number.isInteger(seats) || (seats as number) < 1)
    throw badInput('INVALID_SEATS', 'seats must be a whole number of at least 1', { field: 'seats', value: seats });
}

function createPosition(cmd: CreatePosition, h: OrgHistory): OrganisationEvent[] {
  requireText(cmd.positionId, 'positionId');
  requireText(cmd.name, 'name');
  assertLocalDate(cmd.effectiveDate, 'effectiveDate');
  const seats = cmd.seats ?? 1;
  gradeAndSeats(cmd.grade, seats);
  if (h.positions.has(cmd.positionId)) throw conflict('POSITION_EXISTS', 'a position with this id exists', { positionId: cmd.positionId });
  requireUnit(h, cmd.unitId, cmd.effectiveDate);
  if (cmd.parentPositionId !== null) requireSupervisingPosition(h, cmd.parentPositionId, cmd.effectiveDate);
  return [
    {
      type: 'PositionCreated',
      data: {
        positionId: cmd.positionId,
        unitId: cmd.unitId,
        name: cmd.name.trim(),
        grade: cmd.grade,
        parentPositionId: cmd.parentPositionId,
        seats,
        effectiveDate: cmd.effectiveDate,
        at: cmd.now,
        ...(cmd.reason ? { reason: cmd.reason } : {}),
      },
    },
  ];
}

function movePosition(cmd: MovePosition, h: OrgHistory): OrganisationEvent[] {
  assertLocalDate(cmd.effectiveDate, 'effectiveDate');
  const p = requirePosition(h, cmd.positionId, cmd.effectiveDate);
  requireUnit(h, cmd.unitId, cmd.effectiveDate);
  if (cmd.parentPositionId !== null) requireSupervisingPosition(h, cmd.parentPositionId, cmd.effectiveDate);
  if (p.unitId === cmd.unitId && p.parentPositionId === cmd.parentPositionId) return [];
  const event: OrganisationEvent = {
    type: 'PositionMoved',
    data: {
      positionId: cmd.positionId,
      unitId: cmd.unitId,
      parentPositionId: cmd.parentPositionId,
      effectiveDate: cmd.effectiveDate,
      at: cmd.now,
      ...(cmd.reason ? { reason: cmd.reason } : {}),
    },
  };
  const next = evolveOrganisation(h, event);
  assertNoCycle(cmd.positionId, cmd.effectiveDate, next.positions, (x, d) => positionAsOf(x, d, next)?.parentPositionId, 'position');
  return [event];
}

/** The end of an open-ended period, as the rules have always compared it (the last date is never held). */
const OPEN_END = '9999-12-31';

const overlaps = (a: Pick<Assignment, 'validFrom' | 'validUntil'>, b: Pick<Assignment, 'validFrom' | 'validUntil'>) =>
  a.validFrom < (b.validUntil ?? OPEN_END) && b.validFrom < (a.validUntil ?? OPEN_END);

function assertDates(validFrom: LocalDate, validUntil: LocalDate | undefined): void {
  if (validUntil !== undefined && validUntil <= validFrom)
    throw domainError(
      'ASSIGNMENT_DATES_INVALID',
      { validFrom, validUntil },
      'an assignment must end after it starts (validUntil is the first day no longer held)',
    );
}

/**
 * The position's occupancy entry as the fold keeps it, or, for a history not folded from events
 * (assembled from the read model's rows: its entry does not count every id of the position's
 * list), one built from the list, O(k log k), left out of the history (deciding changes nothing).
 */
function occupancyOf(h: OrgHistory, positionId: string): PositionOccupancy {
  const ids = h.assignmentsByPosition.get(positionId) ?? [];
  const kept = h.occupancy.get(positionId);
  if ((kept?.assignments ?? 0) === ids.length) return kept ?? emptyOccupancy();
  return occupancyFrom(assignmentsOf(ids, h));
}

/**
 * The first day of the new period on which the position is over its seats, and who holds it then:
 * the error's details exactly as a check of every day against every holder would name them (its own
 * start first, then the others' starts in the order they were placed). Only on a refusal: O(k log k).
 */
function overSeats(a: Assignment, h: OrgHistory, changes: ChangeNode | null, seats: number): { date: LocalDate; holders: string[] } {
  const until = a.validUntil ?? OPEN_END;
  const definitive = assignmentsOf(h.assignmentsByPosition.get(a.positionId), h).filter(
    (b) => !b.acting && b.assignmentId !== a.assignmentId && overlaps(a, b),
  );
  const starts = [a.validFrom, ...definitive.map((b) => b.validFrom).filter((d) => d > a.validFrom && d < until)];
  const date = starts.find((d) => holdersOn(changes, d) + 1 > seats);
  // The busiest day of a period starts at its own start or at another's, so a full period has one.
  if (date === undefined) throw new Error(`the occupancy of ${a.positionId} is out of step with its assignments`);
  return { date, holders: definitive.filter((b) => covers(b, date)).map((b) => b.nip) };
}

/**
 * The occupancy rules, checked for an assignment with its (new) dates against all the others:
 * no more definitive holders than seats on any day, one Plt at a time, one definitive position per person.
 *
 * The seat check asks the position's tree of change points (./occupancy.ts) for the most definitive
 * holders on any day of the period, O(log k) for k assignments of the position: it used to count the
 * holders of every other start within the period, O(k²) per placement, which an import of thousands
 * on one shared position could not get through. An assignment whose end moves (`EndAssignment`) is
 * counted out of the tree first (a new tree; the history's is left as it was).
 */
function assertAssignable(a: Assignment, h: OrgHistory): void {
  const pos = requirePosition(h, a.positionId, a.validFrom);
  const occupancy = occupancyOf(h, a.positionId);
  const self = h.assignments.get(a.assignmentId);
  if (a.acting) {
    const clash = occupancy.acting
      .filter((id) => id !== a.assignmentId)
      .map((id) => h.assignments.get(id)!)
      .find((b) => overlaps(a, b));
    if (clash)
      throw domainError(
        'ACTING_OVERLAP',
        { positionId: a.positionId, assignmentId: clash.assignmentId, nip: clash.nip },
        'another Plt holds this position in that period',
      );
  } else {
    const changes = self && !self.acting ? withPeriod(occupancy.changes, self, -1) : occupancy.changes;
    const until = a.validUntil ?? OPEN_END;
    if (a.validFrom < until && mostHolders(changes, a.validFrom, until) + 1 > pos.seats) {
      const { date, holders } = overSeats(a, h, changes, pos.seats);
      throw domainError(
        'POSITION_OCCUPIED',
        { positionId: a.positionId, date, seats: pos.seats, holders },
        'the position already has its definitive holder(s) on that date',
      );
    }
  }
  const others = (id: string) => id !== a.assignmentId;
  const mine = assignmentsOf(h.assignmentsByNip.get(a.nip)?.filter(others), h).filter((b) => overlaps(a, b));
  const clash = mine.find((b) => b.positionId === a.positionId || (!a.acting && !b.acting));
  if (clash)
    throw domainError(
      'HOLDER_ALREADY_PLACED',
      { nip: a.nip, assignmentId: clash.assignmentId, positionId: clash.positionId },
      'the person already holds a definitive position (or this one) in that period',
    );
}

function assignHolder(cmd: AssignHolder, h: OrgHistory): OrganisationEvent[] {
  requireText(cmd.assignmentId, 'assignmentId');
  const p = nipProblem(cmd.nip);
  if (p) throw new KinerjaError('INVALID_NIP', p.message, 'BAD_INPUT', { reason: p.reason, nip: cmd.nip });
  assertLocalDate(cmd.validFrom, 'validFrom');
  if (cmd.validUntil !== undefined) assertLocalDate(cmd.validUntil, 'validUntil');
  if (typeof cmd.acting !== 'boolean') throw badInput('MISSING_FIELD', 'acting is required', { field: 'acting' });
  if (h.assignments.has(cmd.assignmentId))
    throw conflict('ASSIGNMENT_EXISTS', 'an assignment with this id exists', { assignmentId: cmd.assignmentId });
  assertDates(cmd.validFrom, cmd.validUntil);
  const data: HolderAssigned['data'] = {
    assignmentId: cmd.assignmentId,
    positionId: cmd.positionId,
    nip: cmd.nip,
    acting: cmd.acting,
    validFrom: cmd.validFrom,
    ...(cmd.validUntil ? { validUntil: cmd.validUntil } : {}),
    at: cmd.now,
    ...(cmd.reason ? { reason: cmd.reason } : {}),
  };
  const { at: _at, reason: _r, ...a } = data;
  assertAssignable(a, h);
  return [{ type: 'HolderAssigned', data }];
}

function endAssignment(cmd: EndAssignment, h: OrgHistory): OrganisationEvent[] {
  const a = h.assignments.get(cmd.assignmentId);
  if (!a) throw new KinerjaError('UNKNOWN_ASSIGNMENT', 'no such assignment', 'NOT_FOUND', { assignmentId: cmd.assignmentId });
  assertLocalDate(cmd.validUntil, 'validUntil');
  assertDates(a.validFrom, cmd.validUntil);
  if (a.validUntil === cmd.validUntil) return [];
  // Moving an end later may run into someone placed after it.
  if (a.validUntil !== undefined && cmd.validUntil > a.validUntil) assertAssignable({ ...a, validUntil: cmd.validUntil }, h);
  return [
    {
      type: 'AssignmentEnded',
      data: { assignmentId: a.assignmentId, validUntil: cmd.validUntil, at: cmd.now, ...(cmd.reason ? { reason: cmd.reason } : {}) },
    },
  ];
}

export function decideOrganisation(cmd: OrganisationCommand, h: OrganisationState): OrganisationEvent[] {
  switch (cmd.type) {
    case 'CreateOrgUnit':
      return createOrgUnit(cmd, h);
    case 'MoveOrgUnit':
      return moveOrgUnit(cmd, h);
    case 'CreatePosition':
      return createPosition(cmd, h);
    case 'MovePosition':
      return movePosition(cmd, h);
    case 'AssignHolder':
      return assignHolder(cmd, h);
    case 'EndAssignment':
      return endAssignment(cmd, h);
  }
}

/**
 * `load` folds a whole stream in linear time (the pure evolve copies maps per event). The stream
 * of a Pemda grows by tens of thousands of events over the years: it is snapshotted, and a snapshot
 * is folded on in place (`applyOrganisationEvent`). Bump the snapshot version when the history's
 * shape or meaning changes (libs/application/src/snapshot-versions.spec.ts pins the fold of a generated stream).
 */
export const organisationDecider: Decider<OrganisationCommand, OrganisationEvent, OrganisationState> & {
  load(events: readonly OrganisationEvent[]): OrganisationState;
} = {
  decide: decideOrganisation,
  evolve: evolveOrganisation,
  initialState: emptyOrgHistory,
  load: orgHistoryOf,
  snapshot: { version: 'organisation-2', apply: applyOrganisationEvent },
};
