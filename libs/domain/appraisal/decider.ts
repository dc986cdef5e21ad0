import { badInput, conflict, Decider, domainError, forbidden, Instant, Nip, notFound } from '@kinerja/kernel';
import { RATINGS, type AppraisalPolicy, type Predikat, type Rating } from '@kinerja/policies';
import { localDateOf } from '../shared';
import { holdsRole } from '../access';
import type { AppraisalCommand, DecideObjection, FollowUpFacts, RatingInput } from './commands';
import {
  AppraisalEvent,
  AppraisalIssued,
  AppraisalRated,
  BEHAVIOUR_VALUES,
  BehaviourValue,
  FollowUpEvent,
  ObjectionDecided,
  ObjectionEvidence,
  ObjectionFiled,
  objectionIdOf,
  Ratings,
} from './events';
import { written } from './written';
import { addDays, assertPeriod, endOfLocalDay, isLastPeriodOfYear, nextPeriod, Period, previousPeriod, yearOf } from './period';

/** draft -> issued -> (objected -> decided) | final. Decided is final too: the decision is not appealed here. */
export type AppraisalStatus = 'NONE' | 'DRAFT' | 'ISSUED' | 'OBJECTED' | 'DECIDED' | 'FINAL';

export interface AppraisalState {
  status: AppraisalStatus;
  rated?: AppraisalRated['data'];
  issued?: AppraisalIssued['data'];
  objection?: ObjectionFiled['data'] & { escalated: boolean };
  decision?: ObjectionDecided['data'];
  /** The predikat in force: rated, issued, or as decided. */
  predikat?: Predikat;
}

export const initialAppraisalState = (): AppraisalState => ({ status: 'NONE' });

export function evolveAppraisal(s: AppraisalState, e: AppraisalEvent): AppraisalState {
  switch (e.type) {
    case 'AppraisalRated':
      return { ...s, status: 'DRAFT', rated: e.data, predikat: e.data.predikat };
    case 'AppraisalIssued':
      return { ...s, status: 'ISSUED', issued: e.data, predikat: e.data.predikat };
    case 'ObjectionFiled':
      return { ...s, status: 'OBJECTED', objection: { ...e.data, escalated: false } };
    case 'ObjectionEscalated':
      return s.objection ? { ...s, objection: { ...s.objection, escalated: true } } : s;
    case 'ObjectionDecided':
      return { ...s, status: 'DECIDED', decision: e.data, predikat: e.data.predikat };
    case 'AppraisalFinalised':
      return { ...s, status: 'FINAL' };
    default:
      return s;
  }
}

export const isRating = (r: unknown): r is Rating => typeof r === 'string' && (RATINGS as readonly string[]).includes(r);

function rating(value: unknown, field: string): Rating {
  if (!isRating(value)) throw badInput('INVALID_RATING', `${field} is one of ${RATINGS.join(', ')}`, { field, value: value ?? null });
  return value;
}

/** Ratings as sent, checked: each a known value, a written reason for anything not SESUAI, detail only on known values and RHK. */
export function checkRatings(input: RatingInput, knownResultIds: readonly string[]): Ratings {
  const results = rating(input.results, 'results');
  const behaviour = rating(input.behaviour, 'behaviour');
  const reasons: Ratings['reasons'] = {};
  if (results !== 'SESUAI_EKSPEKTASI') reasons.results = written(input.reasons?.results, 'reasons.results');
  if (behaviour !== 'SESUAI_EKSPEKTASI') reasons.behaviour = written(input.reasons?.behaviour, 'reasons.behaviour');
  const behaviourValues: Ratings['behaviourValues'] = {};
  for (const [k, v] of Object.entries(input.behaviourValues ?? {})) {
    if (!(BEHAVIOUR_VALUES as readonly string[]).includes(k))
      throw badInput('INVALID_BEHAVIOUR_VALUE', `a behaviour value is one of ${BEHAVIOUR_VALUES.join(', ')}`, { value: k });
    behaviourValues[k as BehaviourValue] = rating(v, `behaviourValues.${k}`);
  }
  const resultRatings: Ratings['resultRatings'] = [];
  for (const [i, r] of (input.resultRatings ?? []).entries()) {
    if (typeof r?.resultId !== 'string' || !knownResultIds.includes(r.resultId))
      throw badInput('UNKNOWN_RESULT', 'the RHK is not in the plan in force for the year', {
        field: `resultRatings.${i}.resultId`,
        resultId: r?.resultId ?? null,
      });
    if (resultRatings.some((x) => x.resultId === r.resultId))
      throw badInput('DUPLICATE_RESULT', 'an RHK is rated once', { resultId: r.resultId });
    resultRatings.push({ resultId: r.resultId, rating: rating(r.rating, `resultRatings.${i}.rating`) });
  }
  return { results, behaviour, reasons, behaviourValues, resultRatings };
}

