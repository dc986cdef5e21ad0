import { Instant, Nip } from '@kinerja/kernel';
import type { EventStore } from '@kinerja/event-store';
import type { Action } from '@kinerja/domain/access';
import { supervisorOf } from '@kinerja/domain/organisation';
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
  evolveDailyReport,
  initialDailyReportState,
} from '@kinerja/domain/dailyreport';
import { assertLocalDate } from '@kinerja/domain/shared';
import { evolveFeedback, FeedbackCommand, feedbackDecider, FeedbackEvent, FeedbackState, feedbackStreamId, initialFeedbackState } from '@kinerja/domain/feedback';
import { CommandResult, handleCommand } from '../command-handler';
import { PeopleService, RequestContext } from '../people/service';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A work-plan command as the API sends it: the line is looked up here, not trusted from the caller. */
export type WorkPlanRequest = DistributiveOmit<WorkPlanCommand, 'line'>;
/** A daily-report command as the API sends it: the month follows from the date, the facts are looked up here. */
export type DailyReportRequest = DistributiveOmit<DailyReportCommand, 'month' | 'today' | 'windowDays' | 'knownResultIds'> & { month?: string };

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

  async workPlanCommand(req: WorkPlanRequest, ctx: RequestContext): Promise<CommandResult<WorkPlanEvent>> {
    const date = localDateOf(req.now);
    const line = await this.lineOf(req.nip, req.year, date);
    let action: Action = 'workplan.submit';
    if (req.type === 'ApproveWorkPlan' || req.type === 'ReturnWorkPlan') action = line.supervisorNip ? 'workplan.approve' : 'workplan.approveTop';
    const via = await this.people.authorize(req.by, action, { kind: 'employee', nip: req.nip }, req.now as Instant);
    const cmd = { ...req, line } as WorkPlanCommand;
    return handleCommand(this.store, workPlanStreamId(req.nip, req.year), workPlanDecider, cmd, { ...ctx, actor: req.by, role: via });
  }

  async dailyReports(nip: Nip, month: string): Promise<DailyReportState> {
    const recorded = await this.store.readStream(dailyReportStreamId(nip, month));
    return recorded.map((e) => ({ type: e.type, data: e.data }) as DailyReportEvent).reduce(evolveDailyReport, initialDailyReportState());
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
    const subject = { kind: 'employee' as const, nip: req.nip };
    if (req.type === 'AnswerDailyReport') {
      const month = req.month ?? '';
      // The supervisor of the day reported on answers it (not whoever holds the post today).
      const report = /^\d{4}-\d{2}$/.test(month) ? (await this.dailyReports(req.nip, month)).reports[req.reportId] : undefined;
      via = await this.people.authorize(req.by, 'report.answer', subject, req.now as Instant, report?.report.date);
      cmd = { ...req, month };
    } else {
      assertLocalDate(req.date, 'date');
      const month = req.date.slice(0, 7);
      if (req.type === 'FileDailyReport') {
        via = await this.people.authorize(req.by, 'report.file', subject, req.now as Instant);
        const windowDays = this.options.reportingWindowDays ?? DEFAULT_REPORTING_WINDOW_DAYS;
        cmd = { ...req, month, today, windowDays, knownResultIds: await this.resultIdsOf(req.nip, Number(req.date.slice(0, 4))) };
      } else {
        via = await this.people.authorize(req.by, 'report.answer', subject, req.now as Instant, req.date);
        cmd = { ...req, month, today };
      }
    }
    return handleCommand(this.store, dailyReportStreamId(req.nip, cmd.month), dailyReportDecider, cmd, { ...ctx, actor: req.by, role: via });
  }

  async feedback(nip: Nip, year: number): Promise<FeedbackState> {
    const recorded = await this.store.readStream(feedbackStreamId(nip, year));
    return recorded.map((e) => ({ type: e.type, data: e.data }) as FeedbackEvent).reduce(evolveFeedback, initialFeedbackState());
  }

  /** 360 feedback: the rater of the day invites; anyone may try to answer, the decider admits only the invited. */
  async feedbackCommand(cmd: FeedbackCommand, ctx: RequestContext): Promise<CommandResult<FeedbackEvent>> {
    const action: Action = cmd.type === 'InviteFeedback' ? 'feedback.invite' : 'feedback.give';
    const via = await this.people.authorize(cmd.by, action, { kind: 'employee', nip: cmd.nip }, cmd.now as Instant);
    return handleCommand(this.store, feedbackStreamId(cmd.nip, cmd.year), feedbackDecider, cmd, { ...ctx, actor: cmd.by, role: via });
  }
}
