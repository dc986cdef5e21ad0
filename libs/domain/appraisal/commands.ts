import type { Actor, Instant, Nip } from '@kinerja/kernel';
import type { AppraisalPolicy, OrganisationResult, Predikat, Rating } from '@kinerja/policies';
import type { LocalDate } from '../shared';
import type { BehaviourValue, PositionHolder } from './events';
import type { PredikatCounts } from './distribution';
import type { Period } from './period';

interface Base {
  nip: Nip;
  period: Period;
  by: Actor;
  now: Instant;
}

/**
 * What the rater sends, parsed at the edge (every rating a known one). The reasons stay optional
 * here: whether one is required follows from the ratings, a rule the decider applies.
 */
export interface RatingInput {
  results: Rating;
  behaviour: Rating;
  reasons?: { results?: string; behaviour?: string };
  behaviourValues?: Partial<Record<BehaviourValue, Rating>>;
  resultRatings?: Array<{ resultId: string; rating: Rating }>;
}

/** The facts of a rating looked up from the org history, the plan and the policy; carried in the command so the decider stays pure. */
export interface RatingFacts {
  /** The OPD of the employee on the period's last day. */
  opdId: string | null;
  /** The supervisor on the period's last day (pejabat penilai kinerja). */
  rater: PositionHolder | null;
  /** The period's last day has come (on the Pemda's calendar). */
  periodEnded: boolean;
  /** RHK ids of the plan in force for the year. */
  knownResultIds: string[];
  policy: AppraisalPolicy;
  policyVersion: string;
}

/**
 * The settled predikat around this period, for the follow-up rules: the previous and the next
 * period (null when not settled yet) and, for the year's last period, the year before's predikat.
 */
export interface FollowUpFacts {
  previous: Predikat | null;
  next: Predikat | null;
  previousYear: Predikat | null;
}

export type RateAppraisal = Base & RatingInput & { type: 'RateAppraisal'; facts: RatingFacts };

export interface IssueAppraisal extends Base {
  type: 'IssueAppraisal';
  calibrationId: string;
  issuedOn: LocalDate;
  raterSupervisor: PositionHolder | null;
  policy: Pick<AppraisalPolicy, 'objectionWindowDays' | 'decisionDays'>;
  policyVersion: string;
  timeZone: string;
}

/** A file uploaded to the evidence store, by its sha256; a link, http(s) only (no javascript:, no ftp:). */
export const EVIDENCE_HASH = /^[0-9a-f]{64}$/;
export const EVIDENCE_URL = /^https?:\/\/\S+$/;
/** An evidence item as the edge parsed it: a well-formed hash or link, not yet known to be uploaded. */
export type EvidenceItem = { kind: 'FILE'; sha256: string } | { kind: 'LINK'; url: string };

export interface FileObjection extends Base {
  type: 'FileObjection';
  reasons?: string;
  evidence?: EvidenceItem[];
  /** Of the files named as evidence, those uploaded to the evidence store (looked up). */
  uploadedFiles: string[];
}

export interface DecideObjection extends Base {
  type: 'DecideObjection';
  outcome: 'CONFIRM' | 'AMEND';
  reasons?: string;
  results?: Rating;
  behaviour?: Rating;
  /** AMEND may re-rate the detail too; what it leaves out stays as the rater gave it. */
  behaviourValues?: RatingInput['behaviourValues'];
  resultRatings?: RatingInput['resultRatings'];
  /** RHK ids of the plan in force for the year (looked up), for `resultRatings`. */
  knownResultIds: string[];
  /** The matrix of the policy the appraisal was rated under. */
  matrix: AppraisalPolicy['matrix'];
  followUp: FollowUpFacts;
}

/** The objection window's timer: final when it ended without an objection. */
export interface CloseObjectionWindow extends Base {
  type: 'CloseObjectionWindow';
  followUp: FollowUpFacts;
}

/** The decision deadline's timer: escalated to BKPSDM, never decided by default. */
export interface EscalateObjection extends Base {
  type: 'EscalateObjection';
}

export type AppraisalCommand = RateAppraisal | IssueAppraisal | FileObjection | DecideObjection | CloseObjectionWindow | EscalateObjection;

// ---------- the unit's issue ----------

interface UnitBase {
  opdId: string;
  period: Period;
  by: Actor;
  now: Instant;
}

export interface SetOrganisationResult extends UnitBase {
  type: 'SetOrganisationResult';
  result: OrganisationResult;
  reason: string;
}

export interface JustifyDistribution extends UnitBase {
  type: 'JustifyDistribution';
  justification: string;
  /** The unit's current draft predikat counts (looked up). */
  counts: PredikatCounts;
  policy: Pick<AppraisalPolicy, 'curve' | 'minUnitSize'>;
}

export interface IssueUnitAppraisals extends UnitBase {
  type: 'IssueUnitAppraisals';
  /** The unit's rated appraisals not yet issued. */
  drafts: Array<{ nip: Nip; predikat: Predikat }>;
  /** Employees of the unit with a rater who are not rated yet. */
  unrated: Nip[];
  issuedOn: LocalDate;
  policy: Pick<AppraisalPolicy, 'curve' | 'minUnitSize'>;
  policyVersion: string;
}

export type CalibrationCommand = SetOrganisationResult | JustifyDistribution | IssueUnitAppraisals;

// ---------- training ----------

export interface RecordTraining {
  type: 'RecordTraining';
  nip: Nip;
  course: string;
  /** Whole hours (JP), 1 to 1000: checked at the edge. */
  hours: number;
  completedOn: LocalDate;
  recommendationId?: string;
  /** The employee's training recommendations (looked up from their appraisals). */
  recommendations: string[];
  today: LocalDate;
  by: Actor;
  now: Instant;
}

export type TrainingCommand = RecordTraining;

export type { BehaviourValue, OrganisationResult, Rating };
