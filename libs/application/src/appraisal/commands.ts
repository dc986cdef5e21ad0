import type { ReadContext } from '../audit/reads';
import { Command, Query } from '@nestjs/cqrs';
import type { Actor, Nip } from '@kinerja/kernel';
import type {
  AppraisalEvent,
  CalibrationEvent,
  DecideObjection,
  FileObjection,
  IssueAppraisal,
  Period,
  RatingInput,
  RecordTraining as TrainingInput,
  RecordYearPredikat as YearPredikatInput,
  SetOrganisationResult,
  TrainingEvent,
  unitDistribution,
  YearPredikatRecorded,
} from '@kinerja/domain/appraisal';
import type { OpdId } from '@kinerja/domain/shared';
import type { AppraisalPolicy } from '@kinerja/policies';
import type { CommandContext, CommandResult } from '../command-handler';
import type { RequestContext } from '../people/service';
import type {
  AppraisalLedgerRow,
  competenceHours,
  escalatedObjections,
  openTrainingRecommendations,
  promotionEligibility,
  promotionEligibilityList,
  rewardList,
  sanctionCases,
  trainingRecommendationsOf,
  unitCalibration,
  yearPredikatHistory,
} from '@kinerja/projections';

// The appraisal area's commands and queries (stage 3 and 4), as the edges send them: input already
// parsed into its types, the actor and (for a command) the request context. The handler adds "now"
// from the Clock, so no edge reads a clock.

/** What the head of the OPD is told of the unit's issue. */
export interface UnitIssueAnswer {
  streamId: string;
  version: number;
  opdId: string;
  period: Period;
  issuedOn: string;
  issued: number;
  withinCurve: boolean;
  justification: string | null;
}
type Page = { limit: number; offset: number };
type Read<F extends (...a: never[]) => Promise<unknown>> = Awaited<ReturnType<F>>;

