import { Inject } from '@nestjs/common';
import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { conflict, notFound } from '@kinerja/kernel';
import {
  appraisalDecider,
  appraisalStreamId,
  assertPeriod,
  calibrationDecider,
  calibrationStreamId,
  countPredikat,
  lastDayOf,
  objectionDecidedAs,
  trainingDecider,
  trainingStreamId,
  UnitAppraisalsIssued,
  yearPredikatDecider,
  yearPredikatStreamId,
} from '@kinerja/domain/appraisal';
import { opdOfEmployee, supervisorOf } from '@kinerja/domain/organisation';
import { appraisalPolicyOf, policyByVersion } from '@kinerja/policies';
import { handleCommand } from '../command-handler';
import { AppraisalHandler, SYSTEM } from './base';
import {
  DecideAppraisalObjection,
  EscalateOverdueObjection,
  FinaliseAppraisal,
  FileAppraisalObjection,
  IssueEmployeeAppraisal,
  IssueUnitAppraisals,
  JustifyDistribution,
  RateEmployee,
  RecordOrganisationResult,
  RecordTraining,
  RecordYearPredikat,
  UnitIssueAnswer,
} from './commands';
import { APPRAISAL_QUERY_HANDLERS } from './queries';

// One handler per command of the appraisal area: authorise (the one access policy), look up the facts
// the decider needs (through AppraisalReads, which only reads), decide and append through
// `handleCommand`, with "now" from the injected Clock. The query handlers are in queries.ts.

@CommandHandler(RateEmployee)
export class RateEmployeeHandler extends AppraisalHandler implements ICommandHandler<RateEmployee> {
  async execute({ nip, period, rating, actor, ctx }: RateEmployee) {
    const now = this.now();
    const { policy, policyVersion } = await this.appraisals.policyFor(period);
    const lastDay = lastDayOf(period);
    // The rater is the supervisor on the period's last day, whoever supervises today.
    const via = await this.people.authorize(actor, 'appraisal.rate', { kind: 'employee', nip }, now, lastDay);
    const h = await this.people.org.current();
    const sup = supervisorOf(nip, lastDay, h);
    const r = await handleCommand(
      this.store,
      appraisalStreamId(nip, period),
      appraisalDecider,
      {
        ...rating,
        nip,
        period,
        by: actor,
        now,
        type: 'RateAppraisal',
        facts: {
          opdId: opdOfEmployee(nip, lastDay, h) ?? null,
          rater: sup ? { nip: sup.nip, positionId: sup.positionId } : null,
          periodEnded: this.localToday(now) >= lastDay,
          knownResultIds: await this.appraisals.planResultIds(nip, period),
          policy,
          policyVersion,
        },
      },
      { ...ctx, actor, role: via, policyVersion },
    );
    const rated = r.events.find((e) => e.type === 'AppraisalRated');
    return { ...r, predikat: rated?.type === 'AppraisalRated' ? rated.data.predikat : null };
  }
}

@CommandHandler(FileAppraisalObjection)
export class FileAppraisalObjectionHandler extends AppraisalHandler implements ICommandHandler<FileAppraisalObjection> {
  async execute({ nip, period, objection, actor, ctx }: FileAppraisalObjection) {
    const now = this.now();
    assertPeriod(period);
    const via = await this.people.authorize(actor, 'objection.file', { kind: 'employee', nip }, now);
    const uploadedFiles = await this.appraisals.uploadedFiles(objection.evidence);
    const r = await handleCommand(
      this.store,
      appraisalStreamId(nip, period),
      appraisalDecider,
      { type: 'FileObjection', nip, period, ...objection, uploadedFiles, by: actor, now },
      { ...ctx, actor, role: via },
    );
    await this.appraisals.deps.processes.startDeadlines(r.events);
    return r;
  }
}

