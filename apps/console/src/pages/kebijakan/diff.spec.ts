import { changesOf, inForce, leaves, parseDocument, policyDiff } from './diff';

describe('the policy diff', () => {
  const old = {
    policyVersion: 'a/v1',
    tpp: { split: { performancePercent: '60', disciplinePercent: '40' }, ceilings: [{ g: 1, c: '100' }] },
    notes: 'x',
  };
  it('lists each leaf by its path, old and new, marking what changed, was added or removed', () => {
    const next = {
      policyVersion: 'a/v2',
      tpp: {
        split: { performancePercent: '70', disciplinePercent: '40' },
        ceilings: [
          { g: 1, c: '100' },
          { g: 2, c: '200' },
        ],
      },
    };
    const rows = policyDiff(old, next);
    expect(changesOf(rows)).toEqual([
      { path: 'policyVersion', old: '"a/v1"', new: '"a/v2"', kind: 'changed' },
      { path: 'tpp.split.performancePercent', old: '"60"', new: '"70"', kind: 'changed' },
      { path: 'notes', old: '"x"', new: undefined, kind: 'removed' },
      { path: 'tpp.ceilings.1.g', old: undefined, new: '2', kind: 'added' },
      { path: 'tpp.ceilings.1.c', old: undefined, new: '"200"', kind: 'added' },
    ]);
    expect(rows.find((r) => r.path === 'tpp.split.disciplinePercent')).toMatchObject({ kind: 'same' });
  });
  it('finds no change between equal documents, and tells a number from a string', () => {
    expect(changesOf(policyDiff(old, structuredClone(old)))).toEqual([]);
    expect(changesOf(policyDiff({ a: 1 }, { a: '1' }))).toEqual([{ path: 'a', old: '1', new: '"1"', kind: 'changed' }]);
  });
  it('keeps hostile keys as plain paths', () => {
    const doc = JSON.parse('{"__proto__": {"x": 1}, "constructor": 2}');
    expect([...leaves(doc)]).toEqual([
      ['__proto__.x', '1'],
      ['constructor', '2'],
    ]);
    expect(leaves({ e: {}, l: [] }).get('e')).toBe('{}');
  });
  it('picks the version in force on a day', () => {
    const vs = [
      { v: 1, effectiveFrom: '2026-01-01', effectiveUntil: null },
      { v: 2, effectiveFrom: '2027-01-01', effectiveUntil: null },
      { v: 3, effectiveFrom: '2025-01-01', effectiveUntil: '2025-12-31' },
    ];
    expect(inForce(vs, '2026-12-01')?.v).toBe(1);
    expect(inForce(vs, '2027-01-01')?.v).toBe(2);
    expect(inForce(vs, '2025-06-01')?.v).toBe(3);
    expect(inForce(vs, '2024-06-01')).toBeUndefined();
  });
  it('reads the document typed in, or says why not', () => {
    expect(parseDocument('{"a":1}')).toEqual({ ok: true, document: { a: 1 } });
    expect(parseDocument('{a:1}')).toMatchObject({ ok: false });
    expect(parseDocument('[1]')).toMatchObject({ ok: false });
  });
});
