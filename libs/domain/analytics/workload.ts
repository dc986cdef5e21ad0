import type { PlannedResult } from '../workplan';
import { median, round } from './ratings';

/**
 * Workload (issue 18): daily reports filed and answered per unit and per supervisor, the supervisors
 * whose queue is oldest, and realisation against target per RHK up the cascade. Pure: fed by the
 * rows of the `workload_analytics` read model and of the work plans and realisations.
 */

/** One daily report: its employee's unit, the supervisor on the plan it was filed under, and its answer. */
export interface ReportFact {
  nip: string;
  opdId: string | null;
  supervisorNip: string | null;
  /** The first filing (an instant); a revision does not restart the wait. */
  filedAt: string;
  /** The latest filing: a report sent back waits again from here. */
  lastFiledAt: string;
  /** The answer to the latest filing, or null while it waits. */
  answeredAt: string | null;
}

export interface WorkloadLine {
  key: string | null;
  filed: number;
  answered: number;
  waiting: number;
  /** answered / filed (0..1). */
  answeredShare: number;
  /** Hours from the latest filing to its answer, median over the answered. */
  medianHoursToAnswer: number | null;
  /** The longest-waiting report's latest filing, and its age in days at `now`. */
  oldestWaitingSince: string | null;
  oldestWaitingDays: number | null;
}

const hours = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 3_600_000;

function line(key: string | null, reports: readonly ReportFact[], now: string): WorkloadLine {
  const answered = reports.filter((r) => r.answeredAt !== null);
  const waiting = reports
    .filter((r) => r.answeredAt === null)
    .map((r) => r.lastFiledAt)
    .sort();
  const oldest = waiting[0] ?? null;
  const m = median(answered.map((r) => hours(r.lastFiledAt, r.answeredAt!)));
  return {
    key,
    filed: reports.length,
    answered: answered.length,
    waiting: waiting.length,
    answeredShare: reports.length ? round(answered.length / reports.length) : 0,
    medianHoursToAnswer: m === null ? null : round(m, 1),
    oldestWaitingSince: oldest,
    oldestWaitingDays: oldest === null ? null : round(hours(oldest, now) / 24, 1),
  };
}

