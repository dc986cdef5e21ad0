import { fixedClock } from '../libs/kernel/src';
import { DEMO_USERS, type RatingAnalyticsView as RatingView, type WorkloadAnalyticsView as WorkloadView } from '../libs/application/src';
import { DEMO_PAYROLL, loadDemoData } from '../libs/platform/src';
import { RatingAnalyticsView, WorkloadAnalyticsView } from '../libs/contracts/src/responses';
import { INSPECTOR, startTestApp, TestApp, TestUser } from './support/app';
import { until } from './support/people';
import { projected } from './support/catch-up';
import { dailyReportsProjection } from '../libs/projections/src';

/**
 * Issue 18, items 3 and 4 over HTTP, on the demo Pemda (appended by the handlers): where the
 * ratings lean (GET /api/v1/analytics/ratings and its CSV files) and the workload
 * (GET /api/v1/analytics/workload and its CSV files), for BKPSDM and the inspectorate only. The
 * figures are those the other endpoints give for the same people and month.
 */
const { opdId: OPD, month: MONTH } = DEMO_PAYROLL;
const YEAR = MONTH.slice(0, 4);

describe('rating and workload analytics', () => {
  let app: TestApp;
  const as = (username: string): TestUser => {
    const u = DEMO_USERS.find((d) => d.username === username)!;
    return { sub: u.username, ...(u.nip ? { nip: u.nip } : {}), roles: [...u.roles] };
  };
  const get = (path: string, who: TestUser | null = as('admin.bkpsdm')) => app.call('GET', `/api/v1/analytics/${path}`, undefined, {}, who);

  beforeAll(async () => {
    app = await startTestApp();
    // The demo's month has ended and its appraisals are issued on this day, whatever day the test runs.
    app.rt.clock = fixedClock('2026-11-03T09:00:00+07:00');
    await loadDemoData(app.rt);
  });
  afterAll(() => app.close());

  it('gives per rater the predikat they gave, the unit’s curve as issued, and an objection as it is filed', async () => {
    const unit = await until(async () => {
      const b = (await app.call('GET', `/api/v1/appraisal-units/${OPD}/${MONTH}?limit=500`)).body;
      return b.appraisals?.length > 0 && b.appraisals.every((a: { state: string }) => a.state === 'ISSUED') && b;
    }, 'the demo month’s issued appraisals');
    const rated = unit.appraisals.length;
    const view = await until(async () => {
      const r = await get(`ratings?year=${YEAR}&opdId=${OPD}`);
      return r.status === 200 && r.body.curve.some((c: { period: string }) => c.period === MONTH) && r.body.ratings >= rated && r.body;
    }, 'the analytics read model');
    expect(RatingAnalyticsView.safeParse(view).error?.issues ?? []).toEqual([]);
    expect(view).toMatchObject({ year: Number(YEAR), opdId: OPD, rule: { minSample: 5, minComparison: 5, zThreshold: 1.96 } });

    // Every rating of the month belongs to its rater's row: the rows' counts add up to the unit's ledger.
    const ofMonth = (await app.call('GET', `/api/v1/appraisal-units/${OPD}/${MONTH}/distribution`)).body;
    const raters = view.raters as RatingView['raters'];
    expect(raters.length).toBeGreaterThan(0);
    expect(raters.reduce((n, r) => n + r.n, 0)).toBe(view.ratings);
    for (const r of raters) {
      expect(r.opdId).toBe(OPD);
      expect(Object.values(r.counts).reduce((a, b) => a + b, 0)).toBe(r.n);
      // A rater under the minimum sample is never flagged.
      if (r.n < 5) expect([r.flag, r.unit.note]).toEqual([null, 'FEW_RATINGS']);
      // The demo rates after the month ends.
      expect(r.daysToRating.median).toBeGreaterThan(0);
    }
    const point = view.curve.find((c: { period: string }) => c.period === MONTH);
    expect(point.counts).toEqual(ofMonth.counts);
    expect(point.rated).toBe(rated);

    // An objection filed through the API is counted against its rater, pending.
    const pegawai = as('pegawai');
    const filed = await app.call(
      'POST',
      `/api/v1/appraisals/${pegawai.nip}/${MONTH}/objection`,
      { reasons: 'IKI tercapai seluruhnya (uji analitik)' },
      { 'Idempotency-Key': 'analytics-objection' },
      pegawai,
    );
    expect(filed.status).toBe(201);
    const ledger = (await app.call('GET', `/api/v1/appraisals/${pegawai.nip}/${MONTH}`)).body;
    const after = await until(async () => {
      const r = (await get(`ratings?year=${YEAR}&opdId=${OPD}`)).body;
      const row = r.raters.find((x: { raterNip: string }) => x.raterNip === ledger.raterNip);
      return row?.objections.pending === 1 && row;
    }, 'the objection against its rater');
    expect(after.objections).toEqual({ filed: 1, pending: 1, confirmed: 0, amended: 0 });

    // The inspectorate reads it too, and the CSV has a row per rater, numbers as numbers.
    expect((await get(`ratings?year=${YEAR}`, INSPECTOR)).status).toBe(200);
    const csv = await get(`ratings.csv?year=${YEAR}&opdId=${OPD}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="penilai-${YEAR}-${OPD}.csv"`);
    const lines = String(csv.body).trimEnd().split('\r\n');
    expect(lines[0].split(',').slice(0, 4)).toEqual(['rater_nip', 'rater_name', 'opd_id', 'n']);
    expect(lines).toHaveLength(raters.length + 1);
    const curve = String((await get(`curve.csv?year=${YEAR}&opdId=${OPD}`)).body)
      .trimEnd()
      .split('\r\n');
    expect(curve.some((l) => l.startsWith(`${OPD},${MONTH},`))).toBe(true);
  });

  it('counts daily reports filed and answered per OPD and per supervisor, the oldest queues first, and the RHK against target up the cascade', async () => {
    // The demo chain's plans are in force: the Kepala Bidang reports to the head, the Kepala Seksi to the Kepala Bidang.
    const [head, kabid, kasi] = ['kepala.dinkes', 'kabid.dinkes', 'kasi.dinkes'].map(as);
    const file = async (who: TestUser, reportId: string, date: string, resultId: string, at: string) => {
      app.rt.clock = fixedClock(at);
      const body = { reportId, date, durationMinutes: 90, resultId, output: `Laporan ${reportId}` };
      const r = await app.call('POST', `/api/v1/daily-reports/${who.nip}`, body, { 'Idempotency-Key': `analytics-${reportId}` }, who);
      expect([reportId, r.status]).toEqual([reportId, 201]);
    };
    await file(kabid, 'AN-1', '2026-11-03', 'RHK-KESMAS-1', '2026-11-03T10:00:00+07:00');
    await file(kasi, 'AN-2', '2026-11-02', 'RHK-KESGA-1', '2026-11-03T11:00:00+07:00');
    await file(kasi, 'AN-3', '2026-11-03', 'RHK-KESGA-2', '2026-11-03T11:00:00+07:00');
    app.rt.clock = fixedClock('2026-11-03T12:00:00+07:00');
    const answered = await app.call(
      'POST',
      `/api/v1/daily-reports/${kasi.nip}/2026-11/AN-2/answer`,
      { kind: 'ACKNOWLEDGED' },
      { 'Idempotency-Key': 'analytics-answer' },
      kabid,
    );
    expect(answered.status).toBe(201);

    const w = await until(async () => {
      const r = await get(`workload?from=2026-11&to=2026-11&opdId=${OPD}`);
      return r.status === 200 && r.body.reports.total.answered === 1 && r.body;
    }, 'the workload read model');
    expect(WorkloadAnalyticsView.safeParse(w).error?.issues ?? []).toEqual([]);
    expect(w.reports.total).toMatchObject({ filed: 3, answered: 1, waiting: 2, answeredShare: 0.333, medianHoursToAnswer: 1 });
    // As the dashboard counts the same month (from the daily reports' own read model, which the wait
    // above for the workload's does not cover).
    await projected(app.rt, dailyReportsProjection);
    const dash = (await app.call('GET', `/api/v1/dashboard/${OPD}?month=2026-11`, undefined, {}, as('admin.bkpsdm'))).body;
    expect(dash.dailyReports).toMatchObject({ filed: 3, answered: 1, unanswered: 2 });
    expect(w.reports.perUnit.map((l: { key: string; filed: number }) => [l.key, l.filed])).toEqual([[OPD, 3]]);
    const line = (nip: string) => w.reports.perSupervisor.find((l: { key: string }) => l.key === nip);
    expect(line(kabid.nip!)).toMatchObject({ filed: 2, answered: 1, waiting: 1 });
    expect(line(head.nip!)).toMatchObject({ filed: 1, answered: 0, waiting: 1, oldestWaitingDays: 0.1 });
    expect(w.reports.supervisorNames[kabid.nip!]).toEqual(expect.any(String));
    // The head's report has waited since 10:00, the Kepala Bidang's since 11:00.
    expect(w.reports.oldestQueues.map((l: { key: string }) => l.key)).toEqual([head.nip, kabid.nip]);

    // Realisation against target: the chain's five RHK, none realised yet; the head's first RHK carries four.
    const results = w.cascade.results as WorkloadView['cascade']['results'];
    expect(results.map((r) => r.resultId).sort()).toEqual(['RHK-DINKES-1', 'RHK-DINKES-2', 'RHK-KESGA-1', 'RHK-KESGA-2', 'RHK-KESMAS-1']);
    expect(results.find((r) => r.resultId === 'RHK-DINKES-1')!.cascade).toEqual({ results: 4, onTrack: 0, share: 0 });
    expect(results.find((r) => r.resultId === 'RHK-KESGA-1')!.parent).toEqual({ nip: kabid.nip, resultId: 'RHK-KESMAS-1' });
    expect(w.cascade.perUnit).toEqual([{ opdId: OPD, results: 5, onTrack: 0, share: 0 }]);

    const csv = await get(`workload.csv?from=2026-11&to=2026-11&opdId=${OPD}`, INSPECTOR);
    expect(csv.status).toBe(200);
    const lines = String(csv.body).trimEnd().split('\r\n');
    expect(lines[1].split(',').slice(0, 6)).toEqual(['TOTAL', '', '', '3', '1', '2']);
    expect(lines).toHaveLength(2 + w.reports.perUnit.length + w.reports.perSupervisor.length);
    const cascade = String((await get(`cascade.csv?to=2026-11&opdId=${OPD}`)).body)
      .trimEnd()
      .split('\r\n');
    expect(cascade).toHaveLength(6);
  });

  it('refuses the other roles and bad parameters with a code, and appends nothing', async () => {
    const head = await app.rt.store.head();
    for (const who of ['pegawai', 'kepala.dinkes', 'bpkad', 'bendahara.dinkes']) {
      for (const path of [`ratings?year=${YEAR}`, `workload?to=${MONTH}`, `ratings.csv?year=${YEAR}`]) {
        const r = await get(path, as(who));
        expect([who, path, r.status]).toEqual([who, path, 403]);
      }
    }
    expect((await get('ratings', null)).status).toBe(401);
    const bad: Array<[string, string]> = [
      ['ratings?year=26', 'INVALID_YEAR'],
      ['ratings?opdId=a%20b', 'INVALID_OPD_ID'],
      ['ratings?unit=DINKES', 'VALIDATION_FAILED'],
      ['workload?to=2026-13', 'INVALID_MONTH'],
      ['workload?from=2026-10&to=2026-09', 'INVALID_MONTH_RANGE'],
      ['workload?from=2025-01&to=2026-10', 'INVALID_MONTH_RANGE'],
      ['workload.csv?from=x', 'INVALID_MONTH'],
    ];
    for (const [path, code] of bad) {
      const r = await get(path);
      expect([path, r.status, r.body.error?.code]).toEqual([path, 400, code]);
    }
    expect(await app.rt.store.head()).toEqual(head);
  });
});
