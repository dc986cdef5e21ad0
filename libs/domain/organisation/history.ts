import type { LocalDate } from '../shared';
import type { Assignment } from './assignment';
import type { OrganisationEvent } from './events';
import { emptyOccupancy, PositionOccupancy, withAssignment, withEndMoved } from './occupancy';

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
  /** Per position, its definitive holders over time and its Plt: what the seat check reads (./occupancy.ts). */
  occupancy: Map<string, PositionOccupancy>;
}

export const emptyOrgHistory = (): OrgHistory => ({
  units: new Map(),
  positions: new Map(),
  assignments: new Map(),
  assignmentsByPosition: new Map(),
  assignmentsByNip: new Map(),
  occupancy: new Map(),
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

/** Appends to the list under `key` of a history the caller owns (no copy of the list per event). */
function pushTo(index: Map<string, string[]>, key: string, id: string): void {
  const list = index.get(key);
  if (list) list.push(id);
  else index.set(key, [id]);
}

/**
 * Applies an event to a history the caller owns. The id lists of `assignmentsByPosition` and
 * `assignmentsByNip` are appended in place: copying a position's list on every placement made a
 * fold of k placements on one position O(k²). Everything else (a version list, an assignment, an
 * occupancy entry) is replaced by a new value, never changed, so the pure evolve below only has to
 * copy the maps and the two lists an event touches to leave the previous history as it was.
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
      pushTo(h.assignmentsByPosition, a.positionId, a.assignmentId);
      pushTo(h.assignmentsByNip, a.nip, a.assignmentId);
      h.occupancy.set(a.positionId, withAssignment(h.occupancy.get(a.positionId) ?? emptyOccupancy(), a));
      return h;
    }
    case 'AssignmentEnded': {
      const a = h.assignments.get(e.data.assignmentId);
      if (!a) return h;
      const ended = { ...a, validUntil: e.data.validUntil };
      h.assignments.set(a.assignmentId, ended);
      // A history assembled from rows (the org projection's) has no entry to keep in step.
      const o = h.occupancy.get(a.positionId);
      if (o) h.occupancy.set(a.positionId, withEndMoved(o, a, ended));
      return h;
    }
  }
}

/** A copy of the index whose list under `key` is a copy too (the in-place apply appends to it). */
function withOwnList(index: Map<string, string[]>, key: string): Map<string, string[]> {
  const copy = new Map(index);
  const list = index.get(key);
  if (list) copy.set(key, [...list]);
  return copy;
}

/**
 * Pure evolve: copies the maps the event touches (and the id lists it appends to), then applies it
 * in place, so the previous history stays valid. Each copy is as long as its map: for the what-if
 * checks of a move and for small folds. A long stream is folded in place (`applyOrganisationEvent`,
 * the snapshot's `apply`), where a placement costs O(log k) on a position of k assignments.
 */
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
      c.assignmentsByPosition = withOwnList(h.assignmentsByPosition, e.data.positionId);
      c.assignmentsByNip = withOwnList(h.assignmentsByNip, e.data.nip);
      c.assignments = new Map(h.assignments);
      c.occupancy = new Map(h.occupancy);
      break;
    case 'AssignmentEnded':
      c.assignments = new Map(h.assignments);
      c.occupancy = new Map(h.occupancy);
      break;
  }
  return applyInPlace(c, e);
}

/**
 * Applies one event to a history the caller owns, mutating it (linear-time loading, incremental
 * readers, batch decisions). Owning means no other history shares its parts: one made from it by
 * `evolveOrganisation` (or it from another) shares the lists the event did not touch. Use
 * `evolveOrganisation` wherever an earlier history must stay valid.
 */
export function applyOrganisationEvent(h: OrgHistory, e: OrganisationEvent): OrgHistory {
  return applyInPlace(h, e);
}

/**
 * Folds a stream of organisation events into the history the queries read, in place: O(log k) per
 * placement on a position of k assignments (`fold` with the pure evolve copies maps per event).
 */
export function orgHistoryOf(events: readonly OrganisationEvent[]): OrgHistory {
  const h = emptyOrgHistory();
  for (const e of events) applyInPlace(h, e);
  return h;
}