function grouped(reports: readonly ReportFact[], keyOf: (r: ReportFact) => string | null, now: string): WorkloadLine[] {
  const groups = new Map<string | null, ReportFact[]>();
  for (const r of reports) {
    const k = keyOf(r);
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  return [...groups].map(([k, rs]) => line(k, rs, now)).sort((a, b) => (a.key ?? '').localeCompare(b.key ?? ''));
}

export interface ReportWorkload {
  total: WorkloadLine;
  perUnit: WorkloadLine[];
  perSupervisor: WorkloadLine[];
  /** Supervisors with reports waiting, the longest wait first (at most `limit`). */
  oldestQueues: WorkloadLine[];
}

export function reportWorkload(reports: readonly ReportFact[], now: string, limit = 10): ReportWorkload {
  const perSupervisor = grouped(reports, (r) => r.supervisorNip, now);
  return {
    total: line(null, reports, now),
    perUnit: grouped(reports, (r) => r.opdId, now),
    perSupervisor,
    oldestQueues: perSupervisor
      .filter((l) => l.key !== null && l.oldestWaitingSince !== null)
      .sort((a, b) => a.oldestWaitingSince!.localeCompare(b.oldestWaitingSince!) || a.key!.localeCompare(b.key!))
      .slice(0, limit),
  };
}

// ---------- realisation against target, up the cascade ----------

/** A plan as the cascade needs it: whose, in which unit, under which supervisor, its RHK. */
export interface PlanFact {
  nip: string;
  opdId: string | null;
  supervisorNip: string | null;
  results: readonly PlannedResult[];
}

/** A month's realisation of an indicator (the month's quantity, the quality achieved). */
export interface RealisationFact {
  nip: string;
  month: string;
  indicatorId: string;
  quantity: number;
  quality: number;
}

export interface IndicatorProgress {
  indicatorId: string;
  targetQuantity: number;
  /** The months' quantities summed, January to the month asked. */
  realisedQuantity: number;
  /** The share of the quantity target expected by then: months elapsed / the time target, at most 1. */
  expectedShare: number;
  realisedShare: number;
  targetQuality: number;
  /** The latest month's quality, or null before any realisation. */
  quality: number | null;
  onTrack: boolean;
}

export interface ResultProgress {
  nip: string;
  opdId: string | null;
  resultId: string;
  text: string;
  /** The supervisor's RHK this one supports: `{nip, resultId}`. */
  parent: { nip: string; resultId: string } | null;
  indicators: IndicatorProgress[];
  /** Every indicator on track (an RHK without indicators is not). */
  onTrack: boolean;
  /** This RHK and every RHK below it in the cascade: how many, and how many on track. */
  cascade: { results: number; onTrack: number; share: number };
}

export interface UnitProgress {
  opdId: string | null;
  results: number;
  onTrack: number;
  share: number;
}

/**
 * Realisation against target through a month (YYYY-MM) of the plans' year. An indicator is on track
 * when the quantity realised from January through the month is at least the share of its target the
 * months elapsed ask for (m / time target, at most all of it), and the latest quality recorded is at
 * least the quality target. An RHK is on track when all its indicators are; up the cascade each RHK
 * counts itself and every RHK below it (a subordinate's RHK naming it as parent, and so on).
 */
export function cascadeProgress(
  plans: readonly PlanFact[],
  realisations: readonly RealisationFact[],
  throughMonth: string,
): { results: ResultProgress[]; perUnit: UnitProgress[] } {
  const elapsed = Number(throughMonth.slice(5, 7));
  const real = new Map<string, RealisationFact[]>();
  for (const r of realisations) {
    if (r.month > throughMonth) continue;
    const k = JSON.stringify([r.nip, r.indicatorId]);
    real.set(k, [...(real.get(k) ?? []), r]);
  }
  const results: ResultProgress[] = [];
  for (const plan of plans)
    for (const res of plan.results) {
      const indicators = res.indicators.map((ind): IndicatorProgress => {
        const months = (real.get(JSON.stringify([plan.nip, ind.indicatorId])) ?? []).sort((a, b) => a.month.localeCompare(b.month));
        const realisedQuantity = months.reduce((a, r) => a + r.quantity, 0);
        const expectedShare = round(Math.min(1, elapsed / Math.max(1, ind.timeMonths)));
        const realisedShare = ind.quantity > 0 ? round(realisedQuantity / ind.quantity) : 1;
        const quality = months.length ? months[months.length - 1].quality : null;
        return {
          indicatorId: ind.indicatorId,
          targetQuantity: ind.quantity,
          realisedQuantity,
          expectedShare,
          realisedShare,
          targetQuality: ind.quality,
          quality,
          onTrack: realisedShare >= expectedShare && quality !== null && quality >= ind.quality,
        };
      });
      results.push({
        nip: plan.nip,
        opdId: plan.opdId,
        resultId: res.resultId,
        text: res.text,
        parent: res.parentResultId && plan.supervisorNip ? { nip: plan.supervisorNip, resultId: res.parentResultId } : null,
        indicators,
        onTrack: indicators.length > 0 && indicators.every((i) => i.onTrack),
        cascade: { results: 0, onTrack: 0, share: 0 },
      });
    }
  const keyOf = (nip: string, resultId: string) => JSON.stringify([nip, resultId]);
  const children = new Map<string, ResultProgress[]>();
  for (const r of results)
    if (r.parent) {
      const k = keyOf(r.parent.nip, r.parent.resultId);
      children.set(k, [...(children.get(k) ?? []), r]);
    }
  const memo = new Map<string, { results: number; onTrack: number }>();
  const subtree = (r: ResultProgress, seen: Set<string>): { results: number; onTrack: number } => {
    const k = keyOf(r.nip, r.resultId);
    const known = memo.get(k);
    if (known) return known;
    // A cycle (it cannot be planned, but a read model is not a decider): counted once.
    if (seen.has(k)) return { results: 0, onTrack: 0 };
    seen.add(k);
    const acc = { results: 1, onTrack: r.onTrack ? 1 : 0 };
    for (const c of children.get(k) ?? []) {
      const s = subtree(c, seen);
      acc.results += s.results;
      acc.onTrack += s.onTrack;
    }
    memo.set(k, acc);
    return acc;
  };
  for (const r of results) {
    const s = subtree(r, new Set());
    r.cascade = { ...s, share: round(s.onTrack / s.results) };
  }
  const units = new Map<string | null, { results: number; onTrack: number }>();
  for (const r of results) {
    const u = units.get(r.opdId) ?? { results: 0, onTrack: 0 };
    u.results += 1;
    u.onTrack += r.onTrack ? 1 : 0;
    units.set(r.opdId, u);
  }
  const perUnit = [...units]
    .map(([opdId, u]) => ({ opdId, ...u, share: round(u.onTrack / u.results) }))
    .sort((a, b) => (a.opdId ?? '').localeCompare(b.opdId ?? ''));
  return { results, perUnit };
}
