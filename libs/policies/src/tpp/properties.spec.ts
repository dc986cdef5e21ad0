/**
 * Properties of the TPP calculators over many generated inputs and three policies: the sample,
 * one with the daily-report cut on, and one with awkward 4-decimal percentages.
 */
import fc from 'fast-check';
import { isKinerjaError } from '@kinerja/kernel';
import { loadPolicyDocuments } from '../load';
import { ATTENDANCE_CODES, PREDIKAT, SANCTION_LEVELS, parsePolicyDocument, type PolicyDocument } from '../policy-document';
import { calculateResolvedTpp, calculateTpp, type TppLines } from './calculate';
import { compiledPolicy } from './compiled';
import { calculateTppFigures, emptyFigures, mulDivHalfUp } from './fast';
import { resolveTppInput, type TppInput } from './input';

const [sample] = loadPolicyDocuments();

function variant(patch: (doc: any) => void): PolicyDocument {
  const doc = structuredClone(sample) as any;
  patch(doc);
  return parsePolicyDocument(doc);
}

const dailyReports = variant((d) => {
  d.policyVersion = 'test-daily-reports/v1';
  d.tpp.dailyReportCut = { enabled: true, percentPerMissingReport: '1.5', capPercent: '25' };
});
const awkward = variant((d) => {
  d.policyVersion = 'test-awkward/v1';
  d.tpp.split = { performancePercent: '62.3457', disciplinePercent: '37.6543' };
  d.tpp.predikatPayPercent.BAIK = '97.1234';
  d.tpp.predikatPayPercent.KURANG = '33.3333';
  d.tpp.attendanceDeductions.TL1.percent = '0.3333';
  d.tpp.attendanceDeductions.TK.percent = '2.7777';
  d.tpp.deductionCapPercent = '87.5';
  d.tpp.sanctionCutPercent.SEDANG = '33.3333';
  d.tpp.dailyReportCut = { enabled: true, percentPerMissingReport: '0.0001', capPercent: '99.9999' };
  d.healthContribution = { employeePercent: '1.0001', employerPercent: '3.9999', capAmount: '12345678' };
});
const POLICIES = [sample, dailyReports, awkward];

const digits = (max: bigint) => fc.bigInt({ min: 0n, max }).map(String);
/** Mostly payroll-sized amounts, sometimes huge ones (up to 18 digits) that leave the fast path. */
const amount = fc.oneof({ arbitrary: digits(60_000_000n), weight: 8 }, { arbitrary: digits(999_999_999_999_999_999n), weight: 1 });
const count = fc.oneof({ arbitrary: fc.nat(40), weight: 9 }, { arbitrary: fc.maxSafeNat(), weight: 1 });

const validInput: fc.Arbitrary<TppInput> = fc
  .record(
    {
      ceilingOrGrade: fc.oneof(
        amount.map((ceiling) => ({ ceiling })),
        fc.integer({ min: 1, max: 17 }).map((positionGrade) => ({ positionGrade })),
      ),
      predikat: fc.constantFrom(...PREDIKAT),
      attendance: fc.dictionary(fc.constantFrom(...ATTENDANCE_CODES), count, { maxKeys: 9 }),
      sanction: fc.constantFrom(...SANCTION_LEVELS),
      salaryBase: amount,
      salaryGross: amount,
      tax: fc.oneof(
        fc.constantFrom('A', 'B', 'C').map((taxCategory) => ({ taxCategory })),
        fc.constantFrom('TK/0', 'TK/1', 'TK/2', 'TK/3', 'K/0', 'K/1', 'K/2', 'K/3').map((ptkpStatus) => ({ ptkpStatus })),
      ),
      missingDailyReports: count,
    },
    { requiredKeys: ['ceilingOrGrade', 'predikat', 'salaryBase', 'salaryGross', 'tax'] },
  )
  .map(({ ceilingOrGrade, tax, ...rest }) => ({ ...rest, ...ceilingOrGrade, ...tax }) as TppInput);

const policy = fc.constantFrom(...POLICIES);
const AMOUNT_LINES: Array<keyof TppLines> = [
  'ceiling',
  'performancePart',
  'disciplinePart',
  'sanctionCut',
  'gross',
  'healthContribution',
  'employerHealthContribution',
  'incomeTax',
  'net',
];

