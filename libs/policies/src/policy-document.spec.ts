import { isKinerjaError, type KinerjaError } from '@kinerja/kernel';
import { SAMPLE_POLICY_VERSION, loadPolicyDocuments } from './load';
import { parsePolicyDocument, parsePolicyDocuments, POSITION_GRADES, type PolicyDocument } from './policy-document';
import { policyByVersion, policyInForce } from './policy-in-force';

const [sample] = loadPolicyDocuments();

/** A copy of the sample with some fields changed, as a raw (unvalidated) value. */
function changed(patch: (doc: any) => void): unknown {
  const doc = structuredClone(sample) as any;
  patch(doc);
  return doc;
}

function refusal(run: () => unknown): KinerjaError {
  try {
    run();
  } catch (e) {
    if (isKinerjaError(e)) return e;
    throw e;
  }
  throw new Error('expected a KinerjaError, nothing was thrown');
}

function version(policyVersion: string, effectiveFrom: string, effectiveUntil?: string): PolicyDocument {
  return parsePolicyDocument(changed((d) => Object.assign(d, { policyVersion, effectiveFrom }, effectiveUntil ? { effectiveUntil } : {})));
}

describe('the sample Perkada', () => {
  it('is one valid document, the default version, tied to the Perkada that enacts it', () => {
    expect(loadPolicyDocuments()).toHaveLength(1);
    expect(sample.policyVersion).toBe(SAMPLE_POLICY_VERSION);
    expect(sample.effectiveFrom).toBe('2026-01-01');
    expect(sample.enactedBy).toMatchObject({ shortTitle: 'Perkada Contoh No. 1 Tahun 2026', number: '1', year: 2026 });
  });

  it('sets a ceiling for every position grade 1..17, rising with the grade', () => {
    expect(sample.tpp.ceilings.map((c) => c.positionGrade)).toEqual(POSITION_GRADES);
    const ceilings = sample.tpp.ceilings.map((c) => BigInt(c.ceiling));
    ceilings.slice(1).forEach((c, i) => expect(c > ceilings[i]).toBe(true));
    expect(sample.tpp.ceilings.find((c) => c.positionGrade === 7)?.ceiling).toBe('3900000');
    expect(sample.tpp.ceilings.find((c) => c.positionGrade === 9)?.ceiling).toBe('5500000');
  });

  it('carries the defaults of DOMAIN.md', () => {
    expect(sample.tpp.split).toEqual({ performancePercent: '60', disciplinePercent: '40' });
    expect(sample.tpp.predikatPayPercent).toEqual({
      SANGAT_BAIK: '100',
      BAIK: '100',
      BUTUH_PERBAIKAN: '80',
      KURANG: '60',
      SANGAT_KURANG: '40',
    });
    const percentOf = Object.fromEntries(Object.entries(sample.tpp.attendanceDeductions).map(([c, r]) => [c, r.percent]));
    expect(percentOf).toEqual({
      TL1: '0.5',
      TL2: '1',
      TL3: '1.25',
      TL4: '1.5',
      PSW1: '0.5',
      PSW2: '1',
      PSW3: '1.25',
      PSW4: '1.5',
      TK: '3',
    });
    expect(sample.tpp.deductionCapPercent).toBe('100');
    expect(sample.tpp.sanctionCutPercent).toEqual({ NONE: '0', RINGAN: '0', SEDANG: '25', BERAT: '100' });
    expect(sample.tpp.dailyReportCut.enabled).toBe(false);
    expect(sample.healthContribution).toEqual({ employeePercent: '1', employerPercent: '4', capAmount: '12000000' });
  });

  it('maps PTKP statuses to TER categories as PP 58/2023 does', () => {
    expect(sample.incomeTax.categoryOfPtkp).toEqual({
      'TK/0': 'A',
      'TK/1': 'A',
      'K/0': 'A',
      'TK/2': 'B',
      'TK/3': 'B',
      'K/1': 'B',
      'K/2': 'B',
      'K/3': 'C',
    });
  });

  it('holds the three TER tables of DOMAIN.md, bounds in whole rupiah', () => {
    const { A, B, C } = sample.incomeTax.ter;
    expect([A.brackets.length, B.brackets.length, C.brackets.length]).toEqual([43, 39, 40]);
    expect(A.brackets.slice(0, 3)).toEqual([
      { upTo: '5400000', ratePercent: '0' },
      { upTo: '5650000', ratePercent: '0.25' },
      { upTo: '5950000', ratePercent: '0.5' },
    ]);
    expect(A.brackets[6]).toEqual({ upTo: '8550000', ratePercent: '1.5' });
    expect(A.brackets[8]).toEqual({ upTo: '10050000', ratePercent: '2' });
    expect(A.brackets.at(-1)).toEqual({ upTo: '1400000000', ratePercent: '33' });
    expect(B.brackets[4]).toEqual({ upTo: '9200000', ratePercent: '1' });
    expect(B.brackets.at(-1)).toEqual({ upTo: '1405000000', ratePercent: '33' });
    expect(C.brackets[7]).toEqual({ upTo: '11200000', ratePercent: '1.75' });
    expect(C.brackets.at(-1)).toEqual({ upTo: '1419000000', ratePercent: '33' });
    for (const t of [A, B, C]) expect(t.aboveLastPercent).toBe('34');
  });
});

