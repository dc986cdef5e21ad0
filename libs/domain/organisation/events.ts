import type { DomainEvent, Instant } from '@kinerja/kernel';
import { isStreamOfType, type LocalDate } from '../shared';
import type { Assignment } from './assignment';

interface Base {
  at: Instant;
  reason?: string;
}

export type OrgUnitCreated = DomainEvent<
  'OrgUnitCreated',
  Base & { unitId: string; name: string; parentUnitId: string | null; budgetCode?: string; effectiveDate: LocalDate }
>;
export type OrgUnitMoved = DomainEvent<'OrgUnitMoved', Base & { unitId: string; parentUnitId: string; effectiveDate: LocalDate }>;
export type PositionCreated = DomainEvent<
  'PositionCreated',
  Base & {
    positionId: string;
    unitId: string;
    name: string;
    grade: number;
    parentPositionId: string | null;
    seats: number;
    effectiveDate: LocalDate;
  }
>;
export type PositionMoved = DomainEvent<
  'PositionMoved',
  Base & { positionId: string; unitId: string; parentPositionId: string | null; effectiveDate: LocalDate }
>;
export type HolderAssigned = DomainEvent<'HolderAssigned', Base & Assignment>;
export type AssignmentEnded = DomainEvent<'AssignmentEnded', Base & { assignmentId: string; validUntil: LocalDate }>;

export type OrganisationEvent = OrgUnitCreated | OrgUnitMoved | PositionCreated | PositionMoved | HolderAssigned | AssignmentEnded;

/**
 * One stream for the Pemda's whole organisation: cycles in the tree and double occupancy are
 * rules across units and positions, and every query ("who was the supervisor then") reads the
 * whole history anyway. A Pemda has a few thousand positions and a few changes a day.
 */
export const ORGANISATION_STREAM_TYPE = 'Organisation';
export const ORGANISATION_STREAM_ID = `${ORGANISATION_STREAM_TYPE}-pemda`;
export const isOrganisationStream = isStreamOfType(ORGANISATION_STREAM_TYPE);