describe('TPP calculator properties', () => {
  it('never gives a negative amount', () => {
    fc.assert(
      fc.property(validInput, policy, (input, p) => {
        const { lines } = calculateTpp(input, p);
        for (const k of AMOUNT_LINES) expect(lines[k]).toMatch(/^\d+$/);
      }),
      { numRuns: 2000 },
    );
  });

  it('adds up exactly: gross = performancePart + disciplinePart − sanctionCut, net = gross − health − tax', () => {
    fc.assert(
      fc.property(validInput, policy, (input, p) => {
        const l = calculateTpp(input, p).lines;
        const n = (k: keyof TppLines) => BigInt(l[k]);
        expect(n('gross')).toBe(n('performancePart') + n('disciplinePart') - n('sanctionCut'));
        expect(n('net')).toBe(n('gross') - n('healthContribution') - n('incomeTax'));
        expect(n('performancePart') + n('disciplinePart') <= n('ceiling') + 1n).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the same output for the same input, whatever the order of the attendance codes', () => {
    fc.assert(
      fc.property(validInput, policy, (input, p) => {
        const first = calculateTpp(input, p);
        const reordered = { ...input, attendance: Object.fromEntries(Object.entries(input.attendance ?? {}).reverse()) };
        expect(calculateTpp(structuredClone(input), p)).toEqual(first);
        expect(calculateTpp(reordered, p)).toEqual(first);
      }),
      { numRuns: 1000 },
    );
  });

  it('the integer fast path agrees with decimal.js on every figure, or hands the line back', () => {
    const out = emptyFigures();
    fc.assert(
      fc.property(validInput, policy, (input, p) => {
        const compiled = compiledPolicy(p);
        const resolved = resolveTppInput(input, compiled);
        const reference = calculateResolvedTpp(resolved, compiled).lines;
        const fits =
          [resolved.ceiling, resolved.salaryBase, resolved.salaryGross].every((a) => a.length <= 15) &&
          BigInt(resolved.ceiling) <= 1_000_000_000n;
        const taken = calculateTppFigures(resolved, compiled, out);
        // For the sample Perkada and payroll-sized amounts the fast path must be taken.
        if (p === sample && fits) expect(taken).toBe(true);
        if (taken) {
          expect({
            performancePart: String(out.performancePart),
            disciplinePart: String(out.disciplinePart),
            sanctionCut: String(out.sanctionCut),
            gross: String(out.gross),
            healthContribution: String(out.healthContribution),
            employerHealthContribution: String(out.employerHealthContribution),
            incomeTax: String(out.incomeTax),
            net: String(out.net),
          }).toEqual({
            performancePart: reference.performancePart,
            disciplinePart: reference.disciplinePart,
            sanctionCut: reference.sanctionCut,
            gross: reference.gross,
            healthContribution: reference.healthContribution,
            employerHealthContribution: reference.employerHealthContribution,
            incomeTax: reference.incomeTax,
            net: reference.net,
          });
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('rounds half-up exactly in integer arithmetic, or reports an overflow', () => {
    const safe = fc.maxSafeNat();
    fc.assert(
      fc.property(safe, fc.nat(2_000_000_000), fc.integer({ min: 1, max: 1_000_000_000_000 }), (a, num, den) => {
        const got = mulDivHalfUp(a, num, den);
        const product = BigInt(a) * BigInt(num);
        if (product > BigInt(Number.MAX_SAFE_INTEGER)) return expect(got).toBe(-1);
        const q = product / BigInt(den);
        const r = product % BigInt(den);
        expect(BigInt(got)).toBe(2n * r >= BigInt(den) ? q + 1n : q);
      }),
      { numRuns: 5000 },
    );
  });

  it('refuses any malformed input with a coded error, never a crash', () => {
    const anyField = fc.record(
      {
        ceiling: fc.jsonValue(),
        positionGrade: fc.jsonValue(),
        predikat: fc.oneof(fc.constantFrom(...PREDIKAT), fc.jsonValue()),
        attendance: fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), fc.jsonValue()),
        sanction: fc.jsonValue(),
        salaryBase: fc.oneof(amount, fc.jsonValue()),
        salaryGross: fc.oneof(amount, fc.jsonValue()),
        taxCategory: fc.jsonValue(),
        ptkpStatus: fc.jsonValue(),
        missingDailyReports: fc.jsonValue(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(anyField, fc.jsonValue()), policy, (input, p) => {
        try {
          calculateTpp(input as TppInput, p);
        } catch (e) {
          expect(isKinerjaError(e)).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
