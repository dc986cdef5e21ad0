import type { Actor, Instant } from '@kinerja/kernel';
import type { LocalDate } from '../shared';
import type { Assignment } from './assignment';

interface Base {
  by: Actor;
  now: Instant;
  /** Decree (SK) number or other reason, kept on the event. */
  reason?: string;
}

/** An OPD is a unit with no parent and a budget code (the SKPD that owns an APBD allocation). */
export interface CreateOrgUnit extends Base {
  type: 'CreateOrgUnit';
  unitId: string;
  name: string;
  parentUnitId: string | null;
  /** Required for an OPD (root unit), refused on any other unit. */
  budgetCode?: string;
  effectiveDate: LocalDate;
}

/** Re-parents a unit inside the tree (a restructuring, SOTK). An OPD stays a root. */
export interface MoveOrgUnit extends Base {
  type: 'MoveOrgUnit';
  unitId: string;
  parentUnitId: string;
  effectiveDate: LocalDate;
}

export interface CreatePosition extends Base {
  type: 'CreatePosition';
  positionId: string;
  unitId: string;
  name: string;
  /** Kelas jabatan 1..17. */
  grade: number;
  /** The atasan's position; null at the top (e.g. the Sekda, whose rater is outside the Pemda's staff). */
  parentPositionId: string | null;
  /** How many may hold it definitively at once (formasi): 1 for a leadership position, more for staff. */
  seats?: number;
  effectiveDate: LocalDate;
}

/** Moves a position to another unit and/or under another atasan position. */
export interface MovePosition extends Base {
  type: 'MovePosition';
  positionId: string;
  unitId: string;
  parentPositionId: string | null;
  effectiveDate: LocalDate;
}

/** Places a person in a position: definitively, or as Plt (`acting`) while the holder is absent or the post vacant. */
export interface AssignHolder extends Base, Assignment {
  type: 'AssignHolder';
}

/** Ends (or re-dates the end of) an assignment: `validUntil` is the first day no longer held. */
export interface EndAssignment extends Base {
  type: 'EndAssignment';
  assignmentId: string;
  validUntil: LocalDate;
}

export type OrganisationCommand = CreateOrgUnit | MoveOrgUnit | CreatePosition | MovePosition | AssignHolder | EndAssignment;
