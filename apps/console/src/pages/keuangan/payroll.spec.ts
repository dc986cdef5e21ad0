import {
  chainOf,
  historyBehind,
  headroom,
  isFinance,
  matches,
  nipSearch,
  mayPrepare,
  mayReturn,
  opdsOfRoles,
  progressOf,
  roleLabel,
  slipChanges,
  STEP_RULES,
  stepFor,
  sumOf,
} from './payroll';

describe('the TPP payroll run in the console', () => {
  const bendahara = ['pegawai', 'bendahara:DINKES'];
  const ppk = ['ppk_skpd:DINKES'];
  const kepala = ['pegawai', 'kepala_opd:DINKES'];
  const bpkad = ['bpkad'];

  it('offers each signed step only to its role, for its own OPD, in its status', () => {
    expect(stepFor(bendahara, 'DINKES', 'CALCULATED')?.path).toBe('submit');
    expect(stepFor(ppk, 'DINKES', 'SUBMITTED')?.path).toBe('verify');
    expect(stepFor(kepala, 'DINKES', 'VERIFIED')?.path).toBe('approve');
    expect(stepFor(bpkad, 'DINKES', 'APPROVED')?.path).toBe('disburse');
    expect(stepFor(bpkad, 'DISDIK', 'APPROVED')?.path).toBe('disburse');
    // Not its status, not its role, not its OPD.
    expect(stepFor(bendahara, 'DINKES', 'SUBMITTED')).toBeNull();
    expect(stepFor(ppk, 'DINKES', 'CALCULATED')).toBeNull();
    expect(stepFor(['ppk_skpd:DISDIK'], 'DINKES', 'SUBMITTED')).toBeNull();
    expect(stepFor(kepala, 'DINKES', 'APPROVED')).toBeNull();
    expect(stepFor(['inspektorat'], 'DINKES', 'APPROVED')).toBeNull();
    expect(stepFor(bpkad, 'DINKES', 'DISBURSED')).toBeNull();
    expect(STEP_RULES.map((s) => s.from)).toEqual(['CALCULATED', 'SUBMITTED', 'VERIFIED', 'APPROVED']);
  });

  it('shows the chain: what is done, what waits now, what is to come', () => {
    expect(chainOf('DRAFT').map((c) => c.state)).toEqual(['current', 'todo', 'todo', 'todo', 'todo']);
    expect(chainOf('CALCULATION_FAILED').map((c) => c.state)).toEqual(['current', 'todo', 'todo', 'todo', 'todo']);
    expect(chainOf('SUBMITTED').map((c) => c.state)).toEqual(['done', 'done', 'current', 'todo', 'todo']);
    expect(chainOf('DISBURSED').map((c) => c.state)).toEqual(['done', 'done', 'done', 'done', 'done']);
    expect(chainOf('VERIFIED')[3]).toEqual({ label: 'Disetujui', role: 'Kepala OPD', state: 'current' });
  });

  it('knows when the history (the ledger) lags behind the status (the run’s stream)', () => {
    const steps = (...events: string[]) => events.map((event) => ({ event }));
    expect(historyBehind('DRAFT', steps('PayrollRunOpened'))).toBe(false);
    expect(historyBehind('DRAFT', steps('PayrollRunOpened', 'PayrollCalculationStarted', 'PayrollCalculated'))).toBe(true);
    expect(historyBehind('DRAFT', [])).toBe(true);
    expect(historyBehind('SUBMITTED', steps('PayrollCalculated', 'PayrollRunSubmitted'))).toBe(false);
    expect(historyBehind('VERIFIED', steps('PayrollCalculated', 'PayrollRunSubmitted'))).toBe(true);
    expect(historyBehind('CALCULATED', steps('PayrollCalculated', 'PaySlipRecalculated'))).toBe(false);
    expect(historyBehind('__proto__', [])).toBe(false);
  });

  it('lets the bendahara prepare, and the others return before disbursement', () => {
    expect(mayPrepare(bendahara, 'DINKES')).toBe(true);
    expect(mayPrepare(bendahara, 'DISDIK')).toBe(false);
    expect(mayPrepare(bpkad, 'DINKES')).toBe(false);
    expect(mayReturn(bendahara, 'DINKES', 'SUBMITTED')).toBe(false);
    expect(mayReturn(ppk, 'DINKES', 'SUBMITTED')).toBe(true);
    expect(mayReturn(kepala, 'DINKES', 'VERIFIED')).toBe(true);
    expect(mayReturn(bpkad, 'DINKES', 'APPROVED')).toBe(true);
    expect(mayReturn(bpkad, 'DINKES', 'DISBURSED')).toBe(false);
    expect(mayReturn(ppk, 'DINKES', 'DRAFT')).toBe(false);
    expect(mayReturn(['kepala_opd:DISDIK'], 'DINKES', 'VERIFIED')).toBe(false);
  });

  it('reads the OPDs of the role scope, each once', () => {
    expect(opdsOfRoles(['pegawai', 'bendahara:DINKES', 'ppk_skpd:DINKES', 'kepala_opd:__proto__'])).toEqual(['DINKES', '__proto__']);
    expect(opdsOfRoles(['bpkad', 'admin_kepegawaian'])).toEqual([]);
    expect(isFinance(['bpkad'])).toBe(true);
    expect(isFinance(['pegawai', 'inspektorat'])).toBe(false);
    expect(isFinance(kepala)).toBe(true);
  });

  it('reads the calculation job’s progress, whatever shape it has', () => {
    expect(progressOf({ state: 'active', progress: { percent: 42.9, linesDone: 3, linesTotal: 7 } })).toEqual({
      percent: 42,
      linesDone: 3,
      linesTotal: 7,
      state: 'active',
    });
    expect(progressOf({ state: 'waiting', progress: 0 })).toEqual({ percent: 0, linesDone: null, linesTotal: null, state: 'waiting' });
    expect(progressOf({ state: 'completed', progress: { percent: 250 } })?.percent).toBe(100);
    expect(progressOf(null)).toBeNull();
  });

  it('adds whole rupiah exactly, beyond what a float holds', () => {
    const lines = [{ amounts: { net: '9007199254740993' } }, { amounts: { net: '7' } }, { amounts: {} }];
    expect(sumOf(lines, 'net')).toBe('9007199254741000');
    expect(sumOf([], 'net')).toBe('0');
  });

  it('sets the total against the budget', () => {
    expect(headroom('2000000', '2500000')).toEqual({ left: '500000', over: false, percentUsed: 80 });
    expect(headroom('2600000', '2500000')).toEqual({ left: '-100000', over: true, percentUsed: 104 });
    expect(headroom('1', '0')).toEqual({ left: '-1', over: true, percentUsed: null });
    expect(headroom('1', null)).toBeNull();
  });

  it('shows a slip before and after its recalculation', () => {
    expect(slipChanges({ gross: '100', net: '90' }, { gross: '80', net: '90', incomeTax: '2' })).toEqual([
      { key: 'gross', before: '100', after: '80', change: '-20' },
      { key: 'net', before: '90', after: '90', change: '0' },
      { key: 'incomeTax', before: '0', after: '2', change: '+2' },
    ]);
  });

  it('finds a line by NIP or name, and names the roles', () => {
    expect(matches({ nip: '198503122010011002', name: 'Siti Aminah' }, 'amin')).toBe(true);
    expect(matches({ nip: '198503122010011002', name: null }, '1985031')).toBe(true);
    expect(matches({ nip: '198503122010011002', name: 'Siti' }, 'budi')).toBe(false);
    expect(nipSearch(' 19850312 ')).toBe('19850312');
    expect(nipSearch('198')).toBeNull();
    expect(nipSearch('Siti')).toBeNull();
    expect(nipSearch('1985031220100110021')).toBeNull();
    expect(roleLabel('ppk_skpd:DINKES')).toBe('PPK-SKPD DINKES');
    expect(roleLabel('bpkad')).toBe('BPKAD');
    expect(roleLabel('__proto__')).toBe('__proto__');
  });
});
