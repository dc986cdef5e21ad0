import { domainError, fold } from '@kinerja/kernel';
import { payrollRunDecider, type PayrollRunCommand, type PayrollRunStreamEvent } from '@kinerja/domain/payroll';
import { onAttemptFailed, onJobStarted, onLinesWritten } from './calculation-process';

// The calculation job's process manager, given the run's events, when the job starts, writes its
// lines or fails, then the command it sends to the run (or that it stops).

const at = '2026-04-01T08:00:00.000Z';
const by = { userId: 'u-bendahara', role: 'bendahara' };
const job = { runId: 'DINKES:2026-03', opdId: 'DINKES', month: '2026-03', calculation: 1, runVersion: 1 };

/** The run's events after the commands, each decided on the state the ones before left. */
function given(...commands: Array<Omit<PayrollRunCommand, 'by' | 'at'>>): PayrollRunStreamEvent[] {
  const events: PayrollRunStreamEvent[] = [];
  for (const c of commands)
    events.push(...payrollRunDecider.decide({ ...c, by, at } as PayrollRunCommand, fold(payrollRunDecider, events)));
  return events;
}
const run = (events: PayrollRunStreamEvent[]) => fold(payrollRunDecider, events);
const opened = { type: 'OpenRun' as const, opdId: 'DINKES', month: '2026-03', policyVersion: 'perkada-2026' };
const started = { type: 'StartCalculation' as const, policyVersion: 'perkada-2026' };
const priced = {
  batches: 2,
  lineCount: 3,
  adjustmentCount: 0,
  skipped: [{ nip: '1', code: 'NO_PREDIKAT' }],
  totalGross: '300',
  totalNet: '270',
  digest: 'd'.repeat(64),
  policyVersion: 'perkada-2026',
};

describe('the payroll calculation process manager', () => {
  it('given calculation 1 started, when its job starts, then it calculates under the run’s policy version', () => {
    expect(onJobStarted(job, run(given(opened, started)))).toEqual({ calculate: true, policyVersion: 'perkada-2026' });
  });

  it('given calculation 2 started since, when the job of calculation 1 starts, then it does nothing', () => {
    const events = given(opened, started);
    const failed = payrollRunDecider.decide({ type: 'FailCalculation', calculation: 1, code: 'X', reason: 'x', by, at }, run(events));
    expect(onJobStarted(job, run([...events, ...failed]))).toEqual({ calculate: false });
    const again = [...events, ...failed, ...payrollRunDecider.decide({ ...started, by, at }, run([...events, ...failed]))];
    expect(onJobStarted(job, run(again))).toEqual({ calculate: false });
    expect(onJobStarted({ ...job, calculation: 2 }, run(again))).toEqual({ calculate: true, policyVersion: 'perkada-2026' });
  });

  it('given no run, when a job starts, then it does nothing', () => {
    expect(onJobStarted(job, run([]))).toEqual({ calculate: false });
  });

  it('when every line is written, then CompleteCalculation with the totals, keyed by the calculation; the run accepts it', () => {
    const { command, ctx } = onLinesWritten(job, priced, at);
    expect(command).toEqual({
      type: 'CompleteCalculation',
      calculation: 1,
      batches: 2,
      lineCount: 3,
      adjustmentCount: 0,
      skipped: [{ nip: '1', code: 'NO_PREDIKAT' }],
      totalGross: '300',
      totalNet: '270',
      digest: 'd'.repeat(64),
      by: { userId: 'system:payroll-calculation', role: 'system' },
      at,
    });
    expect(ctx).toMatchObject({ role: 'system', policyVersion: 'perkada-2026', idempotencyKey: 'calculation-1-complete' });
    expect(payrollRunDecider.decide(command, run(given(opened, started)))).toMatchObject([
      { type: 'PayrollCalculated', data: { calculation: 1, digest: 'd'.repeat(64) } },
    ]);
  });

  it('when an attempt fails with attempts left, then it is retried and the run is not touched', () => {
    expect(onAttemptFailed(job, new Error('connection reset'), { made: 0, allowed: 5 }, at)).toEqual({ retry: true });
  });

  it('when the last attempt fails, then FailCalculation with the reason, keyed by the calculation; the run accepts it', () => {
    const r = onAttemptFailed(job, new Error('connection reset'), { made: 4, allowed: 5 }, at);
    expect(r).toMatchObject({
      retry: false,
      command: { type: 'FailCalculation', calculation: 1, code: 'CALCULATION_ERROR', reason: 'connection reset', at },
      ctx: { idempotencyKey: 'calculation-1-failed', reason: 'connection reset' },
    });
    if (r.retry) throw new Error('unreachable');
    expect(payrollRunDecider.decide(r.command, run(given(opened, started)))).toMatchObject([
      { type: 'PayrollCalculationFailed', data: { calculation: 1, code: 'CALCULATION_ERROR' } },
    ]);
  });

  it('when an attempt fails with changed inputs, then FailCalculation at once, whatever attempts are left', () => {
    const changed = domainError('CALCULATION_INPUTS_CHANGED', { nip: '198503122010011002' }, 'the inputs of 198503122010011002 changed');
    expect(onAttemptFailed(job, changed, { made: 0, allowed: 5 }, at)).toMatchObject({
      retry: false,
      command: { type: 'FailCalculation', code: 'CALCULATION_INPUTS_CHANGED' },
    });
  });
});
