import { fixedClock } from '../libs/kernel/src';
import { DEMO_USERS } from '../libs/application/src';
import { DEMO_PAYROLL, loadDemoData } from '../libs/platform/src';
import { DashboardView } from '../libs/contracts/src/responses';
import { INSPECTOR, startTestApp, TestApp, TestUser } from './support/app';
import { until } from './support/people';
import { payrollProjected } from './support/catch-up';

/**
 * The dashboard of an OPD's month (GET /api/v1/dashboard/{opdId}?month=): its counts are those the
 * other endpoints give for the same people and month (the demo's October at Dinas Kesehatan, with
 * an objection the test files), for the head of the OPD, BKPSDM, BPKAD and the inspectorate only.
 */
const { opdId: OPD, month: MONTH } = DEMO_PAYROLL;

describe('the dashboard of an OPD’s month', () => {
  let app: TestApp;
  const as = (username: string): TestUser => {
    const u = DEMO_USERS.find((d) => d.username === username)!;
    return { sub: u.username, ...(u.nip ? { nip: u.nip } : {}), roles: [...u.roles] };
  };
  const dashboard = (who: TestUser | null, query = `?month=${MONTH}`, opd: string = OPD) =>
    app.call('GET', `/api/v1/dashboard/${opd}${query}`, undefined, {}, who);

  beforeAll(async () => {
    app = await startTestApp();
    // The demo's month has ended and its appraisals are issued on this day, whatever day the test runs.
    app.rt.clock = fixedClock('2026-11-03T09:00:00+07:00');
    await loadDemoData(app.rt);
  });
  afterAll(() => app.close());

  it('counts the month as the ledger, the plans, the reports and the payroll run give it', async () => {
    const unit = await until(async () => {
      const b = (await app.call('GET', `/api/v1/appraisal-units/${OPD}/${MONTH}?limit=500`)).body;
      return b.appraisals?.length > 0 && b.appraisals.every((a: { state: string }) => a.state === 'ISSUED') && b;
    }, 'the demo month’s issued appraisals');
    const run = await until(async () => {
      const r = await app.call('GET', `/api/v1/payroll/opds/${OPD}/runs/${MONTH}`);
      // Compared once its calculation has ended: the dashboard, read after, must see the same step.
      return r.status === 200 && r.body.status !== 'CALCULATING' && r.body;
    }, 'the demo payroll run, calculated');

    // The run's status above is read from its stream; the dashboard reads the payroll read model,
    // which may be a moment behind it (seen under CI load): compared once it has caught up.
    await payrollProjected(app.rt);
    const r = await dashboard(as('kepala.dinkes'));
    expect(r.status).toBe(200);
    expect(DashboardView.safeParse(r.body).error?.issues ?? []).toEqual([]);
    const d = r.body;
    expect(d).toMatchObject({ opdId: OPD, month: MONTH, asOfDate: `${MONTH}-31` });
    // Appraisals: as the unit's ledger lists them, and the predikat as the distribution (computed from the log) counts them.
    expect(d.appraisals).toMatchObject({ rated: unit.appraisals.length, issued: unit.appraisals.length });
    const dist = (await app.call('GET', `/api/v1/appraisal-units/${OPD}/${MONTH}/distribution`)).body;
    expect(d.appraisals.predikat).toEqual(Object.fromEntries(Object.entries(dist.counts).filter(([, n]) => (n as number) > 0)));
    expect(d.employees).toBeGreaterThanOrEqual(unit.appraisals.length);
    // The payroll run's step.
    expect(d.payroll).toMatchObject({ runId: run.runId ?? expect.any(String), status: run.status });
    // Plans and daily reports: each employee's own, read one by one.
    let inForce = 0;
    let filed = 0;
    let answered = 0;
    const nips = unit.appraisals.map((a: { nip: string }) => a.nip);
    for (const nip of nips) {
      const plan = await app.call('GET', `/api/v1/workplans/${nip}/${MONTH.slice(0, 4)}`);
      if (plan.status === 200 && plan.body.inForce !== null) inForce++;
      const reports = await app.call('GET', `/api/v1/daily-reports/${nip}/${MONTH}`);
      expect(reports.status).toBe(200);
      filed += reports.body.reports.length;
      answered += reports.body.reports.filter((x: { answer: unknown }) => x.answer).length;
    }
    // The head of the OPD (rated outside kinerja) is an employee of the OPD without an appraisal of their own.
    const head = as('kepala.dinkes').nip!;
    const headPlan = await app.call('GET', `/api/v1/workplans/${head}/${MONTH.slice(0, 4)}`);
    if (headPlan.status === 200 && headPlan.body.inForce !== null) inForce++;
    expect(d.plans.approved).toBe(inForce);
    expect(d.plans.approved).toBeGreaterThan(0);
    expect(d.plans.approved + d.plans.submitted + d.plans.draft + d.plans.none).toBe(d.employees);
    expect(d.dailyReports).toMatchObject({ filed, answered, unanswered: filed - answered });
    expect(d.objections).toEqual({ open: 0, escalated: 0 });

    // An objection filed in the window: one open.
    const pegawai = as('pegawai');
    const filedObjection = await app.call(
      'POST',
      `/api/v1/appraisals/${pegawai.nip}/${MONTH}/objection`,
      { reasons: 'IKI tercapai seluruhnya (uji dasbor)' },
      { 'Idempotency-Key': 'dashboard-objection' },
      pegawai,
    );
    expect(filedObjection.status).toBe(201);
    await until(async () => (await dashboard(as('admin.bkpsdm'))).body.objections?.open === 1, 'the objection on the dashboard');
    // BPKAD and the inspectorate read it too.
    expect((await dashboard(as('bpkad'))).status).toBe(200);
    expect((await dashboard(INSPECTOR)).status).toBe(200);
  });

  it('refuses an employee, the head of another OPD, a bad month and an unknown parameter with a code', async () => {
    const pegawai = await dashboard(as('pegawai'));
    expect([pegawai.status, pegawai.body.error.code]).toEqual([403, 'ROLE_REQUIRED']);
    const other = await dashboard(as('kepala.dinkes'), `?month=${MONTH}`, 'BPKAD');
    expect([other.status, other.body.error.code]).toEqual([403, 'OUTSIDE_OPD']);
    for (const q of ['?month=2026-13', '?month=2026-1', '?month=__proto__']) {
      const bad = await dashboard(as('admin.bkpsdm'), q);
      expect([q, bad.status, bad.body.error.code]).toEqual([q, 400, 'INVALID_MONTH']);
    }
    const unknown = await dashboard(as('admin.bkpsdm'), `?month=${MONTH}&opd=DINKES`);
    expect([unknown.status, unknown.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await dashboard(null)).status).toBe(401);
    // Without a month: the clock's month on the Pemda's calendar.
    const now = await dashboard(as('admin.bkpsdm'), '');
    expect([now.status, now.body.month]).toEqual([200, '2026-11']);
  });
});
