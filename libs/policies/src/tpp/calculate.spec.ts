import type { KinerjaError } from '@kinerja/kernel';
import { expectRefusal } from '@kinerja/kernel/testing';
import { loadPolicyDocuments } from '../load';
import { parsePolicyDocument, type PolicyDocument } from '../policy-document';
import { calculateTpp, type TppLines, type TppResult } from './calculate';
import { compiledPolicy } from './compiled';
import type { TppInput } from './input';
import { terBracketIndex } from './ter';

const [sample] = loadPolicyDocuments();

/** given(policy).when(input).then(lines) / .thenRefuses(code) */
function given(policy: PolicyDocument) {
  return {
    when(input: TppInput | Record<string, unknown>) {
      const run = () => calculateTpp(input as TppInput, policy);
      return {
        then(expected: Partial<TppLines>): TppResult {
          const result = run();
          expect(result.lines).toMatchObject(expected);
          return result;
        },
        thenRefuses(code: string, details?: Record<string, unknown>): KinerjaError {
          const caught = expectRefusal(run, code, details);
          expect(caught.category).toBe('BAD_INPUT');
          return caught;
        },
      };
    },
  };
}

function variant(patch: (doc: any) => void): PolicyDocument {
  const doc = structuredClone(sample) as any;
  patch(doc);
  return parsePolicyDocument(doc);
}

/** DOMAIN.md worked example A. */
const exampleA: TppInput = {
  ceiling: '3900000',
  predikat: 'BAIK',
  attendance: { TL1: 2, TL2: 1 },
  sanction: 'NONE',
  salaryBase: '4000000',
  salaryGross: '4500000',
  taxCategory: 'A',
};

/** DOMAIN.md worked example B. */
const exampleB: TppInput = {
  ceiling: '5500000',
  predikat: 'BUTUH_PERBAIKAN',
  attendance: { TL3: 1, TK: 2 },
  sanction: 'SEDANG',
  salaryBase: '6000000',
  salaryGross: '6500000',
  taxCategory: 'A',
};

/** A round input whose gross is exactly 1,000,000 (BAIK, no deductions, no sanction). */
const grossOneMillion = (salaryGross: string, taxCategory = 'A'): TppInput => ({
  ceiling: '1000000',
  predikat: 'BAIK',
  sanction: 'NONE',
  salaryBase: '0',
  salaryGross,
  taxCategory,
});

describe('TPP of DOMAIN.md worked example A', () => {
  it('reproduces every line', () => {
    const result = given(sample).when(exampleA).then({
      ceiling: '3900000',
      performancePart: '2340000',
      disciplinePart: '1528800',
      deductionPercent: '2',
      sanctionCut: '0',
      gross: '3868800',
      healthContribution: '38688',
      employerHealthContribution: '154752',
      incomeTax: '58032',
      terRate: '1.5',
      net: '3772080',
    });
    expect(result.policyVersion).toBe('perkada-contoh-1-2026/v1');
  });

  it('names the policy rows it used, so the pay line can be explained', () => {
    const { rows } = calculateTpp(exampleA, sample);
    expect(rows.policyVersion).toBe('perkada-contoh-1-2026/v1');
    expect(rows.enactedBy).toBe('Perkada Contoh No. 1 Tahun 2026');
    expect(rows.ceiling).toEqual({ source: 'INPUT', ceiling: '3900000' });
    expect(rows.predikat).toEqual({ predikat: 'BAIK', payPercent: '100' });
    expect(rows.attendanceDeductions).toEqual([
      { code: 'TL1', count: 2, percentEach: '0.5', per: 'OCCURRENCE', percent: '1' },
      { code: 'TL2', count: 1, percentEach: '1', per: 'OCCURRENCE', percent: '1' },
    ]);
    expect(rows.deductionCapped).toBe(false);
    expect(rows.sanction).toEqual({ sanction: 'NONE', cutPercent: '0' });
    expect(rows.healthContribution).toMatchObject({ contributionBase: '3868800', capAmount: '12000000' });
    expect(rows.incomeTax).toMatchObject({
      taxBase: '8368800',
      bracket: { category: 'A', above: '7500000', upTo: '8550000', ratePercent: '1.5' },
    });
  });
});

describe('TPP of DOMAIN.md worked example B', () => {
  it('reproduces every line', () => {
    given(sample).when(exampleB).then({
      ceiling: '5500000',
      performancePart: '2640000',
      disciplinePart: '2040500',
      deductionPercent: '7.25',
      sanctionCut: '1170125',
      gross: '3510375',
      healthContribution: '35104',
      employerHealthContribution: '140415',
      incomeTax: '70208',
      terRate: '2',
      net: '3405063',
    });
  });

  it('gives the same lines from position grade 9 and PTKP status TK/0 as from the ceiling and category A', () => {
    const { ceiling, taxCategory, ...rest } = exampleB;
    const byGrade = calculateTpp({ ...rest, positionGrade: 9, ptkpStatus: 'TK/0' }, sample);
    expect(byGrade.lines).toEqual(calculateTpp(exampleB, sample).lines);
    expect(byGrade.rows.ceiling).toEqual({ source: 'POSITION_GRADE', positionGrade: 9, ceiling: '5500000' });
    expect(byGrade.rows.incomeTax.ptkpStatus).toBe('TK/0');
    expect(byGrade.rows.incomeTax.bracket).toEqual({ category: 'A', above: '9650000', upTo: '10050000', ratePercent: '2' });
  });
});

