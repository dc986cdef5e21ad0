import { Command, Query } from '@nestjs/cqrs';
import type { Actor, Nip } from '@kinerja/kernel';
import type { LocalDate, Month } from '@kinerja/domain/shared';
import type { Indicator, PlannedResult, PlanVersion, WorkPlanEvent } from '@kinerja/domain/workplan';
import type { DailyReport, DailyReportEvent, FeedbackKind } from '@kinerja/domain/dailyreport';
import type { BehaviourScores, FeedbackEvent, feedbackAggregate, FeedbackRelation } from '@kinerja/domain/feedback';
import type { PublicFeedbackEvent, publicFeedbackResults, ServiceRatings } from '@kinerja/domain/publicfeedback';
import type { RealisationEvent, RecordRealisation as DomainRecordRealisation } from '@kinerja/domain/realisation';
import type { CascadeNode, RealisationRow } from '@kinerja/projections';
import type { CommandResult } from '../command-handler';
import type { RequestContext } from '../people/service';
import type { ResultTemplateRequest } from './service';
import type { UploadedEvidence } from './realisation';

// The planning and monitoring area's commands and queries, as the edges (HTTP, CLI, demo) send them:
// input already parsed into its types, the actor and (for a command) the request context. The
// handler adds "now" from the Clock and looks up the facts a decider needs (the plan's line, the
// RHK reported on, the stored files).

/** A planned result as the caller states it: ids left out are minted by the handler. */
export type StatedResult = Omit<PlannedResult, 'resultId' | 'indicators'> & {
  resultId?: string;
  indicators: Array<Omit<Indicator, 'indicatorId'> & { indicatorId?: string }>;
};

