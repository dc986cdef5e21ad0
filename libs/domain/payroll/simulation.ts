/**
 * Policy simulation (what-if): a draft policy document priced against the recorded inputs of past
 * months with the payroll's own calculator (`priceInputs`), beside the figures under the policy in
 * force, and the budget projection for the rest of the year. Pure: the inputs come in, figures come
 * out. Nothing here is a decision about pay; the only event is the record that a simulation was run.
 */
import { createHash } from 'node:crypto';
import { badInput, canonicalJson, D, isKinerjaError, type Decider, type DomainEvent, type Instant, toRupiahString } from '@kinerja/kernel';
import { calculateResolvedTpp, calculateTppFigures, emptyFigures, resolveTppInput, type CompiledTppPolicy } from '@kinerja/policies';
import { addMonths, assertMonth } from './inputs';
import type { LineInputs } from './lines';

/** The digest a draft is recorded by: SHA-256 of its canonical JSON, so the same draft always has the same digest. */
export const draftDigest = (document: unknown): string => createHash('sha256').update(canonicalJson(document)).digest('hex');

/** One employee's recorded inputs for a month, as a payroll line would price them. */
export interface SimulationLine {
  nip: string;
  name: string;
  inputs: LineInputs;
}

/**
 * The buckets of the change of an employee's monthly net (draft minus today), whole rupiah, each
 * bound included: `from` null is open below, `to` null open above.
 */
export const CHANGE_BUCKETS: ReadonlyArray<{ from: bigint | null; to: bigint | null }> = [
  { from: null, to: -1_000_000n },
  { from: -999_999n, to: -500_000n },
  { from: -499_999n, to: -100_000n },
  { from: -99_999n, to: -1n },
  { from: 0n, to: 0n },
  { from: 1n, to: 99_999n },
  { from: 100_000n, to: 499_999n },
  { from: 500_000n, to: 999_999n },
  { from: 1_000_000n, to: null },
];
function bucketOf(change: bigint): number {
  for (let i = 0; i < CHANGE_BUCKETS.length; i++) {
    const b = CHANGE_BUCKETS[i];
    if ((b.from === null || change >= b.from) && (b.to === null || change <= b.to)) return i;
  }
  return CHANGE_BUCKETS.length - 1;
}

export interface EmployeeChange {
  nip: string;
  name: string;
  positionGrade: number;
  /** Monthly net, whole rupiah: today, under the draft, and the change. */
  today: string;
  draft: string;
  change: string;
}

interface Totals {
  gross: bigint;
  net: bigint;
}
interface GradeAcc {
  employees: number;
  today: Totals;
  draft: Totals;
}
interface Ranked {
  change: bigint;
  nip: string;
  name: string;
  positionGrade: number;
  today: bigint;
  draft: bigint;
}
interface DraftAcc {
  total: Totals;
  skipped: Map<string, number>;
  histogram: number[];
  up: Ranked[];
  down: Ranked[];
  byGrade: Map<number, GradeAcc>;
}

export interface OpdMonthSimulation {
  opdId: string;
  month: string;
  /** `RUN`: the lines of the month's payroll run (its current calculation); `REGISTER`: the register with the month's inputs (no run). */
  source: 'RUN' | 'REGISTER';
  policyVersion: string;
  /** The OPD's TPP budget for the month (what a run's gross is checked against), or null when none is set. */
  budget: string | null;
  employees: number;
  /** Employees priced under today's policy that payroll would skip (code and count). */
  skipped: Array<{ code: string; count: number }>;
  today: { gross: string; net: string };
  drafts: DraftMonthResult[];
}
export interface DraftMonthResult {
  draft: number;
  gross: string;
  net: string;
  difference: { gross: string; net: string };
  /** Whether the draft's gross fits the month's budget (null: no budget set). */
  withinBudget: boolean | null;
  skipped: Array<{ code: string; count: number }>;
  /** The largest rises and falls of monthly net, largest first. */
  up: EmployeeChange[];
  down: EmployeeChange[];
  histogram: Array<{ from: string | null; to: string | null; count: number }>;
  byGrade: Array<{
    positionGrade: number;
    employees: number;
    today: { gross: string; net: string };
    draft: { gross: string; net: string };
    difference: { gross: string; net: string };
  }>;
}

