import fc from 'fast-check';
import {
  DEFAULT_APPRAISAL_POLICY,
  ORGANISATION_RESULTS,
  PREDIKAT,
  type CurveRule,
  type OrganisationResult,
  type Predikat,
} from '@kinerja/policies';
import { checkDistribution, countPredikat, type PredikatCounts } from './distribution';

const policy = DEFAULT_APPRAISAL_POLICY;
const counts = (c: Partial<PredikatCounts>): PredikatCounts => ({
  SANGAT_BAIK: 0,
  BAIK: 0,
  BUTUH_PERBAIKAN: 0,
  KURANG: 0,
  SANGAT_KURANG: 0,
  ...c,
});
const failing = (org: OrganisationResult, c: Partial<PredikatCounts>) =>
  checkDistribution(counts(c), org, policy)
    .checks.filter((x) => !x.ok)
    .map((x) => `${x.kind} ${x.predikat.join('+')} ${x.actual}/${x.limit}`);

describe('countPredikat', () => {
  it('counts every predikat, zero included', () => {
    expect(countPredikat(['BAIK', 'BAIK', 'KURANG'])).toEqual(counts({ BAIK: 2, KURANG: 1 }));
    expect(countPredikat([])).toEqual(counts({}));
  });
});

describe('checkDistribution against the default curve (DOMAIN.md)', () => {
  it('ISTIMEWA: SANGAT_BAIK at most 70% (of 7: 4)', () => {
    expect(failing('ISTIMEWA', { SANGAT_BAIK: 4, BAIK: 3 })).toEqual([]);
    expect(failing('ISTIMEWA', { SANGAT_BAIK: 5, BAIK: 2 })).toEqual(['max SANGAT_BAIK 5/4']);
  });

  it('BAIK: BAIK at most 70% (of 7: 4); at least one BUTUH_PERBAIKAN or KURANG', () => {
    const c = checkDistribution(counts({ BAIK: 4, KURANG: 1, SANGAT_BAIK: 2 }), 'BAIK', policy);
    expect(c).toMatchObject({ organisationResult: 'BAIK', rated: 7, exempt: false, withinCurve: true });
    expect(c.checks).toEqual([
      { predikat: ['BAIK'], kind: 'max', percent: '70', limit: 4, actual: 4, ok: true },
      { predikat: ['BUTUH_PERBAIKAN', 'KURANG'], kind: 'min', percent: null, limit: 1, actual: 1, ok: true },
    ]);
    expect(failing('BAIK', { BAIK: 5, BUTUH_PERBAIKAN: 1, SANGAT_BAIK: 1 })).toEqual(['max BAIK 5/4']);
    expect(failing('BAIK', { BAIK: 4, SANGAT_BAIK: 3 })).toEqual(['min BUTUH_PERBAIKAN+KURANG 0/1']);
  });

  it('BUTUH_PERBAIKAN: at least 60% (of 7: 5) BUTUH_PERBAIKAN; SANGAT_BAIK at most 10% (of 7: 0)', () => {
    expect(failing('BUTUH_PERBAIKAN', { BUTUH_PERBAIKAN: 5, BAIK: 2 })).toEqual([]);
    expect(failing('BUTUH_PERBAIKAN', { BUTUH_PERBAIKAN: 4, BAIK: 3 })).toEqual(['min BUTUH_PERBAIKAN 4/5']);
    expect(failing('BUTUH_PERBAIKAN', { BUTUH_PERBAIKAN: 5, SANGAT_BAIK: 1, BAIK: 1 })).toEqual(['max SANGAT_BAIK 1/0']);
    expect(failing('BUTUH_PERBAIKAN', { BUTUH_PERBAIKAN: 6, SANGAT_BAIK: 1, BAIK: 3 })).toEqual([]); // 10% of 10 allows 1
  });

  it('KURANG: KURANG at least 60% (of 7: 5); BUTUH_PERBAIKAN at least 10% (of 7: 1); SANGAT_BAIK at most 10%', () => {
    expect(failing('KURANG', { KURANG: 5, BUTUH_PERBAIKAN: 1, BAIK: 1 })).toEqual([]);
    expect(failing('KURANG', { KURANG: 6, BAIK: 1 })).toEqual(['min BUTUH_PERBAIKAN 0/1']);
    expect(failing('KURANG', { KURANG: 4, BUTUH_PERBAIKAN: 2, SANGAT_BAIK: 1 })).toEqual(['min KURANG 4/5', 'max SANGAT_BAIK 1/0']);
  });

  it('SANGAT_KURANG: SANGAT_KURANG at least 60% (of 7: 5); KURANG or BUTUH_PERBAIKAN at least 10%; no SANGAT_BAIK', () => {
    expect(failing('SANGAT_KURANG', { SANGAT_KURANG: 5, KURANG: 1, BAIK: 1 })).toEqual([]);
    expect(failing('SANGAT_KURANG', { SANGAT_KURANG: 5, BUTUH_PERBAIKAN: 1, BAIK: 1 })).toEqual([]);
    expect(failing('SANGAT_KURANG', { SANGAT_KURANG: 6, BAIK: 1 })).toEqual(['min KURANG+BUTUH_PERBAIKAN 0/1']);
    expect(failing('SANGAT_KURANG', { SANGAT_KURANG: 5, KURANG: 1, SANGAT_BAIK: 1 })).toEqual(['max SANGAT_BAIK 1/0']);
  });

  it('exempts a unit of fewer than the policy’s minimum', () => {
    const c = checkDistribution(counts({ SANGAT_BAIK: 4 }), 'SANGAT_KURANG', policy);
    expect(c).toMatchObject({ rated: 4, exempt: true, withinCurve: true });
    expect(c.checks.every((x) => x.ok)).toBe(true);
    expect(checkDistribution(counts({ SANGAT_BAIK: 5 }), 'SANGAT_KURANG', policy).withinCurve).toBe(false);
    expect(checkDistribution(counts({ SANGAT_BAIK: 5 }), 'SANGAT_KURANG', { ...policy, minUnitSize: 6 }).exempt).toBe(true);
  });

  it('computes shares exactly (decimal shares, no float drift)', () => {
    // 0.1 · 30 is 3.0000000000000004 in binary floating point: a ceiling would ask for 4.
    const c = checkDistribution(counts({ KURANG: 24, BUTUH_PERBAIKAN: 3, BAIK: 3 }), 'KURANG', policy);
    expect(c.checks.find((x) => x.predikat[0] === 'BUTUH_PERBAIKAN')).toMatchObject({ limit: 3, ok: true });
    const tiny = checkDistribution(counts({ BAIK: 7 }), 'BAIK', {
      curve: { ...policy.curve, BAIK: [{ predikat: ['BAIK'], minPercent: '14.2857' }] },
      minUnitSize: 1,
    });
    expect(tiny.checks[0].limit).toBe(1);
  });
});

