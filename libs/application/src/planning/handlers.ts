import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { deterministicId, newId, Nip, notFound } from '@kinerja/kernel';
import { opdOfUnit, positionAsOf, positionOf, unitAsOf } from '@kinerja/domain/organisation';
import { currentVersion, PlannedResult, versionInForce } from '@kinerja/domain/workplan';
import { feedbackAggregate } from '@kinerja/domain/feedback';
import { publicFeedbackResults, SERVICE_VALUES } from '@kinerja/domain/publicfeedback';
import { cascadeTree, namesOf, realisationsOf, workPlansOf } from '@kinerja/projections';
import { ApplicationHandler } from '../handler';
import { ApplicationLimits, LIMITS, RATE_LIMITER, RateLimiter } from '../ports';
import { PeopleService } from '../people/service';
import { RealisationService } from './realisation';
import { PlanningService, publicLinkIdOf } from './service';
import {
  AnswerDailyReport,
  AnswerRealisation,
  ApproveWorkPlan,
  AssignResultTemplate,
  ClosePublicFeedbackLink,
  DraftWorkPlan,
  FileDailyReport,
  GetDailyReports,
  GetEvidenceFile,
  GetFeedbackAggregate,
  GetParentResults,
  GetPublicFeedbackForm,
  GetPublicFeedbackResults,
  GetRealisations,
  GetUnitCascade,
  GetWorkPlan,
  GiveFeedback,
  GivePublicFeedback,
  InviteFeedback,
  OpenPublicFeedbackLink,
  PrepareEvidenceUpload,
  RecordRealisation,
  ReturnWorkPlan,
  ReviseWorkPlan,
  StatedResult,
  SubmitWorkPlan,
  ThrottlePublicFeedback,
  UnlockReportingDay,
  UploadEvidence,
} from './commands';

// One handler per command or query of the planning and monitoring area. A command handler hands the
// typed command, with "now" from the injected Clock, to PlanningService or RealisationService, which
// authorise (the one access policy), look up the facts the decider needs, and append through
// `handleCommand`; a query handler authorises and reads.

/** What each handler of the area is given. */
abstract class PlanningHandler extends ApplicationHandler {
  constructor(
    @Inject(PlanningService) protected readonly planning: PlanningService,
    @Inject(RealisationService) protected readonly realisation: RealisationService,
  ) {
    super();
  }

  protected get people(): PeopleService {
    return this.planning.people;
  }
}

/** Ids the caller left out are made here: a result keeps its id across drafts and versions once given. */
function withIds(results: StatedResult[]): PlannedResult[] {
  const short = () => newId().replace(/-/g, '').slice(0, 12).toUpperCase();
  return results.map((r) => ({
    ...r,
    resultId: r.resultId ?? `RHK-${short()}`,
    indicators: r.indicators.map((k) => ({ ...k, indicatorId: k.indicatorId ?? `IKI-${short()}` })),
  }));
}

@CommandHandler(DraftWorkPlan)
export class DraftWorkPlanHandler extends PlanningHandler implements ICommandHandler<DraftWorkPlan> {
  execute({ nip, year, results, actor, ctx }: DraftWorkPlan) {
    return this.planning.workPlanCommand({ type: 'DraftWorkPlan', nip, year, results: withIds(results), by: actor, now: this.now() }, ctx);
  }
}

@CommandHandler(SubmitWorkPlan)
export class SubmitWorkPlanHandler extends PlanningHandler implements ICommandHandler<SubmitWorkPlan> {
  execute({ nip, year, actor, ctx }: SubmitWorkPlan) {
    return this.planning.workPlanCommand({ type: 'SubmitWorkPlan', nip, year, by: actor, now: this.now() }, ctx);
  }
}

@CommandHandler(ApproveWorkPlan)
export class ApproveWorkPlanHandler extends PlanningHandler implements ICommandHandler<ApproveWorkPlan> {
  execute({ nip, year, actor, ctx }: ApproveWorkPlan) {
    return this.planning.workPlanCommand({ type: 'ApproveWorkPlan', nip, year, by: actor, now: this.now() }, ctx);
  }
}

@CommandHandler(ReturnWorkPlan)
export class ReturnWorkPlanHandler extends PlanningHandler implements ICommandHandler<ReturnWorkPlan> {
  execute({ nip, year, notes, actor, ctx }: ReturnWorkPlan) {
    return this.planning.workPlanCommand({ type: 'ReturnWorkPlan', nip, year, notes, by: actor, now: this.now() }, ctx);
  }
}

