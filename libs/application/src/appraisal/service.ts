import { Actor, Clock, conflict, Instant, isKinerjaError, Nip, notFound } from '@kinerja/kernel';
import type { CommandBus } from '@nestjs/cqrs';
import type { EventStore } from '@kinerja/event-store';
import {
  appraisalDecider,
  AppraisalEvent,
  AppraisalState,
  appraisalStreamId,
  assertPeriod,
  calibrationDecider,
  CalibrationState,
  calibrationStreamId,
  countPredikat,
  DecideObjection,
  unitDistribution,
  EvidenceItem,
  appraisalOfRecommendation,
  lastPeriodsOfYear,
  objectionDecidedAs,
  FileObjection,
  FollowUpFacts,
  isLastPeriodOfYear,
  lastDayOf,
  monthsOf,
  nextPeriod,
  Period,
  previousPeriod,
  RatingInput,
  RecordTraining,
  RecordYearPredikat,
  SetOrganisationResult,
  trainingDecider,
  TrainingEvent,
  trainingStreamId,
  UnitAppraisalsIssued,
  yearOf,
  yearPredikatDecider,
  yearPredikatStreamId,
} from '@kinerja/domain/appraisal';
import { employeesOfOpd, opdOfEmployee, supervisorOf } from '@kinerja/domain/organisation';
import { DEFAULT_TIME_ZONE, localDateOf } from '@kinerja/domain/shared';
import { versionInForce } from '@kinerja/domain/workplan';
import { evidenceStreamId } from '@kinerja/domain/evidence';
import {
  appraisalPolicyOf,
  policyByVersion,
  policyInForce,
  type AppraisalPolicy,
  type PolicyDocument,
  type Predikat,
} from '@kinerja/policies';
import { CommandResult, handleCommand, readState } from '../command-handler';
import type { RequestContext } from '../people/service';
import type { PlanningService } from '../planning/service';

/** A deadline a timer must fire at: the end of an objection window, or an objection's decision due date. */
export interface Deadline {
  kind: 'OBJECTION_WINDOW' | 'OBJECTION_DECISION';
  nip: Nip;
  period: Period;
  dueAt: Instant;
}

export interface AppraisalDeps {
  /** Shipped and published policy versions. */
  policies(): Promise<readonly PolicyDocument[]>;
  /** Where "now" comes from for timers (commands from the API carry their own). */
  clock: Clock;
  /** The area's process managers (libs/workflows), which the use cases hand what they appended. */
  processes: AppraisalProcesses;
  timeZone?: string;
}

/** The OPD's issue as the fan-out is told it: the unit's event, and who issued it under which policy. */
export interface UnitIssue {
  calibrationId: string;
  issued: UnitAppraisalsIssued['data'];
  policy: AppraisalPolicy;
  policyVersion: string;
  timeZone: string;
  by: Actor;
  role: string;
  now: Instant;
  requestId?: string;
}

/**
 * The appraisal process managers, written in libs/workflows (which may use this layer, not the
 * other way round) and wired by the running system.
 */
export interface AppraisalProcesses {
  /** The issue fan-out: the unit's issue -> each rated appraisal's IssueAppraisal, sent on the CommandBus. */
  fanOutIssue(service: AppraisalService, commands: CommandBus, issue: UnitIssue): Promise<void>;
  /** The deadlines: events just appended -> the timers they start (on the durable queue). */
  startDeadlines(events: readonly AppraisalEvent[]): Promise<void>;
}

const SYSTEM: Actor = { userId: 'system:appraisal-timers', roles: [] };

/**
 * Stage 3 and the objection procedure: rate, calibrate and issue per OPD, object, decide, and the
 * timers' two commands. Every fact a decider needs (who rated, who decides, the curve, the settled
 * neighbours) is looked up here from the org history and the log and carried in the command.
 */
export class AppraisalService {
  constructor(
    readonly store: EventStore,
    readonly planning: PlanningService,
    readonly deps: AppraisalDeps,
  ) {}

