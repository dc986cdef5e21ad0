import { Inject } from '@nestjs/common';
import { CommandBus, CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { notFound } from '@kinerja/kernel';
import { appraisalDecider, appraisalStreamId } from '@kinerja/domain/appraisal';
import {
  appraisalOf,
  appraisalsOf,
  competenceHours,
  escalatedObjections,
  openTrainingRecommendations,
  promotionEligibility,
  rewardList,
  sanctionCases,
  trainingRecommendationsOf,
  unitCalibration,
  unitLedger,
  yearPredikatHistory,
} from '@kinerja/projections';
import { ApplicationHandler } from '../handler';
import { handleCommand } from '../command-handler';
import { AppraisalService } from './service';
import {
  DecideAppraisalObjection,
  EscalateOverdueObjection,
  FinaliseAppraisal,
  FileAppraisalObjection,
  GetAppraisal,
  GetAppraisalLedger,
  GetDistribution,
  GetEmployeeFollowUp,
  GetFollowUpList,
  GetUnitAppraisals,
  IssueEmployeeAppraisal,
  IssueUnitAppraisals,
  JustifyDistribution,
  RateEmployee,
  RecordOrganisationResult,
  RecordTraining,
  RecordYearPredikat,
} from './commands';

// One handler per command or query of the appraisal area. A command handler hands the typed input
// with "now" from the injected Clock to AppraisalService, which authorises (the one access policy),
// loads the facts, decides and appends through `handleCommand`; a query handler authorises and
// reads the appraisal read models.

abstract class AppraisalHandler extends ApplicationHandler {
  constructor(@Inject(AppraisalService) protected readonly appraisals: AppraisalService) {
    super();
  }

  protected get people() {
    return this.appraisals.planning.people;
  }
}

@CommandHandler(RateEmployee)
export class RateEmployeeHandler extends AppraisalHandler implements ICommandHandler<RateEmployee> {
  async execute({ nip, period, rating, actor, ctx }: RateEmployee) {
    const r = await this.appraisals.rate({ ...rating, nip, period, by: actor, now: this.now() }, ctx);
    const rated = r.events.find((e) => e.type === 'AppraisalRated');
    return { ...r, predikat: rated?.type === 'AppraisalRated' ? rated.data.predikat : null };
  }
}

@CommandHandler(FileAppraisalObjection)
export class FileAppraisalObjectionHandler extends AppraisalHandler implements ICommandHandler<FileAppraisalObjection> {
  execute({ nip, period, objection, actor, ctx }: FileAppraisalObjection) {
    return this.appraisals.fileObjection(nip, period, objection, actor, this.now(), ctx);
  }
}

@CommandHandler(DecideAppraisalObjection)
export class DecideAppraisalObjectionHandler extends AppraisalHandler implements ICommandHandler<DecideAppraisalObjection> {
  execute({ nip, period, decision, actor, ctx }: DecideAppraisalObjection) {
    return this.appraisals.decideObjection(nip, period, decision, actor, this.now(), ctx);
  }
}

@CommandHandler(RecordOrganisationResult)
export class RecordOrganisationResultHandler extends AppraisalHandler implements ICommandHandler<RecordOrganisationResult> {
  execute({ opdId, period, result, actor, ctx }: RecordOrganisationResult) {
    return this.appraisals.setOrganisationResult(opdId, period, result, actor, this.now(), ctx);
  }
}

@CommandHandler(JustifyDistribution)
export class JustifyDistributionHandler extends AppraisalHandler implements ICommandHandler<JustifyDistribution> {
  execute({ opdId, period, justification, actor, ctx }: JustifyDistribution) {
    return this.appraisals.justify(opdId, period, justification, actor, this.now(), ctx);
  }
}

@CommandHandler(IssueUnitAppraisals)
export class IssueUnitAppraisalsHandler extends AppraisalHandler implements ICommandHandler<IssueUnitAppraisals> {
  @Inject(CommandBus) private readonly commands!: CommandBus;

  async execute({ opdId, period, actor, ctx }: IssueUnitAppraisals) {
    const { issue, answer } = await this.appraisals.issueUnit(opdId, period, actor, this.now(), ctx);
    // The fan-out sends one IssueEmployeeAppraisal per employee on this bus (libs/workflows).
    await this.appraisals.deps.processes.fanOutIssue(this.appraisals, this.commands, issue);
    return answer;
  }
}

@CommandHandler(IssueEmployeeAppraisal)
export class IssueEmployeeAppraisalHandler extends AppraisalHandler implements ICommandHandler<IssueEmployeeAppraisal> {
  async execute({ command, ctx }: IssueEmployeeAppraisal) {
    const r = await handleCommand(this.appraisals.store, appraisalStreamId(command.nip, command.period), appraisalDecider, command, ctx);
    await this.appraisals.deps.processes.startDeadlines(r.events);
    return r;
  }
}

@CommandHandler(RecordTraining)
export class RecordTrainingHandler extends AppraisalHandler implements ICommandHandler<RecordTraining> {
  execute({ nip, training, actor, ctx }: RecordTraining) {
    return this.appraisals.recordTraining(nip, training, actor, this.now(), ctx);
  }
}

@CommandHandler(RecordYearPredikat)
export class RecordYearPredikatHandler extends AppraisalHandler implements ICommandHandler<RecordYearPredikat> {
  execute({ nip, record, actor, ctx }: RecordYearPredikat) {
    return this.appraisals.recordYearPredikat(nip, record, actor, this.now(), ctx);
  }
}

@CommandHandler(FinaliseAppraisal)
export class FinaliseAppraisalHandler extends AppraisalHandler implements ICommandHandler<FinaliseAppraisal> {
  execute({ nip, period }: FinaliseAppraisal) {
    return this.appraisals.closeObjectionWindow(nip, period, this.now());
  }
}

@CommandHandler(EscalateOverdueObjection)
export class EscalateOverdueObjectionHandler extends AppraisalHandler implements ICommandHandler<EscalateOverdueObjection> {
  execute({ nip, period }: EscalateOverdueObjection) {
    return this.appraisals.escalateObjection(nip, period, this.now());
  }
}

@QueryHandler(GetDistribution)
export class GetDistributionHandler extends AppraisalHandler implements IQueryHandler<GetDistribution> {
  execute({ opdId, period, actor }: GetDistribution) {
    return this.appraisals.distribution(opdId, period, actor, this.now());
  }
}

@QueryHandler(GetAppraisalLedger)
export class GetAppraisalLedgerHandler extends AppraisalHandler implements IQueryHandler<GetAppraisalLedger> {
  async execute({ nip, year, page, actor }: GetAppraisalLedger) {
    await this.people.authorize(actor, 'appraisal.view', { kind: 'employee', nip }, this.now());
    return { nip, ...page, appraisals: await appraisalsOf(this.db, nip, year, page) };
  }
}

@QueryHandler(GetAppraisal)
export class GetAppraisalHandler extends AppraisalHandler implements IQueryHandler<GetAppraisal> {
  async execute({ nip, period, actor }: GetAppraisal) {
    await this.people.authorize(actor, 'appraisal.view', { kind: 'employee', nip }, this.now());
    const row = await appraisalOf(this.db, nip, period);
    if (!row) throw notFound('APPRAISAL_NOT_FOUND', 'no appraisal of the employee for the period', { nip, period });
    return row;
  }
}

@QueryHandler(GetUnitAppraisals)
export class GetUnitAppraisalsHandler extends AppraisalHandler implements IQueryHandler<GetUnitAppraisals> {
  async execute({ opdId, period, page, actor }: GetUnitAppraisals) {
    await this.people.authorize(actor, 'appraisal.distribution', { kind: 'unit', opdId }, this.now());
    return {
      opdId,
      period,
      calibration: await unitCalibration(this.db, opdId, period),
      ...page,
      appraisals: await unitLedger(this.db, opdId, period, page),
    };
  }
}

@QueryHandler(GetEmployeeFollowUp)
export class GetEmployeeFollowUpHandler extends AppraisalHandler implements IQueryHandler<GetEmployeeFollowUp> {
  async execute({ nip, year: asked, actor }: GetEmployeeFollowUp) {
    const now = this.now();
    await this.people.authorize(actor, 'appraisal.view', { kind: 'employee', nip }, now);
    const year = asked ?? Number(now.slice(0, 4));
    const [recommendations, hours, promotion, history] = await Promise.all([
      trainingRecommendationsOf(this.db, nip),
      competenceHours(this.db, nip, year),
      promotionEligibility(this.db, nip),
      yearPredikatHistory(this.db, nip),
    ]);
    return {
      nip,
      trainingRecommendations: recommendations,
      competenceDevelopment: hours,
      promotionEligibility: promotion,
      yearPredikatBeforeKinerja: history,
    };
  }
}

@QueryHandler(GetFollowUpList)
export class GetFollowUpListHandler extends AppraisalHandler implements IQueryHandler<GetFollowUpList> {
  async execute({ list, page, actor, period }: GetFollowUpList) {
    await this.people.authorize(actor, 'followup.view', { kind: 'organisation' }, this.now());
    switch (list) {
      case 'rewards':
        return { ...page, rewards: await rewardList(this.db, period, page) };
      case 'sanction-cases':
        return { ...page, cases: await sanctionCases(this.db, page) };
      case 'training-recommendations':
        return { ...page, recommendations: await openTrainingRecommendations(this.db, page) };
      case 'escalated-objections':
        return { ...page, objections: await escalatedObjections(this.db, page) };
    }
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
  GetDistributionHandler,
  GetAppraisalLedgerHandler,
  GetAppraisalHandler,
  GetUnitAppraisalsHandler,
  GetEmployeeFollowUpHandler,
  GetFollowUpListHandler,
];
