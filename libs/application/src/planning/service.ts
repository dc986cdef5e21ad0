import { Actor, badInput, forbidden, Instant, KinerjaError, Nip, notFound } from '@kinerja/kernel';
import type { EventStore } from '@kinerja/event-store';
import type { Action } from '@kinerja/domain/access';
import { opdOfEmployee, supervisorOf } from '@kinerja/domain/organisation';
import { createHash, randomBytes } from 'node:crypto';
import { localDateOf, LocalDate } from '@kinerja/domain/shared';
import {
  currentVersion,
  PlanLine,
  versionInForce,
  WorkPlanCommand,
  workPlanDecider,
  WorkPlanEvent,
  WorkPlanState,
  workPlanStreamId,
  initialWorkPlanState,
  evolveWorkPlan,
} from '@kinerja/domain/workplan';
import {
  DailyReportCommand,
  dailyReportDecider,
  DailyReportEvent,
  DailyReportState,
  dailyReportStreamId,
  DEFAULT_REPORTING_WINDOW_DAYS,
} from '@kinerja/domain/dailyreport';
import { assertLocalDate } from '@kinerja/domain/shared';
import { FeedbackCommand, feedbackDecider, FeedbackEvent, FeedbackState, feedbackStreamId } from '@kinerja/domain/feedback';
import {
  initialPublicFeedbackState,
  PublicFeedbackCommand,
  publicFeedbackDecider,
  PublicFeedbackEvent,
  PublicFeedbackState,
  publicFeedbackStreamId,
  ServiceRatings,
} from '@kinerja/domain/publicfeedback';
import { CommandResult, handleCommand, readForCommand, readState } from '../command-handler';
import type { LoadedState } from '../stream-state';
import { PeopleService, RequestContext } from '../people/service';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A work-plan command as the API sends it: the line is looked up here, not trusted from the caller. */
export type WorkPlanRequest = DistributiveOmit<WorkPlanCommand, 'line'>;
/** A daily-report command as the API sends it: the month follows from the date, the facts are looked up here. */
export type DailyReportRequest = DistributiveOmit<DailyReportCommand, 'month' | 'today' | 'windowDays' | 'knownResultIds'> & {
  month?: string;
};

/**
 * Planning: the SKP of each employee per year. The line of a plan (the supervisor on the day and
 * what the supervisor's own plan offers) comes from the org history and the supervisor's stream,
 * and travels inside the command, so the decider stays pure.
 */
export class PlanningService {
  constructor(
    readonly store: EventStore,
    readonly people: PeopleService,
    private readonly options: { reportingWindowDays?: number } = {},
  ) {}

  async workPlanEvents(nip: Nip, year: number): Promise<WorkPlanEvent[]> {
    return (await this.store.readStream(workPlanStreamId(nip, year))).map((e) => ({ type: e.type, data: e.data }) as WorkPlanEvent);
  }

  async workPlan(nip: Nip, year: number): Promise<WorkPlanState> {
    return (await this.workPlanEvents(nip, year)).reduce(evolveWorkPlan, initialWorkPlanState());
  }

  /** The supervisor of `nip` on `date` and what their plan for `year` offers to cascade from. */
  async lineOf(nip: Nip, year: number, date: LocalDate): Promise<PlanLine> {
    const sup = supervisorOf(nip, date, await this.people.org.current());
    if (!sup) return { supervisorNip: null, parentResultIds: [], parentPlanApproved: false };
    const plan = await this.workPlan(sup.nip, year);
    const ids = new Set<string>();
    for (const v of [currentVersion(plan), versionInForce(plan)]) for (const r of v?.results ?? []) ids.add(r.resultId);
    return { supervisorNip: sup.nip, parentResultIds: [...ids].sort(), parentPlanApproved: versionInForce(plan) !== undefined };
  }

  /**
   * What an employee may cascade from when drafting on `date`: the RHK of the approved version (in
   * force) of their supervisor's plan for `year`. Empty, with the supervisor's plan status, while
   * that plan is not approved: a staff plan cannot be submitted before its parent plan is.
   */
  async parentResults(nip: Nip, year: number, date: LocalDate) {
    const sup = supervisorOf(nip, date, await this.people.org.current());
    if (!sup) return { supervisor: null, supervisorPlan: null, results: [] };
    const plan = await this.workPlan(sup.nip, year);
    const inForce = versionInForce(plan);
    return {
      supervisor: { nip: sup.nip, positionId: sup.positionId, acting: sup.acting },
      supervisorPlan: { status: currentVersion(plan)?.status ?? null, inForce: inForce?.version ?? null },
      results: (inForce?.results ?? []).map((r) => ({ resultId: r.resultId, text: r.text, indicators: r.indicators })),
    };
  }

