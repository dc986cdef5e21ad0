import type { DomainEvent, Instant, Nip } from '@kinerja/kernel';
import { isStreamOfType } from '../shared';
import type { PlannedResult } from './commands';

interface Base {
  nip: Nip;
  year: number;
  /** The plan version (1 for the first, +1 per mid-year revision). */
  version: number;
  at: Instant;
}

export type WorkPlanDrafted = DomainEvent<'WorkPlanDrafted', Base & { results: PlannedResult[]; supervisorNip: Nip | null }>;
export type WorkPlanSubmitted = DomainEvent<'WorkPlanSubmitted', Base & { raterNip: Nip | null }>;
export type WorkPlanApproved = DomainEvent<'WorkPlanApproved', Base & { raterNip: Nip | null }>;
export type WorkPlanReturned = DomainEvent<'WorkPlanReturned', Base & { raterNip: Nip | null; notes: string }>;
export type WorkPlanRevisionStarted = DomainEvent<
  'WorkPlanRevisionStarted',
  Base & { reason: string; results: PlannedResult[]; supervisorNip: Nip | null }
>;

export type WorkPlanEvent = WorkPlanDrafted | WorkPlanSubmitted | WorkPlanApproved | WorkPlanReturned | WorkPlanRevisionStarted;

export const WORKPLAN_EVENT_TYPES = [
  'WorkPlanDrafted',
  'WorkPlanSubmitted',
  'WorkPlanApproved',
  'WorkPlanReturned',
  'WorkPlanRevisionStarted',
] as const satisfies readonly WorkPlanEvent['type'][];

/** One stream per employee per year. */
export const WORK_PLAN_STREAM_TYPE = 'WorkPlan';
export const workPlanStreamId = (nip: Nip, year: number) => `${WORK_PLAN_STREAM_TYPE}-${nip}-${year}`;
export const isWorkPlanStream = isStreamOfType(WORK_PLAN_STREAM_TYPE);