/** Keeps the `top` largest entries by |change| (ties: by NIP), largest first. */
function rank(list: Ranked[], r: Ranked, top: number, up: boolean): void {
  const better = (a: Ranked, b: Ranked) => (up ? a.change > b.change : a.change < b.change) || (a.change === b.change && a.nip < b.nip);
  if (list.length >= top && !better(r, list[list.length - 1])) return;
  let i = list.length;
  while (i > 0 && better(r, list[i - 1])) i--;
  list.splice(i, 0, r);
  if (list.length > top) list.pop();
}

type Priced = { gross: bigint; net: bigint } | { code: string };
const figures = emptyFigures();
/**
 * The slip's gross and net as `priceInputs` (lines.ts) prices a pay line, step for step: the exact
 * integer path, or decimal.js when a figure is too long; only the two totals are kept.
 */
function price(inputs: LineInputs, policy: CompiledTppPolicy): Priced {
  try {
    const resolved = resolveTppInput(inputs, policy);
    if (calculateTppFigures(resolved, policy, figures)) return { gross: BigInt(figures.gross), net: BigInt(figures.net) };
    const r = calculateResolvedTpp(resolved, policy).lines;
    return { gross: BigInt(r.gross), net: BigInt(r.net) };
  } catch (e) {
    // As the payroll does: a line the policy cannot price is skipped (no line, nothing paid).
    if (isKinerjaError(e)) return { code: e.code };
    throw e;
  }
}
const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
const countsOf = (m: Map<string, number>) => [...m].map(([code, count]) => ({ code, count })).sort((a, b) => a.code.localeCompare(b.code));
const totalsText = (t: Totals) => ({ gross: t.gross.toString(), net: t.net.toString() });
const diffText = (a: Totals, b: Totals) => ({ gross: (a.gross - b.gross).toString(), net: (a.net - b.net).toString() });
const changeOf = (r: Ranked): EmployeeChange => ({
  nip: r.nip,
  name: r.name,
  positionGrade: r.positionGrade,
  today: r.today.toString(),
  draft: r.draft.toString(),
  change: r.change.toString(),
});

/**
 * One OPD's month: every line priced under today's policy and under each draft, with the same
 * calculator the payroll uses. An employee today's policy cannot price is skipped, as payroll
 * skips them; one a draft cannot price counts zero under that draft (payroll would pay no line).
 */
