/**
 * Decision replay: every recorded decision re-run through today's decider or calculator on its
 * recorded inputs and its recorded policy version, and the answer compared field by field with
 * what was recorded. Pure: the events come in (in log order), a verdict per decision comes out;
 * nothing is read or appended here.
 */
import { isKinerjaError, type Actor } from '@kinerja/kernel';
import type { RecordedEvent } from '@kinerja/event-store';
import {
  appraisalPolicyOf,
  compiledPolicy,
  policyInForce,
  type AppraisalPolicy,
  type CompiledTppPolicy,
  type PolicyDocument,
  type Predikat,
} from '@kinerja/policies';
import {
  APPRAISAL_EVENT_TYPES,
  AppraisalEvent,
  AppraisalRated,
  AppraisalState,
  CALIBRATION_EVENT_TYPES,
  CalibrationEvent,
  CalibrationState,
  DistributionJustified,
  ObjectionDecided,
  UnitAppraisalsIssued,
  decideAppraisal,
  decideCalibration,
  evolveAppraisal,
  evolveCalibration,
  initialAppraisalState,
  initialCalibrationState,
  isAppraisalStream,
  isCalibrationStream,
  monthsOf,
} from '@kinerja/domain/appraisal';
import {
  adjustmentLine,
  priceEmployee,
  type LineInputs,
  type PayAdjustmentCalculated,
  type PayLineCalculated,
} from '@kinerja/domain/payroll';

/** The kinds of decision replayed. */
export const DECISION_KINDS = [
  'rating',
  'calibration.justification',
  'calibration.issue',
  'objection.decision',
  'pay.line',
  'pay.adjustment',
] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

/** The events a replay reads: the decisions, and what the deciders' states are folded from. */
export const REPLAY_EVENT_TYPES: string[] = [
  ...APPRAISAL_EVENT_TYPES,
  ...CALIBRATION_EVENT_TYPES,
  'PayLineCalculated',
  'PayAdjustmentCalculated',
];

/** One field whose replayed value is not the recorded one (`field` a dotted path, e.g. `amounts.net`). */
export interface FieldDifference {
  field: string;
  recorded: unknown;
  replayed: unknown;
}

/** A decision a replay reports one by one: one that differs or could not be replayed. */
export type ReportedDecision = Extract<DecisionReplay, { recordedAt: string }>;

/** Where a decision is in the log, and what it is. */
interface DecisionPlace {
  kind: DecisionKind;
  eventId: string;
  streamId: string;
  streamPosition: number;
  type: string;
}

/** The verdict on one decision; a differing or unreplayable one says when, under which version and what. */
export type DecisionReplay =
  | (DecisionPlace & { verdict: 'same' })
  | (DecisionPlace & {
      verdict: 'different' | 'notReplayable';
      recordedAt: string;
      policyVersion: string | null;
      /** For `different`: every field that differs. */
      differences?: FieldDifference[];
      /** For `notReplayable`: a code saying why (UNKNOWN_POLICY_VERSION, STATE_MISSING, ORIGINAL_LINE_MISSING). */
      reason?: string;
    });

/**
 * Every field where `replayed` differs from `recorded`. Missing and undefined are the same (the log
 * keeps JSON); arrays of different lengths are one difference of the whole array.
 */
export function differences(recorded: unknown, replayed: unknown, path = ''): FieldDifference[] {
  if (sameJson(recorded, replayed)) return [];
  const obj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (Array.isArray(recorded) && Array.isArray(replayed)) {
    if (recorded.length !== replayed.length) return [{ field: path || '.', recorded, replayed }];
    return recorded.flatMap((r, i) => differences(r, replayed[i], `${path}[${i}]`));
  }
  if (obj(recorded) && obj(replayed)) {
    const keys = new Set([...Object.keys(recorded), ...Object.keys(replayed)]);
    const out: FieldDifference[] = [];
    for (const k of keys) out.push(...differences(recorded[k], replayed[k], path ? `${path}.${k}` : k));
    return out;
  }
  if (recorded === undefined || replayed === undefined || recorded === null || replayed === null)
    return (recorded ?? null) === (replayed ?? null)
      ? []
      : [{ field: path || '.', recorded: recorded ?? null, replayed: replayed ?? null }];
  return [{ field: path || '.', recorded, replayed }];
}

