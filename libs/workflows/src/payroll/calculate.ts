/**
 * The calculation job of a payroll run: reads the month's inputs from the read model, prices every
 * employee, and appends the lines in batches to `PayLines-<run>.c<n>.l<first line id>` streams.
 * Every line id is derived from (run, calculation, employee, inputs), never from the batching: a
 * worker killed mid-run and restarted (with any batch size) finds the lines already written
 * through the calculation's index, appends only the others, and carries on: exactly one line per
 * employee. The run's own stream only receives the totals and digest, or why the calculation
 * could not finish (`failCalculation`).
 */
import type { Pool } from 'pg';
import { deterministicId, domainError, fold, isKinerjaError, systemClock, type Clock } from '@kinerja/kernel';
import { EventStore, isWrongExpectedVersion } from '@kinerja/event-store';
import { handleCommand, type CalculationJobData } from '@kinerja/application';
import {
  adjustmentLine,
  type EmployeeInputs,
  type LineContext,
  digestAccumulator,
  payLinesIndexStreamId,
  payLinesStreamId,
  payrollRunDecider,
  payrollRunStreamId,
  priceEmployee,
  type PayLineEvent,
  type PayrollRunStreamEvent,
} from '@kinerja/domain/payroll';
import { compiledPolicy, policyByVersion, type CompiledTppPolicy, type PolicyDocument } from '@kinerja/policies';
import { amendmentsToAdjust, employeeInputPages, waitForRun, type EmployeeInputPages } from '@kinerja/projections';
import { failure, onJobStarted, onLinesWritten, SYSTEM_ACTOR, type RunCommand } from './calculation-process';

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
  clock?: Clock;
}

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
  const state = fold(
    payrollRunDecider,
    (await store.readStream(streamId)).map((e) => ({ type: e.type, data: e.data }) as PayrollRunStreamEvent),
  );
  const start = onJobStarted(job, state);
  if (!start.calculate) return { outcome: 'SUPERSEDED', lineCount: 0, adjustmentCount: 0, skipped: 0 };
  const documents = typeof deps.policies === 'function' ? await deps.policies() : deps.policies;
  const policy = compiledPolicy(policyByVersion(documents, start.policyVersion));
  const ctx = { runId: job.runId, opdId: job.opdId, month: job.month, calculation: job.calculation, revision: 0, policy };

  // The register is read in pages of a batch (one snapshot of the read model), never held whole.
  const pages = await employeeInputPages(pool, job.opdId, job.month);
  try {
    return await calculateLines(deps, job, ctx, documents, policy, pages, onProgress);
  } finally {
    await pages.close();
  }
}