export const predikatOf = (matrix: AppraisalPolicy['matrix'], results: Rating, behaviour: Rating): Predikat => matrix[results][behaviour];

const ATLEAST_BAIK: readonly Predikat[] = ['SANGAT_BAIK', 'BAIK'];
const NEEDS_TRAINING: readonly Predikat[] = ['BUTUH_PERBAIKAN', 'KURANG', 'SANGAT_KURANG'];

/**
 * Stage 4, decided when the predikat is settled (window ended, or objection decided): training
 * for BUTUH_PERBAIKAN or worse naming the weakest values and the RHK missed, the rewards list for
 * SANGAT_BAIK, a sanction case after two consecutive SANGAT_KURANG, and at the year's last period
 * the promotion eligibility (at least BAIK in this year and the one before).
 */
export function followUps(
  nip: Nip,
  period: Period,
  predikat: Predikat,
  ratings: Ratings,
  facts: FollowUpFacts,
  at: Instant,
): FollowUpEvent[] {
  const base = { nip, period, at };
  const out: FollowUpEvent[] = [];
  if (NEEDS_TRAINING.includes(predikat)) {
    // The weakest values are those rated below expectation, in the BerAKHLAK order.
    const weakestBehaviours = BEHAVIOUR_VALUES.filter((v) => ratings.behaviourValues[v] === 'DI_BAWAH_EKSPEKTASI');
    const missedResults = ratings.resultRatings.filter((r) => r.rating === 'DI_BAWAH_EKSPEKTASI').map((r) => r.resultId);
    const parts = [
      weakestBehaviours.length
        ? `pengembangan kompetensi perilaku: ${weakestBehaviours.join(', ')}`
        : ratings.behaviour === 'DI_BAWAH_EKSPEKTASI'
          ? 'pengembangan kompetensi perilaku kerja'
          : null,
      missedResults.length
        ? `bimbingan teknis atas RHK: ${missedResults.join(', ')}`
        : ratings.results === 'DI_BAWAH_EKSPEKTASI'
          ? 'bimbingan teknis atas hasil kerja'
          : null,
    ].filter((x): x is string => x !== null);
    out.push({
      type: 'TrainingRecommended',
      data: {
        ...base,
        recommendationId: `TR-${nip}-${period}`,
        predikat,
        weakestBehaviours,
        missedResults,
        proposal: parts.join('; ') || 'pengembangan kompetensi',
      },
    });
  }
  if (predikat === 'SANGAT_BAIK') out.push({ type: 'RewardListed', data: { ...base, predikat } });
  if (predikat === 'SANGAT_KURANG') {
    const pairs: Array<[Period, Period]> = [];
    // Only settled neighbours count; whichever of the two settles last raises the case, once.
    if (facts.previous === 'SANGAT_KURANG') pairs.push([previousPeriod(period), period]);
    if (facts.next === 'SANGAT_KURANG') pairs.push([period, nextPeriod(period)]);
    for (const periods of pairs)
      out.push({ type: 'SanctionCaseFlagged', data: { ...base, caseId: `SK-${nip}-${periods[0]}-${periods[1]}`, periods, to: 'BKPSDM' } });
  }
  if (isLastPeriodOfYear(period)) {
    const year = yearOf(period);
    const eligible = facts.previousYear !== null && ATLEAST_BAIK.includes(facts.previousYear) && ATLEAST_BAIK.includes(predikat);
    out.push({
      type: 'PromotionEligibilityDetermined',
      data: { ...base, year, eligible, yearPredikat: { [String(year - 1)]: facts.previousYear, [String(year)]: predikat } },
    });
  }
  return out;
}