/** `differences(a, b)` is empty: checked without building a path or a list (the common case, made cheap). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || a === null || b === undefined || b === null) return (a ?? null) === (b ?? null);
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (const k in x) if (!sameJson(x[k], y[k])) return false;
  for (const k in y) if (!(k in x) && !sameJson(undefined, y[k])) return false;
  return true;
}

/** A policy version with what the deciders and the calculator need of it, compiled once. */
interface KnownPolicy {
  doc: PolicyDocument;
  appraisal: AppraisalPolicy;
  tpp?: CompiledTppPolicy;
}

/** What the replayed decider answered: its events, or the refusal it threw. */
type Answer<E> = { events: E[] } | { refused: string };

function answerOf<E>(decide: () => E[]): Answer<E> {
  try {
    return { events: decide() };
  } catch (e) {
    if (isKinerjaError(e)) return { refused: e.code };
    throw e;
  }
}

/** The recorded event's data against the decider's first event of that type (or its refusal). */
function compare<E extends { type: string; data: unknown }>(recorded: RecordedEvent, answer: Answer<E>): FieldDifference[] {
  if ('refused' in answer) return [{ field: 'outcome', recorded: recorded.type, replayed: `refused: ${answer.refused}` }];
  const mine = answer.events.find((e) => e.type === recorded.type);
  if (!mine) return [{ field: 'outcome', recorded: recorded.type, replayed: answer.events.map((e) => e.type).join(', ') || 'nothing' }];
  return differences(recorded.data, mine.data);
}

const NIP_RE = /^\d{18}$/;
const isPayLinesStream = (streamId: string) => streamId.startsWith('PayLines-');

/** Who acted, as the command carried them: the recorded actor, NIP and role. */
function actorOf(e: RecordedEvent, nip?: string): Actor {
  const m = e.metadata ?? {};
  const actorNip = typeof m.actorNip === 'string' ? m.actorNip : undefined;
  const role = typeof m.role === 'string' ? m.role.split(',') : [];
  return { userId: typeof m.actor === 'string' ? m.actor : (nip ?? 'unknown'), nip: nip ?? actorNip, roles: role };
}

/**
 * Feeds the log in order; for each decision it re-runs the decider (or the calculator) and says
 * whether it decides the same. The deciders' states are folded from the same events with the
 * domain's own evolve, so a decision is replayed against the state it was made in.
 */
export class DecisionReplayer {
  private readonly appraisals = new Map<string, AppraisalState>();
  private readonly calibrations = new Map<string, CalibrationState>();
  /** The inputs of each TPP line by event id: an adjustment recalculates the paid line's. */
  private readonly lineInputs = new Map<string, LineInputs>();
  private readonly policies = new Map<string, KnownPolicy>();

  constructor(private readonly documents: readonly PolicyDocument[]) {
    for (const doc of documents) this.policies.set(doc.policyVersion, { doc, appraisal: appraisalPolicyOf(doc) });
  }

  /** The verdict on `e` when it is a decision (null otherwise); then folds it into the state. */
  apply(e: RecordedEvent): DecisionReplay | null {
    if (isAppraisalStream(e.streamId)) return this.appraisalEvent(e);
    if (isCalibrationStream(e.streamId)) return this.calibrationEvent(e);
    if (e.type === 'PayLineCalculated') return this.payLine(e);
    if (e.type === 'PayAdjustmentCalculated') return this.payAdjustment(e);
    return null;
  }

  private verdict(e: RecordedEvent, kind: DecisionKind, policyVersion: string | null, found: FieldDifference[] | string): DecisionReplay {
    const place = { kind, eventId: e.id, streamId: e.streamId, streamPosition: e.streamPosition, type: e.type };
    if (typeof found !== 'string' && !found.length) return { ...place, verdict: 'same' };
    const at = { recordedAt: e.recordedAt.toISOString(), policyVersion };
    if (typeof found === 'string') return { ...place, ...at, verdict: 'notReplayable', reason: found };
    return { ...place, ...at, verdict: 'different', differences: found };
  }

  private policy(version: string | undefined): KnownPolicy | undefined {
    return version === undefined ? undefined : this.policies.get(version);
  }