export function simulateOpdMonth(input: {
  opdId: string;
  month: string;
  source: 'RUN' | 'REGISTER';
  budget: string | null;
  lines: Iterable<SimulationLine>;
  today: CompiledTppPolicy;
  drafts: readonly CompiledTppPolicy[];
  top: number;
  /** Employees the source already left out (no predikat issued for the month), by code. */
  skipped?: ReadonlyArray<{ code: string; count: number }>;
}): OpdMonthSimulation {
  const today: Totals = { gross: 0n, net: 0n };
  const skipped = new Map<string, number>((input.skipped ?? []).map((s) => [s.code, s.count]));
  const drafts: DraftAcc[] = input.drafts.map(() => ({
    total: { gross: 0n, net: 0n },
    skipped: new Map(),
    histogram: CHANGE_BUCKETS.map(() => 0),
    up: [],
    down: [],
    byGrade: new Map(),
  }));
  let employees = 0;
  for (const line of input.lines) {
    const now = price(line.inputs, input.today);
    if ('code' in now) {
      bump(skipped, now.code);
      continue;
    }
    employees++;
    const tGross = now.gross;
    const tNet = now.net;
    today.gross += tGross;
    today.net += tNet;
    const grade = line.inputs.positionGrade;
    input.drafts.forEach((policy, i) => {
      const acc = drafts[i];
      const p = price(line.inputs, policy);
      let dGross = 0n;
      let dNet = 0n;
      if ('code' in p) bump(acc.skipped, p.code);
      else {
        dGross = p.gross;
        dNet = p.net;
      }
      acc.total.gross += dGross;
      acc.total.net += dNet;
      let g = acc.byGrade.get(grade);
      if (!g) acc.byGrade.set(grade, (g = { employees: 0, today: { gross: 0n, net: 0n }, draft: { gross: 0n, net: 0n } }));
      g.employees++;
      g.today.gross += tGross;
      g.today.net += tNet;
      g.draft.gross += dGross;
      g.draft.net += dNet;
      const change = dNet - tNet;
      acc.histogram[bucketOf(change)]++;
      if (change !== 0n) {
        const r = { change, nip: line.nip, name: line.name, positionGrade: grade, today: tNet, draft: dNet };
        rank(change > 0n ? acc.up : acc.down, r, input.top, change > 0n);
      }
    });
  }
  return {
    opdId: input.opdId,
    month: input.month,
    source: input.source,
    policyVersion: input.today.policyVersion,
    budget: input.budget,
    employees,
    skipped: countsOf(skipped),
    today: totalsText(today),
    drafts: drafts.map((acc, draft) => ({
      draft,
      ...totalsText(acc.total),
      difference: diffText(acc.total, today),
      withinBudget: input.budget === null ? null : acc.total.gross <= BigInt(input.budget),
      skipped: countsOf(acc.skipped),
      up: acc.up.map(changeOf),
      down: acc.down.map(changeOf),
      histogram: CHANGE_BUCKETS.map((b, i) => ({
        from: b.from === null ? null : b.from.toString(),
        to: b.to === null ? null : b.to.toString(),
        count: acc.histogram[i],
      })),
      byGrade: [...acc.byGrade]
        .sort((a, b) => a[0] - b[0])
        .map(([positionGrade, g]) => ({
          positionGrade,
          employees: g.employees,
          today: totalsText(g.today),
          draft: totalsText(g.draft),
          difference: diffText(g.draft, g.today),
        })),
    })),
  };
}

// ---------- months ----------

export const MAX_SIMULATION_MONTHS = 36;
/** `2026-01..2026-10`, `2026-03` or `2026-01,2026-03`: the months, in order, each once. */
export function parseMonthRange(text: string): string[] {
  const months = new Set<string>();
  for (const part of String(text).split(',')) {
    const [from, to, ...rest] = part.trim().split('..');
    if (rest.length) throw badInput('INVALID_MONTHS', `not a month range: ${JSON.stringify(part)}`, { months: text });
    assertMonth(from, 'months');
    const last = to ?? from;
    assertMonth(last, 'months');
    if (last < from) throw badInput('INVALID_MONTHS', `${from}..${last} runs backwards`, { months: text });
    for (let m = from; m <= last; m = addMonths(m, 1)) {
      months.add(m);
      if (months.size > MAX_SIMULATION_MONTHS)
        throw badInput('TOO_MANY_MONTHS', `at most ${MAX_SIMULATION_MONTHS} months per simulation`, { months: text });
    }
  }
  return [...months].sort();
}

// ---------- budget projection ----------

export interface BudgetProjection {
  year: number;
  /** The method, in words, so a person can recompute the figures. */
  method: string;
  /** The months with a figure (simulated), and their mean: what every other month of the year is expected to cost. */
  basisMonths: string[];
  monthlyMean: string;
  /** The year's allocation: the sum of the monthly budgets set for the year (a month without one counts 0). */
  allocation: string;
  monthsWithoutBudget: string[];
  months: Array<{ month: string; kind: 'ACTUAL' | 'PROJECTED'; amount: string; cumulative: string; budget: string | null }>;
  /** Expected spending of the whole year. */
  yearTotal: string;
  /** The first month whose cumulative spending passes the allocation; null when the allocation lasts the year. */
  exhaustedIn: string | null;
}