describe('TER brackets', () => {
  it('given a monthly gross exactly on a bound, uses that bracket (the bound is inclusive)', () => {
    given(sample).when(grossOneMillion('4400000')).then({ terRate: '0', incomeTax: '0' }); // 5,400,000
  });

  it('given one rupiah above a bound, uses the next bracket', () => {
    given(sample).when(grossOneMillion('4400001')).then({ terRate: '0.25', incomeTax: '2500' });
  });

  it('given more than the last bound, uses the top rate of 34%', () => {
    given(sample).when(grossOneMillion('1399000000')).then({ terRate: '33', incomeTax: '330000' }); // 1,400,000,000
    given(sample).when(grossOneMillion('1399000001')).then({ terRate: '34', incomeTax: '340000' });
  });

  it('uses the table of the category: 8,000,000 is 1.5% in A, 1% in B, 1% in C', () => {
    given(sample).when(grossOneMillion('7000000', 'A')).then({ terRate: '1.5' });
    given(sample).when(grossOneMillion('7000000', 'B')).then({ terRate: '1' });
    given(sample).when(grossOneMillion('7000000', 'C')).then({ terRate: '1' });
  });

  it('for every bound of every table: the bound takes its own rate, one rupiah more the next one', () => {
    const policy = compiledPolicy(sample);
    for (const ter of policy.ter.values()) {
      ter.table.brackets.forEach((b, i) => {
        const bound = Number(b.upTo);
        expect(terBracketIndex(ter.boundsInt, bound)).toBe(i);
        expect(terBracketIndex(ter.boundsInt, bound + 1)).toBe(i + 1);
        expect(terBracketIndex(ter.bounds, ter.bounds[i])).toBe(i);
        expect(terBracketIndex(ter.bounds, ter.bounds[i].plus(1))).toBe(i + 1);
      });
      expect(terBracketIndex(ter.boundsInt, 0)).toBe(0);
    }
  });
});

describe('attendance deductions', () => {
  it('given deductions above 100%, caps them: the discipline part is zero, never negative', () => {
    const result = given(sample)
      .when({ ...exampleA, attendance: { TK: 30, TL4: 10 } })
      .then({ deductionPercent: '100', disciplinePart: '0', performancePart: '2340000', gross: '2340000' });
    expect(result.rows.deductionCapped).toBe(true);
  });

  it('given exactly 100%, is not marked as capped', () => {
    const result = given(sample)
      .when({ ...exampleA, attendance: { TL1: 200 } })
      .then({ deductionPercent: '100', disciplinePart: '0' });
    expect(result.rows.deductionCapped).toBe(false);
  });

  it('prices every code by its own row: PSW like TL, TK per day', () => {
    given(sample)
      .when({ ...exampleA, attendance: { PSW1: 1, PSW2: 1, PSW3: 1, PSW4: 1, TK: 1 } })
      .then({ deductionPercent: '7.25', disciplinePart: '1446900' }); // 1,560,000 × 92.75%
  });

  it('given zero counts, deducts nothing and lists no row', () => {
    const result = given(sample)
      .when({ ...exampleA, attendance: { TL1: 0, TK: 0 } })
      .then({ deductionPercent: '0', disciplinePart: '1560000' });
    expect(result.rows.attendanceDeductions).toEqual([]);
  });
});

describe('sanctions, health contribution cap, daily reports', () => {
  it('given a heavy sanction (berat), cuts everything', () => {
    given(sample)
      .when({ ...exampleA, sanction: 'BERAT' })
      .then({ sanctionCut: '3868800', gross: '0', healthContribution: '0', employerHealthContribution: '0', incomeTax: '0', net: '0' });
  });

  it('given a light sanction (ringan), cuts nothing', () => {
    given(sample)
      .when({ ...exampleA, sanction: 'RINGAN' })
      .then({ sanctionCut: '0', gross: '3868800' });
  });

  it('given a salary base already at the cap, takes no health contribution from TPP', () => {
    given(sample)
      .when({ ...exampleA, salaryBase: '12000000' })
      .then({ healthContribution: '0', employerHealthContribution: '0' });
  });

  it('given a salary base near the cap, takes it only on the part under the cap', () => {
    const result = given(sample)
      .when({ ...exampleA, salaryBase: '11000000' })
      .then({ healthContribution: '10000', employerHealthContribution: '40000' });
    expect(result.rows.healthContribution.contributionBase).toBe('1000000');
  });

  it('given the sample policy (rule off), ignores missing daily reports', () => {
    given(sample)
      .when({ ...exampleA, missingDailyReports: 5 })
      .then({ performancePart: '2340000' });
  });

  it('given a Pemda that cuts per missing daily report, cuts the performance part, up to its cap', () => {
    const strict = variant((d) => (d.tpp.dailyReportCut = { enabled: true, percentPerMissingReport: '2.5', capPercent: '20' }));
    const three = given(strict)
      .when({ ...exampleA, missingDailyReports: 3 })
      .then({ performancePart: '2164500' }); // 2,340,000 × 92.5%
    expect(three.rows.dailyReportCut).toEqual({ missingDailyReports: 3, percentPerMissingReport: '2.5', capPercent: '20', percent: '7.5' });
    given(strict)
      .when({ ...exampleA, missingDailyReports: 30 })
      .then({ performancePart: '1872000' }); // capped at 20%
  });
});