  async workPlanCommand(req: WorkPlanRequest, ctx: RequestContext): Promise<CommandResult<WorkPlanEvent>> {
    const date = localDateOf(req.now);
    const line = await this.lineOf(req.nip, req.year, date);
    let action: Action = 'workplan.submit';
    if (req.type === 'ApproveWorkPlan' || req.type === 'ReturnWorkPlan')
      action = line.supervisorNip ? 'workplan.approve' : 'workplan.approveTop';
    const via = await this.people.authorize(req.by, action, { kind: 'employee', nip: req.nip }, req.now as Instant);
    const cmd = { ...req, line } as WorkPlanCommand;
    return handleCommand(this.store, workPlanStreamId(req.nip, req.year), workPlanDecider, cmd, { ...ctx, actor: req.by, role: via });
  }

  async dailyReports(nip: Nip, month: string): Promise<DailyReportState> {
    return (await readState(this.store, dailyReportStreamId(nip, month), dailyReportDecider)).state;
  }

  /** The RHK an employee may report against in `year`: the latest version of the plan and the one in force. */
  async resultIdsOf(nip: Nip, year: number): Promise<string[]> {
    const plan = await this.workPlan(nip, year);
    const ids = new Set<string>();
    for (const v of [currentVersion(plan), versionInForce(plan)]) for (const r of v?.results ?? []) ids.add(r.resultId);
    return [...ids].sort();
  }

  async dailyReportCommand(req: DailyReportRequest, ctx: RequestContext): Promise<CommandResult<DailyReportEvent>> {
    const today = localDateOf(req.now);
    let cmd: DailyReportCommand;
    let via: string;
    let read: LoadedState<DailyReportState> | undefined;
    const subject = { kind: 'employee' as const, nip: req.nip };
    if (req.type === 'AnswerDailyReport') {
      const month = req.month ?? '';
      // The supervisor of the day reported on answers it (not whoever holds the post today). The
      // month as read here is what the answer is decided on (one read of the stream, not two).
      if (/^\d{4}-\d{2}$/.test(month)) read = await readForCommand(this.store, dailyReportStreamId(req.nip, month), dailyReportDecider);
      const report = read?.state.reports.get(req.reportId);
      via = await this.people.authorize(req.by, 'report.answer', subject, req.now as Instant, report?.report.date).catch(async (e) => {
        await read?.release();
        throw e;
      });
      cmd = { ...req, month };
    } else {
      assertLocalDate(req.date, 'date');
      const month = req.date.slice(0, 7);
      if (req.type === 'FileDailyReport') {
        // The month is read with the SKP's RHK and the authorisation (one round, not two), and decided on
        // as read; refused or failed, the read is released.
        const monthRead = readForCommand(this.store, dailyReportStreamId(req.nip, month), dailyReportDecider);
        const reads = Promise.all([this.resultIdsOf(req.nip, Number(req.date.slice(0, 4))), monthRead]);
        let knownResultIds: string[];
        [via, [knownResultIds, read]] = await this.people
          .authorizeAlong(reads, req.by, 'report.file', subject, req.now as Instant)
          .catch(async (e) => {
            await monthRead.then(
              (r) => r.release(),
              () => undefined,
            );
            throw e;
          });
        const windowDays = this.options.reportingWindowDays ?? DEFAULT_REPORTING_WINDOW_DAYS;
        cmd = { ...req, month, today, windowDays, knownResultIds };
      } else {
        via = await this.people.authorize(req.by, 'report.answer', subject, req.now as Instant, req.date);
        cmd = { ...req, month, today };
      }
    }
    return handleCommand(
      this.store,
      dailyReportStreamId(req.nip, cmd.month),
      dailyReportDecider,
      cmd,
      { ...ctx, actor: req.by, role: via },
      read,
    );
  }

  async feedback(nip: Nip, year: number): Promise<FeedbackState> {
    return (await readState(this.store, feedbackStreamId(nip, year), feedbackDecider)).state;
  }