/** Only the atasan pejabat penilai recorded at the issue decides; the decider checks it, whatever today's org chart says. */
@CommandHandler(DecideAppraisalObjection)
export class DecideAppraisalObjectionHandler extends AppraisalHandler implements ICommandHandler<DecideAppraisalObjection> {
  async execute({ nip, period, decision, actor, ctx }: DecideAppraisalObjection) {
    const now = this.now();
    assertPeriod(period);
    const { state } = await this.appraisals.appraisal(nip, period);
    const objection = 'objection' in state ? state.objection : undefined;
    const decidedAs = objection ? objectionDecidedAs(objection.decider, actor) : null;
    // Anyone but the decider recorded at the issue hears the access policy's reason (the rater, a
    // read-only role, not the rater's supervisor on the issue date); the decider then re-checks.
    if (decidedAs === null)
      await this.people.authorize(
        actor,
        'objection.decide',
        { kind: 'employee', nip },
        now,
        'issued' in state ? state.issued.issuedOn : lastDayOf(period),
      );
    if (state.status === 'NONE') throw notFound('APPRAISAL_NOT_FOUND', 'no appraisal of the employee for the period', { nip, period });
    const doc = policyByVersion(await this.appraisals.deps.policies(), state.rated.policyVersion);
    return handleCommand(
      this.store,
      appraisalStreamId(nip, period),
      appraisalDecider,
      {
        type: 'DecideObjection',
        nip,
        period,
        ...decision,
        matrix: appraisalPolicyOf(doc).matrix,
        knownResultIds: await this.appraisals.planResultIds(nip, period),
        followUp: await this.appraisals.followUpFacts(nip, period),
        by: actor,
        now,
      },
      {
        ...ctx,
        actor,
        role: objection?.decider ? 'raterSupervisor' : 'admin_kepegawaian',
        policyVersion: state.rated.policyVersion,
      },
    );
  }
}

@CommandHandler(RecordOrganisationResult)
export class RecordOrganisationResultHandler extends AppraisalHandler implements ICommandHandler<RecordOrganisationResult> {
  async execute({ opdId, period, result, actor, ctx }: RecordOrganisationResult) {
    const now = this.now();
    const { policyVersion } = await this.appraisals.policyFor(period);
    const via = await this.people.authorize(actor, 'appraisal.organisationResult', { kind: 'unit', opdId }, now);
    return handleCommand(
      this.store,
      calibrationStreamId(opdId, period),
      calibrationDecider,
      { type: 'SetOrganisationResult', opdId, period, ...result, by: actor, now },
      { ...ctx, actor, role: via, policyVersion },
    );
  }
}

@CommandHandler(JustifyDistribution)
export class JustifyDistributionHandler extends AppraisalHandler implements ICommandHandler<JustifyDistribution> {
  async execute({ opdId, period, justification, actor, ctx }: JustifyDistribution) {
    const now = this.now();
    const { policy, policyVersion } = await this.appraisals.policyFor(period);
    const via = await this.people.authorize(actor, 'appraisal.issue', { kind: 'unit', opdId }, now);
    const counts = countPredikat(
      (await this.appraisals.unitAppraisals(opdId, period)).flatMap((u) => (u.state.status === 'DRAFT' ? [u.state.predikat] : [])),
    );
    return handleCommand(
      this.store,
      calibrationStreamId(opdId, period),
      calibrationDecider,
      { type: 'JustifyDistribution', opdId, period, justification, counts, policy, by: actor, now },
      { ...ctx, actor, role: via, policyVersion },
    );
  }
}

/**
 * Issues the unit's rated appraisals after the curve check: one event on the unit's stream, then the
 * fan-out (libs/workflows) sends one IssueEmployeeAppraisal per appraisal on the CommandBus, keyed by
 * the unit's issue. A retry after a crash between the two (with or without the same Idempotency-Key)
 * finds the unit issued and completes the appraisals it names; nothing is issued twice. Once all are
 * issued, issuing again is PERIOD_CLOSED.
 */
@CommandHandler(IssueUnitAppraisals)
export class IssueUnitAppraisalsHandler extends AppraisalHandler implements ICommandHandler<IssueUnitAppraisals> {
  @Inject(CommandBus) private readonly commands!: CommandBus;

  async execute({ opdId, period, actor, ctx }: IssueUnitAppraisals): Promise<UnitIssueAnswer> {
    const now = this.now();
    const { policy, policyVersion } = await this.appraisals.policyFor(period);
    const via = await this.people.authorize(actor, 'appraisal.issue', { kind: 'unit', opdId }, now);
    const calibrationId = calibrationStreamId(opdId, period);
    const cal = await this.appraisals.calibration(opdId, period);
    if (cal.issued && !ctx.idempotencyKey && !(await this.appraisals.issuePending(cal.issued.nips, period)))
      throw conflict('PERIOD_CLOSED', `the appraisals of ${opdId} for ${period} are issued`, {
        opdId,
        period,
        issuedOn: cal.issued.issuedOn,
      });
    let issued: UnitAppraisalsIssued['data'];
    let version: number;
    if (!cal.issued) {
      const unit = await this.appraisals.unitAppraisals(opdId, period);
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
          issuedOn: this.localToday(now),
          policy,
          policyVersion,
          by: actor,
          now,
        },
        { ...ctx, actor, role: via, policyVersion },
      );
      version = r.version;
      issued = (r.events[0] as UnitAppraisalsIssued).data;
    } else {
      issued = cal.issued;
      version = await this.store.streamVersion(calibrationId);
    }
    await this.appraisals.deps.processes.fanOutIssue(this.appraisals, this.commands, {
      calibrationId,
      issued,
      policy,
      policyVersion,
      timeZone: this.appraisals.timeZone,
      by: actor,
      role: via,
      now,
      ...(ctx.requestId ? { requestId: ctx.requestId } : {}),
    });
    return {
      streamId: calibrationId,
      version,
      opdId,
      period,
      issuedOn: issued.issuedOn,
      issued: issued.nips.length,
      withinCurve: issued.withinCurve,
      justification: issued.justification,
    };
  }
}