const SHA256 = /^[0-9a-f]{64}$/;
function evidenceOf(value: unknown, uploadedFiles: readonly string[]): ObjectionEvidence[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.length > 20) throw badInput('INVALID_EVIDENCE', 'evidence is a list of at most 20 items', {});
  return value.map((item, i) => {
    if (item?.kind === 'FILE' && typeof item.sha256 === 'string' && SHA256.test(item.sha256)) {
      if (!uploadedFiles.includes(item.sha256))
        throw notFound('EVIDENCE_NOT_FOUND', 'no evidence file with this hash has been uploaded', {
          field: `evidence.${i}`,
          sha256: item.sha256,
        });
      return { kind: 'FILE', sha256: item.sha256 };
    }
    if (item?.kind === 'LINK' && typeof item.url === 'string' && /^https?:\/\/\S+$/.test(item.url) && item.url.length <= 500)
      return { kind: 'LINK', url: item.url };
    throw badInput('INVALID_EVIDENCE', 'an evidence item is { kind: FILE, sha256 } or { kind: LINK, url: http(s)://… }', {
      field: `evidence.${i}`,
    });
  });
}

const ratingsOf = (r: AppraisalRated['data']): Ratings => ({
  results: r.results,
  behaviour: r.behaviour,
  reasons: r.reasons,
  behaviourValues: r.behaviourValues,
  resultRatings: r.resultRatings,
});

const AMENDABLE = ['results', 'behaviour', 'behaviourValues', 'resultRatings'] as const;
const leftOut = (value: unknown): boolean => value === undefined || value === null;

/**
 * An amendment re-rates what it names and leaves the rest as the rater gave it (ratings, their
 * reasons, the detail), so a decider who disagrees only about the results need not restate the
 * behaviour. The decision's reasons stand for each overall rating it sets. Naming nothing is not an
 * amendment: that is CONFIRM.
 */
function amendedRatings(cmd: DecideObjection, before: Ratings, reasons: string): Ratings {
  if (AMENDABLE.every((k) => leftOut(cmd[k])))
    throw badInput('NOTHING_AMENDED', `an amendment re-rates at least one of ${AMENDABLE.join(', ')}; to keep the ratings, CONFIRM`, {
      fields: [...AMENDABLE],
    });
  return checkRatings(
    {
      results: leftOut(cmd.results) ? before.results : cmd.results,
      behaviour: leftOut(cmd.behaviour) ? before.behaviour : cmd.behaviour,
      reasons: {
        results: leftOut(cmd.results) ? before.reasons.results : reasons,
        behaviour: leftOut(cmd.behaviour) ? before.reasons.behaviour : reasons,
      },
      behaviourValues: (leftOut(cmd.behaviourValues) ? before.behaviourValues : cmd.behaviourValues) as RatingInput['behaviourValues'],
      resultRatings: (leftOut(cmd.resultRatings) ? before.resultRatings : cmd.resultRatings) as RatingInput['resultRatings'],
    },
    cmd.knownResultIds ?? before.resultRatings.map((r) => r.resultId),
  );
}