/** A command on one employee's SKP for a year. */
abstract class WorkPlanStep extends Command<CommandResult<WorkPlanEvent>> {
  constructor(
    readonly nip: Nip,
    readonly year: number,
    readonly actor: Actor,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}

/** Drafts (or edits the draft of) one's own SKP. */
export class DraftWorkPlan extends WorkPlanStep {
  constructor(
    nip: Nip,
    year: number,
    readonly results: StatedResult[],
    actor: Actor,
    ctx: RequestContext,
  ) {
    super(nip, year, actor, ctx);
  }
}

/** Submits the SKP to the rater of the day. */
export class SubmitWorkPlan extends WorkPlanStep {}

/** The rater approves a submitted SKP. */
export class ApproveWorkPlan extends WorkPlanStep {}

/** The rater returns a submitted SKP with notes. */
export class ReturnWorkPlan extends WorkPlanStep {
  constructor(
    nip: Nip,
    year: number,
    readonly notes: string,
    actor: Actor,
    ctx: RequestContext,
  ) {
    super(nip, year, actor, ctx);
  }
}

/** A mid-year change: a new version with a reason. */
export class ReviseWorkPlan extends WorkPlanStep {
  constructor(
    nip: Nip,
    year: number,
    readonly reason: string,
    readonly results: StatedResult[],
    actor: Actor,
    ctx: RequestContext,
  ) {
    super(nip, year, actor, ctx);
  }
}

/** A supervisor hands one RHK to many subordinates' drafts at once: all or nothing. */
export class AssignResultTemplate extends Command<Array<CommandResult<WorkPlanEvent> & { nip: Nip }>> {
  constructor(
    readonly assignment: Omit<ResultTemplateRequest, 'by' | 'now'>,
    readonly actor: Actor,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}

/** An SKP with every version, the latest and the one in force. */
export class GetWorkPlan extends Query<{
  nip: Nip;
  year: number;
  current: number | null;
  inForce: number | null;
  versions: PlanVersion[];
}> {
  constructor(
    readonly nip: Nip,
    readonly year: number,
    readonly actor: Actor,
  ) {
    super();
  }
}

export interface ParentResults {
  supervisor: { nip: Nip; positionId: string; acting: boolean } | null;
  supervisorPlan: { status: string | null; inForce: number | null } | null;
  results: Array<Pick<PlannedResult, 'resultId' | 'text' | 'indicators'>>;
}

/** What the employee may cascade from today: the supervisor's plan in force. */
export class GetParentResults extends Query<ParentResults & { nip: Nip; year: number; date: LocalDate }> {
  constructor(
    readonly nip: Nip,
    readonly year: number,
    readonly actor: Actor,
  ) {
    super();
  }
}

export interface UnitCascade {
  unitId: string;
  opdId: string | null;
  year: number;
  date: LocalDate;
  plans: Array<{ nip: Nip; name: string | null; version: number; status: string; inForce: number | null }>;
  tree: CascadeNode[];
}

/** The cascade of a unit's RHK for a year, from the head down (today in that year, else its last day). */
export class GetUnitCascade extends Query<UnitCascade> {
  constructor(
    readonly unitId: string,
    readonly year: number,
    readonly actor: Actor,
  ) {
    super();
  }
}

/** Files one's own daily report; without a report id one is minted (from the Idempotency-Key when given). */
export class FileDailyReport extends Command<CommandResult<DailyReportEvent> & { reportId: string }> {
  constructor(
    readonly nip: Nip,
    readonly report: {
      reportId?: string;
      date: LocalDate;
      durationMinutes: number;
      resultId: string;
      output: string;
      evidenceUrl?: string;
    },
    readonly actor: Actor,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}

/** The supervisor of the day reported on answers a daily report. */
export class AnswerDailyReport extends Command<CommandResult<DailyReportEvent>> {
  constructor(
    readonly nip: Nip,
    readonly month: Month,
    readonly reportId: string,
    readonly answer: { kind: FeedbackKind; note?: string },
    readonly actor: Actor,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}

/** The supervisor of a day lets it be reported after the window closed. */
export class UnlockReportingDay extends Command<CommandResult<DailyReportEvent>> {
  constructor(
    readonly nip: Nip,
    readonly unlock: { date: LocalDate; reason?: string },
    readonly actor: Actor,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}

export type DailyReportView = DailyReport['report'] & {
  answer: { kind: FeedbackKind; note: string | null; answeredBy: Nip | null } | null;
};

/** An employee's daily reports of a month, with the answers and the unlocked days. */
export class GetDailyReports extends Query<{ nip: Nip; month: Month; reports: DailyReportView[]; unlockedDays: LocalDate[] }> {
  constructor(
    readonly nip: Nip,
    readonly month: Month,
    readonly actor: Actor,
  ) {
    super();
  }
}

/** The rater invites peers and subordinates to give 360 feedback. */
export class InviteFeedback extends Command<CommandResult<FeedbackEvent>> {
  constructor(
    readonly nip: Nip,
    readonly year: number,
    readonly invitees: Array<{ nip: Nip; relation: FeedbackRelation }>,
    readonly actor: Actor,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}

/** An invited person gives 360 feedback, once. */
export class GiveFeedback extends Command<CommandResult<FeedbackEvent>> {
  constructor(
    readonly nip: Nip,
    readonly year: number,
    readonly feedback: { scores: BehaviourScores; comment?: string },
    readonly actor: Actor,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}

/** The anonymous 360 aggregate of an employee for the rater. */
export class GetFeedbackAggregate extends Query<ReturnType<typeof feedbackAggregate> & { nip: Nip; year: number }> {
  constructor(
    readonly nip: Nip,
    readonly year: number,
    readonly actor: Actor,
  ) {
    super();
  }
}

/** Opens a public feedback link; the answer carries the token, shown only this once. */
export class OpenPublicFeedbackLink extends Command<CommandResult<PublicFeedbackEvent> & { linkId: string; token: string }> {
  constructor(
    readonly nip: Nip,
    readonly year: number,
    readonly service: string,
    readonly actor: Actor,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}

/** Closes a public feedback link of the employee. */
export class ClosePublicFeedbackLink extends Command<CommandResult<PublicFeedbackEvent>> {
  constructor(
    readonly nip: Nip,
    readonly year: number,
    readonly linkId: string,
    readonly actor: Actor,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}

/** The results of a public feedback link of the employee. */
export class GetPublicFeedbackResults extends Query<ReturnType<typeof publicFeedbackResults> & { nip: Nip; year: number; linkId: string }> {
  constructor(
    readonly nip: Nip,
    readonly year: number,
    readonly linkId: string,
    readonly actor: Actor,
  ) {
    super();
  }
}

/** What an open public link asks (404 when closed or unknown). */
export class GetPublicFeedbackForm extends Query<{
  service: string;
  values: readonly string[];
  scale: { min: number; max: number };
  commentMax: number;
}> {
  constructor(readonly token: string) {
    super();
  }
}

/**
 * Counts one public answer against the limits, per client address and (for an open link) per link,
 * before its body is even parsed: a flood of bad bodies is limited too.
 */
export class ThrottlePublicFeedback extends Command<void> {
  constructor(
    readonly token: string,
    readonly clientAddress: string,
  ) {
    super();
  }
}

/** A member of the public rates a service through the link's token; no account, no identity kept. */
export class GivePublicFeedback extends Command<CommandResult<PublicFeedbackEvent>> {
  constructor(
    readonly token: string,
    readonly answer: { ratings: ServiceRatings; comment?: string },
  ) {
    super();
  }
}

/** Before a byte of an upload is read: may the actor upload, is the type accepted, is the declared size within the limit. */
export class PrepareEvidenceUpload extends Query<{ maxBytes: number }> {
  constructor(
    readonly contentType: string | undefined,
    readonly declaredSize: number | undefined,
    readonly actor: Actor,
  ) {
    super();
  }
}

/** Stores an evidence file (content-addressed) and records its upload. */
export class UploadEvidence extends Command<UploadedEvidence> {
  constructor(
    readonly bytes: Buffer,
    readonly contentType: string | undefined,
    readonly actor: Actor,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}

/** An evidence file, for those who may see one of its uploaders' records. */
export class GetEvidenceFile extends Query<{ bytes: Buffer; contentType: string }> {
  constructor(
    readonly sha256: string,
    readonly actor: Actor,
  ) {
    super();
  }
}

/** An employee's realisations of a month (read model). */
export class GetRealisations extends Query<{ nip: Nip; period: Month; realisations: RealisationRow[] }> {
  constructor(
    readonly nip: Nip,
    readonly period: Month,
    readonly actor: Actor,
  ) {
    super();
  }
}

/** Records one's own realisation of an indicator of the approved plan for a month. */
export class RecordRealisation extends Command<CommandResult<RealisationEvent>> {
  constructor(
    readonly nip: Nip,
    readonly period: Month,
    readonly realisation: Pick<DomainRecordRealisation, 'indicatorId' | 'quantity' | 'quality' | 'timeMonths' | 'note' | 'evidence'>,
    readonly actor: Actor,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}

/** The supervisor answers a subordinate's realisation. */
export class AnswerRealisation extends Command<CommandResult<RealisationEvent>> {
  constructor(
    readonly nip: Nip,
    readonly period: Month,
    readonly indicatorId: string,
    readonly answer: { kind: FeedbackKind; note?: string },
    readonly actor: Actor,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}