  get timeZone(): string {
    return this.deps.timeZone ?? DEFAULT_TIME_ZONE;
  }

  private get people() {
    return this.planning.people;
  }

  /** The policy in force for a period (the one of its first month), and the period checked against its length. */
  async policyFor(period: unknown): Promise<{ policy: AppraisalPolicy; policyVersion: string }> {
    assertPeriod(period);
    const doc = policyInForce(await this.deps.policies(), monthsOf(period)[0]);
    const policy = appraisalPolicyOf(doc);
    assertPeriod(period, policy.period);
    return { policy, policyVersion: doc.policyVersion };
  }

  appraisal(nip: Nip, period: Period): Promise<{ state: AppraisalState; version: number }> {
    return readState(this.store, appraisalStreamId(nip, period), appraisalDecider);
  }

  async calibration(opdId: string, period: Period): Promise<CalibrationState> {
    return (await readState(this.store, calibrationStreamId(opdId, period), calibrationDecider)).state;
  }

  // ---------- rating ----------

  async rate(
    req: RatingInput & { nip: Nip; period: Period; by: Actor; now: Instant },
    ctx: RequestContext,
  ): Promise<CommandResult<AppraisalEvent>> {
    const { policy, policyVersion } = await this.policyFor(req.period);
    const lastDay = lastDayOf(req.period);
    // The rater is the supervisor on the period's last day, whoever supervises today.
    const via = await this.people.authorize(req.by, 'appraisal.rate', { kind: 'employee', nip: req.nip }, req.now, lastDay);
    const h = await this.people.org.current();
    const sup = supervisorOf(req.nip, lastDay, h);
    return handleCommand(
      this.store,
      appraisalStreamId(req.nip, req.period),
      appraisalDecider,
      {
        ...req,
        type: 'RateAppraisal',
        facts: {
          opdId: opdOfEmployee(req.nip, lastDay, h) ?? null,
          rater: sup ? { nip: sup.nip, positionId: sup.positionId } : null,
          periodEnded: localDateOf(req.now, this.timeZone) >= lastDay,
          knownResultIds: await this.planResultIds(req.nip, req.period),
          policy,
          policyVersion,
        },
      },
      { ...ctx, actor: req.by, role: via, policyVersion },
    );
  }

  // ---------- calibration and issue, per OPD ----------

  /** The unit's employees on the period's last day who have a rater, and the state of each one's appraisal. */
  async unitAppraisals(opdId: string, period: Period): Promise<Array<{ nip: Nip; state: AppraisalState }>> {
    const lastDay = lastDayOf(period);
    const h = await this.people.org.current();
    const nips = employeesOfOpd(opdId, lastDay, h).filter((nip) => supervisorOf(nip, lastDay, h) !== undefined);
    const out: Array<{ nip: Nip; state: AppraisalState }> = [];
    for (const nip of nips) out.push({ nip, state: (await this.appraisal(nip, period)).state });
    return out;
  }

  /** The distribution beside the curve: what the head of the unit sees before issuing. */
  async distribution(opdId: string, period: Period, by: Actor, now: Instant) {
    const { policy, policyVersion } = await this.policyFor(period);
    await this.people.authorize(by, 'appraisal.distribution', { kind: 'unit', opdId }, now);
    const [unit, cal] = await Promise.all([this.unitAppraisals(opdId, period), this.calibration(opdId, period)]);
    return unitDistribution({ opdId, period, policy, policyVersion, appraisals: unit, calibration: cal });
  }

  async setOrganisationResult(
    opdId: string,
    period: Period,
    body: Pick<SetOrganisationResult, 'result' | 'reason'>,
    by: Actor,
    now: Instant,
    ctx: RequestContext,
  ) {
    const { policyVersion } = await this.policyFor(period);
    const via = await this.people.authorize(by, 'appraisal.organisationResult', { kind: 'unit', opdId }, now);
    return handleCommand(
      this.store,
      calibrationStreamId(opdId, period),
      calibrationDecider,
      { type: 'SetOrganisationResult', opdId, period, ...body, by, now },
      { ...ctx, actor: by, role: via, policyVersion },
    );
  }