describe('rounding', () => {
  it('rounds each line half-up to whole rupiah, later lines using the rounded earlier ones', () => {
    // 1,000,001 × 60% = 600,000.6 -> 600,001; × 40% × 99.5% = 398,000.398 -> 398,000
    given(sample)
      .when({
        ceiling: '1000001',
        predikat: 'BAIK',
        attendance: { TL1: 1 },
        sanction: 'SEDANG',
        salaryBase: '0',
        salaryGross: '0',
        taxCategory: 'A',
      })
      .then({
        performancePart: '600001',
        disciplinePart: '398000',
        sanctionCut: '249500',
        gross: '748501',
        healthContribution: '7485',
        employerHealthContribution: '29940',
      });
  });
});

describe('refusals', () => {
  const when = (patch: Record<string, unknown>) => given(sample).when({ ...exampleA, ...patch });

  it('refuses an unknown predikat', () => {
    when({ predikat: 'ISTIMEWA' }).thenRefuses('UNKNOWN_PREDIKAT', { predikat: 'ISTIMEWA' });
  });
  it('refuses an unknown attendance code', () => {
    when({ attendance: { TL5: 1 } }).thenRefuses('UNKNOWN_ATTENDANCE_CODE', { code: 'TL5' });
  });
  it('refuses a prototype key as an attendance code', () => {
    given(sample)
      .when(JSON.parse(JSON.stringify(exampleA).replace('"TL1"', '"constructor"')))
      .thenRefuses('UNKNOWN_ATTENDANCE_CODE');
  });
  it.each([[-1], [1.5], ['2'], [null], [Number.NaN]])('refuses the attendance count %p', (n) => {
    when({ attendance: { TL1: n } }).thenRefuses('INVALID_ATTENDANCE_COUNT');
  });
  it.each([['-1'], ['1.5'], ['1e6'], [3900000], [''], ['3.900.000'], ['1234567890123456789']])('refuses the amount %p', (amount) => {
    when({ salaryBase: amount }).thenRefuses('INVALID_AMOUNT', { field: 'salaryBase' });
    when({ ceiling: amount }).thenRefuses('INVALID_AMOUNT', { field: 'ceiling' });
  });
  it('refuses an unknown tax category and an unknown PTKP status', () => {
    when({ taxCategory: 'D' }).thenRefuses('UNKNOWN_TAX_CATEGORY');
    when({ taxCategory: undefined, ptkpStatus: 'K/4' }).thenRefuses('UNKNOWN_PTKP_STATUS');
  });
  it('refuses a PTKP status that contradicts the tax category', () => {
    when({ ptkpStatus: 'K/3' }).thenRefuses('TAX_CATEGORY_MISMATCH', { expected: 'C' });
  });
  it.each([[0], [18], [7.5], ['7']])('refuses the position grade %p', (positionGrade) => {
    when({ ceiling: undefined, positionGrade }).thenRefuses('UNKNOWN_POSITION_GRADE');
  });
  it('refuses both a ceiling and a position grade', () => {
    when({ positionGrade: 7 }).thenRefuses('AMBIGUOUS_CEILING');
  });
  it('refuses an unknown sanction', () => {
    when({ sanction: 'SEDANG_9_BULAN' }).thenRefuses('UNKNOWN_SANCTION');
  });
  it('refuses a misspelt field rather than ignore it', () => {
    when({ sanksi: 'BERAT' }).thenRefuses('UNKNOWN_FIELD', { field: 'sanksi' });
  });
  it('refuses a missing field', () => {
    when({ predikat: undefined }).thenRefuses('MISSING_FIELD', { field: 'predikat' });
    when({ ceiling: undefined }).thenRefuses('MISSING_FIELD');
    when({ taxCategory: undefined }).thenRefuses('MISSING_FIELD');
  });
  it('refuses a negative count of missing daily reports', () => {
    when({ missingDailyReports: -2 }).thenRefuses('INVALID_DAILY_REPORT_COUNT');
  });
  it('refuses what is not an object', () => {
    given(sample)
      .when([] as any)
      .thenRefuses('INVALID_INPUT');
    given(sample)
      .when({ ...exampleA, attendance: [1] })
      .thenRefuses('INVALID_INPUT');
  });
});