@CommandHandler(ReviseWorkPlan)
export class ReviseWorkPlanHandler extends PlanningHandler implements ICommandHandler<ReviseWorkPlan> {
  execute({ nip, year, reason, results, actor, ctx }: ReviseWorkPlan) {
    return this.planning.workPlanCommand(
      { type: 'ReviseWorkPlan', nip, year, reason, results: withIds(results), by: actor, now: this.now() },
      ctx,
    );
  }
}

@CommandHandler(AssignResultTemplate)
export class AssignResultTemplateHandler extends PlanningHandler implements ICommandHandler<AssignResultTemplate> {
  execute({ assignment, actor, ctx }: AssignResultTemplate) {
    return this.planning.assignResultTemplate({ ...assignment, by: actor, now: this.now() }, ctx);
  }
}

@QueryHandler(GetWorkPlan)
export class GetWorkPlanHandler extends PlanningHandler implements IQueryHandler<GetWorkPlan> {
  async execute({ nip, year, actor }: GetWorkPlan) {
    await this.people.authorize(actor, 'workplan.view', { kind: 'employee', nip }, this.now());
    const state = await this.planning.workPlan(nip, year);
    return {
      nip,
      year,
      current: currentVersion(state)?.version ?? null,
      inForce: versionInForce(state)?.version ?? null,
      versions: state.versions,
    };
  }
}

@QueryHandler(GetParentResults)
export class GetParentResultsHandler extends PlanningHandler implements IQueryHandler<GetParentResults> {
  async execute({ nip, year, actor }: GetParentResults) {
    await this.people.authorize(actor, 'workplan.view', { kind: 'employee', nip }, this.now());
    // The line a draft made today is checked against: the supervisor of today.
    const date = this.today();
    return { nip, year, date, ...(await this.planning.parentResults(nip, year, date)) };
  }
}

@QueryHandler(GetUnitCascade)
export class GetUnitCascadeHandler extends PlanningHandler implements IQueryHandler<GetUnitCascade> {
  async execute({ unitId, year, actor }: GetUnitCascade) {
    await this.people.authorize(actor, 'org.view', { kind: 'organisation' }, this.now());
    const today = this.today();
    const date = today.startsWith(String(year)) ? today : `${year}-12-31`;
    const h = await this.people.org.current();
    if (!unitAsOf(unitId, date, h)) throw notFound('UNKNOWN_ORG_UNIT', 'no such org unit in that year', { unitId, date });
    // The unit's people on the date: those whose position's unit lies inside it.
    const inside = (u: string | undefined) => {
      for (let id = u, guard = 0; id && guard < 1000; guard++) {
        if (id === unitId) return true;
        id = unitAsOf(id, date, h)?.parentUnitId ?? undefined;
      }
      return false;
    };
    const nips = [...new Set([...h.assignments.values()].map((a) => a.nip))].filter((nip: Nip) => {
      const p = positionOf(nip, date, h);
      return p !== undefined && inside(positionAsOf(p, date, h)?.unitId);
    });
    const plans = await workPlansOf(this.db, year, nips);
    const names = await namesOf(
      this.db,
      plans.map((p) => p.nip),
    );
    return {
      unitId,
      opdId: opdOfUnit(unitId, date, h) ?? null,
      year,
      date,
      plans: plans.map((p) => ({ nip: p.nip, name: names.get(p.nip) ?? null, version: p.version, status: p.status, inForce: p.inForce })),
      tree: cascadeTree(plans),
    };
  }
}

@CommandHandler(FileDailyReport)
export class FileDailyReportHandler extends PlanningHandler implements ICommandHandler<FileDailyReport> {
  async execute({ nip, report, actor, ctx }: FileDailyReport) {
    // A retry with the same Idempotency-Key must name the same report, or it would be filed twice.
    const reportId =
      report.reportId ??
      (ctx.idempotencyKey
        ? `LH-${deterministicId('report', nip, ctx.idempotencyKey).slice(0, 12)}`
        : `LH-${newId().replace(/-/g, '').slice(0, 12)}`);
    const result = await this.planning.dailyReportCommand(
      { type: 'FileDailyReport', ...report, reportId, nip, by: actor, now: this.now() },
      ctx,
    );
    return { ...result, reportId };
  }
}

@CommandHandler(AnswerDailyReport)
export class AnswerDailyReportHandler extends PlanningHandler implements ICommandHandler<AnswerDailyReport> {
  execute({ nip, month, reportId, answer, actor, ctx }: AnswerDailyReport) {
    return this.planning.dailyReportCommand(
      { type: 'AnswerDailyReport', nip, month, reportId, ...answer, by: actor, now: this.now() },
      ctx,
    );
  }
}