  private appraisalEvent(e: RecordedEvent): DecisionReplay | null {
    const before = this.appraisals.get(e.streamId) ?? initialAppraisalState();
    const ev = { type: e.type, data: e.data } as AppraisalEvent;
    let out: DecisionReplay | null = null;
    if (ev.type === 'AppraisalRated') out = this.rating(e, ev, before);
    else if (ev.type === 'ObjectionDecided') out = this.objectionDecision(e, ev, before);
    this.appraisals.set(e.streamId, evolveAppraisal(before, ev));
    return out;
  }

  /** The rater's rating: the predikat from the matrix of the recorded version, the revision, every field. */
  private rating(e: RecordedEvent, ev: AppraisalRated, before: AppraisalState): DecisionReplay {
    const d = ev.data;
    const p = this.policy(d.policyVersion);
    if (!p) return this.verdict(e, 'rating', d.policyVersion, 'UNKNOWN_POLICY_VERSION');
    const answer = answerOf(() =>
      decideAppraisal(
        {
          type: 'RateAppraisal',
          nip: d.nip,
          period: d.period,
          by: actorOf(e, d.rater.nip),
          now: d.at,
          results: d.results,
          behaviour: d.behaviour,
          reasons: d.reasons,
          behaviourValues: d.behaviourValues,
          resultRatings: d.resultRatings,
          facts: {
            opdId: d.opdId,
            rater: d.rater,
            periodEnded: true,
            knownResultIds: d.resultRatings.map((r) => r.resultId),
            policy: p.appraisal,
            policyVersion: d.policyVersion,
          },
        },
        before,
      ),
    );
    return this.verdict(e, 'rating', d.policyVersion, compare(e, answer));
  }

  /** An objection's decision: the merged ratings and the predikat from the matrix the appraisal was rated under. */
  private objectionDecision(e: RecordedEvent, ev: ObjectionDecided, before: AppraisalState): DecisionReplay {
    const d = ev.data;
    if (before.status !== 'OBJECTED') return this.verdict(e, 'objection.decision', null, 'STATE_MISSING');
    const version = before.rated.policyVersion;
    const p = this.policy(version);
    if (!p) return this.verdict(e, 'objection.decision', version, 'UNKNOWN_POLICY_VERSION');
    const decider = before.objection.decider;
    const by: Actor =
      decider && decider.nip === d.decidedBy
        ? { userId: d.decidedBy, nip: d.decidedBy, roles: [] }
        : { ...actorOf(e, NIP_RE.test(d.decidedBy) ? d.decidedBy : undefined), userId: d.decidedBy };
    const amend = d.outcome === 'AMEND';
    const answer = answerOf(() =>
      decideAppraisal(
        {
          type: 'DecideObjection',
          nip: d.nip,
          period: d.period,
          by,
          now: d.at,
          outcome: d.outcome,
          reasons: d.reasons,
          // An amendment's recorded ratings are the merged ones: given whole, they are what it set.
          ...(amend
            ? { results: d.results, behaviour: d.behaviour, behaviourValues: d.behaviourValues, resultRatings: d.resultRatings }
            : {}),
          knownResultIds: [...before.rated.resultRatings, ...(d.resultRatings ?? [])].map((r) => r.resultId),
          matrix: p.appraisal.matrix,
          followUp: { previous: null, next: null, previousYear: null },
        },
        before,
      ),
    );
    return this.verdict(e, 'objection.decision', version, compare(e, answer));
  }

  private calibrationEvent(e: RecordedEvent): DecisionReplay | null {
    const before = this.calibrations.get(e.streamId) ?? initialCalibrationState();
    const ev = { type: e.type, data: e.data } as CalibrationEvent;
    let out: DecisionReplay | null = null;
    if (ev.type === 'DistributionJustified') out = this.justification(e, ev, before);
    else if (ev.type === 'UnitAppraisalsIssued') out = this.unitIssue(e, ev, before);
    this.calibrations.set(e.streamId, evolveCalibration(before, ev));
    return out;
  }

