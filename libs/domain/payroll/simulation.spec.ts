import { compileTppPolicy, loadPolicyDocuments, type PolicyDocument } from '@kinerja/policies';
import { deciderSpec as spec } from '@kinerja/kernel/testing';
import { priceInputs, type LineInputs } from './lines';
import { parseMonthRange, policySimulationDecider, projectBudget, simulateOpdMonth, type SimulationLine } from './simulation';

const doc = loadPolicyDocuments()[0];
const today = compileTppPolicy(doc);
const raised = (grade: number, ceiling: string): PolicyDocument => ({
  ...doc,
  policyVersion: 'draft/v2',
  tpp: { ...doc.tpp, ceilings: doc.tpp.ceilings.map((c) => (c.positionGrade === grade ? { ...c, ceiling } : c)) },
});
const inputs = (positionGrade: number, i: number): LineInputs => ({
  positionGrade,
  predikat: i % 3 ? 'BAIK' : 'SANGAT_BAIK',
  attendance: { TL1: i % 4 },
  sanction: 'NONE',
  salaryBase: '4000000',
  salaryGross: '4500000',
  taxCategory: 'A',
});
const lines: SimulationLine[] = Array.from({ length: 30 }, (_, i) => ({
  nip: `1985010120100110${String(i).padStart(2, '0')}`,
  name: `P${i}`,
  inputs: inputs(7 + (i % 3), i),
}));
const simulate = (drafts: PolicyDocument[], budget: string | null = null, top = 5) =>
  simulateOpdMonth({
    opdId: 'DINKES',
    month: '2026-03',
    source: 'REGISTER',
    budget,
    lines,
    today,
    drafts: drafts.map(compileTppPolicy),
    top,
  });

describe('policy simulation of one OPD’s month', () => {
  it('a draft identical to the policy in force changes nothing, and the totals are the slips’ sums', () => {
    const r = simulate([{ ...doc, policyVersion: 'draft/same' }]);
    const net = lines.reduce((s, l) => s + BigInt(priceInputs(l.inputs, today).net), 0n);
    expect(r.today.net).toBe(net.toString());
    expect(r.drafts[0]).toMatchObject({ net: r.today.net, gross: r.today.gross, difference: { gross: '0', net: '0' }, up: [], down: [] });
    expect(r.drafts[0].histogram.find((b) => b.from === '0')!.count).toBe(30);
    expect(r.drafts[0].byGrade.every((g) => g.difference.net === '0' && g.difference.gross === '0')).toBe(true);
  });

  it('a draft raising one kelas jabatan’s ceiling changes exactly its employees, by what the calculator gives', () => {
    const draft = raised(8, '5000000');
    const r = simulate([draft], null, 100);
    const compiled = compileTppPolicy(draft);
    const changed = lines.filter((l) => l.inputs.positionGrade === 8);
    expect(r.drafts[0].up.map((c) => c.nip).sort()).toEqual(changed.map((l) => l.nip).sort());
    expect(r.drafts[0].down).toEqual([]);
    for (const c of r.drafts[0].up) {
      const l = lines.find((x) => x.nip === c.nip)!;
      expect(c.change).toBe((BigInt(priceInputs(l.inputs, compiled).net) - BigInt(priceInputs(l.inputs, today).net)).toString());
    }
    const sum = r.drafts[0].up.reduce((s, c) => s + BigInt(c.change), 0n);
    expect(r.drafts[0].difference.net).toBe(sum.toString());
    expect(r.drafts[0].byGrade.filter((g) => g.difference.net !== '0').map((g) => g.positionGrade)).toEqual([8]);
  });

  it('answers per draft side by side, keeps the top N largest first, and checks the budget', () => {
    const r = simulate([raised(8, '5000000'), raised(9, '5000000')], '500000000', 3);
    expect(r.drafts).toHaveLength(2);
    expect(r.drafts[0].up).toHaveLength(3);
    const changes = r.drafts[0].up.map((c) => BigInt(c.change));
    expect([...changes].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0))).toEqual(changes);
    // Grade 9 is 5,500,000 in the sample: lowering it to 5,000,000 only lowers pay.
    expect(r.drafts[1].up).toEqual([]);
    expect(r.drafts[1].down).toHaveLength(3);
    expect(r.drafts[1].withinBudget).toBe(true);
    expect(r.drafts.reduce((n, d) => n + d.histogram.reduce((s, b) => s + b.count, 0), 0)).toBe(60);
  });

  it('reads month ranges', () => {
    expect(parseMonthRange('2025-11..2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(parseMonthRange('2026-03,2026-01')).toEqual(['2026-01', '2026-03']);
    expect(() => parseMonthRange('2026-05..2026-01')).toThrow(expect.objectContaining({ code: 'INVALID_MONTHS' }));
    expect(() => parseMonthRange('2020-01..2026-01')).toThrow(expect.objectContaining({ code: 'TOO_MANY_MONTHS' }));
  });
});

describe('budget projection', () => {
  const budgets = (amount: string) => new Map(Array.from({ length: 12 }, (_, i) => [`2026-${String(i + 1).padStart(2, '0')}`, amount]));

  it('carries the mean of the months so far forward and names the month the allocation runs out', () => {
    // 12 × 100 = 1,200 allocated. January–April cost 100, 110, 120, 130: mean 115. Cumulative:
    // 100, 210, 330, 460, then +115 a month: May 575, Jun 690, Jul 805, Aug 920, Sep 1035, Oct 1150, Nov 1265 > 1200.
    const p = projectBudget({
      year: 2026,
      actual: [
        { month: '2026-01', amount: '100' },
        { month: '2026-02', amount: '110' },
        { month: '2026-03', amount: '120' },
        { month: '2026-04', amount: '130' },
      ],
      budgets: budgets('100'),
    });
    expect(p).toMatchObject({ monthlyMean: '115', allocation: '1200', exhaustedIn: '2026-11', yearTotal: '1380' });
    expect(p.months[4]).toEqual({ month: '2026-05', kind: 'PROJECTED', amount: '115', cumulative: '575', budget: '100' });
    expect(p.months[3].kind).toBe('ACTUAL');
  });

  it('says null when the allocation lasts, rounds the mean half-up, and counts a month without a budget as zero', () => {
    const b = budgets('100');
    b.delete('2026-12');
    const p = projectBudget({
      year: 2026,
      actual: [
        { month: '2026-01', amount: '90' },
        { month: '2026-02', amount: '91' },
      ],
      budgets: b,
    });
    expect(p).toMatchObject({ monthlyMean: '91', allocation: '1100', monthsWithoutBudget: ['2026-12'] });
    // 90 + 91 + 10 × 91 = 1091 ≤ 1100
    expect(p).toMatchObject({ yearTotal: '1091', exhaustedIn: null });
  });
});

describe('the record of a simulation', () => {
  const cmd = {
    type: 'RecordSimulation' as const,
    simulationId: 's1',
    by: { userId: 'u-bpkad', role: 'bpkad' },
    drafts: [{ digest: 'a'.repeat(64), policyVersion: 'draft/v2' }],
    months: ['2026-01'],
    opdIds: ['DINKES'],
    at: '2026-11-01T09:00:00+07:00',
  };
  it('is one event, once', () => {
    const { type: _type, ...data } = cmd;
    spec(policySimulationDecider)
      .given([])
      .when(cmd)
      .then([{ type: 'PolicySimulationRun', data }]);
    spec(policySimulationDecider)
      .given([{ type: 'PolicySimulationRun', data }])
      .when(cmd)
      .then([]);
  });
});