  async justify(opdId: string, period: Period, justification: string, by: Actor, now: Instant, ctx: RequestContext) {
    const { policy, policyVersion } = await this.policyFor(period);
    const via = await this.people.authorize(by, 'appraisal.issue', { kind: 'unit', opdId }, now);
    const counts = countPredikat(
      (await this.unitAppraisals(opdId, period)).flatMap((u) => (u.state.status === 'DRAFT' ? [u.state.predikat] : [])),
    );
    return handleCommand(
      this.store,
      calibrationStreamId(opdId, period),
      calibrationDecider,
      { type: 'JustifyDistribution', opdId, period, justification, counts, policy, by, now },
      { ...ctx, actor: by, role: via, policyVersion },
    );
  }

  /**
   * Issues the unit's rated appraisals after the curve check: one event on the unit's stream, then
   * one per appraisal with an idempotent id. A retry after a crash between the two (with or
   * without the same Idempotency-Key) finds the unit issued and completes the appraisals it names;
   * nothing is issued twice. Once all are issued, issuing again is PERIOD_CLOSED. Returns the unit's
   * issue for the fan-out (which the handler runs through the CommandBus) and the answer.
   */
  async issueUnit(opdId: string, period: Period, by: Actor, now: Instant, ctx: RequestContext) {
    const { policy, policyVersion } = await this.policyFor(period);
    const via = await this.people.authorize(by, 'appraisal.issue', { kind: 'unit', opdId }, now);
    const calibrationId = calibrationStreamId(opdId, period);
    const cal = await this.calibration(opdId, period);
    let issued: UnitAppraisalsIssued['data'];
    let version: number;
    if (cal.issued && !ctx.idempotencyKey && !(await this.issuePending(cal.issued.nips, period)))
      throw conflict('PERIOD_CLOSED', `the appraisals of ${opdId} for ${period} are issued`, {
        opdId,
        period,
        issuedOn: cal.issued.issuedOn,
      });
    if (!cal.issued) {
      const unit = await this.unitAppraisals(opdId, period);
      const r = await handleCommand(
        this.store,
        calibrationId,
        calibrationDecider,
        {
          type: 'IssueUnitAppraisals',
          opdId,
          period,
          drafts: unit.flatMap((u) => (u.state.status === 'DRAFT' ? [{ nip: u.nip, predikat: u.state.predikat }] : [])),
          unrated: unit.filter((u) => u.state.status === 'NONE').map((u) => u.nip),
          issuedOn: localDateOf(now, this.timeZone),
          policy,
          policyVersion,
          by,
          now,
        },
        { ...ctx, actor: by, role: via, policyVersion },
      );
      version = r.version;
      issued = (r.events[0] as UnitAppraisalsIssued).data;
    } else {
      issued = cal.issued;
      version = await this.store.streamVersion(calibrationId);
    }
    const issue: UnitIssue = {
      calibrationId,
      issued,
      policy,
      policyVersion,
      timeZone: this.timeZone,
      by,
      role: via,
      now,
      ...(ctx.requestId ? { requestId: ctx.requestId } : {}),
    };
    const answer = {
      streamId: calibrationId,
      version,
      opdId,
      period,
      issuedOn: issued.issuedOn,
      issued: issued.nips.length,
      withinCurve: issued.withinCurve,
      justification: issued.justification,
    };
    return { issue, answer };
  }

  /** Whether an appraisal the unit's issue names is still a draft (the fan-out was cut short). */
  private async issuePending(nips: readonly Nip[], period: Period): Promise<boolean> {
    for (const nip of nips) if ((await this.appraisal(nip, period)).state.status === 'DRAFT') return true;
    return false;
  }

  // ---------- objections ----------

