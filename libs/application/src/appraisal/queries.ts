import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { notFound } from '@kinerja/kernel';
import { appraisalStreamId, assertPeriod, lastDayOf, unitDistribution } from '@kinerja/domain/appraisal';
import {
  pageOf,
  appraisalLedgerRowOf,
  appraisalPeriodsOf,
  appraisalOf,
  appraisalsOf,
  competenceHours,
  escalatedObjections,
  namesOf,
  openTrainingRecommendations,
  promotionEligibility,
  promotionEligibilityList,
  rewardList,
  sanctionCases,
  trainingRecommendationsOf,
  unitCalibration,
  unitLedger,
  yearPredikatHistory,
} from '@kinerja/projections';
import { AppraisalHandler } from './base';
import { ReadAudit } from '../audit/reads';
import { asOfMoment } from '../audit/as-of';
import {
  GetAppraisal,
  GetAppraisalLedger,
  GetAppraisalRules,
  GetDistribution,
  GetEmployeeFollowUp,
  GetFollowUpList,
  GetTeamAppraisals,
  GetUnitAppraisals,
} from './commands';

// One handler per query of the appraisal area: authorise, then read the appraisal read models (the
// distribution is computed from the log, as the head must see it before issuing).

/** The distribution beside the curve: what the head of the unit sees before issuing. */
@QueryHandler(GetDistribution)
export class GetDistributionHandler extends AppraisalHandler implements IQueryHandler<GetDistribution> {
  async execute({ opdId, period, actor }: GetDistribution) {
    const { policy, policyVersion } = await this.appraisals.policyFor(period);
    await this.people.authorize(actor, 'appraisal.distribution', { kind: 'unit', opdId }, this.now());
    const [unit, cal] = await Promise.all([this.appraisals.unitAppraisals(opdId, period), this.appraisals.calibration(opdId, period)]);
    return unitDistribution({ opdId, period, policy, policyVersion, appraisals: unit, calibration: cal });
  }
}

@QueryHandler(GetAppraisalLedger)
export class GetAppraisalLedgerHandler extends AppraisalHandler implements IQueryHandler<GetAppraisalLedger> {
  @Inject(ReadAudit) private readonly reads!: ReadAudit;

  async execute({ nip, year, page, actor, read, asOf }: GetAppraisalLedger) {
    const now = this.now();
    const at = asOfMoment(asOf, now);
    const via = await this.people.authorize(actor, 'appraisal.view', { kind: 'employee', nip }, now);
    const appraisals = at ? await this.asOf(nip, year, page, at) : await appraisalsOf(this.db, nip, year, page);
    await this.reads.record(actor, via, nip, 'appraisal.ledger', year === undefined ? null : String(year), read);
    return { nip, ...page, appraisals };
  }

  /** As of a moment: each period's stream read up to it and folded as the projection folds it. */
  private async asOf(nip: string, year: number | undefined, page: GetAppraisalLedger['page'], at: Date) {
    const { limit, offset } = pageOf(page);
    const periods = await appraisalPeriodsOf(this.db, nip, year);
    const rows = await Promise.all(
      periods.map(async (p) => appraisalLedgerRowOf(await this.store.readStream(appraisalStreamId(nip, p), { asOf: at }))),
    );
    return rows.filter((r) => r !== null).slice(offset, offset + limit);
  }
}

@QueryHandler(GetAppraisal)
export class GetAppraisalHandler extends AppraisalHandler implements IQueryHandler<GetAppraisal> {
  @Inject(ReadAudit) private readonly reads!: ReadAudit;

  async execute({ nip, period, actor, read, asOf }: GetAppraisal) {
    const now = this.now();
    const at = asOfMoment(asOf, now);
    const via = await this.people.authorize(actor, 'appraisal.view', { kind: 'employee', nip }, now);
    const row = at
      ? appraisalLedgerRowOf(await this.store.readStream(appraisalStreamId(nip, period), { asOf: at }))
      : await appraisalOf(this.db, nip, period);
    if (!row)
      throw notFound('APPRAISAL_NOT_FOUND', 'no appraisal of the employee for the period', { nip, period, ...(asOf ? { asOf } : {}) });
    await this.reads.record(actor, via, nip, 'appraisal.period', period, read);
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
  async execute({ list, page, actor, period, year }: GetFollowUpList) {
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
      case 'promotion-eligibility':
        return { ...page, eligibility: await promotionEligibilityList(this.db, year, page) };
    }
  }
}

/** The rules a rater and a decider rate by (public to every signed-in user: a Perkada is public). */
@QueryHandler(GetAppraisalRules)
export class GetAppraisalRulesHandler extends AppraisalHandler implements IQueryHandler<GetAppraisalRules> {
  async execute({ period }: GetAppraisalRules) {
    const { policy, policyVersion } = await this.appraisals.policyFor(period);
    return {
      period,
      policyVersion,
      periodLength: policy.period,
      matrix: policy.matrix,
      objectionWindowDays: policy.objectionWindowDays,
      decisionDays: policy.decisionDays,
    };
  }
}

/**
 * Whom the signed-in person rates for a period: their direct reports on its last day (the rater is
 * the supervisor on that day), each with the appraisal as the ledger holds it. Only one's own team,
 * so no other access check; an account without a NIP has none.
 */
@QueryHandler(GetTeamAppraisals)
export class GetTeamAppraisalsHandler extends AppraisalHandler implements IQueryHandler<GetTeamAppraisals> {
  async execute({ period, actor }: GetTeamAppraisals) {
    assertPeriod(period);
    await this.appraisals.policyFor(period);
    const lastDay = lastDayOf(period);
    const periodEnded = this.localToday(this.now()) >= lastDay;
    const nips = actor.nip ? await this.people.org.directReportsOf(actor.nip, lastDay) : [];
    const [names, rows] = await Promise.all([namesOf(this.db, nips), Promise.all(nips.map((nip) => appraisalOf(this.db, nip, period)))]);
    const team = nips
      .map((nip, i) => ({ nip, name: names.get(nip) ?? null, appraisal: rows[i] }))
      .sort((a, b) => (a.name ?? a.nip).localeCompare(b.name ?? b.nip, 'id'));
    return { period, lastDay, periodEnded, team };
  }
}

export const APPRAISAL_QUERY_HANDLERS = [
  GetAppraisalRulesHandler,
  GetTeamAppraisalsHandler,
  GetDistributionHandler,
  GetAppraisalLedgerHandler,
  GetAppraisalHandler,
  GetUnitAppraisalsHandler,
  GetEmployeeFollowUpHandler,
  GetFollowUpListHandler,
];