@CommandHandler(UnlockReportingDay)
export class UnlockReportingDayHandler extends PlanningHandler implements ICommandHandler<UnlockReportingDay> {
  execute({ nip, unlock, actor, ctx }: UnlockReportingDay) {
    return this.planning.dailyReportCommand({ type: 'UnlockReportingDay', nip, ...unlock, by: actor, now: this.now() }, ctx);
  }
}

@QueryHandler(GetDailyReports)
export class GetDailyReportsHandler extends PlanningHandler implements IQueryHandler<GetDailyReports> {
  async execute({ nip, month, actor }: GetDailyReports) {
    await this.people.authorize(actor, 'report.view', { kind: 'employee', nip }, this.now());
    const s = await this.planning.dailyReports(nip, month);
    const reports = [...s.reports.values()]
      .map((r) => ({
        ...r.report,
        answer: r.answer ? { kind: r.answer.kind, note: r.answer.note ?? null, answeredBy: r.answer.answeredBy } : null,
      }))
      .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.reportId < b.reportId ? -1 : 1));
    return { nip, month, reports, unlockedDays: s.unlockedDays };
  }
}

@CommandHandler(InviteFeedback)
export class InviteFeedbackHandler extends PlanningHandler implements ICommandHandler<InviteFeedback> {
  execute({ nip, year, invitees, actor, ctx }: InviteFeedback) {
    return this.planning.feedbackCommand({ type: 'InviteFeedback', nip, year, invitees, by: actor, now: this.now() }, ctx);
  }
}

@CommandHandler(GiveFeedback)
export class GiveFeedbackHandler extends PlanningHandler implements ICommandHandler<GiveFeedback> {
  execute({ nip, year, feedback, actor, ctx }: GiveFeedback) {
    return this.planning.feedbackCommand({ type: 'GiveFeedback', nip, year, ...feedback, by: actor, now: this.now() }, ctx);
  }
}

@QueryHandler(GetFeedbackAggregate)
export class GetFeedbackAggregateHandler extends PlanningHandler implements IQueryHandler<GetFeedbackAggregate> {
  async execute({ nip, year, actor }: GetFeedbackAggregate) {
    await this.people.authorize(actor, 'feedback.view', { kind: 'employee', nip }, this.now());
    return { nip, year, ...feedbackAggregate(await this.planning.feedback(nip, year)) };
  }
}

@CommandHandler(OpenPublicFeedbackLink)
export class OpenPublicFeedbackLinkHandler extends PlanningHandler implements ICommandHandler<OpenPublicFeedbackLink> {
  execute({ nip, year, service, actor, ctx }: OpenPublicFeedbackLink) {
    return this.planning.openPublicFeedbackLink({ nip, year, service, by: actor, now: this.now() }, ctx);
  }
}

@CommandHandler(ClosePublicFeedbackLink)
export class ClosePublicFeedbackLinkHandler extends PlanningHandler implements ICommandHandler<ClosePublicFeedbackLink> {
  execute({ nip, year, linkId, actor, ctx }: ClosePublicFeedbackLink) {
    return this.planning.closePublicFeedbackLink({ nip, year, linkId, by: actor, now: this.now() }, ctx);
  }
}

@QueryHandler(GetPublicFeedbackResults)
export class GetPublicFeedbackResultsHandler extends PlanningHandler implements IQueryHandler<GetPublicFeedbackResults> {
  async execute({ nip, year, linkId, actor }: GetPublicFeedbackResults) {
    const { state } = await this.planning.authorizePublicLink(actor, nip, year, linkId, this.now());
    return { nip, year, linkId, ...publicFeedbackResults(state) };
  }
}

@QueryHandler(GetPublicFeedbackForm)
export class GetPublicFeedbackFormHandler extends PlanningHandler implements IQueryHandler<GetPublicFeedbackForm> {
  async execute({ token }: GetPublicFeedbackForm) {
    const s = await this.planning.publicFeedback(publicLinkIdOf(token));
    if (!s.link?.open) throw notFound('FEEDBACK_LINK_NOT_FOUND', 'this feedback link does not exist or is closed');
    return { service: s.link.service, values: SERVICE_VALUES, scale: { min: 1, max: 5 }, commentMax: 500 };
  }
}