  async fileObjection(
    nip: Nip,
    period: Period,
    body: Pick<FileObjection, 'reasons' | 'evidence'>,
    by: Actor,
    now: Instant,
    ctx: RequestContext,
  ) {
    assertPeriod(period);
    const via = await this.people.authorize(by, 'objection.file', { kind: 'employee', nip }, now);
    const r = await handleCommand(
      this.store,
      appraisalStreamId(nip, period),
      appraisalDecider,
      { type: 'FileObjection', nip, period, ...body, uploadedFiles: await this.uploadedFiles(body.evidence), by, now },
      { ...ctx, actor: by, role: via },
    );
    await this.deps.processes.startDeadlines(r.events);
    return r;
  }

  /** The files named as evidence that were uploaded (their stream records who uploaded them); the edge checked each hash's form. */
  private async uploadedFiles(evidence: readonly EvidenceItem[] = []): Promise<string[]> {
    const found: string[] = [];
    for (const e of evidence)
      if (e.kind === 'FILE' && (await this.store.streamVersion(evidenceStreamId(e.sha256))) >= 0) found.push(e.sha256);
    return found;
  }

  /** RHK ids of the plan in force for the period's year. */
  private async planResultIds(nip: Nip, period: Period): Promise<string[]> {
    const plan = versionInForce(await this.planning.workPlan(nip, yearOf(period)));
    return plan ? plan.results.map((r) => r.resultId) : [];
  }

  /** Only the atasan pejabat penilai recorded at the issue decides; the decider checks it, whatever today's org chart says. */
  async decideObjection(
    nip: Nip,
    period: Period,
    body: Pick<DecideObjection, 'outcome' | 'reasons' | 'results' | 'behaviour' | 'behaviourValues' | 'resultRatings'>,
    by: Actor,
    now: Instant,
    ctx: RequestContext,
  ) {
    assertPeriod(period);
    const { state } = await this.appraisal(nip, period);
    const objection = 'objection' in state ? state.objection : undefined;
    const decidedAs = objection ? objectionDecidedAs(objection.decider, by) : null;
    // Anyone but the decider recorded at the issue hears the access policy's reason (the rater, a
    // read-only role, not the rater's supervisor on the issue date); the decider then re-checks.
    if (decidedAs === null)
      await this.people.authorize(
        by,
        'objection.decide',
        { kind: 'employee', nip },
        now,
        'issued' in state ? state.issued.issuedOn : lastDayOf(period),
      );
    if (state.status === 'NONE') throw notFound('APPRAISAL_NOT_FOUND', 'no appraisal of the employee for the period', { nip, period });
    const doc = policyByVersion(await this.deps.policies(), state.rated.policyVersion);
    return handleCommand(
      this.store,
      appraisalStreamId(nip, period),
      appraisalDecider,
      {
        type: 'DecideObjection',
        nip,
        period,
        ...body,
        matrix: appraisalPolicyOf(doc).matrix,
        knownResultIds: await this.planResultIds(nip, period),
        followUp: await this.followUpFacts(nip, period),
        by,
        now,
      },
      {
        ...ctx,
        actor: by,
        role: objection?.decider ? 'raterSupervisor' : 'admin_kepegawaian',
        policyVersion: state.rated.policyVersion,
      },
    );
  }

  // ---------- the timers' commands (idempotent: a retried or doubled job appends nothing twice) ----------

  async closeObjectionWindow(nip: Nip, period: Period, now: Instant = this.deps.clock.now().toISOString()) {
    return handleCommand(
      this.store,
      appraisalStreamId(nip, period),
      appraisalDecider,
      { type: 'CloseObjectionWindow', nip, period, followUp: await this.followUpFacts(nip, period), by: SYSTEM, now },
      { actor: SYSTEM, role: 'system', idempotencyKey: `window-closed:${nip}:${period}` },
    );
  }

