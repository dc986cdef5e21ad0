import { badInput, conflict, Decider, domainError, forbidden, Instant, Nip, notFound } from '@kinerja/kernel';
import type { AppraisalPolicy, Predikat, Rating } from '@kinerja/policies';
import { localDateOf, unknownCommand } from '../shared';
import type {
  AppraisalCommand,
  CloseObjectionWindow,
  DecideObjection,
  EscalateObjection,
  EvidenceItem,
  FileObjection,
  FollowUpFacts,
  IssueAppraisal,
  RateAppraisal,
  RatingInput,
} from './commands';
import {
  AppraisalEvent,
  AppraisalIssued,
  AppraisalRated,
  BEHAVIOUR_VALUES,
  FollowUpEvent,
  ObjectionDecided,
  ObjectionEvidence,
  ObjectionFiled,
  objectionIdOf,
  Ratings,
} from './events';
import { written } from './written';
import { objectionDecidedAs, trainingRecommendationId } from './objection';
import { addDays, assertPeriod, endOfLocalDay, isLastPeriodOfYear, nextPeriod, Period, previousPeriod, yearOf } from './period';

/*
 * draft -> issued -> (objected -> decided) | final. Decided is final too: the decision is not
 * appealed here. Each state holds what its stage has established, so a decision reads the rating,
 * the issue or the objection without asking whether it exists.
 */

/** Nobody has rated the period yet. */
export interface UnratedAppraisal {
  status: 'NONE';
}
/** Rated, not issued: the rater may still re-rate. `predikat` is the rated one. */
export interface DraftAppraisal {
  status: 'DRAFT';
  rated: AppraisalRated['data'];
  predikat: Predikat;
}
/** Issued with the unit; the objection window is open. */
export interface IssuedAppraisal {
  status: 'ISSUED';
  rated: AppraisalRated['data'];
  issued: AppraisalIssued['data'];
  predikat: Predikat;
}
/** An objection waits for its decision (escalated to BKPSDM once its due date passed). */
export interface ObjectedAppraisal {
  status: 'OBJECTED';
  rated: AppraisalRated['data'];
  issued: AppraisalIssued['data'];
  objection: ObjectionFiled['data'] & { escalated: boolean };
  predikat: Predikat;
}
/** The objection is decided: `predikat` is the decided one. */
export interface DecidedAppraisal {
  status: 'DECIDED';
  rated: AppraisalRated['data'];
  issued: AppraisalIssued['data'];
  objection: ObjectionFiled['data'] & { escalated: boolean };
  decision: ObjectionDecided['data'];
  predikat: Predikat;
}
/** The window ended without an objection: the issued predikat stands. */
export interface FinalAppraisal {
  status: 'FINAL';
  rated: AppraisalRated['data'];
  issued: AppraisalIssued['data'];
  predikat: Predikat;
}

export type AppraisalState = UnratedAppraisal | DraftAppraisal | IssuedAppraisal | ObjectedAppraisal | DecidedAppraisal | FinalAppraisal;
export type AppraisalStatus = AppraisalState['status'];

export const initialAppraisalState = (): AppraisalState => ({ status: 'NONE' });

/** The predikat in force (rated, issued, or as decided); none before the rating. */
export const predikatInForce = (s: AppraisalState): Predikat | null => (s.status === 'NONE' ? null : s.predikat);

/** An event out of its stage's order changes nothing: the decider never appends one. */
export function evolveAppraisal(s: AppraisalState, e: AppraisalEvent): AppraisalState {
  switch (e.type) {
    case 'AppraisalRated':
      return s.status === 'NONE' || s.status === 'DRAFT' ? { status: 'DRAFT', rated: e.data, predikat: e.data.predikat } : s;
    case 'AppraisalIssued':
      return s.status === 'DRAFT' ? { status: 'ISSUED', rated: s.rated, issued: e.data, predikat: e.data.predikat } : s;
    case 'ObjectionFiled':
      return s.status === 'ISSUED' ? { ...s, status: 'OBJECTED', objection: { ...e.data, escalated: false } } : s;
    case 'ObjectionEscalated':
      return s.status === 'OBJECTED' ? { ...s, objection: { ...s.objection, escalated: true } } : s;
    case 'ObjectionDecided':
      return s.status === 'OBJECTED' ? { ...s, status: 'DECIDED', decision: e.data, predikat: e.data.predikat } : s;
    case 'AppraisalFinalised':
      return s.status === 'ISSUED' ? { ...s, status: 'FINAL' } : s;
    default:
      return s;
  }
}

/**
 * The ratings as parsed at the edge, checked against what only the domain knows: a written reason
 * for anything not SESUAI, and detail only on RHK of the plan in force, each once.
 */
