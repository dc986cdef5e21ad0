/**
 * The calculation job of a payroll run: reads the month's inputs from the read model, prices every
 * employee, and appends the lines in batches to `PayLines-<run>.c<n>.b<i>` streams. Every line id
 * is derived from (run, calculation, employee, inputs), and each batch is appended whole or not at
 * all, so a worker killed mid-run and restarted re-appends what it had done as a no-op and carries
 * on: exactly one line per employee. The run's own stream only receives the totals and digest.
 */
import type { Pool } from 'pg';
import { deterministicId, domainError, fold, isKinerjaError } from '@kinerja/kernel';
import { EventStore, isWrongExpectedVersion } from '@kinerja/event-store';
import { handleCommand } from '@kinerja/application';
import {
  adjustmentLine,
  digestOf,
  payLinesIndexStreamId,
  payLinesStreamId,
  payrollRunDecider,
  payrollRunStreamId,
  priceEmployee,
  type PayLineEvent,
  type PayrollRunStreamEvent,
} from '@kinerja/domain/payroll';
import { compiledPolicy, policyByVersion, type CompiledTppPolicy, type PolicyDocument } from '@kinerja/policies';
import { amendmentsToAdjust, employeeInputs, waitForRun } from './reads';

export interface CalculationJobData {
  runId: string;
  opdId: string;
  month: string;
  calculation: number;
  /** The run stream's version after the calculation was requested. */
  runVersion: number;
}

export interface CalculationProgress {
  percent: number;
  linesDone: number;
  linesTotal: number;
  batchesDone: number;
  batchesTotal: number;
  skipped: number;
  adjustments: number;
}

export interface CalculationDeps {
  store: EventStore;
  pool: Pool;
  policies: readonly PolicyDocument[] | (() => Promise<readonly PolicyDocument[]>);
  batchSize?: number;
  /** Test hook: a pause after each batch, so a test can kill the worker mid-run. */
  batchDelayMs?: number;
  concurrency?: number;
}

