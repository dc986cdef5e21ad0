import type { DomainEvent, Instant, Nip } from '@kinerja/kernel';
import type { OrganisationResult, Predikat, Rating } from '@kinerja/policies';
import { isStreamOfType, type LocalDate } from '../shared';
import type { PredikatCounts, CurveCheck } from './distribution';
import type { Period } from './period';

/** The seven BerAKHLAK values the behaviour is rated on. */
export const BEHAVIOUR_VALUES = ['BERORIENTASI_PELAYANAN', 'AKUNTABEL', 'KOMPETEN', 'HARMONIS', 'LOYAL', 'ADAPTIF', 'KOLABORATIF'] as const;
export type BehaviourValue = (typeof BEHAVIOUR_VALUES)[number];

/** A person through the position they act in on the day that made them so (a Plt through the post they cover). */
export interface PositionHolder {
  nip: Nip;
  positionId: string;
}

export interface Ratings {
  results: Rating;
  behaviour: Rating;
  /** Why, for a rating other than SESUAI_EKSPEKTASI (required then). */
  reasons: { results?: string; behaviour?: string };
  /** Optional detail: the BerAKHLAK values rated one by one. */
  behaviourValues: Partial<Record<BehaviourValue, Rating>>;
  /** Optional detail: each RHK of the plan rated one by one. */
  resultRatings: Array<{ resultId: string; rating: Rating }>;
}

interface Base {
  nip: Nip;
  period: Period;
  at: Instant;
}

export type AppraisalRated = DomainEvent<
  'AppraisalRated',
  Base & Ratings & { opdId: string; rater: PositionHolder; predikat: Predikat; policyVersion: string; revision: number }
>;

export type AppraisalIssued = DomainEvent<
  'AppraisalIssued',
  Base & {
    opdId: string;
    predikat: Predikat;
    rater: PositionHolder;
    /** The atasan pejabat penilai on the issue date: the only one who decides an objection. */
    raterSupervisor: PositionHolder | null;
    issuedOn: LocalDate;
    /** The last calendar day on which an objection is accepted (issue date + window days). */
    objectionDeadline: LocalDate;
    /** The instant the window ends: midnight after the last day, in the Pemda's zone. */
    windowClosesAt: Instant;
    decisionDays: number;
    timeZone: string;
    /** The unit's issue (calibration stream) this appraisal was issued with. */
    calibrationId: string;
    policyVersion: string;
  }
>;

export interface ObjectionEvidence {
  kind: 'FILE' | 'LINK';
  sha256?: string;
  url?: string;
}

export type ObjectionFiled = DomainEvent<
  'ObjectionFiled',
  Base & {
    objectionId: string;
    reasons: string;
    evidence: ObjectionEvidence[];
    filedOn: LocalDate;
    decider: PositionHolder | null;
    decisionDue: LocalDate;
    decisionDueAt: Instant;
  }
>;

export type ObjectionDecided = DomainEvent<
  'ObjectionDecided',
  Base & {
    objectionId: string;
    outcome: 'CONFIRM' | 'AMEND';
    reasons: string;
    decidedBy: Nip;
    /** The ratings after the decision (the new ones when amended). */
    results: Rating;
    behaviour: Rating;
    /** The per-value and per-RHK detail after the decision (the follow-up names its gaps from it). */
    behaviourValues?: Ratings['behaviourValues'];
    resultRatings?: Ratings['resultRatings'];
    previousPredikat: Predikat;
    predikat: Predikat;
    decidedOn: LocalDate;
    /** Decided after the due date (the objection had been escalated). */
    late: boolean;
  }
>;

export type ObjectionEscalated = DomainEvent<
  'ObjectionEscalated',
  Base & { objectionId: string; to: 'BKPSDM'; decisionDue: LocalDate; decider: PositionHolder | null }
>;

export type AppraisalFinalised = DomainEvent<'AppraisalFinalised', Base & { predikat: Predikat; objectionDeadline: LocalDate }>;

// ---------- follow-up (stage 4): appended with the event that settles the predikat ----------

export type TrainingRecommended = DomainEvent<
  'TrainingRecommended',
  Base & { recommendationId: string; predikat: Predikat; weakestBehaviours: BehaviourValue[]; missedResults: string[]; proposal: string }