/** The supervisor on the period's last day rates results and behaviour; `predikat` is what the matrix made of it. */
export class RateEmployee extends Command<CommandResult<AppraisalEvent> & { predikat: string | null }> {
  constructor(
    readonly nip: Nip,
    readonly period: Period,
    readonly rating: RatingInput,
    readonly actor: Actor,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}

/** The employee objects to their issued appraisal. */
export class FileAppraisalObjection extends Command<CommandResult<AppraisalEvent>> {
  constructor(
    readonly nip: Nip,
    readonly period: Period,
    readonly objection: Pick<FileObjection, 'reasons' | 'evidence'>,
    readonly actor: Actor,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}

/** The atasan pejabat penilai recorded at the issue confirms or amends. */
export class DecideAppraisalObjection extends Command<CommandResult<AppraisalEvent>> {
  constructor(
    readonly nip: Nip,
    readonly period: Period,
    readonly decision: Pick<DecideObjection, 'outcome' | 'reasons' | 'results' | 'behaviour' | 'behaviourValues' | 'resultRatings'>,
    readonly actor: Actor,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}

/** BKPSDM records the OPD's organisational result, which picks the curve. */
export class RecordOrganisationResult extends Command<CommandResult<CalibrationEvent>> {
  constructor(
    readonly opdId: OpdId,
    readonly period: Period,
    readonly result: Pick<SetOrganisationResult, 'result' | 'reason'>,
    readonly actor: Actor,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}

/** The head of the OPD justifies a distribution off the curve. */
export class JustifyDistribution extends Command<CommandResult<CalibrationEvent>> {
  constructor(
    readonly opdId: OpdId,
    readonly period: Period,
    readonly justification: string,
    readonly actor: Actor,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}

/** The head of the OPD issues its appraisals; the issue fan-out issues each employee's. */
export class IssueUnitAppraisals extends Command<UnitIssueAnswer> {
  constructor(
    readonly opdId: OpdId,
    readonly period: Period,
    readonly actor: Actor,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}

/**
 * The issue fan-out's command for one employee: the IssueAppraisal the reaction made of the unit's
 * issue, appended under the issue's deterministic key (so a retry after a crash completes the rest
 * and appends nothing twice), as the head who issued the unit.
 */
export class IssueEmployeeAppraisal extends Command<CommandResult<AppraisalEvent>> {
  constructor(
    readonly command: IssueAppraisal,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

/** A completed training, which may close a recommendation. */
export class RecordTraining extends Command<CommandResult<TrainingEvent>> {
  constructor(
    readonly nip: Nip,
    readonly training: Pick<TrainingInput, 'course' | 'hours' | 'completedOn' | 'recommendationId'>,
    readonly actor: Actor,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}

/** The predikat of a year appraised before kinerja. */
export class RecordYearPredikat extends Command<CommandResult<YearPredikatRecorded>> {
  constructor(
    readonly nip: Nip,
    readonly record: Pick<YearPredikatInput, 'year' | 'predikat' | 'source' | 'reason'>,
    readonly actor: Actor,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}

/** An OPD's predikat distribution beside its curve. */
export class GetDistribution extends Query<ReturnType<typeof unitDistribution>> {
  constructor(
    readonly opdId: OpdId,
    readonly period: Period,
    readonly actor: Actor,
  ) {
    super();
  }
}

/** The appraisal rules of the policy in force for a period: the predikat matrix and the deadlines. */
export class GetAppraisalRules extends Query<{
  period: Period;
  policyVersion: string;
  periodLength: AppraisalPolicy['period'];
  matrix: AppraisalPolicy['matrix'];
  objectionWindowDays: number;
  decisionDays: number;
}> {
  constructor(
    readonly period: Period,
    readonly actor: Actor,
  ) {
    super();
  }
}

/** The signed-in supervisor's direct reports on a period's last day, each with their appraisal of it (null: not rated). */
export class GetTeamAppraisals extends Query<{
  period: Period;
  lastDay: string;
  periodEnded: boolean;
  team: Array<{ nip: Nip; name: string | null; appraisal: AppraisalLedgerRow | null }>;
}> {
  constructor(
    readonly period: Period,
    readonly actor: Actor,
  ) {
    super();
  }
}

/** An employee's appraisal ledger, optionally one year. */
export class GetAppraisalLedger extends Query<{ nip: Nip; appraisals: AppraisalLedgerRow[] } & Page> {
  constructor(
    readonly nip: Nip,
    readonly year: number | undefined,
    readonly page: Page,
    readonly actor: Actor,
    readonly read?: ReadContext,
    /** As of this moment (ISO timestamp, checked by the handler): the streams folded up to it, not the read model. */
    readonly asOf?: string,
  ) {
    super();
  }
}

/** One appraisal as the ledger holds it (or as of a moment: its stream folded up to it). */
export class GetAppraisal extends Query<AppraisalLedgerRow> {
  constructor(
    readonly nip: Nip,
    readonly period: Period,
    readonly actor: Actor,
    readonly read?: ReadContext,
    readonly asOf?: string,
  ) {
    super();
  }
}

/** An OPD's appraisals for a period and its calibration. */
export class GetUnitAppraisals extends Query<
  { opdId: OpdId; period: Period; calibration: Read<typeof unitCalibration>; appraisals: AppraisalLedgerRow[] } & Page
> {
  constructor(
    readonly opdId: OpdId,
    readonly period: Period,
    readonly page: Page,
    readonly actor: Actor,
  ) {
    super();
  }
}

/** An employee's follow-up; `year` (this year when absent) for the competence development hours. */
export class GetEmployeeFollowUp extends Query<{
  nip: Nip;
  trainingRecommendations: Read<typeof trainingRecommendationsOf>;
  competenceDevelopment: Read<typeof competenceHours>;
  promotionEligibility: Read<typeof promotionEligibility>;
  yearPredikatBeforeKinerja: Read<typeof yearPredikatHistory>;
}> {
  constructor(
    readonly nip: Nip,
    readonly year: number | undefined,
    readonly actor: Actor,
  ) {
    super();
  }
}

/** One of BKPSDM's follow-up lists. */
export class GetFollowUpList extends Query<
  Page &
    (
      | { rewards: Read<typeof rewardList> }
      | { cases: Read<typeof sanctionCases> }
      | { recommendations: Read<typeof openTrainingRecommendations> }
      | { objections: Read<typeof escalatedObjections> }
      | { eligibility: Read<typeof promotionEligibilityList> }
    )
> {
  constructor(
    readonly list: 'rewards' | 'sanction-cases' | 'training-recommendations' | 'escalated-objections' | 'promotion-eligibility',
    readonly page: Page,
    readonly actor: Actor,
    readonly period?: Period,
    /** promotion-eligibility: only the determinations of this year. */
    readonly year?: number,
  ) {
    super();
  }
}

/** A timer's command: the objection window has ended, the appraisal is final (idempotent per appraisal). */
export class FinaliseAppraisal extends Command<CommandResult<AppraisalEvent>> {
  constructor(
    readonly nip: Nip,
    readonly period: Period,
  ) {
    super();
  }
}

/** A timer's command: the objection's decision is overdue, it goes to BKPSDM, never decided by default (idempotent). */
export class EscalateOverdueObjection extends Command<CommandResult<AppraisalEvent>> {
  constructor(
    readonly nip: Nip,
    readonly period: Period,
  ) {
    super();
  }
}