export function decideAppraisal(cmd: AppraisalCommand, s: AppraisalState): AppraisalEvent[] {
  const base = { nip: cmd.nip, period: cmd.period, at: cmd.now };
  switch (cmd.type) {
    case 'RateAppraisal': {
      const f = cmd.facts;
      assertPeriod(cmd.period, f.policy.period);
      if (s.status !== 'NONE' && s.status !== 'DRAFT')
        throw conflict('PERIOD_CLOSED', `the appraisal of ${cmd.period} is issued; ratings change only through an objection`, {
          status: s.status,
        });
      if (!f.rater)
        throw domainError('NO_RATER', { nip: cmd.nip, period: cmd.period }, 'nobody supervised the employee on the period’s last day');
      if (cmd.by.nip !== f.rater.nip)
        throw forbidden('NOT_THE_RATER', `only the supervisor on the period’s last day rates (${f.rater.nip})`, { rater: f.rater.nip });
      if (!f.periodEnded) throw domainError('PERIOD_NOT_ENDED', { period: cmd.period }, `${cmd.period} is rated from its last day`);
      if (!f.opdId) throw domainError('NOT_PLACED', { nip: cmd.nip }, 'the employee held no position in an OPD on the period’s last day');
      const ratings = checkRatings(cmd, f.knownResultIds);
      const predikat = predikatOf(f.policy.matrix, ratings.results, ratings.behaviour);
      return [
        {
          type: 'AppraisalRated',
          data: {
            ...base,
            ...ratings,
            opdId: f.opdId,
            rater: f.rater,
            predikat,
            policyVersion: f.policyVersion,
            revision: (s.rated?.revision ?? 0) + 1,
          },
        },
      ];
    }
    case 'IssueAppraisal': {
      if (s.issued?.calibrationId === cmd.calibrationId) return [];
      if (s.status === 'NONE') throw domainError('NOT_RATED', { nip: cmd.nip, period: cmd.period }, 'the appraisal has not been rated');
      if (s.status !== 'DRAFT') throw conflict('PERIOD_CLOSED', 'the appraisal is issued', { status: s.status });
      const objectionDeadline = addDays(cmd.issuedOn, cmd.policy.objectionWindowDays);
      return [
        {
          type: 'AppraisalIssued',
          data: {
            ...base,
            opdId: s.rated!.opdId,
            predikat: s.rated!.predikat,
            rater: s.rated!.rater,
            raterSupervisor: cmd.raterSupervisor,
            issuedOn: cmd.issuedOn,
            objectionDeadline,
            windowClosesAt: endOfLocalDay(objectionDeadline, cmd.timeZone),
            decisionDays: cmd.policy.decisionDays,
            timeZone: cmd.timeZone,
            calibrationId: cmd.calibrationId,
            policyVersion: cmd.policyVersion,
          },
        },
      ];
    }
    case 'FileObjection': {
      if (cmd.by.nip !== cmd.nip) throw forbidden('NOT_OWN_APPRAISAL', 'only the employee appraised objects', {});
      if (s.status === 'NONE' || s.status === 'DRAFT')
        throw conflict('APPRAISAL_NOT_ISSUED', 'an objection is to an issued appraisal', { status: s.status });
      if (s.status === 'OBJECTED' || s.status === 'DECIDED')
        throw conflict('OBJECTION_ALREADY_FILED', 'an appraisal is objected to once', { objectionId: s.objection!.objectionId });
      const issued = s.issued!;
      const today = localDateOf(cmd.now, issued.timeZone);
      if (s.status === 'FINAL' || today > issued.objectionDeadline)
        throw domainError(
          'OBJECTION_WINDOW_CLOSED',
          { issuedOn: issued.issuedOn, lastDay: issued.objectionDeadline, today },
          `the last day to object was ${issued.objectionDeadline}`,
        );
      const reasons = written(cmd.reasons, 'reasons');
      const decisionDue = addDays(today, issued.decisionDays);
      return [
        {
          type: 'ObjectionFiled',
          data: {
            ...base,
            objectionId: objectionIdOf(cmd.nip, cmd.period),
            reasons,
            evidence: evidenceOf(cmd.evidence, cmd.uploadedFiles ?? []),
            filedOn: today,
            decider: issued.raterSupervisor,
            decisionDue,
            decisionDueAt: endOfLocalDay(decisionDue, issued.timeZone),
          },
        },
      ];
    }
    case 'DecideObjection': {
      if (s.status === 'DECIDED')
        throw conflict('OBJECTION_ALREADY_DECIDED', 'the objection is decided, and the decision is final', {
          objectionId: s.decision!.objectionId,
        });
      if (s.status !== 'OBJECTED') throw conflict('NO_OBJECTION', 'there is no objection to decide', { status: s.status });
      const o = s.objection!;
      const issued = s.issued!;
      if (cmd.by.nip === issued.rater.nip)
        throw forbidden('RATER_MAY_NOT_DECIDE', 'the rater may not decide an objection to their own rating', {});
      // Nobody above the rater in the system (the rater heads the OPD): BKPSDM records the decision
      // of the official above, as it records the approval of a top SKP.
      const onBehalf = !o.decider && holdsRole(cmd.by, 'admin_kepegawaian');
      if (!onBehalf && (!o.decider || cmd.by.nip !== o.decider.nip))
        throw forbidden('NOT_RATERS_SUPERVISOR', `only the atasan pejabat penilai on the issue date (${issued.issuedOn}) decides`, {
          decider: o.decider?.nip ?? null,
          issuedOn: issued.issuedOn,
        });
      if (cmd.outcome !== 'CONFIRM' && cmd.outcome !== 'AMEND')
        throw badInput('INVALID_OUTCOME', 'outcome is CONFIRM or AMEND', { outcome: cmd.outcome ?? null });
      const reasons = written(cmd.reasons, 'reasons');
      const before = ratingsOf(s.rated!);
      const after: Ratings = cmd.outcome === 'AMEND' ? amendedRatings(cmd, before, reasons) : before;
      const predikat = cmd.outcome === 'AMEND' ? predikatOf(cmd.matrix, after.results, after.behaviour) : s.predikat!;
      const today = localDateOf(cmd.now, issued.timeZone);
      const decided: ObjectionDecided = {
        type: 'ObjectionDecided',
        data: {
          ...base,
          objectionId: o.objectionId,
          outcome: cmd.outcome,
          reasons,
          decidedBy: cmd.by.nip ?? cmd.by.userId,
          results: after.results,
          behaviour: after.behaviour,
          behaviourValues: after.behaviourValues,
          resultRatings: after.resultRatings,
          previousPredikat: s.predikat!,
          predikat,
          decidedOn: today,
          late: today > o.decisionDue,
        },
      };
      return [decided, ...followUps(cmd.nip, cmd.period, predikat, after, cmd.followUp, cmd.now)];
    }
    case 'CloseObjectionWindow': {
      if (s.status !== 'ISSUED') return [];
      const issued = s.issued!;
      if (Date.parse(cmd.now) < Date.parse(issued.windowClosesAt))
        throw domainError(
          'WINDOW_STILL_OPEN',
          { closesAt: issued.windowClosesAt },
          `the objection window is open until ${issued.windowClosesAt}`,
        );
      return [
        { type: 'AppraisalFinalised', data: { ...base, predikat: s.predikat!, objectionDeadline: issued.objectionDeadline } },
        ...followUps(cmd.nip, cmd.period, s.predikat!, ratingsOf(s.rated!), cmd.followUp, cmd.now),
      ];
    }
    case 'EscalateObjection': {
      if (s.status !== 'OBJECTED' || s.objection!.escalated) return [];
      const o = s.objection!;
      if (Date.parse(cmd.now) < Date.parse(o.decisionDueAt))
        throw domainError('DECISION_NOT_DUE', { decisionDue: o.decisionDue }, `the decision is due by ${o.decisionDue}`);
      return [
        {
          type: 'ObjectionEscalated',
          data: { ...base, objectionId: o.objectionId, to: 'BKPSDM', decisionDue: o.decisionDue, decider: o.decider },
        },
      ];
    }
  }
}

export const appraisalDecider: Decider<AppraisalCommand, AppraisalEvent, AppraisalState> = {
  decide: decideAppraisal,
  evolve: evolveAppraisal,
  initialState: initialAppraisalState,
};