  /** 360 feedback: the rater of the day invites; anyone may try to answer, the decider admits only the invited. */
  async feedbackCommand(cmd: FeedbackCommand, ctx: RequestContext): Promise<CommandResult<FeedbackEvent>> {
    const action: Action = cmd.type === 'InviteFeedback' ? 'feedback.invite' : 'feedback.give';
    const via = await this.people.authorize(cmd.by, action, { kind: 'employee', nip: cmd.nip }, cmd.now as Instant);
    return handleCommand(this.store, feedbackStreamId(cmd.nip, cmd.year), feedbackDecider, cmd, { ...ctx, actor: cmd.by, role: via });
  }

  async publicFeedback(linkId: string): Promise<PublicFeedbackState> {
    if (!/^[0-9a-f]{64}$/.test(linkId)) return initialPublicFeedbackState();
    return (await readState(this.store, publicFeedbackStreamId(linkId), publicFeedbackDecider)).state;
  }

  /**
   * The rater (or BKPSDM) opens a public feedback link on the service an employee's unit gives.
   * The token is random and returned once; only its hash names the stream and goes into events.
   */
  async openPublicFeedbackLink(req: { nip: Nip; year: number; service: string; by: RequestActor; now: Instant }, ctx: RequestContext) {
    const via = await this.people.authorize(req.by, 'feedback.publicLink', { kind: 'employee', nip: req.nip }, req.now);
    const token = randomBytes(24).toString('base64url');
    const linkId = publicLinkIdOf(token);
    const orgUnitId = opdOfEmployee(req.nip, localDateOf(req.now), await this.people.org.current()) ?? null;
    const cmd: PublicFeedbackCommand = {
      type: 'OpenPublicFeedbackLink',
      linkId,
      nip: req.nip,
      year: req.year,
      orgUnitId,
      service: req.service,
      by: req.by,
      now: req.now,
    };
    const { idempotencyKey: _ignored, ...rest } = ctx;
    const result = await handleCommand(this.store, publicFeedbackStreamId(linkId), publicFeedbackDecider, cmd, {
      ...rest,
      actor: req.by,
      role: via,
    });
    return { ...result, token, linkId };
  }

  /** Closing and reading results: whoever may open a link on the employee, for a link of that employee. */
  async authorizePublicLink(
    by: RequestActor,
    nip: Nip,
    year: number,
    linkId: string,
    now: Instant,
  ): Promise<{ state: PublicFeedbackState; via: string }> {
    const via = await this.people.authorize(by, 'feedback.publicLink', { kind: 'employee', nip }, now);
    const state = await this.publicFeedback(linkId);
    if (!state.link || state.link.nip !== nip || state.link.year !== year)
      throw notFound('FEEDBACK_LINK_NOT_FOUND', 'no such feedback link on this employee', { linkId });
    return { state, via };
  }

  async closePublicFeedbackLink(req: { nip: Nip; year: number; linkId: string; by: RequestActor; now: Instant }, ctx: RequestContext) {
    const { via } = await this.authorizePublicLink(req.by, req.nip, req.year, req.linkId, req.now);
    const cmd: PublicFeedbackCommand = { type: 'ClosePublicFeedbackLink', linkId: req.linkId, by: req.by, now: req.now };
    return handleCommand(this.store, publicFeedbackStreamId(req.linkId), publicFeedbackDecider, cmd, { ...ctx, actor: req.by, role: via });
  }

  /** A member of the public answers through the token; no account, no identity in the event. */
  async givePublicFeedback(
    token: string,
    answer: { ratings: ServiceRatings; comment?: string },
    now: Instant,
  ): Promise<CommandResult<PublicFeedbackEvent>> {
    const linkId = publicLinkIdOf(token);
    const cmd: PublicFeedbackCommand = { type: 'GivePublicFeedback', linkId, ratings: answer.ratings, comment: answer.comment, now };
    return handleCommand(this.store, publicFeedbackStreamId(linkId), publicFeedbackDecider, cmd, { actor: PUBLIC_ACTOR, role: 'public' });
  }