export function checkRatings(input: RatingInput, knownResultIds: readonly string[]): Ratings {
  const { results, behaviour } = input;
  const reasons: Ratings['reasons'] = {};
  if (results !== 'SESUAI_EKSPEKTASI') reasons.results = written(input.reasons?.results, 'reasons.results');
  if (behaviour !== 'SESUAI_EKSPEKTASI') reasons.behaviour = written(input.reasons?.behaviour, 'reasons.behaviour');
  const resultRatings: Ratings['resultRatings'] = [];
  for (const [i, r] of (input.resultRatings ?? []).entries()) {
    if (!knownResultIds.includes(r.resultId))
      throw badInput('UNKNOWN_RESULT', 'the RHK is not in the plan in force for the year', {
        field: `resultRatings.${i}.resultId`,
        resultId: r.resultId,
      });
    if (resultRatings.some((x) => x.resultId === r.resultId))
      throw badInput('DUPLICATE_RESULT', 'an RHK is rated once', { resultId: r.resultId });
    resultRatings.push({ resultId: r.resultId, rating: r.rating });
  }
  return { results, behaviour, reasons, behaviourValues: { ...input.behaviourValues }, resultRatings };
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
        recommendationId: trainingRecommendationId(nip, period),
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

/** Evidence as parsed at the edge; a file counts only once it is in the evidence store. */
function evidenceOf(items: readonly EvidenceItem[], uploadedFiles: readonly string[]): ObjectionEvidence[] {
  return items.map((item, i) => {
    if (item.kind === 'FILE' && !uploadedFiles.includes(item.sha256))
      throw notFound('EVIDENCE_NOT_FOUND', 'no evidence file with this hash has been uploaded', {
        field: `evidence.${i}`,
        sha256: item.sha256,
      });
    return item.kind === 'FILE' ? { kind: 'FILE', sha256: item.sha256 } : { kind: 'LINK', url: item.url };
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

/**
 * An amendment re-rates what it names and leaves the rest as the rater gave it (ratings, their
 * reasons, the detail), so a decider who disagrees only about the results need not restate the
 * behaviour. The decision's reasons stand for each overall rating it sets. Naming nothing is not an
 * amendment: that is CONFIRM.
 */
function amendedRatings(cmd: DecideObjection, before: Ratings, reasons: string): Ratings {
  if (AMENDABLE.every((k) => cmd[k] === undefined))
    throw badInput('NOTHING_AMENDED', `an amendment re-rates at least one of ${AMENDABLE.join(', ')}; to keep the ratings, CONFIRM`, {
      fields: [...AMENDABLE],
    });
  return checkRatings(
    {
      results: cmd.results ?? before.results,
      behaviour: cmd.behaviour ?? before.behaviour,
      reasons: {
        results: cmd.results === undefined ? before.reasons.results : reasons,
        behaviour: cmd.behaviour === undefined ? before.reasons.behaviour : reasons,
      },
      behaviourValues: cmd.behaviourValues ?? before.behaviourValues,
      resultRatings: cmd.resultRatings ?? before.resultRatings,
    },
    cmd.knownResultIds,
  );
}

const factsOf = (cmd: { nip: Nip; period: Period; now: Instant }) => ({ nip: cmd.nip, period: cmd.period, at: cmd.now });

/** Stage 3: the supervisor on the period's last day rates, from that day on, until the appraisal is issued. */
function rate(cmd: RateAppraisal, s: AppraisalState): AppraisalEvent[] {
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
  return [
    {
      type: 'AppraisalRated',
      data: {
        ...factsOf(cmd),
        ...ratings,
        opdId: f.opdId,
        rater: f.rater,
        predikat: predikatOf(f.policy.matrix, ratings.results, ratings.behaviour),
        policyVersion: f.policyVersion,
        revision: (s.status === 'DRAFT' ? s.rated.revision : 0) + 1,
      },
    },
  ];
}

/** Issued with the unit's issue; the same issue again (a retry after a crash) appends nothing. */
function issue(cmd: IssueAppraisal, s: AppraisalState): AppraisalEvent[] {
  if (s.status !== 'NONE' && s.status !== 'DRAFT' && s.issued.calibrationId === cmd.calibrationId) return [];
  if (s.status === 'NONE') throw domainError('NOT_RATED', { nip: cmd.nip, period: cmd.period }, 'the appraisal has not been rated');
  if (s.status !== 'DRAFT') throw conflict('PERIOD_CLOSED', 'the appraisal is issued', { status: s.status });
  const objectionDeadline = addDays(cmd.issuedOn, cmd.policy.objectionWindowDays);
  return [
    {
      type: 'AppraisalIssued',
      data: {
        ...factsOf(cmd),
        opdId: s.rated.opdId,
        predikat: s.rated.predikat,
        rater: s.rated.rater,
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

/** The employee objects once, within the window counted in the Pemda's calendar days. */
function fileObjection(cmd: FileObjection, s: AppraisalState): AppraisalEvent[] {
  if (cmd.by.nip !== cmd.nip) throw forbidden('NOT_OWN_APPRAISAL', 'only the employee appraised objects', {});
  if (s.status === 'NONE' || s.status === 'DRAFT')
    throw conflict('APPRAISAL_NOT_ISSUED', 'an objection is to an issued appraisal', { status: s.status });
  if (s.status === 'OBJECTED' || s.status === 'DECIDED')
    throw conflict('OBJECTION_ALREADY_FILED', 'an appraisal is objected to once', { objectionId: s.objection.objectionId });
  const issued = s.issued;
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
        ...factsOf(cmd),
        objectionId: objectionIdOf(cmd.nip, cmd.period),
        reasons,
        evidence: evidenceOf(cmd.evidence ?? [], cmd.uploadedFiles),
        filedOn: today,
        decider: issued.raterSupervisor,
        decisionDue,
        decisionDueAt: endOfLocalDay(decisionDue, issued.timeZone),
      },
    },
  ];
}

/** The atasan pejabat penilai recorded at the issue confirms or amends; the decision is final. */
function decideObjection(cmd: DecideObjection, s: AppraisalState): AppraisalEvent[] {
  if (s.status === 'DECIDED')
    throw conflict('OBJECTION_ALREADY_DECIDED', 'the objection is decided, and the decision is final', {
      objectionId: s.decision.objectionId,
    });
  if (s.status !== 'OBJECTED') throw conflict('NO_OBJECTION', 'there is no objection to decide', { status: s.status });
  const { objection: o, issued } = s;
  if (cmd.by.nip === issued.rater.nip)
    throw forbidden('RATER_MAY_NOT_DECIDE', 'the rater may not decide an objection to their own rating', {});
  if (objectionDecidedAs(o.decider, cmd.by) === null)
    throw forbidden('NOT_RATERS_SUPERVISOR', `only the atasan pejabat penilai on the issue date (${issued.issuedOn}) decides`, {
      decider: o.decider?.nip ?? null,
      issuedOn: issued.issuedOn,
    });
  const reasons = written(cmd.reasons, 'reasons');
  const before = ratingsOf(s.rated);
  const after: Ratings = cmd.outcome === 'AMEND' ? amendedRatings(cmd, before, reasons) : before;
  const predikat = cmd.outcome === 'AMEND' ? predikatOf(cmd.matrix, after.results, after.behaviour) : s.predikat;
  const today = localDateOf(cmd.now, issued.timeZone);
  const decided: ObjectionDecided = {
    type: 'ObjectionDecided',
    data: {
      ...factsOf(cmd),
      objectionId: o.objectionId,
      outcome: cmd.outcome,
      reasons,
      decidedBy: cmd.by.nip ?? cmd.by.userId,
      results: after.results,
      behaviour: after.behaviour,
      behaviourValues: after.behaviourValues,
      resultRatings: after.resultRatings,
      previousPredikat: s.predikat,
      predikat,
      decidedOn: today,
      late: today > o.decisionDue,
    },
  };
  return [decided, ...followUps(cmd.nip, cmd.period, predikat, after, cmd.followUp, cmd.now)];
}

/** The window's timer: final when it ended without an objection; fired again, nothing. */
function closeObjectionWindow(cmd: CloseObjectionWindow, s: AppraisalState): AppraisalEvent[] {
  if (s.status !== 'ISSUED') return [];
  const issued = s.issued;
  if (Date.parse(cmd.now) < Date.parse(issued.windowClosesAt))
    throw domainError(
      'WINDOW_STILL_OPEN',
      { closesAt: issued.windowClosesAt },
      `the objection window is open until ${issued.windowClosesAt}`,
    );
  return [
    { type: 'AppraisalFinalised', data: { ...factsOf(cmd), predikat: s.predikat, objectionDeadline: issued.objectionDeadline } },
    ...followUps(cmd.nip, cmd.period, s.predikat, ratingsOf(s.rated), cmd.followUp, cmd.now),
  ];
}

/** The decision's timer: escalated to BKPSDM once, never decided by default. */
function escalateObjection(cmd: EscalateObjection, s: AppraisalState): AppraisalEvent[] {
  if (s.status !== 'OBJECTED' || s.objection.escalated) return [];
  const o = s.objection;
  if (Date.parse(cmd.now) < Date.parse(o.decisionDueAt))
    throw domainError('DECISION_NOT_DUE', { decisionDue: o.decisionDue }, `the decision is due by ${o.decisionDue}`);
  return [
    {
      type: 'ObjectionEscalated',
      data: { ...factsOf(cmd), objectionId: o.objectionId, to: 'BKPSDM', decisionDue: o.decisionDue, decider: o.decider },
    },
  ];
}

export function decideAppraisal(cmd: AppraisalCommand, s: AppraisalState): AppraisalEvent[] {
  switch (cmd.type) {
    case 'RateAppraisal':
      return rate(cmd, s);
    case 'IssueAppraisal':
      return issue(cmd, s);
    case 'FileObjection':
      return fileObjection(cmd, s);
    case 'DecideObjection':
      return decideObjection(cmd, s);
    case 'CloseObjectionWindow':
      return closeObjectionWindow(cmd, s);
    case 'EscalateObjection':
      return escalateObjection(cmd, s);
    default:
      return unknownCommand(cmd);
  }
}

export const appraisalDecider: Decider<AppraisalCommand, AppraisalEvent, AppraisalState> = {
  decide: decideAppraisal,
  evolve: evolveAppraisal,
  initialState: initialAppraisalState,
};
