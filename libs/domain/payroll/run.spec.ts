import { deciderSpec as spec } from '@kinerja/kernel/testing';
import { payrollRunDecider, PayrollRunCommand, PayrollRunEvent, PayrollRunStreamEvent, runId, type StaleLine } from './run';
import { digestOf, lineHash, replaceInDigest } from './digest';

const at = '2026-04-02T09:00:00+07:00';
const RUN = runId('OPD-DINKES', '2026-03');
const bendahara = { userId: 'u-bendahara', role: 'bendahara' };
const bendahara2 = { userId: 'u-bendahara-2', role: 'bendahara' };
const ppk = { userId: 'u-ppk', role: 'ppk_skpd' };
const kepala = { userId: 'u-kepala', role: 'kepala_opd' };
const bpkad = { userId: 'u-bpkad', role: 'bpkad' };
const D1 = digestOf([lineHash({ nip: '1', lineKey: 'TPP', amounts: { net: '100' } })]);
const given = (events: PayrollRunStreamEvent[]) => spec(payrollRunDecider).given(events);
/** A command as a test writes it: the time is the test's, and stale lines optional where there are any. */
type Unstamped<C> = C extends unknown ? Omit<C, 'at' | 'staleLines'> & Partial<Pick<C, Extract<keyof C, 'staleLines'>>> : never;
/** A signing command sees no stale line unless the test says so. */
const cmd = (c: Unstamped<PayrollRunCommand>): PayrollRunCommand => {
  const stamped = { at, staleLines: { count: 0, lines: [] }, ...c };
  return stamped;
};

const opened: PayrollRunEvent = {
  type: 'PayrollRunOpened',
  data: { runId: RUN, opdId: 'OPD-DINKES', month: '2026-03', policyVersion: 'p/v1', openedBy: bendahara.userId, at },
};
const started: Extract<PayrollRunEvent, { type: 'PayrollCalculationStarted' }> = {
  type: 'PayrollCalculationStarted',
  data: { runId: RUN, calculation: 1, policyVersion: 'p/v1', requestedBy: bendahara.userId, at },
};
const calculated: PayrollRunEvent = {
  type: 'PayrollCalculated',
  data: {
    runId: RUN,
    calculation: 1,
    batches: 1,
    lineCount: 1,
    adjustmentCount: 0,
    skipped: [],
    totalGross: '1000',
    totalNet: '900',
    digest: D1,
    at,
  },
};
const submitted: PayrollRunEvent = {
  type: 'PayrollRunSubmitted',
  data: { runId: RUN, digest: D1, totalGross: '1000', budget: '5000', by: bendahara.userId, at },
};
const verified: PayrollRunEvent = { type: 'PayrollRunVerified', data: { runId: RUN, digest: D1, by: ppk.userId, at } };
const approved: PayrollRunEvent = { type: 'PayrollRunApproved', data: { runId: RUN, digest: D1, by: kepala.userId, at } };
const disbursed: PayrollRunEvent = {
  type: 'PayrollRunDisbursed',
  data: { runId: RUN, digest: D1, sp2dNumber: 'SP2D-1', sp2dDate: '2026-04-05', by: bpkad.userId, at },
};
const CALCULATED = [opened, started, calculated];