@CommandHandler(ThrottlePublicFeedback)
export class ThrottlePublicFeedbackHandler extends PlanningHandler implements ICommandHandler<ThrottlePublicFeedback> {
  constructor(
    @Inject(PlanningService) planning: PlanningService,
    @Inject(RealisationService) realisation: RealisationService,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(LIMITS) private readonly limits: ApplicationLimits,
  ) {
    super(planning, realisation);
  }

  async execute({ token, clientAddress }: ThrottlePublicFeedback) {
    const { perClient, perLink, windowSeconds } = this.limits.publicFeedback;
    await this.limiter.hit(`public-feedback:client:${this.limiter.clientKey(clientAddress)}`, perClient, windowSeconds);
    const linkId = publicLinkIdOf(token);
    // Only an open link has a count of its own: unknown tokens must not fill the table.
    if ((await this.planning.publicFeedback(linkId)).link?.open)
      await this.limiter.hit(`public-feedback:link:${linkId}`, perLink, windowSeconds);
  }
}

@CommandHandler(GivePublicFeedback)
export class GivePublicFeedbackHandler extends PlanningHandler implements ICommandHandler<GivePublicFeedback> {
  execute({ token, answer }: GivePublicFeedback) {
    return this.planning.givePublicFeedback(token, answer, this.now());
  }
}

@QueryHandler(PrepareEvidenceUpload)
export class PrepareEvidenceUploadHandler extends PlanningHandler implements IQueryHandler<PrepareEvidenceUpload> {
  async execute({ contentType, declaredSize, actor }: PrepareEvidenceUpload) {
    await this.realisation.authorizeUpload(actor, this.now());
    this.realisation.precheck(contentType, declaredSize);
    return { maxBytes: this.realisation.maxBytes };
  }
}

@CommandHandler(UploadEvidence)
export class UploadEvidenceHandler extends PlanningHandler implements ICommandHandler<UploadEvidence> {
  execute({ bytes, contentType, actor, ctx }: UploadEvidence) {
    return this.realisation.upload(bytes, contentType, actor, this.now(), ctx);
  }
}

@QueryHandler(GetEvidenceFile)
export class GetEvidenceFileHandler extends PlanningHandler implements IQueryHandler<GetEvidenceFile> {
  execute({ sha256, actor }: GetEvidenceFile) {
    return this.realisation.download(sha256, actor, this.now());
  }
}

@QueryHandler(GetRealisations)
export class GetRealisationsHandler extends PlanningHandler implements IQueryHandler<GetRealisations> {
  async execute({ nip, period, actor }: GetRealisations) {
    await this.people.authorize(actor, 'realisation.view', { kind: 'employee', nip }, this.now());
    return { nip, period, realisations: await realisationsOf(this.db, nip, period) };
  }
}

@CommandHandler(RecordRealisation)
export class RecordRealisationHandler extends PlanningHandler implements ICommandHandler<RecordRealisation> {
  execute({ nip, period, realisation, actor, ctx }: RecordRealisation) {
    return this.realisation.command({ type: 'RecordRealisation', nip, period, ...realisation, by: actor, now: this.now() }, ctx);
  }
}

@CommandHandler(AnswerRealisation)
export class AnswerRealisationHandler extends PlanningHandler implements ICommandHandler<AnswerRealisation> {
  execute({ nip, period, indicatorId, answer, actor, ctx }: AnswerRealisation) {
    return this.realisation.command({ type: 'AnswerRealisation', nip, period, indicatorId, ...answer, by: actor, now: this.now() }, ctx);
  }
}

export const PLANNING_HANDLERS = [
  DraftWorkPlanHandler,
  SubmitWorkPlanHandler,
  ApproveWorkPlanHandler,
  ReturnWorkPlanHandler,
  ReviseWorkPlanHandler,
  AssignResultTemplateHandler,
  GetWorkPlanHandler,
  GetParentResultsHandler,
  GetUnitCascadeHandler,
  FileDailyReportHandler,
  AnswerDailyReportHandler,
  UnlockReportingDayHandler,
  GetDailyReportsHandler,
  InviteFeedbackHandler,
  GiveFeedbackHandler,
  GetFeedbackAggregateHandler,
  OpenPublicFeedbackLinkHandler,
  ClosePublicFeedbackLinkHandler,
  GetPublicFeedbackResultsHandler,
  GetPublicFeedbackFormHandler,
  ThrottlePublicFeedbackHandler,
  GivePublicFeedbackHandler,
  PrepareEvidenceUploadHandler,
  UploadEvidenceHandler,
  GetEvidenceFileHandler,
  GetRealisationsHandler,
  RecordRealisationHandler,
  AnswerRealisationHandler,
];
