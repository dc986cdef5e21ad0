import type { Actor, Instant, Nip } from '@kinerja/kernel';

/** An indicator (IKI) of a planned result, with its targets. */
export interface Indicator {
  indicatorId: string;
  text: string;
  /** Quantity target and its unit of measure (dokumen, kegiatan, orang...). */
  quantity: number;
  unit: string;
  /** Quality target, in percent. */
  quality: number;
  /** Time target, in months within the year. */
  timeMonths: number;
}

/** A planned result (RHK). `parentResultId` names the supervisor's RHK it supports. */
export interface PlannedResult {
  resultId: string;
  text: string;
  parentResultId?: string;
  indicators: Indicator[];
}

/**
 * The line of the plan, looked up by the service from the org history and the supervisor's plan
 * on the day of the command: pure data, so the decision replays byte for byte.
 */
export interface PlanLine {
  /** The supervisor (rater) on the day; null at the top of an OPD. */
  supervisorNip: Nip | null;
  /** RHK ids the supervisor's plan offers (latest version and the version in force). */
  parentResultIds: string[];
  /** Whether the supervisor has an approved plan for the year. */
  parentPlanApproved: boolean;
}

interface Base {
  nip: Nip;
  year: number;
  by: Actor;
  now: Instant;
}

export interface DraftWorkPlan extends Base {
  type: 'DraftWorkPlan';
  results: PlannedResult[];
  line: PlanLine;
}

export interface SubmitWorkPlan extends Base {
  type: 'SubmitWorkPlan';
  line: PlanLine;
}

export interface ApproveWorkPlan extends Base {
  type: 'ApproveWorkPlan';
  line: PlanLine;
}

export interface ReturnWorkPlan extends Base {
  type: 'ReturnWorkPlan';
  notes: string;
}

/** A mid-year change: a new version (a draft) with a reason; the approved one stays in force until the new one is approved. */
export interface ReviseWorkPlan extends Base {
  type: 'ReviseWorkPlan';
  reason: string;
  results: PlannedResult[];
  line: PlanLine;
}

/**
 * The supervisor hands one RHK (with its indicators and this person's targets) to a subordinate:
 * it is added to (or replaces the RHK of the same id in) the subordinate's open draft.
 */
export interface AssignResult extends Base {
  type: 'AssignResult';
  result: PlannedResult;
  line: PlanLine;
}

export type WorkPlanCommand = DraftWorkPlan | SubmitWorkPlan | ApproveWorkPlan | ReturnWorkPlan | ReviseWorkPlan | AssignResult;
