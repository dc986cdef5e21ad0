import { fixedClock } from '../libs/kernel/src';
import { DEMO_USERS, loadDemo } from '../libs/application/src';
import { applicationContext, loadPayrollDemo } from '../libs/platform/src';
import { startTestApp, TestApp, TestUser } from './support/app';
import { until } from './support/people';

/**
 * The first start's demo month: Dinas Kesehatan's October appraisals are rated by each
 * employee's supervisor and issued by the head within the curve, and the month's TPP run is
 * priced on those predikat (each line naming the AppraisalIssued event); only the head of the OPD,
 * rated outside kinerja, gets an imported predikat.
 */
describe('the demo month: appraisals feed the payroll run', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
    app.rt.clock = fixedClock('2026-11-03T09:00:00+07:00');
    await loadDemo(await applicationContext(app.rt));
  });
  afterAll(() => app.close());

  it('issues the OPD’s appraisals and prices the run on them', async () => {
    const r = await loadPayrollDemo(app.rt);
    expect(r).toMatchObject({ loaded: true });
    const pegawai = DEMO_USERS.find((u) => u.username === 'pegawai')!.nip!;
    const unit = await until(async () => {
      const b = (await app.call('GET', '/api/v1/appraisal-units/DINKES/2026-10?limit=500')).body;
      return b.appraisals?.length > 0 && b.appraisals.every((a: { state: string }) => a.state === 'ISSUED') && b;
    }, 'the issued appraisals');
    expect(unit.calibration).toMatchObject({ organisationResult: 'BAIK' });
    expect(unit.appraisals.map((a: { issuedOn: string }) => a.issuedOn)).toEqual(unit.appraisals.map(() => '2026-11-03'));
    const mine = unit.appraisals.find((a: { nip: string }) => a.nip === pegawai);
    const issuedEvent = mine.events.find((e: { type: string }) => e.type === 'AppraisalIssued');

    const line = await until(async () => {
      const { rows } = await app.rt.db.pool.query(`SELECT detail FROM pay_line WHERE nip = $1 AND month = '2026-10' AND line_key = 'TPP'`, [
        pegawai,
      ]);
      return rows[0]?.detail;
    }, 'the demo employee’s pay line');
    expect(line.inputs.predikat).toBe(mine.predikat);
    expect(line.sources.predikatEventId).toBe(issuedEvent.eventId);
    // Everyone in the run has a predikat: imported only for those without an appraisal (the head).
    const { rows } = await app.rt.db.pool.query(
      `SELECT count(*)::int AS imported FROM pay_predikat p JOIN events e ON e.event_id = p.event_id WHERE p.month = '2026-10' AND e.event_type = 'PredikatIssued'`,
    );
    expect(rows[0].imported).toBe(1);
  });

  it('lets the demo pegawai object and the demo kabid decide, with demo users alone', async () => {
    const as = (username: string): TestUser => {
      const u = DEMO_USERS.find((d) => d.username === username)!;
      return { sub: u.username, nip: u.nip, roles: u.roles };
    };
    const pegawai = as('pegawai').nip!;
    const path = `/api/v1/appraisals/${pegawai}/2026-10`;
    await until(async () => (await app.call('GET', path, undefined, {}, as('pegawai'))).body?.state === 'ISSUED', 'the issued appraisal');
    const objected = await app.call(
      'POST',
      `${path}/objection`,
      { reasons: 'Realisasi IKI bulan Oktober belum dihitung (demo)' },
      {},
      as('pegawai'),
    );
    expect(objected.status).toBe(201);
    // The rater (kasi.dinkes) may not decide; the rater's supervisor (kabid.dinkes) does.
    expect(
      (await app.call('POST', `${path}/objection/decision`, { outcome: 'CONFIRM', reasons: 'Sudah sesuai' }, {}, as('kasi.dinkes'))).status,
    ).toBe(403);
    const decided = await app.call(
      'POST',
      `${path}/objection/decision`,
      { outcome: 'CONFIRM', reasons: 'Sudah sesuai (demo)' },
      {},
      as('kabid.dinkes'),
    );
    expect(decided.status).toBe(201);
  });
});