export const PROJECTION_METHOD =
  'gross TPP (what a run is checked against the budget with); each month of the year with a simulated figure counts that figure; ' +
  'every other month of the year is expected at the mean of those figures (sum / count, half-up to the rupiah); ' +
  'the allocation is the sum of the monthly budgets set for the year; the allocation runs out in the first month whose ' +
  'cumulative expected spending from January exceeds it.';

/**
 * The rest of the year from the months so far: the mean of the months with a figure carried
 * forward (and into any month of the year without one), against the year's allocation.
 */
export function projectBudget(input: {
  year: number;
  actual: ReadonlyArray<{ month: string; amount: string }>;
  budgets: ReadonlyMap<string, string>;
}): BudgetProjection {
  const prefix = `${input.year}-`;
  const actual = new Map(input.actual.filter((a) => a.month.startsWith(prefix)).map((a) => [a.month, new D(a.amount)]));
  const basisMonths = [...actual.keys()].sort();
  const mean = basisMonths.length ? [...actual.values()].reduce((s, a) => s.plus(a), new D(0)).div(basisMonths.length) : new D(0);
  const monthlyMean = new D(toRupiahString(mean));
  let allocation = new D(0);
  let cumulative = new D(0);
  let exhaustedIn: string | null = null;
  const monthsWithoutBudget: string[] = [];
  const months: BudgetProjection['months'] = [];
  for (let m = 1; m <= 12; m++) {
    const month = `${prefix}${String(m).padStart(2, '0')}`;
    const budget = input.budgets.get(month) ?? null;
    if (budget === null) monthsWithoutBudget.push(month);
    else allocation = allocation.plus(budget);
    const amount = actual.get(month) ?? monthlyMean;
    cumulative = cumulative.plus(amount);
    months.push({
      month,
      kind: actual.has(month) ? 'ACTUAL' : 'PROJECTED',
      amount: toRupiahString(amount),
      cumulative: toRupiahString(cumulative),
      budget,
    });
  }
  // Against the whole year's allocation, known in advance (the APBD), not only the budgets of the months so far.
  for (const row of months)
    if (new D(row.cumulative).gt(allocation)) {
      exhaustedIn = row.month;
      break;
    }
  return {
    year: input.year,
    method: PROJECTION_METHOD,
    basisMonths,
    monthlyMean: toRupiahString(monthlyMean),
    allocation: toRupiahString(allocation),
    monthsWithoutBudget,
    months,
    yearTotal: toRupiahString(cumulative),
    exhaustedIn,
  };
}

// ---------- the record: PolicySimulation-<simulationId> ----------

export type PolicySimulationRun = DomainEvent<
  'PolicySimulationRun',
  {
    simulationId: string;
    by: { userId: string; role: string };
    drafts: Array<{ digest: string; policyVersion: string }>;
    months: string[];
    opdIds: string[];
    at: Instant;
  }
>;
export interface RecordSimulation {
  type: 'RecordSimulation';
  simulationId: string;
  by: { userId: string; role: string };
  drafts: Array<{ digest: string; policyVersion: string }>;
  months: string[];
  opdIds: string[];
  at: Instant;
}
export const policySimulationStreamId = (simulationId: string) => `PolicySimulation-${simulationId}`;
/** A simulation is recorded once (a retry with the same id appends nothing). */
export const policySimulationDecider: Decider<RecordSimulation, PolicySimulationRun, { recorded: boolean }> = {
  initialState: () => ({ recorded: false }),
  evolve: () => ({ recorded: true }),
  decide(cmd, s) {
    if (s.recorded) return [];
    const { simulationId, by, drafts, months, opdIds, at } = cmd;
    return [{ type: 'PolicySimulationRun', data: { simulationId, by, drafts, months, opdIds, at } }];
  },
};