@CommandHandler(IssueEmployeeAppraisal)
export class IssueEmployeeAppraisalHandler extends AppraisalHandler implements ICommandHandler<IssueEmployeeAppraisal> {
  async execute({ command, ctx }: IssueEmployeeAppraisal) {
    const r = await handleCommand(this.store, appraisalStreamId(command.nip, command.period), appraisalDecider, command, ctx);
    await this.appraisals.deps.processes.startDeadlines(r.events);
    return r;
  }
}

@CommandHandler(RecordTraining)
export class RecordTrainingHandler extends AppraisalHandler implements ICommandHandler<RecordTraining> {
  async execute({ nip, training, actor, ctx }: RecordTraining) {
    const now = this.now();
    const via = await this.people.authorize(actor, 'training.record', { kind: 'employee', nip }, now);
    const recommendations = await this.appraisals.recommendationsNamed(nip, training.recommendationId);
    return handleCommand(
      this.store,
      trainingStreamId(nip),
      trainingDecider,
      { type: 'RecordTraining', nip, ...training, recommendations, today: this.localToday(now), by: actor, now },
      { ...ctx, actor, role: via },
    );
  }
}

@CommandHandler(RecordYearPredikat)
export class RecordYearPredikatHandler extends AppraisalHandler implements ICommandHandler<RecordYearPredikat> {
  async execute({ nip, record, actor, ctx }: RecordYearPredikat) {
    const now = this.now();
    const via = await this.people.authorize(actor, 'appraisal.history', { kind: 'employee', nip }, now);
    return handleCommand(
      this.store,
      yearPredikatStreamId(nip),
      yearPredikatDecider,
      {
        type: 'RecordYearPredikat',
        nip,
        ...record,
        appraisedInKinerja: await this.appraisals.appraisedInKinerja(nip, record.year),
        currentYear: Number(this.localToday(now).slice(0, 4)),
        by: actor,
        now,
      },
      { ...ctx, actor, role: via, reason: record.reason },
    );
  }
}

// The timers' commands: idempotent, so a retried or doubled job appends nothing twice.

@CommandHandler(FinaliseAppraisal)
export class FinaliseAppraisalHandler extends AppraisalHandler implements ICommandHandler<FinaliseAppraisal> {
  async execute({ nip, period }: FinaliseAppraisal) {
    const followUp = await this.appraisals.followUpFacts(nip, period);
    return handleCommand(
      this.store,
      appraisalStreamId(nip, period),
      appraisalDecider,
      { type: 'CloseObjectionWindow', nip, period, followUp, by: SYSTEM, now: this.now() },
      { actor: SYSTEM, role: 'system', idempotencyKey: `window-closed:${nip}:${period}` },
    );
  }
}

@CommandHandler(EscalateOverdueObjection)
export class EscalateOverdueObjectionHandler extends AppraisalHandler implements ICommandHandler<EscalateOverdueObjection> {
  execute({ nip, period }: EscalateOverdueObjection) {
    return handleCommand(
      this.store,
      appraisalStreamId(nip, period),
      appraisalDecider,
      { type: 'EscalateObjection', nip, period, by: SYSTEM, now: this.now() },
      { actor: SYSTEM, role: 'system', idempotencyKey: `escalated:${nip}:${period}` },
    );
  }
}

export const APPRAISAL_HANDLERS = [
  RateEmployeeHandler,
  FileAppraisalObjectionHandler,
  DecideAppraisalObjectionHandler,
  RecordOrganisationResultHandler,
  JustifyDistributionHandler,
  IssueUnitAppraisalsHandler,
  IssueEmployeeAppraisalHandler,
  RecordTrainingHandler,
  RecordYearPredikatHandler,
  FinaliseAppraisalHandler,
  EscalateOverdueObjectionHandler,
  ...APPRAISAL_QUERY_HANDLERS,
];
