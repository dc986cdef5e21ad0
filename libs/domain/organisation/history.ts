import type { Nip } from '@kinerja/kernel';
import type { LocalDate } from '../shared';
import type { OrganisationEvent } from './events';

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

/** Held from `validFrom` (inclusive) until `validUntil` (exclusive; open-ended when absent). */
export interface Assignment {
  assignmentId: string;
  positionId: string;
  nip: Nip;
  acting: boolean;
  validFrom: LocalDate;
  validUntil?: LocalDate;
}

/**
 * The organisation's whole history, folded into timelines. It is the decider's state and the
 * input of every query; plain JSON, so it can be snapshotted.
 */
export interface OrgHistory {
  units: Record<string, UnitVersion[]>;
  positions: Record<string, PositionVersion[]>;
  assignments: Record<string, Assignment>;
  assignmentsByPosition: Record<string, string[]>;
  assignmentsByNip: Record<string, string[]>;
}

export const emptyOrgHistory = (): OrgHistory => ({ units: {}, positions: {}, assignments: {}, assignmentsByPosition: {}, assignmentsByNip: {} });

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
 * Applies an event by replacing entries of the history's maps (never by mutating a version,
 * an assignment or an index array that another history may share).
 */
function applyInPlace(h: OrgHistory, e: OrganisationEvent): OrgHistory {
  switch (e.type) {
    case 'OrgUnitCreated': {
      const d = e.data;
      const v: UnitVersion = { from: d.effectiveDate, name: d.name, parentUnitId: d.parentUnitId, ...(d.budgetCode ? { budgetCode: d.budgetCode } : {}) };
      h.units[d.unitId] = withVersion(h.units[d.unitId], v);
      return h;
    }
    case 'OrgUnitMoved': {
      const d = e.data;
      const prev = versionAt(h.units[d.unitId], d.effectiveDate) ?? h.units[d.unitId]?.[0];
      if (prev) h.units[d.unitId] = withVersion(h.units[d.unitId], { ...prev, from: d.effectiveDate, parentUnitId: d.parentUnitId });
      return h;
    }
    case 'PositionCreated': {
      const d = e.data;
      const v: PositionVersion = { from: d.effectiveDate, unitId: d.unitId, name: d.name, grade: d.grade, parentPositionId: d.parentPositionId, seats: d.seats };
      h.positions[d.positionId] = withVersion(h.positions[d.positionId], v);
      return h;
    }
    case 'PositionMoved': {
      const d = e.data;
      const prev = versionAt(h.positions[d.positionId], d.effectiveDate) ?? h.positions[d.positionId]?.[0];
      if (prev) h.positions[d.positionId] = withVersion(h.positions[d.positionId], { ...prev, from: d.effectiveDate, unitId: d.unitId, parentPositionId: d.parentPositionId });
      return h;
    }
    case 'HolderAssigned': {
      const { at: _at, reason: _r, ...a } = e.data;
      h.assignments[a.assignmentId] = a;
      h.assignmentsByPosition[a.positionId] = [...(h.assignmentsByPosition[a.positionId] ?? []), a.assignmentId];
      h.assignmentsByNip[a.nip] = [...(h.assignmentsByNip[a.nip] ?? []), a.assignmentId];
      return h;
    }
    case 'AssignmentEnded': {
      const a = h.assignments[e.data.assignmentId];
      if (a) h.assignments[a.assignmentId] = { ...a, validUntil: e.data.validUntil };
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
      c.units = { ...h.units };
      break;
    case 'PositionCreated':
    case 'PositionMoved':
      c.positions = { ...h.positions };
      break;
    case 'HolderAssigned':
      c.assignmentsByPosition = { ...h.assignmentsByPosition };
      c.assignmentsByNip = { ...h.assignmentsByNip };
      c.assignments = { ...h.assignments };
      break;
    case 'AssignmentEnded':
      c.assignments = { ...h.assignments };
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