describe('PayrollRun', () => {
  it('opens a run in DRAFT', () =>
    given([])
      .when(cmd({ type: 'OpenRun', opdId: 'OPD-DINKES', month: '2026-03', policyVersion: 'p/v1', by: bendahara }))
      .then([opened]));
  it('refuses a second run for the same OPD and month', () =>
    given([opened])
      .when(cmd({ type: 'OpenRun', opdId: 'OPD-DINKES', month: '2026-03', policyVersion: 'p/v1', by: bendahara }))
      .thenThrows('RUN_ALREADY_OPEN'));
  it('refuses a run for a month already disbursed', () =>
    given([...CALCULATED, submitted, verified, approved, disbursed])
      .when(cmd({ type: 'OpenRun', opdId: 'OPD-DINKES', month: '2026-03', policyVersion: 'p/v1', by: bendahara }))
      .thenThrows('MONTH_ALREADY_DISBURSED'));
  it('refuses to recalculate a disbursed run', () =>
    given([...CALCULATED, submitted, verified, approved, disbursed])
      .when(cmd({ type: 'StartCalculation', policyVersion: 'p/v1', by: bendahara }))
      .thenThrows('MONTH_ALREADY_DISBURSED'));
  it('starts calculation number n+1 from DRAFT', () =>
    given([opened])
      .when(cmd({ type: 'StartCalculation', policyVersion: 'p/v1', by: bendahara }))
      .then([started]));
  it('completes the current calculation once; a retried job appends nothing', () => {
    const complete = cmd({
      type: 'CompleteCalculation',
      calculation: 1,
      batches: 1,
      lineCount: 1,
      adjustmentCount: 0,
      skipped: [],
      totalGross: '1000',
      totalNet: '900',
      digest: D1,
      by: bendahara,
    });
    given([opened, started]).when(complete).then([calculated]);
    given(CALCULATED).when(complete).then([]);
  });
  it('refuses to complete a superseded calculation', () =>
    given([
      opened,
      started,
      {
        type: 'PayrollRunReturned',
        data: { runId: RUN, fromStatus: 'CALCULATING', reason: 'stuck', by: ppk.userId, role: 'ppk_skpd', at },
      },
    ])
      .when(
        cmd({
          type: 'CompleteCalculation',
          calculation: 1,
          batches: 1,
          lineCount: 1,
          adjustmentCount: 0,
          skipped: [],
          totalGross: '1000',
          totalNet: '900',
          digest: D1,
          by: bendahara,
        }),
      )
      .thenThrows('CALCULATION_SUPERSEDED'));

  it('goes through every step, each by its role', () => {
    given(CALCULATED)
      .when(cmd({ type: 'Submit', digest: D1, budget: '5000', by: bendahara }))
      .then([submitted]);
    given([...CALCULATED, submitted])
      .when(cmd({ type: 'Verify', digest: D1, by: ppk }))
      .then([verified]);
    given([...CALCULATED, submitted, verified])
      .when(cmd({ type: 'Approve', digest: D1, by: kepala }))
      .then([approved]);
    given([...CALCULATED, submitted, verified, approved])
      .when(cmd({ type: 'Disburse', digest: D1, sp2dNumber: 'SP2D-1', sp2dDate: '2026-04-05', by: bpkad }))
      .then([disbursed]);
  });
  it('lets no step be skipped', () => {
    given(CALCULATED)
      .when(cmd({ type: 'Approve', digest: D1, by: kepala }))
      .thenThrows('STEP_OUT_OF_ORDER', { requires: 'VERIFIED' });
    given([...CALCULATED, submitted])
      .when(cmd({ type: 'Disburse', digest: D1, sp2dNumber: 'X', sp2dDate: '2026-04-05', by: bpkad }))
      .thenThrows('STEP_OUT_OF_ORDER');
    given([opened])
      .when(cmd({ type: 'Submit', digest: '', budget: '5000', by: bendahara }))
      .thenThrows('STEP_OUT_OF_ORDER');
  });
  it('takes each step only in its role', () =>
    given(CALCULATED)
      .when(cmd({ type: 'Submit', digest: D1, budget: '5000', by: ppk }))
      .thenThrows('STEP_ROLE_REQUIRED'));
  it('refuses a second step by the same person (SEGREGATION_OF_DUTIES)', () =>
    given([...CALCULATED, submitted])
      .when(cmd({ type: 'Verify', digest: D1, by: { userId: bendahara.userId, role: 'ppk_skpd' } }))
      .thenThrows('SEGREGATION_OF_DUTIES', { alreadySigned: 'Submit' }));
  it('refuses a signature on a digest that is not the current one', () =>
    given([...CALCULATED, submitted])
      .when(cmd({ type: 'Verify', digest: 'f'.repeat(64), by: ppk }))
      .thenThrows('DIGEST_MISMATCH'));
  it('refuses submission over the budget, or with no budget set', () => {
    given(CALCULATED)
      .when(cmd({ type: 'Submit', digest: D1, budget: '999', by: bendahara }))
      .thenThrows('BUDGET_EXCEEDED', { totalGross: '1000', budget: '999' });
    given(CALCULATED)
      .when(cmd({ type: 'Submit', digest: D1, budget: null, by: bendahara }))
      .thenThrows('BUDGET_NOT_SET');
    given(CALCULATED)
      .when(cmd({ type: 'Submit', digest: D1, budget: '1000', by: bendahara }))
      .then([{ ...submitted, data: { ...submitted.data, budget: '1000' } } as PayrollRunEvent]);
  });
  it('records the SP2D number and date at disbursement', () =>
    given([...CALCULATED, submitted, verified, approved])
      .when(cmd({ type: 'Disburse', digest: D1, sp2dNumber: ' ', sp2dDate: '2026-04-05', by: bpkad }))
      .thenThrows('SP2D_REQUIRED'));
  it('returns a run to DRAFT with a reason from any step; signatures start over', () => {
    const ret = cmd({ type: 'ReturnRun', reason: 'wrong attendance for two employees', by: kepala });
    given([...CALCULATED, submitted, verified])
      .when(ret)
      .thenMatches((es) => expect(es).toMatchObject([{ type: 'PayrollRunReturned', data: { fromStatus: 'VERIFIED' } }]));
    given([...CALCULATED, submitted, verified])
      .when(cmd({ type: 'ReturnRun', reason: ' ', by: kepala }))
      .thenThrows('REASON_REQUIRED');
    given([...CALCULATED, submitted, verified, approved, disbursed])
      .when(ret)
      .thenThrows('MONTH_ALREADY_DISBURSED');
    const returned: PayrollRunEvent = {
      type: 'PayrollRunReturned',
      data: { runId: RUN, fromStatus: 'VERIFIED', reason: 'x', by: kepala.userId, role: 'kepala_opd', at },
    };
    given([...CALCULATED, submitted, verified, returned])
      .when(cmd({ type: 'Submit', digest: D1, budget: '5000', by: bendahara }))
      .thenThrows('STEP_OUT_OF_ORDER', { status: 'DRAFT' });
  });
  it('recalculates one slip while CALCULATED, moving the digest and totals; an old signature is then refused', () => {
    const oldHash = lineHash({ nip: '1', lineKey: 'TPP', amounts: { net: '100' } });
    const line = {
      runId: RUN,
      opdId: 'OPD-DINKES',
      month: '2026-03',
      calculation: 1,
      revision: 1,
      nip: '1',
      name: 'A',
      lineKey: 'TPP',
      policyVersion: 'p/v1',
      amounts: { gross: '1020', net: '920' } as any,
      lineHash: lineHash({ nip: '1', lineKey: 'TPP', amounts: { net: '120' } }),
      bankAccount: { bankName: 'B', accountNumber: '1', accountName: 'A' },
      inputs: {} as any,
      sources: {} as any,
    };
    const recalc = cmd({
      type: 'RecalculateSlip',
      line,
      previousLineHash: oldHash,
      previousGross: '1000',
      previousNet: '900',
      reason: 'attendance corrected',
      by: bendahara,
    });
    const d2 = replaceInDigest(D1, oldHash, line.lineHash);
    expect(d2).toBe(digestOf([line.lineHash]));
    given(CALCULATED)
      .when(recalc)
      .thenMatches((es) => {
        expect(es[0].data).toMatchObject({ digest: d2, totalGross: '1020', totalNet: '920' });
        expect(es[1]).toEqual({ type: 'PayLineCalculated', data: line });
      });
    given(CALCULATED)
      .when(
        cmd({
          type: 'RecalculateSlip',
          line,
          previousLineHash: oldHash,
          previousGross: '1000',
          previousNet: '900',
          reason: '',
          by: bendahara,
        }),
      )
      .thenThrows('REASON_REQUIRED');
    given([...CALCULATED, submitted])
      .when(recalc)
      .thenThrows('STEP_OUT_OF_ORDER');
    const recalculated = payrollRunDecider.decide(recalc, CALCULATED.reduce(payrollRunDecider.evolve, payrollRunDecider.initialState()));
    given([...CALCULATED, ...recalculated])
      .when(cmd({ type: 'Submit', digest: D1, budget: '5000', by: bendahara2 }))
      .thenThrows('DIGEST_MISMATCH');
    given([...CALCULATED, ...recalculated])
      .when(cmd({ type: 'Submit', digest: d2, budget: '5000', by: bendahara2 }))
      .thenMatches((es) => expect(es[0].type).toBe('PayrollRunSubmitted'));
    given([...CALCULATED, ...recalculated])
      .when(recalc)
      .thenThrows('SLIP_CHANGED');
  });
  describe('inputs changed after the lines were priced', () => {
    const stale = {
      count: 2,
      lines: [
        { nip: '1', lineKey: 'TPP', inputs: ['predikat'] },
        { nip: '2', lineKey: 'TPP', inputs: ['sanction', 'attendance'] },
      ] as StaleLine[],
    };
    it('refuses every signing step with INPUTS_CHANGED naming the lines and their inputs', () => {
      given(CALCULATED)
        .when(cmd({ type: 'Submit', digest: D1, budget: '5000', by: bendahara, staleLines: stale }))
        .thenThrows('INPUTS_CHANGED', { count: 2, nips: ['1', '2'], lines: stale.lines });
      given([...CALCULATED, submitted])
        .when(cmd({ type: 'Verify', digest: D1, by: ppk, staleLines: stale }))
        .thenThrows('INPUTS_CHANGED', { nips: ['1', '2'] });
      given([...CALCULATED, submitted, verified])
        .when(cmd({ type: 'Approve', digest: D1, by: kepala, staleLines: stale }))
        .thenThrows('INPUTS_CHANGED');
      given([...CALCULATED, submitted, verified, approved])
        .when(cmd({ type: 'Disburse', digest: D1, sp2dNumber: 'SP2D-1', sp2dDate: '2026-04-05', by: bpkad, staleLines: stale }))
        .thenThrows('INPUTS_CHANGED');
    });
    it('answers 409, as a conflict with the current state', () => {
      const s = CALCULATED.reduce(payrollRunDecider.evolve, payrollRunDecider.initialState());
      expect(() =>
        payrollRunDecider.decide(cmd({ type: 'Submit', digest: D1, budget: '5000', by: bendahara, staleLines: stale }), s),
      ).toThrow(expect.objectContaining({ code: 'INPUTS_CHANGED', category: 'CONFLICT' }));
    });
    it('still says first that a step is out of order or signs an old digest', () => {
      given([opened])
        .when(cmd({ type: 'Submit', digest: D1, budget: '5000', by: bendahara, staleLines: stale }))
        .thenThrows('STEP_OUT_OF_ORDER');
      given(CALCULATED)
        .when(cmd({ type: 'Submit', digest: 'f'.repeat(64), budget: '5000', by: bendahara, staleLines: stale }))
        .thenThrows('DIGEST_MISMATCH');
    });
  });

  describe('a calculation that cannot finish', () => {
    const failed: PayrollRunEvent = {
      type: 'PayrollCalculationFailed',
      data: { runId: RUN, calculation: 1, code: 'CALCULATION_INPUTS_CHANGED', reason: 'the inputs of 1 changed', at },
    };
    const fail = cmd({
      type: 'FailCalculation',
      calculation: 1,
      code: 'CALCULATION_INPUTS_CHANGED',
      reason: 'the inputs of 1 changed',
      by: bendahara,
    });
    it('puts the run into CALCULATION_FAILED with the reason', () => {
      given([opened, started]).when(fail).then([failed]);
      const s = [opened, started, failed].reduce(payrollRunDecider.evolve, payrollRunDecider.initialState());
      expect(s).toMatchObject({
        status: 'CALCULATION_FAILED',
        failure: { calculation: 1, code: 'CALCULATION_INPUTS_CHANGED', reason: 'the inputs of 1 changed' },
      });
    });
    it('ignores the failure of a calculation that is no longer current, or reported twice', () => {
      given([...CALCULATED])
        .when(fail)
        .then([]);
      given([opened, started, failed]).when(fail).then([]);
      given([opened, started, { ...started, data: { ...started.data, calculation: 2 } }])
        .when(fail)
        .then([]);
    });
    it('lets the run be calculated again (calculation n+1), which clears the failure', () => {
      given([opened, started, failed])
        .when(cmd({ type: 'StartCalculation', policyVersion: 'p/v1', by: bendahara }))
        .then([{ ...started, data: { ...started.data, calculation: 2 } }]);
      const s = [opened, started, failed, { ...started, data: { ...started.data, calculation: 2 } }].reduce(
        payrollRunDecider.evolve,
        payrollRunDecider.initialState(),
      );
      expect(s).toMatchObject({ status: 'CALCULATING', calculation: 2 });
      expect(s).not.toHaveProperty('failure');
    });
    it('refuses to sign a failed run, and refuses its late completion', () => {
      given([opened, started, failed])
        .when(cmd({ type: 'Submit', digest: '', budget: '5000', by: bendahara }))
        .thenThrows('STEP_OUT_OF_ORDER');
      given([opened, started, failed])
        .when(
          cmd({
            type: 'CompleteCalculation',
            calculation: 1,
            batches: 1,
            lineCount: 1,
            adjustmentCount: 0,
            skipped: [],
            totalGross: '1000',
            totalNet: '900',
            digest: D1,
            by: bendahara,
          }),
        )
        .thenThrows('CALCULATION_SUPERSEDED');
    });
  });

  it('refuses a step on a run never opened', () =>
    given([])
      .when(cmd({ type: 'Verify', digest: D1, by: ppk }))
      .thenThrows('RUN_NOT_FOUND'));
});