  /** The version that governed a unit's period: as the command recorded it, else the one in force on its first month. */
  private calibrationPolicy(e: RecordedEvent, period: string): KnownPolicy | undefined {
    const recorded = typeof e.metadata?.policyVersion === 'string' ? e.metadata.policyVersion : undefined;
    if (recorded) return this.policy(recorded);
    try {
      return this.policy(policyInForce(this.documents, monthsOf(period)[0]).policyVersion);
    } catch {
      return undefined;
    }
  }

  /** A justification is accepted only when the curve refuses the counts: the refusal replayed. */
  private justification(e: RecordedEvent, ev: DistributionJustified, before: CalibrationState): DecisionReplay {
    const d = ev.data;
    const p = this.calibrationPolicy(e, d.period);
    if (!p) return this.verdict(e, 'calibration.justification', null, 'UNKNOWN_POLICY_VERSION');
    const answer = answerOf(() =>
      decideCalibration(
        {
          type: 'JustifyDistribution',
          opdId: d.opdId,
          period: d.period,
          by: actorOf(e, d.justifiedBy ?? undefined),
          now: d.at,
          justification: d.justification,
          counts: d.counts,
          policy: p.appraisal,
        },
        before,
      ),
    );
    return this.verdict(e, 'calibration.justification', p.doc.policyVersion, compare(e, answer));
  }

  /** The unit's issue: the curve check over the drafts' predikat as they stood, under the recorded version. */
  private unitIssue(e: RecordedEvent, ev: UnitAppraisalsIssued, before: CalibrationState): DecisionReplay {
    const d = ev.data;
    const p = this.policy(d.policyVersion);
    if (!p) return this.verdict(e, 'calibration.issue', d.policyVersion, 'UNKNOWN_POLICY_VERSION');
    const drafts: Array<{ nip: string; predikat: Predikat }> = [];
    for (const nip of d.nips) {
      const s = this.appraisals.get(`Appraisal-${nip}-${d.period}`);
      if (!s || s.status !== 'DRAFT') return this.verdict(e, 'calibration.issue', d.policyVersion, 'STATE_MISSING');
      drafts.push({ nip, predikat: s.predikat });
    }
    const answer = answerOf(() =>
      decideCalibration(
        {
          type: 'IssueUnitAppraisals',
          opdId: d.opdId,
          period: d.period,
          by: actorOf(e),
          now: d.at,
          drafts,
          unrated: [],
          issuedOn: d.issuedOn,
          policy: p.appraisal,
          policyVersion: d.policyVersion,
        },
        before,
      ),
    );
    return this.verdict(e, 'calibration.issue', d.policyVersion, compare(e, answer));
  }

  private tpp(version: string): KnownPolicy | undefined {
    const p = this.policies.get(version);
    if (p && !p.tpp) p.tpp = compiledPolicy(p.doc);
    return p;
  }

  /** A TPP line: the calculator on the recorded inputs under the recorded version; the line's id (from its inputs) too. */
  private payLine(e: RecordedEvent): DecisionReplay {
    const d = e.data as PayLineCalculated['data'];
    this.lineInputs.set(e.id, d.inputs);
    const p = this.tpp(d.policyVersion);
    if (!p?.tpp) return this.verdict(e, 'pay.line', d.policyVersion, 'UNKNOWN_POLICY_VERSION');
    const i = d.inputs;
    const s = d.sources;
    const priced = priceEmployee(
      {
        nip: d.nip,
        name: d.name,
        positionGrade: i.positionGrade,
        salaryBase: i.salaryBase,
        salaryGross: i.salaryGross,
        terCategory: i.taxCategory,
        bankAccount: d.bankAccount,
        employeeVersion: s.employeeVersion,
        predikat: i.predikat,
        predikatEventId: s.predikatEventId,
        objectionId: s.objectionId,
        attendance: i.attendance,
        attendanceEventId: s.attendanceEventId,
        sanction: i.sanction,
        sanctionIds: s.sanctionIds,
      },
      { runId: d.runId, opdId: d.opdId, month: d.month, calculation: d.calculation, revision: d.revision, policy: p.tpp },
    );
    if ('skipped' in priced)
      return this.verdict(e, 'pay.line', d.policyVersion, [
        { field: 'outcome', recorded: e.type, replayed: `skipped: ${priced.skipped.code}` },
      ]);
    const found = differences(d, priced.event.data);
    // A calculation's lines are named by their inputs (a retried job appends each once); a recalculated
    // slip's line is appended with its run's step and has an id of its own.
    if (isPayLinesStream(e.streamId) && priced.id !== e.id) found.push({ field: 'eventId', recorded: e.id, replayed: priced.id });
    return this.verdict(e, 'pay.line', d.policyVersion, found);
  }

