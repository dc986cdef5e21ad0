import type { LocalDate } from '../shared';
import type { Assignment } from './assignment';
import type { OrganisationEvent } from './events';

export type { Assignment } from './assignment';

/** A unit as it stood from `from` until its next version. */
export interface UnitVersion {
  from: LocalDate;
  name: string;
  parentUnitId: string | null;
  budgetCode?: string;
}

export interface PositionVersion {
  from: LocalDate;
  unitId: string;
  name: string;
  grade: number;
  parentPositionId: string | null;
  seats: number;
}

/**
 * The organisation's whole history, folded into timelines. It is the decider's state and the
 * input of every query. Its ids come from requests, so every index is a `Map`: an id such as
 * `constructor` or `__proto__` must find nothing, not a property of `Object.prototype`.
 */
export interface OrgHistory {
  units: Map<string, UnitVersion[]>;
  positions: Map<string, PositionVersion[]>;
  assignments: Map<string, Assignment>;
  assignmentsByPosition: Map<string, string[]>;
  assignmentsByNip: Map<string, string[]>;
}

export const emptyOrgHistory = (): OrgHistory => ({
  units: new Map(),
  positions: new Map(),
  assignments: new Map(),
  assignmentsByPosition: new Map(),
  assignmentsByNip: new Map(),
});

/** Inserts a version in date order; a version with the same date replaces the older one (a correction). */
function withVersion<V extends { from: LocalDate }>(versions: V[] | undefined, v: V): V[] {
  const out = (versions ?? []).filter((x) => x.from !== v.from);
  const i = out.findIndex((x) => x.from > v.from);
  if (i < 0) out.push(v);
  else out.splice(i, 0, v);
  return out;
}

/** The version in force on `date`, or undefined before the first one. */
export function versionAt<V extends { from: LocalDate }>(versions: V[] | undefined, date: LocalDate): V | undefined {
  if (!versions) return undefined;
  let found: V | undefined;
  for (const v of versions) {
    if (v.from > date) break;
    found = v;
  }
  return found;
}

/**
 * A move is a new version from `date` that keeps everything else as it stood then (a move dated
 * before the first version starts from that first version); a move of something unknown is ignored.
 */
function moveIn<V extends { from: LocalDate }>(timelines: Map<string, V[]>, id: string, date: LocalDate, change: Partial<V>): void {
  const versions = timelines.get(id);
  const prev = versionAt(versions, date) ?? versions?.[0];
  if (prev) timelines.set(id, withVersion(versions, { ...prev, ...change, from: date }));
}

/**
 * Applies an event by replacing entries of the history's maps (never by mutating a version,
 * an assignment or an index array that another history may share).
 */
function applyInPlace(h: OrgHistory, e: OrganisationEvent): OrgHistory {
  switch (e.type) {
    case 'OrgUnitCreated': {
      const d = e.data;
      const v: UnitVersion = {
        from: d.effectiveDate,
        name: d.name,
        parentUnitId: d.parentUnitId,
        ...(d.budgetCode ? { budgetCode: d.budgetCode } : {}),
      };
      h.units.set(d.unitId, withVersion(h.units.get(d.unitId), v));
      return h;
    }
    case 'OrgUnitMoved': {
      const d = e.data;
      moveIn(h.units, d.unitId, d.effectiveDate, { parentUnitId: d.parentUnitId });
      return h;
    }
    case 'PositionCreated': {
      const d = e.data;
      const v: PositionVersion = {
        from: d.effectiveDate,
        unitId: d.unitId,
        name: d.name,
        grade: d.grade,
        parentPositionId: d.parentPositionId,
        seats: d.seats,
      };
      h.positions.set(d.positionId, withVersion(h.positions.get(d.positionId), v));
      return h;
    }
    case 'PositionMoved': {
      const d = e.data;
      moveIn(h.positions, d.positionId, d.effectiveDate, { unitId: d.unitId, parentPositionId: d.parentPositionId });
      return h;
    }
    case 'HolderAssigned': {
      const { at: _at, reason: _r, ...a } = e.data;
      h.assignments.set(a.assignmentId, a);
      h.assignmentsByPosition.set(a.positionId, [...(h.assignmentsByPosition.get(a.positionId) ?? []), a.assignmentId]);
      h.assignmentsByNip.set(a.nip, [...(h.assignmentsByNip.get(a.nip) ?? []), a.assignmentId]);
      return h;
    }
    case 'AssignmentEnded': {
      const a = h.assignments.get(e.data.assignmentId);
      if (a) h.assignments.set(a.assignmentId, { ...a, validUntil: e.data.validUntil });
      return h;
    }
  }
}

/** Pure evolve: copies only the maps the event touches, so the previous history stays valid. */
export function evolveOrganisation(h: OrgHistory, e: OrganisationEvent): OrgHistory {
  const c = { ...h };
  switch (e.type) {
    case 'OrgUnitCreated':
    case 'OrgUnitMoved':
      c.units = new Map(h.units);
      break;
    case 'PositionCreated':
    case 'PositionMoved':
      c.positions = new Map(h.positions);
      break;
    case 'HolderAssigned':
      c.assignmentsByPosition = new Map(h.assignmentsByPosition);
      c.assignmentsByNip = new Map(h.assignmentsByNip);
      c.assignments = new Map(h.assignments);
      break;
    case 'AssignmentEnded':
      c.assignments = new Map(h.assignments);
      break;
  }
  return applyInPlace(c, e);
}

/**
 * Folds a stream of organisation events into the history the queries read, in linear time
 * (`fold` with the pure evolve copies a map per event; use this to load a long stream).
 */
/**
 * Applies one event to a history the caller owns, mutating it (linear-time loading, incremental
 * readers, batch decisions). Use `evolveOrganisation` wherever an earlier history must stay valid.
 */
export function applyOrganisationEvent(h: OrgHistory, e: OrganisationEvent): OrgHistory {
  return applyInPlace(h, e);
}

export function orgHistoryOf(events: readonly OrganisationEvent[]): OrgHistory {
  const h = emptyOrgHistory();
  for (const e of events) applyInPlace(h, e);
  return h;
}