describe('validating a policy document', () => {
  it.each([
    ['a missing ceiling table', (d: any) => delete d.tpp.ceilings, 'tpp.ceilings'],
    ['a percentage given as a JSON number', (d: any) => (d.tpp.predikatPayPercent.BAIK = 100), 'tpp.predikatPayPercent.BAIK'],
    ['a percentage above 100', (d: any) => (d.tpp.sanctionCutPercent.BERAT = '125'), 'tpp.sanctionCutPercent.BERAT'],
    ['an unknown predikat', (d: any) => (d.tpp.predikatPayPercent.ISTIMEWA = '100'), 'ISTIMEWA'],
    ['a missing attendance code', (d: any) => delete d.tpp.attendanceDeductions.TK, 'tpp.attendanceDeductions.TK'],
    ['a fractional rupiah ceiling', (d: any) => (d.tpp.ceilings[0].ceiling = '1800000.5'), 'tpp.ceilings.0.ceiling'],
    ['a split that does not add up to 100', (d: any) => (d.tpp.split.disciplinePercent = '30'), 'tpp.split'],
    ['a position grade twice', (d: any) => (d.tpp.ceilings[1].positionGrade = 1), 'position grade appears twice'],
    ['TER bounds that do not rise', (d: any) => (d.incomeTax.ter.A.brackets[2].upTo = '5650000'), 'incomeTax.ter.A.brackets.2.upTo'],
    ['a PTKP status mapped to a missing table', (d: any) => (d.incomeTax.categoryOfPtkp['K/3'] = 'D'), 'no TER table "D"'],
    // A name Object.prototype answers to is no table either (the check once found its function).
    [
      'a PTKP status mapped to "constructor"',
      (d: any) => (d.incomeTax.categoryOfPtkp['K/3'] = 'constructor'),
      'no TER table "constructor"',
    ],
    ['a PTKP status mapped to "toString"', (d: any) => (d.incomeTax.categoryOfPtkp['K/3'] = 'toString'), 'no TER table "toString"'],
    ['an impossible date', (d: any) => (d.effectiveFrom = '2026-02-30'), 'effectiveFrom'],
    ['an unknown top-level field', (d: any) => (d.tppp = {}), 'tppp'],
  ])('refuses %s with INVALID_POLICY_DOCUMENT naming the field', (_what, patch, mentioned) => {
    const e = refusal(() => parsePolicyDocument(changed(patch), 'perkada-x.json'));
    expect(e.code).toBe('INVALID_POLICY_DOCUMENT');
    expect(e.category).toBe('BAD_INPUT');
    expect(e.message).toContain('perkada-x.json');
    expect(e.message).toContain(mentioned);
  });

  it('refuses two documents claiming the same version', () => {
    const e = refusal(() =>
      parsePolicyDocuments([
        { source: 'a.json', value: sample },
        { source: 'b.json', value: sample },
      ]),
    );
    expect(e.code).toBe('DUPLICATE_POLICY_VERSION');
  });
});

describe('policyInForce', () => {
  const v1 = version('perkada-1-2026/v1', '2026-01-01');
  const v2 = version('perkada-7-2026/v1', '2026-07-15');
  const old = version('perkada-3-2024/v1', '2024-01-01', '2025-12-31');

  it('given the sample, picks it for March 2026', () => {
    expect(policyInForce([sample], '2026-03').policyVersion).toBe(SAMPLE_POLICY_VERSION);
  });

  it('given no version effective yet, refuses with NO_POLICY_IN_FORCE', () => {
    expect(refusal(() => policyInForce([sample], '2025-12')).code).toBe('NO_POLICY_IN_FORCE');
  });

  it('given a newer Perkada, it supersedes the older one from its first whole month', () => {
    const docs = [v2, v1, old];
    expect(policyInForce(docs, '2026-07').policyVersion).toBe('perkada-1-2026/v1'); // v2 takes effect mid-month
    expect(policyInForce(docs, '2026-08').policyVersion).toBe('perkada-7-2026/v1');
    expect(policyInForce(docs, '2025-12').policyVersion).toBe('perkada-3-2024/v1');
  });

  it('given an end date, the version stops governing after it', () => {
    expect(refusal(() => policyInForce([old], '2026-01')).code).toBe('NO_POLICY_IN_FORCE');
  });

  it('given two versions effective on the same day, refuses to guess', () => {
    expect(refusal(() => policyInForce([v1, version('perkada-2-2026/v1', '2026-01-01')], '2026-02')).code).toBe('AMBIGUOUS_POLICY');
  });

  it.each(['2026-3', '2026-13', 'March', ''])('refuses the month %p with INVALID_MONTH', (month) => {
    expect(refusal(() => policyInForce([sample], month)).code).toBe('INVALID_MONTH');
  });

  it('finds a version by id, or refuses with UNKNOWN_POLICY_VERSION', () => {
    expect(policyByVersion([v1, v2], 'perkada-7-2026/v1')).toBe(v2);
    expect(refusal(() => policyByVersion([v1], 'nope')).code).toBe('UNKNOWN_POLICY_VERSION');
  });
});