export const SYSTEM_ACTOR = { userId: 'system:payroll-calculation', roles: [] as string[] };
/** Lines carry their run and policy version in their data; the metadata only says who wrote them. */
const LINE_METADATA = { actor: SYSTEM_ACTOR.userId, role: 'system' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function calculatePayrollRun(
  deps: CalculationDeps,
  job: CalculationJobData,
  onProgress: (p: CalculationProgress) => Promise<void> | void = () => undefined,
): Promise<{ outcome: 'CALCULATED' | 'SUPERSEDED'; lineCount: number; adjustmentCount: number; skipped: number; digest?: string }> {
  const { store, pool } = deps;
  const streamId = payrollRunStreamId(job.opdId, job.month);
  await waitForRun(pool, job.runId, job.runVersion, 120_000);
  const state = fold(payrollRunDecider, (await store.readStream(streamId)).map((e) => ({ type: e.type, data: e.data }) as PayrollRunStreamEvent));
  if (state.calculation !== job.calculation || (state.status !== 'CALCULATING' && state.status !== 'CALCULATED'))
    return { outcome: 'SUPERSEDED', lineCount: 0, adjustmentCount: 0, skipped: 0 };
  const documents = typeof deps.policies === 'function' ? await deps.policies() : deps.policies;
  const policy = compiledPolicy(policyByVersion(documents, state.policyVersion));
  const ctx = { runId: job.runId, opdId: job.opdId, month: job.month, calculation: job.calculation, revision: 0, policy };

  const employees = await employeeInputs(pool, job.opdId, job.month);
  const amendments = await amendmentsToAdjust(pool, job.opdId, job.month, job.runId);
  const size = deps.batchSize ?? 1000;
  const total = employees.length + amendments.length;
  const batchesTotal = Math.ceil(total / size);
  const hashes: string[] = [];
  const skipped: Array<{ nip: string; code: string }> = [];
  let gross = 0n;
  let net = 0n;
  let linesDone = 0;
  let batchesDone = 0;
  let adjustments = 0;
  const policies = new Map<string, CompiledTppPolicy>([[policy.policyVersion, policy]]);
  const policyOf = (v: string) => {
    let p = policies.get(v);
    if (!p) policies.set(v, (p = compiledPolicy(policyByVersion(documents, v))));
    return p;
  };
  const nameOf = new Map(employees.map((e) => [e.nip, e]));

  /** Prices the items of batch b: employees first (in NIP order), then adjustments. */
  const priceBatch = (b: number) => {
    const out: Array<{ id: string; event: PayLineEvent }> = [];
    for (let i = b * size; i < Math.min(total, (b + 1) * size); i++) {
      if (i < employees.length) {
        const r = priceEmployee(employees[i], ctx);
        if ('skipped' in r) skipped.push(r.skipped);
        else out.push(r);
      } else {
        const a = amendments[i - employees.length];
        const emp = nameOf.get(a.nip)!;
        if (a.detail.inputs.predikat === a.predikat) continue; // the paid month already used the amended predikat
        out.push(
          adjustmentLine(
            { lineId: a.paidLineId, runId: a.paidRunId, month: a.month, policyVersion: a.policyVersion, inputs: a.detail.inputs, amounts: a.amounts },
            { objectionId: a.objectionId, predikat: a.predikat },
            emp,
            policyOf(a.policyVersion),
            ctx,
          ),
        );
        adjustments++;
      }
    }
    return out;
  };

  const index = payLinesIndexStreamId(job.runId, job.calculation);
  const append = async (b: number, lines: Array<{ id: string; event: PayLineEvent }>) => {
    if (lines.length === 0) return;
    const stream = payLinesStreamId(job.runId, job.calculation, b);
    await appendBatch(stream, lines);
    await store.append(index, [
      {
        id: deterministicId('kinerja.paylines.batch', stream),
        type: 'PayLinesBatchWritten',
        data: { runId: job.runId, calculation: job.calculation, batch: b, stream, lines: lines.length },
        metadata: LINE_METADATA,
      },
    ]);
  };
  const appendBatch = async (stream: string, lines: Array<{ id: string; event: PayLineEvent }>) => {
    const events = lines.map((l) => ({ id: l.id, type: l.event.type, data: l.event.data, metadata: LINE_METADATA }));
    try {
      await store.append(stream, events, { expectedVersion: 'no_stream' });
    } catch (e) {
      if (!isWrongExpectedVersion(e)) throw e;
      // Appended before a crash: the same ids mean the same lines. Different ids mean the inputs
      // moved between the two attempts; refuse rather than pay a line twice.
      const existing = await store.readStream(stream);
      if (existing.length !== events.length || existing.some((x, i) => x.id !== events[i].id))
        throw domainError('CALCULATION_INPUTS_CHANGED', { stream }, 'the inputs changed while the run was being calculated; calculate the run again');
    }
  };

  const concurrency = deps.batchDelayMs ? 1 : (deps.concurrency ?? Number(process.env.PAYROLL_APPEND_CONCURRENCY || 3));
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, batchesTotal) }, async () => {
    for (;;) {
      const b = next++;
      if (b >= batchesTotal) return;
      const lines = priceBatch(b);
      for (const l of lines) {
        hashes.push(l.event.data.lineHash);
        gross += BigInt(l.event.data.amounts.gross);
        net += BigInt(l.event.data.amounts.net);
      }
      await append(b, lines);
      linesDone += lines.length;
      batchesDone++;
      await onProgress({ percent: Math.floor((100 * batchesDone) / batchesTotal), linesDone, linesTotal: total, batchesDone, batchesTotal, skipped: skipped.length, adjustments });
      if (deps.batchDelayMs) await sleep(deps.batchDelayMs);
    }
  });
  await Promise.all(workers);
  const digest = digestOf(hashes);
  try {
    await handleCommand(
      store,
      streamId,
      payrollRunDecider,
      {
        type: 'CompleteCalculation',
        calculation: job.calculation,
        batches: batchesTotal,
        lineCount: hashes.length,
        adjustmentCount: adjustments,
        skipped: skipped.slice(0, 1000),
        totalGross: gross.toString(),
        totalNet: net.toString(),
        digest,
        by: { userId: SYSTEM_ACTOR.userId, role: 'system' },
        at: new Date().toISOString(),
      },
      { actor: SYSTEM_ACTOR, role: 'system', policyVersion: policy.policyVersion, idempotencyKey: `calculation-${job.calculation}-complete` },
    );
  } catch (e) {
    if (isKinerjaError(e) && e.code === 'CALCULATION_SUPERSEDED') return { outcome: 'SUPERSEDED', lineCount: hashes.length, adjustmentCount: adjustments, skipped: skipped.length };
    throw e;
  }
  await onProgress({ percent: 100, linesDone, linesTotal: total, batchesDone, batchesTotal, skipped: skipped.length, adjustments });
  return { outcome: 'CALCULATED', lineCount: hashes.length, adjustmentCount: adjustments, skipped: skipped.length, digest };
}