  /** An adjustment: the paid line recalculated with the amended predikat under the paid line's version, minus what was paid. */
  private payAdjustment(e: RecordedEvent): DecisionReplay {
    const d = e.data as PayAdjustmentCalculated['data'];
    const p = this.tpp(d.policyVersion);
    if (!p?.tpp) return this.verdict(e, 'pay.adjustment', d.policyVersion, 'UNKNOWN_POLICY_VERSION');
    const inputs = this.lineInputs.get(d.originalLineId);
    if (!inputs) return this.verdict(e, 'pay.adjustment', d.policyVersion, 'ORIGINAL_LINE_MISSING');
    const line = adjustmentLine(
      {
        lineId: d.originalLineId,
        runId: d.adjustsRunId,
        month: d.adjustsMonth,
        policyVersion: d.policyVersion,
        inputs,
        amounts: d.original,
      },
      { objectionId: d.objectionId, predikat: d.predikat },
      { nip: d.nip, name: d.name, bankAccount: d.bankAccount },
      p.tpp,
      { runId: d.runId, opdId: d.opdId, month: d.month, calculation: d.calculation, revision: d.revision },
    );
    const found = differences(d, line.event.data);
    if (isPayLinesStream(e.streamId) && line.id !== e.id) found.push({ field: 'eventId', recorded: e.id, replayed: line.id });
    return this.verdict(e, 'pay.adjustment', d.policyVersion, found);
  }
}

/** What a replay found, in numbers, with every difference and every decision it could not replay. */
export interface ReplaySummary {
  checked: number;
  same: number;
  different: number;
  notReplayable: number;
  byKind: Array<{ kind: DecisionKind; checked: number; same: number; different: number; notReplayable: number }>;
  /** Why decisions could not be replayed: each reason with its count. */
  notReplayableReasons: Array<{ reason: string; count: number }>;
  /** Every decision that differs, with its fields (at most `limit`; `differentListed` says how many are listed). */
  differences: ReportedDecision[];
  /** The first decisions that could not be replayed (at most `limit`). */
  notReplayed: ReportedDecision[];
}

/** Counts verdicts as they come; keeps the differences (and the unreplayable) up to `limit` each. */
export class ReplayTally {
  private readonly kinds = new Map<DecisionKind, { checked: number; same: number; different: number; notReplayable: number }>();
  private readonly reasons = new Map<string, number>();
  private readonly diffs: ReportedDecision[] = [];
  private readonly unreplayed: ReportedDecision[] = [];

  constructor(private readonly limit = 1000) {}

  add(r: DecisionReplay): void {
    let k = this.kinds.get(r.kind);
    if (!k) this.kinds.set(r.kind, (k = { checked: 0, same: 0, different: 0, notReplayable: 0 }));
    k.checked += 1;
    k[r.verdict] += 1;
    if (r.verdict === 'different' && this.diffs.length < this.limit) this.diffs.push(r);
    if (r.verdict === 'notReplayable') {
      const reason = r.reason ?? 'UNKNOWN';
      this.reasons.set(reason, (this.reasons.get(reason) ?? 0) + 1);
      if (this.unreplayed.length < this.limit) this.unreplayed.push(r);
    }
  }

  summary(): ReplaySummary {
    const byKind = DECISION_KINDS.flatMap((kind) => {
      const k = this.kinds.get(kind);
      return k ? [{ kind, ...k }] : [];
    });
    const sum = (f: 'checked' | 'same' | 'different' | 'notReplayable') => byKind.reduce((n, k) => n + k[f], 0);
    return {
      checked: sum('checked'),
      same: sum('same'),
      different: sum('different'),
      notReplayable: sum('notReplayable'),
      byKind,
      notReplayableReasons: [...this.reasons].map(([reason, count]) => ({ reason, count })),
      differences: this.diffs,
      notReplayed: this.unreplayed,
    };
  }
}