async function calculateLines(
  deps: CalculationDeps,
  job: CalculationJobData,
  ctx: LineContext,
  documents: readonly PolicyDocument[],
  policy: CompiledTppPolicy,
  pages: EmployeeInputPages,
  onProgress: (p: CalculationProgress) => Promise<void> | void,
): Promise<{ outcome: 'CALCULATED' | 'SUPERSEDED'; lineCount: number; adjustmentCount: number; skipped: number; digest?: string }> {
  const { store, pool } = deps;
  const amendments = await amendmentsToAdjust(pool, job.opdId, job.month, job.runId);
  const size = deps.batchSize ?? 1000;
  const employeeCount = pages.total;
  const total = employeeCount + amendments.length;
  const batchesTotal = Math.ceil(total / size);
  const hashes = digestAccumulator();
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
  const nameOf = new Map((await pages.only([...new Set(amendments.map((a) => a.nip))])).map((e) => [e.nip, e]));

  /**
   * The employees of batch b (those of [b * size, (b + 1) * size) in NIP order): the pages are read
   * in order, one at a time, as the batches are taken in order.
   */
  let reading: Promise<unknown> = Promise.resolve();
  let read = 0;
  const employeesOf = (b: number): Promise<EmployeeInputs[]> => {
    const from = b * size;
    const to = Math.min(employeeCount, (b + 1) * size);
    const page = reading.then(async () => {
      if (to <= from) return [];
      if (read !== from) throw new Error(`employee pages read out of order (${read}, wanted ${from})`);
      const rows = await pages.next(to - from);
      read += rows.length;
      // The snapshot's count and its cursor agree; fewer rows would mean a page lost.
      if (rows.length !== to - from) throw new Error(`expected ${to - from} employees from ${from}, read ${rows.length}`);
      return rows;
    });
    reading = page.catch(() => undefined);
    return page;
  };

  /** Prices the items of batch b: employees first (in NIP order), then adjustments. */
  const priceBatch = (b: number, employees: EmployeeInputs[]) => {
    const out: Array<{ id: string; event: PayLineEvent }> = [];
    for (let i = b * size; i < Math.min(total, (b + 1) * size); i++) {
      if (i < employeeCount) {
        const emp = employees[i - b * size];
        const r = priced(emp.nip, () => priceEmployee(emp, ctx));
        if ('skipped' in r) skipped.push(r.skipped);
        else out.push(r);
      } else {
        const a = amendments[i - employeeCount];
        const emp = nameOf.get(a.nip)!;
        if (a.detail.inputs.predikat === a.predikat) continue; // the paid month already used the amended predikat
        out.push(
          priced(a.nip, () =>
            adjustmentLine(
              {
                lineId: a.paidLineId,
                runId: a.paidRunId,
                month: a.month,
                policyVersion: a.policyVersion,
                inputs: a.detail.inputs,
                amounts: a.amounts,
              },
              { objectionId: a.objectionId, predikat: a.predikat },
              emp,
              policyOf(a.policyVersion),
              ctx,
            ),
          ),
        );
        adjustments++;
      }
    }
    return out;
  };

  // What an earlier attempt of this calculation (killed, or run with another batch size) wrote.
  const index = payLinesIndexStreamId(job.runId, job.calculation);
  const written = await linesWritten(store, index);
  for (const w of written.unannounced) await announce(store, job, w.stream, w.lines);
  const seen = new Set<string>();
  /** The lines of a batch not written yet; a line written with other inputs fails the calculation. */
  const unwritten = (lines: Array<{ id: string; event: PayLineEvent }>) =>
    lines.filter((l) => {
      const key = lineKeyOf(l.event.data);
      const id = written.lines.get(key);
      if (id === undefined) return true;
      if (id !== l.id) throw inputsChanged(l.event.data.nip);
      seen.add(key);
      return false;
    });

  const appendBatch = async (stream: string, lines: Array<{ id: string; event: PayLineEvent }>) => {
    const events = lines.map((l) => ({ id: l.id, type: l.event.type, data: l.event.data, metadata: LINE_METADATA }));
    try {
      await store.append(stream, events, { expectedVersion: 'no_stream' });
    } catch (e) {
      if (!isWrongExpectedVersion(e)) throw e;
      // Only a second worker on the same job (a lock taken over) writes a stream of this name: the
      // same ids are the same lines; anything else is retried, and the retry skips what is written.
      const existing = await store.readStream(stream);
      if (existing.length !== events.length || existing.some((x, i) => x.id !== events[i].id)) throw e;
    }
  };

  const concurrency = deps.batchDelayMs ? 1 : (deps.concurrency ?? Number(process.env.PAYROLL_APPEND_CONCURRENCY || 3));
  let streams = written.streams;
  let next = 0;
  let failed = false;
  const workers = Array.from({ length: Math.min(concurrency, batchesTotal) }, async () => {
    for (;;) {
      const b = next++;
      if (b >= batchesTotal || failed) return;
      const lines = priceBatch(b, await employeesOf(b));
      for (const l of lines) {
        hashes.add(l.event.data.lineHash);
        gross += BigInt(l.event.data.amounts.gross);
        net += BigInt(l.event.data.amounts.net);
      }
      const fresh = unwritten(lines);
      if (fresh.length) {
        const stream = payLinesStreamId(job.runId, job.calculation, fresh[0].id);
        await store.append(index, [
          {
            id: deterministicId('kinerja.paylines.planned', stream),
            type: 'PayLinesBatchPlanned',
            data: { runId: job.runId, calculation: job.calculation, stream },
            metadata: LINE_METADATA,
          },
        ]);
        await appendBatch(stream, fresh);
        await announce(store, job, stream, fresh.length);
        streams++;
      }
      linesDone += lines.length;
      batchesDone++;
      await onProgress({
        percent: Math.floor((100 * batchesDone) / batchesTotal),
        linesDone,
        linesTotal: total,
        batchesDone,
        batchesTotal,
        skipped: skipped.length,
        adjustments,
      });
      if (deps.batchDelayMs) await sleep(deps.batchDelayMs);
    }
  });
  // One batch's failure stops the others: the job ends (and is retried or failed) as one.
  await Promise.all(workers.map((w) => w.catch((e) => ((failed = true), Promise.reject(e)))));
  // A line written before for someone not priced now (left the OPD, or now skipped): the inputs moved.
  for (const key of written.lines.keys()) if (!seen.has(key)) throw inputsChanged(key.split('|')[0]);
  const digest = hashes.digest();
  const complete = onLinesWritten(
    job,
    {
      batches: streams,
      lineCount: hashes.count,
      adjustmentCount: adjustments,
      skipped,
      totalGross: gross.toString(),
      totalNet: net.toString(),
      digest,
      policyVersion: policy.policyVersion,
    },
    (deps.clock ?? systemClock).now().toISOString(),
  );
  try {
    await handleRunCommand(store, job, complete);
  } catch (e) {
    if (isKinerjaError(e) && e.code === 'CALCULATION_SUPERSEDED')
      return { outcome: 'SUPERSEDED', lineCount: hashes.count, adjustmentCount: adjustments, skipped: skipped.length };
    throw e;
  }
  await onProgress({ percent: 100, linesDone, linesTotal: total, batchesDone, batchesTotal, skipped: skipped.length, adjustments });
  return { outcome: 'CALCULATED', lineCount: hashes.count, adjustmentCount: adjustments, skipped: skipped.length, digest };
}