  async escalateObjection(nip: Nip, period: Period, now: Instant = this.deps.clock.now().toISOString()) {
    return handleCommand(
      this.store,
      appraisalStreamId(nip, period),
      appraisalDecider,
      { type: 'EscalateObjection', nip, period, by: SYSTEM, now },
      { actor: SYSTEM, role: 'system', idempotencyKey: `escalated:${nip}:${period}` },
    );
  }

  /** The settled predikat around the period, read from the log (not a read model that may lag). */
  async followUpFacts(nip: Nip, period: Period): Promise<FollowUpFacts> {
    const settled = async (p: Period): Promise<Predikat | null> => {
      const { state } = await this.appraisal(nip, p);
      return state.status === 'FINAL' || state.status === 'DECIDED' ? state.predikat : null;
    };
    const previousYear = isLastPeriodOfYear(period) ? await this.yearPredikat(nip, yearOf(period) - 1) : null;
    return { previous: await settled(previousPeriod(period)), next: await settled(nextPeriod(period)), previousYear };
  }

  /**
   * A year's predikat: its last period's as issued or decided in kinerja, whichever length the
   * policy of that year had; for a year before kinerja, the one BKPSDM recorded.
   */
  async yearPredikat(nip: Nip, year: number): Promise<Predikat | null> {
    for (const p of lastPeriodsOfYear(year)) {
      const { state } = await this.appraisal(nip, p);
      if (state.status !== 'NONE' && state.status !== 'DRAFT') return state.predikat;
    }
    return (await readState(this.store, yearPredikatStreamId(nip), yearPredikatDecider)).state[String(year)] ?? null;
  }

  async recordYearPredikat(
    nip: Nip,
    body: Pick<RecordYearPredikat, 'year' | 'predikat' | 'source' | 'reason'>,
    by: Actor,
    now: Instant,
    ctx: RequestContext,
  ) {
    const via = await this.people.authorize(by, 'appraisal.history', { kind: 'employee', nip }, now);
    let appraisedInKinerja = false;
    if (Number.isInteger(body.year))
      for (const p of lastPeriodsOfYear(body.year))
        if ((await this.store.streamVersion(appraisalStreamId(nip, p))) >= 0) appraisedInKinerja = true;
    return handleCommand(
      this.store,
      yearPredikatStreamId(nip),
      yearPredikatDecider,
      {
        type: 'RecordYearPredikat',
        nip,
        ...body,
        appraisedInKinerja,
        currentYear: Number(localDateOf(now, this.timeZone).slice(0, 4)),
        by,
        now,
      },
      { ...ctx, actor: by, role: via, reason: body.reason },
    );
  }

  // ---------- training ----------

  async recordTraining(
    nip: Nip,
    body: Pick<RecordTraining, 'course' | 'hours' | 'completedOn' | 'recommendationId'>,
    by: Actor,
    now: Instant,
    ctx: RequestContext,
  ) {
    const via = await this.people.authorize(by, 'training.record', { kind: 'employee', nip }, now);
    const recommendations: string[] = [];
    const id = body.recommendationId;
    const named = id === undefined ? null : appraisalOfRecommendation(id);
    if (id !== undefined && named?.nip === nip) {
      const events = await this.store.readStream(appraisalStreamId(nip, named.period));
      if (events.some((e) => e.type === 'TrainingRecommended' && (e.data as { recommendationId: string }).recommendationId === id))
        recommendations.push(id);
    }
    return handleCommand<Parameters<typeof trainingDecider.decide>[0], TrainingEvent, ReturnType<typeof trainingDecider.initialState>>(
      this.store,
      trainingStreamId(nip),
      trainingDecider,
      { type: 'RecordTraining', nip, ...body, recommendations, today: localDateOf(now, this.timeZone), by, now },
      { ...ctx, actor: by, role: via },
    );
  }

  /** A timer that fired before its deadline by the clock: it is put back on the queue, not dropped. */
  static firedEarly(e: unknown): boolean {
    return isKinerjaError(e) && (e.code === 'WINDOW_STILL_OPEN' || e.code === 'DECISION_NOT_DUE');
  }
}