describe('checkDistribution (properties)', () => {
  const countsArb = fc.record(Object.fromEntries(PREDIKAT.map((p) => [p, fc.nat({ max: 60 })])) as Record<Predikat, fc.Arbitrary<number>>);
  const subsetArb = fc.subarray([...PREDIKAT], { minLength: 1 });
  const ruleArb: fc.Arbitrary<CurveRule> = fc.oneof(
    fc.record({ predikat: subsetArb, maxPercent: fc.integer({ min: 0, max: 100 }).map(String) }),
    fc.record({ predikat: subsetArb, minPercent: fc.integer({ min: 0, max: 100 }).map(String) }),
    fc.record({ predikat: subsetArb, minCount: fc.nat({ max: 5 }) }),
  );
  const sum = (c: PredikatCounts, ps: readonly Predikat[]) => ps.reduce((n, p) => n + c[p], 0);

  it('a cap of p% allows floor(p·n/100), a floor asks for ceil(p·n/100); within the curve iff every rule holds', () => {
    fc.assert(
      fc.property(
        countsArb,
        fc.array(ruleArb, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 10 }),
        (c, rules, minUnitSize) => {
          const n = sum(c, PREDIKAT);
          const check = checkDistribution(c, 'BAIK', { curve: { ...policy.curve, BAIK: rules }, minUnitSize });
          expect(check.rated).toBe(n);
          expect(check.exempt).toBe(n < minUnitSize);
          expect(check.checks).toHaveLength(rules.length);
          check.checks.forEach((x, i) => {
            const rule = rules[i];
            expect(x.actual).toBe(sum(c, rule.predikat));
            if (rule.maxPercent !== undefined)
              expect(x).toMatchObject({ kind: 'max', limit: Math.floor((Number(rule.maxPercent) * n) / 100) });
            if (rule.minPercent !== undefined)
              expect(x).toMatchObject({ kind: 'min', limit: Math.ceil((Number(rule.minPercent) * n) / 100) });
            if (rule.minCount !== undefined) expect(x).toMatchObject({ kind: 'min', percent: null, limit: rule.minCount });
            const holds = x.kind === 'max' ? x.actual <= x.limit : x.actual >= x.limit;
            expect(x.ok).toBe(check.exempt || holds);
          });
          expect(check.withinCurve).toBe(check.checks.every((x) => x.ok));
        },
      ),
    );
  });

  it('holds for the default curve of every organisation result; an exempt unit is always within', () => {
    fc.assert(
      fc.property(countsArb, fc.constantFrom(...ORGANISATION_RESULTS), (c, org) => {
        const check = checkDistribution(c, org, policy);
        expect(check.withinCurve).toBe(check.checks.every((x) => x.ok));
        for (const x of check.checks) {
          if (x.kind === 'max' && x.percent !== null) expect(x.limit).toBe(Math.floor((Number(x.percent) * check.rated) / 100));
          if (x.kind === 'min' && x.percent !== null) expect(x.limit).toBe(Math.ceil((Number(x.percent) * check.rated) / 100));
        }
        if (check.exempt) expect(check.withinCurve).toBe(true);
      }),
    );
  });
});