const lineKeyOf = (d: { nip: string; lineKey: string }) => `${d.nip}|${d.lineKey}`;

const inputsChanged = (nip: string) =>
  domainError(
    'CALCULATION_INPUTS_CHANGED',
    { nip },
    `the inputs of ${nip} changed while the run was being calculated; calculate the run again`,
  );

/** Prices one employee's line; a failure that is not a coded refusal fails the calculation for good, naming the employee. */
function priced<T>(nip: string, price: () => T): T {
  try {
    return price();
  } catch (e) {
    if (isKinerjaError(e)) throw e;
    throw domainError('PRICING_FAILED', { nip, error: String(e) }, `the line of ${nip} cannot be priced: ${String(e)}`);
  }
}

/**
 * The lines an earlier attempt of a calculation wrote (by line key, their ids), found through the
 * index's planned batches, and the batches written but never announced to the ledger.
 */
async function linesWritten(store: EventStore, index: string) {
  // Announced batches count too: a job begun before batches were planned announced them only.
  const planned = new Set<string>();
  const announced = new Set<string>();
  for (const e of await store.readStream(index)) {
    const stream = (e.data as { stream: string }).stream;
    planned.add(stream);
    if (e.type === 'PayLinesBatchWritten') announced.add(stream);
  }
  const lines = new Map<string, string>();
  const unannounced: Array<{ stream: string; lines: number }> = [];
  let streams = 0;
  for (const stream of planned) {
    const events = await store.readStream(stream);
    if (!events.length) continue; // planned, then the job died before the batch was appended
    streams++;
    for (const e of events) lines.set(lineKeyOf(e.data as PayLineEvent['data']), e.id);
    if (!announced.has(stream)) unannounced.push({ stream, lines: events.length });
  }
  return { lines, unannounced, streams };
}

/** Tells the ledger a batch of lines is written (it copies the batch then). Its id is the batch's: once per batch. */
async function announce(store: EventStore, job: CalculationJobData, stream: string, lines: number) {
  await store.append(payLinesIndexStreamId(job.runId, job.calculation), [
    {
      id: deterministicId('kinerja.paylines.batch', stream),
      type: 'PayLinesBatchWritten',
      data: { runId: job.runId, calculation: job.calculation, stream, lines },
      metadata: LINE_METADATA,
    },
  ]);
}

/** Hands a command of the process manager to the run's decider. */
export const handleRunCommand = (store: EventStore, job: CalculationJobData, { command, ctx }: RunCommand) =>
  handleCommand(store, payrollRunStreamId(job.opdId, job.month), payrollRunDecider, command, ctx);

/**
 * Records that a calculation cannot finish (its job failed for good): the run leaves CALCULATING
 * for CALCULATION_FAILED with the reason, and may be calculated again.
 */
export async function failCalculation(
  deps: Pick<CalculationDeps, 'store' | 'clock'>,
  job: CalculationJobData,
  error: unknown,
): Promise<void> {
  await handleRunCommand(deps.store, job, failure(job, error, (deps.clock ?? systemClock).now().toISOString()));
}
