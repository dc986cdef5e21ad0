import { fixedClock } from '../libs/kernel/src';
import { DEMO_PAYROLL, loadDemoData } from '../libs/platform/src';
import { compileTppPolicy, loadPolicyDocuments, type PolicyDocument } from '../libs/policies/src';
import { priceInputs, type LineInputs } from '../libs/domain/payroll';
import { SimulationView } from '../libs/contracts/src/responses';
import { startTestApp, TestApp, TestUser } from './support/app';
import { until } from './support/people';
import { kinerja } from './support/cli';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { payrollProjected } from './support/catch-up';

/**
 * Policy simulation (POST /api/v1/payroll/simulations) on the demo Pemda: a draft identical to the
 * policy in force changes nothing anywhere, a draft raising one kelas jabatan's ceiling changes
 * exactly those employees by what the calculator gives, and a simulation appends nothing but its
 * own record.
 */
const { opdId: OPD, month: MONTH } = DEMO_PAYROLL;
const BPKAD: TestUser = { sub: 'sim-bpkad', roles: ['bpkad'] };
const BKPSDM: TestUser = { sub: 'sim-bkpsdm', roles: ['admin_kepegawaian'] };
const BENDAHARA: TestUser = { sub: 'sim-bendahara', roles: [`bendahara:${OPD}`] };
const IN_FORCE = loadPolicyDocuments()[0];
const MONTHS = Array.from({ length: 10 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);

describe('policy simulation against the demo Pemda’s months', () => {
  let app: TestApp;
  let lines: Array<{ nip: string; net: string; inputs: LineInputs }>;
  const simulate = (body: unknown, as: TestUser = BPKAD) => app.call('POST', '/api/v1/payroll/simulations', body, {}, as);
  const eventCount = async () => Number((await app.db.pool.query('SELECT count(*) AS n FROM events')).rows[0].n);

  beforeAll(async () => {
    app = await startTestApp();
    app.rt.clock = fixedClock('2026-11-03T09:00:00+07:00');
    await loadDemoData(app.rt);
    // The run's status is read from its stream; its lines from the pay ledger, a projection a moment
    // behind it (under CI load the ledger was still empty when the status said CALCULATED).
    await until(async () => {
      const r = await app.call('GET', `/api/v1/payroll/opds/${OPD}/runs/${MONTH}`);
      return r.status === 200 && r.body.status === 'CALCULATED';
    }, 'the demo payroll run, calculated');
    await payrollProjected(app.rt);
    const { rows } = await app.db.pool.query<{ nip: string; net: string; inputs: LineInputs }>(
      `SELECT l.nip, l.amounts->>'net' AS net, l.detail->'inputs' AS inputs
         FROM pay_line l JOIN pay_run r ON r.run_id = l.run_id AND r.calculation = l.calculation
        WHERE r.opd_id = $1 AND r.month = $2 AND l.kind = 'TPP'`,
      [OPD, MONTH],
    );
    lines = rows;
    expect(lines.length).toBeGreaterThan(10);
  });
  afterAll(() => app.close());

  it('a draft identical to the policy in force simulates to zero difference for every line of every month', async () => {
    const r = await simulate({ drafts: [{ ...IN_FORCE, policyVersion: 'draft-sama/v1' }], months: MONTHS, top: 100 });
    expect(r.status).toBe(201);
    expect(SimulationView.safeParse(r.body).error?.issues ?? []).toEqual([]);
    const opds: string[] = r.body.opdIds;
    expect(opds).toContain(OPD);
    expect(r.body.results).toHaveLength(opds.length * MONTHS.length);
    for (const m of r.body.results) {
      const d = m.drafts[0];
      expect([m.opdId, m.month, d.difference, d.up, d.down]).toEqual([m.opdId, m.month, { gross: '0', net: '0' }, [], []]);
      expect(d.histogram.filter((b: { count: number }) => b.count > 0).map((b: { from: string }) => b.from)).toEqual(
        m.employees ? ['0'] : [],
      );
      expect(d.byGrade.every((g: { difference: { net: string } }) => g.difference.net === '0')).toBe(true);
    }
    // The demo's October is priced from its run's own lines, and today's total is what the run pays.
    const run = (await app.call('GET', `/api/v1/payroll/opds/${OPD}/runs/${MONTH}`, undefined, {}, BPKAD)).body;
    const oct = r.body.results.find((m: { opdId: string; month: string }) => m.opdId === OPD && m.month === MONTH);
    expect(oct).toMatchObject({
      source: 'RUN',
      employees: run.lineCount,
      today: { gross: run.totalGross, net: run.totalNet },
      budget: run.budget,
    });
    expect(r.body.totals.drafts[0].difference).toEqual({ gross: '0', net: '0' });
  });

  it('a draft raising one kelas jabatan’s ceiling changes exactly those employees, by the exact amount', async () => {
    const counts = new Map<number, number>();
    for (const l of lines) counts.set(l.inputs.positionGrade, (counts.get(l.inputs.positionGrade) ?? 0) + 1);
    const grade = [...counts].sort((a, b) => b[1] - a[1])[0][0];
    const ceiling = IN_FORCE.tpp.ceilings.find((c) => c.positionGrade === grade)!.ceiling;
    const draft: PolicyDocument = {
      ...IN_FORCE,
      policyVersion: 'draft-naik/v1',
      tpp: {
        ...IN_FORCE.tpp,
        ceilings: IN_FORCE.tpp.ceilings.map((c) => (c.positionGrade === grade ? { ...c, ceiling: String(Number(ceiling) + 750_000) } : c)),
      },
    };
    const r = await simulate({ drafts: [draft], months: [MONTH], opdIds: [OPD], top: 100 });
    expect(r.status).toBe(201);
    const d = r.body.results[0].drafts[0];
    const compiled = compileTppPolicy(draft);
    const expected = new Map(
      lines
        .filter((l) => l.inputs.positionGrade === grade)
        .map((l) => [l.nip, (BigInt(priceInputs(l.inputs, compiled).net) - BigInt(l.net)).toString()]),
    );
    expect(d.down).toEqual([]);
    expect(new Map(d.up.map((c: { nip: string; change: string }) => [c.nip, c.change]))).toEqual(expected);
    expect(d.difference.net).toBe([...expected.values()].reduce((s, v) => s + BigInt(v), 0n).toString());
    expect(
      d.byGrade
        .filter((g: { difference: { net: string } }) => g.difference.net !== '0')
        .map((g: { positionGrade: number }) => g.positionGrade),
    ).toEqual([grade]);
    // The projection carries October forward to December against the year's allocation.
    const p = r.body.projections[0];
    expect(p.opdId).toBe(OPD);
    expect(p.drafts[0]).toMatchObject({ basisMonths: [MONTH], monthlyMean: d.gross });
    expect(p.drafts[0].months.at(-1)).toMatchObject({ month: '2026-12', kind: 'PROJECTED', amount: d.gross });
  });

  it('appends nothing but its record, refuses bad input appending nothing, and is for BPKAD, BKPSDM and the inspectorate', async () => {
    const before = await eventCount();
    const r = await simulate({ drafts: [IN_FORCE, { ...IN_FORCE, policyVersion: 'draft-b/v1' }], months: ['2026-09', '2026-10'] }, BKPSDM);
    expect(r.status).toBe(201);
    expect(r.body.drafts).toHaveLength(2);
    expect(await eventCount()).toBe(before + 1);
    const { rows } = await app.db.pool.query(
      `SELECT stream_id, event_type, data, metadata FROM events ORDER BY global_position DESC LIMIT 1`,
    );
    expect(rows[0]).toMatchObject({
      stream_id: `PolicySimulation-${r.body.simulationId}`,
      event_type: 'PolicySimulationRun',
      data: {
        by: { userId: BKPSDM.sub, role: 'admin_kepegawaian' },
        months: ['2026-09', '2026-10'],
        drafts: r.body.drafts.map((d: { digest: string; policyVersion: string }) => ({ digest: d.digest, policyVersion: d.policyVersion })),
      },
    });
    const bad = await simulate({
      drafts: [{ ...IN_FORCE, tpp: { ...IN_FORCE.tpp, split: { performancePercent: '70', disciplinePercent: '40' } } }],
      months: [MONTH],
    });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'INVALID_POLICY_DOCUMENT']);
    const early = await simulate({ drafts: [IN_FORCE], months: ['2025-12'] });
    expect([early.status, early.body.error.code]).toEqual([422, 'NO_POLICY_IN_FORCE']);
    const denied = await simulate({ drafts: [IN_FORCE], months: [MONTH] }, BENDAHARA);
    expect(denied.status).toBe(403);
    expect(await eventCount()).toBe(before + 1);
    const inspector = await simulate(
      { drafts: [IN_FORCE], months: [MONTH], opdIds: [OPD] },
      { sub: 'sim-inspektur', roles: ['inspektorat'] },
    );
    expect(inspector.status).toBe(201);
  });

  it('kinerja tpp simulate prints the table and writes the CSV, per OPD, month, draft and kelas jabatan', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kinerja-simulate-'));
    const draft = join(dir, 'draft.json');
    writeFileSync(
      draft,
      JSON.stringify({
        ...IN_FORCE,
        policyVersion: 'draft-cli/v1',
        tpp: { ...IN_FORCE.tpp, split: { performancePercent: '70', disciplinePercent: '30' } },
      }),
    );
    const same = join(dir, 'same.json');
    writeFileSync(same, JSON.stringify(IN_FORCE));
    const csv = join(dir, 'out.csv');
    const before = await eventCount();
    const r = await kinerja(
      ['tpp', 'simulate', '--draft', draft, '--draft', same, '--months', '2026-09..2026-10', '--opd', OPD, '--csv', csv],
      {
        DATABASE_URL: app.db.url,
      },
    );
    expect([r.code, r.stderr]).toEqual([0, expect.stringContaining('simulating')]);
    expect(r.stdout).toContain('draft 1: draft-cli/v1');
    expect(r.stdout).toMatch(new RegExp(`${OPD}\\s+2026-10\\s+RUN`));
    expect(r.stdout).toContain('budget projection 2026');
    const rows = readFileSync(csv, 'utf8').trim().split('\n');
    expect(rows[0]).toMatch(/^opd_id,month,source,position_grade,employees,draft,/);
    const total = rows.filter((l) => l.startsWith(`${OPD},2026-10,RUN,,`));
    expect(total).toHaveLength(2);
    // The second draft is the policy in force: no difference.
    expect(total[1].split(',').slice(11, 13)).toEqual(['0', '0']);
    expect(rows.some((l) => /^[^,]+,2026-10,RUN,\d+,/.test(l))).toBe(true);
    expect(await eventCount()).toBe(before + 1);
  });
});