  /**
   * A supervisor hands one RHK with its indicators to many subordinates at once, each with their own
   * targets: one AssignResult per subordinate's plan. Every command is decided first on the current
   * state; one refusal refuses them all, and nothing is appended. Then each is appended (each with
   * its own idempotency key, so a retry after a crash completes the rest and repeats nothing).
   */
  async assignResultTemplate(req: ResultTemplateRequest, ctx: RequestContext) {
    if (!req.by.nip || req.by.nip !== req.supervisorNip)
      throw forbidden('NOT_OWN_RECORD', 'a supervisor hands over an RHK of their own plan', { nip: req.supervisorNip });
    const t = req.template;
    if (!Array.isArray(req.assignees) || req.assignees.length === 0)
      throw badInput('NO_ASSIGNEES', 'name at least one subordinate', { field: 'assignees' });
    if (req.assignees.length > MAX_ASSIGNEES)
      throw badInput('TOO_MANY_ASSIGNEES', `at most ${MAX_ASSIGNEES} at once`, { max: MAX_ASSIGNEES });
    const ids = (t.indicators ?? []).map((k) => k.indicatorId);
    const seen = new Set<string>();
    const date = localDateOf(req.now);
    const prepared: Array<{ nip: Nip; cmd: WorkPlanCommand; via: string }> = [];
    for (const a of req.assignees) {
      if (seen.has(a.nip)) throw badInput('DUPLICATE_ASSIGNEE', 'a subordinate is named once', { nip: a.nip });
      seen.add(a.nip);
      const targets = new Map((a.targets ?? []).map((x) => [x.indicatorId, x]));
      for (const id of targets.keys())
        if (!ids.includes(id))
          throw badInput('UNKNOWN_INDICATOR', 'a target names an indicator of the template', { nip: a.nip, indicatorId: id });
      const indicators = (t.indicators ?? []).map((k) => {
        const x = targets.get(k.indicatorId);
        if (!x)
          throw badInput('MISSING_TARGET', 'every subordinate has a target on every indicator', { nip: a.nip, indicatorId: k.indicatorId });
        return {
          indicatorId: k.indicatorId,
          text: k.text,
          unit: k.unit,
          quantity: x.quantity,
          quality: x.quality ?? k.quality,
          timeMonths: x.timeMonths ?? k.timeMonths,
        };
      });
      const via = await this.people.authorize(req.by, 'workplan.assign', { kind: 'employee', nip: a.nip }, req.now);
      const line = await this.lineOf(a.nip, req.year, date);
      const result = { resultId: t.resultId, text: t.text, parentResultId: t.parentResultId, indicators };
      const cmd = { type: 'AssignResult', nip: a.nip, year: req.year, by: req.by, now: req.now, line, result } as WorkPlanCommand;
      try {
        workPlanDecider.decide(cmd, await this.workPlan(a.nip, req.year));
      } catch (e) {
        if (e instanceof KinerjaError) throw new KinerjaError(e.code, e.message, e.category, { ...e.details, nip: a.nip });
        throw e;
      }
      prepared.push({ nip: a.nip, cmd, via });
    }
    const results: Array<CommandResult<WorkPlanEvent> & { nip: Nip }> = [];
    for (const p of prepared) {
      const key = ctx.idempotencyKey ? { idempotencyKey: `${ctx.idempotencyKey}:${p.nip}` } : {};
      const r = await handleCommand(this.store, workPlanStreamId(p.nip, req.year), workPlanDecider, p.cmd, {
        ...ctx,
        actor: req.by,
        role: p.via,
        ...key,
      });
      results.push({ nip: p.nip, ...r });
    }
    return results;
  }
}

const MAX_ASSIGNEES = 100;

export interface ResultTemplateRequest {
  supervisorNip: Nip;
  year: number;
  template: {
    resultId: string;
    text: string;
    parentResultId: string;
    indicators: Array<{ indicatorId: string; text: string; unit: string; quality: number; timeMonths: number }>;
  };
  assignees: Array<{ nip: Nip; targets: Array<{ indicatorId: string; quantity: number; quality?: number; timeMonths?: number }> }>;
  by: Actor;
  now: Instant;
}

type RequestActor = Actor;
const PUBLIC_ACTOR: Actor = { userId: 'public', roles: [] };

/** The id of a link: sha256 of its token (hex); a token of the wrong shape maps to no link. */
export function publicLinkIdOf(token: string): string {
  if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{16,128}$/.test(token)) return 'unknown';
  return createHash('sha256').update(token).digest('hex');
}