>;
export type RewardListed = DomainEvent<'RewardListed', Base & { predikat: 'SANGAT_BAIK' }>;
export type SanctionCaseFlagged = DomainEvent<'SanctionCaseFlagged', Base & { caseId: string; periods: [Period, Period]; to: 'BKPSDM' }>;
export type PromotionEligibilityDetermined = DomainEvent<
  'PromotionEligibilityDetermined',
  Base & { year: number; eligible: boolean; yearPredikat: Record<string, Predikat | null> }
>;

export type FollowUpEvent = TrainingRecommended | RewardListed | SanctionCaseFlagged | PromotionEligibilityDetermined;

export type AppraisalEvent =
  AppraisalRated | AppraisalIssued | ObjectionFiled | ObjectionDecided | ObjectionEscalated | AppraisalFinalised | FollowUpEvent;

export const APPRAISAL_EVENT_TYPES = [
  'AppraisalRated',
  'AppraisalIssued',
  'ObjectionFiled',
  'ObjectionDecided',
  'ObjectionEscalated',
  'AppraisalFinalised',
  'TrainingRecommended',
  'RewardListed',
  'SanctionCaseFlagged',
  'PromotionEligibilityDetermined',
] as const satisfies readonly AppraisalEvent['type'][];

/** One stream per employee per period. */
export const APPRAISAL_STREAM_TYPE = 'Appraisal';
export const appraisalStreamId = (nip: Nip, period: Period) => `${APPRAISAL_STREAM_TYPE}-${nip}-${period}`;
export const isAppraisalStream = isStreamOfType(APPRAISAL_STREAM_TYPE);
/** The objection of an appraisal: at most one, so its id follows from the appraisal. */
export const objectionIdOf = (nip: Nip, period: Period) => `KEB-${nip}-${period}`;

// ---------- the unit's issue: Calibration-<opdId>-<period> ----------

export type OrganisationResultSet = DomainEvent<
  'OrganisationResultSet',
  { opdId: string; period: Period; result: OrganisationResult; reason: string; at: Instant }
>;
export type DistributionJustified = DomainEvent<
  'DistributionJustified',
  {
    opdId: string;
    period: Period;
    counts: PredikatCounts;
    organisationResult: OrganisationResult;
    justification: string;
    justifiedBy: Nip | null;
    at: Instant;
  }
>;
export type UnitAppraisalsIssued = DomainEvent<
  'UnitAppraisalsIssued',
  {
    opdId: string;
    period: Period;
    nips: Nip[];
    counts: PredikatCounts;
    organisationResult: OrganisationResult;
    checks: CurveCheck[];
    exempt: boolean;
    withinCurve: boolean;
    /** Off the curve and issued on the head's written justification. */
    justification: string | null;
    issuedOn: LocalDate;
    policyVersion: string;
    at: Instant;
  }
>;

export type CalibrationEvent = OrganisationResultSet | DistributionJustified | UnitAppraisalsIssued;
export const CALIBRATION_EVENT_TYPES = [
  'OrganisationResultSet',
  'DistributionJustified',
  'UnitAppraisalsIssued',
] as const satisfies readonly CalibrationEvent['type'][];
export const CALIBRATION_STREAM_TYPE = 'Calibration';
export const calibrationStreamId = (opdId: string, period: Period) => `${CALIBRATION_STREAM_TYPE}-${opdId}-${period}`;
export const isCalibrationStream = isStreamOfType(CALIBRATION_STREAM_TYPE);

// ---------- training records: Training-<nip> ----------

export type TrainingRecorded = DomainEvent<
  'TrainingRecorded',
  {
    nip: Nip;
    trainingId: string;
    course: string;
    hours: number;
    completedOn: LocalDate;
    year: number;
    recommendationId: string | null;
    at: Instant;
  }
>;
export type TrainingEvent = TrainingRecorded;
export const TRAINING_EVENT_TYPES = ['TrainingRecorded'] as const;
export const TRAINING_STREAM_TYPE = 'Training';
export const trainingStreamId = (nip: Nip) => `${TRAINING_STREAM_TYPE}-${nip}`;
export const isTrainingStream = isStreamOfType(TRAINING_STREAM_TYPE);
