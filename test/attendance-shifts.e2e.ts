import { DEFAULT_ATTENDANCE_POLICY, loadPolicyDocuments } from '../libs/policies/src';
import { fixedClock } from '../libs/kernel/src';
import { startTestApp, TestApp, TestUser } from './support/app';
import { ANALIS, ANALIS2, buildDinkes, me, ok, OTHER, until } from './support/people';

/**
 * Shifts (issue 16, item 1): a Perkada version that puts an OPD on shifts, the OPD's roster of the
 * month, and a night shift across midnight counted on the day it starts.
 */
const ADMIN_DINKES: TestUser = { sub: 'admin.dinkes', roles: ['admin_opd:DINKES'] };
const BPKAD: TestUser = { sub: 'bpkad', roles: ['bpkad'] };

describe('an OPD on shifts: the policy’s shifts, the roster, a night across midnight', () => {
  let app: TestApp;
  const roster = (csv: string, dryRun = false, as = ADMIN_DINKES) =>
    app.call('POST', '/api/v1/attendance/opds/DINKES/rosters/2026-11', { csv, dryRun }, {}, as);

  beforeAll(async () => {
    app = await startTestApp();
    app.rt.clock = fixedClock('2026-12-02T09:00:00+07:00');
    await buildDinkes(app);
    const [sample] = loadPolicyDocuments();
    const document = {
      ...sample,
      policyVersion: 'perkada-shift-2026/v1',
      effectiveFrom: '2026-11-01',
      attendance: {
        rules: DEFAULT_ATTENDANCE_POLICY.rules,
        schedules: [
          { kind: 'WEEK', id: 'LIMA_HARI', name: 'Lima hari kerja', hours: { '1': { start: '07:30', end: '16:00' } } },
          {
            kind: 'SHIFT',
            id: 'SHIFT_DINKES',
            name: 'Shift',
            shifts: { P: { start: '07:00', end: '14:00' }, M: { start: '21:00', end: '07:00' } },
          },
        ],
        defaultSchedule: 'LIMA_HARI',
        opdSchedules: [{ opdId: 'DINKES', scheduleId: 'SHIFT_DINKES' }],
      },
    };
    await ok(app, 'POST', '/api/v1/policies', { document, reason: 'Perkada jadwal shift' }, BPKAD);
    await until(
      async () => Number((await app.db.pool.query('SELECT count(*) AS n FROM employee_directory')).rows[0].n) >= 7,
      'the register',
    );
    await ok(app, 'POST', '/api/v1/attendance/devices/MESIN-1', { opdId: 'DINKES', csv: `pin,nip\n1,${ANALIS}\n` }, ADMIN_DINKES, 200);
    const log = [
      ['1', '2026-11-02 20:55:00'],
      ['1', '2026-11-03 07:05:00'],
      ['1', '2026-11-04 07:40:00'],
      ['1', '2026-11-04 14:02:00'],
    ]
      .map(([pin, at]) => `${pin}\t${at}\t1\t0`)
      .join('\n');
    const r = await fetch(`${app.url}/api/v1/attendance/scans/2026-11?format=zkteco&device=MESIN-1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await app.token(ADMIN_DINKES)}`, 'content-type': 'text/plain' },
      body: log,
    });
    if (r.status >= 300) throw new Error(`scan import: ${r.status} ${await r.text()}`);
  });
  afterAll(() => app.close());

  it('checks a roster line by line, records it once, and refuses an OPD that works no shifts', async () => {
    const bad = await roster(`nip,tanggal,shift\n${ANALIS},2026-11-02,M\n${OTHER},2026-11-02,P\n${ANALIS2},2026-11-03,X\n`, true);
    expect(bad.status).toBe(201);
    expect(bad.body.errors.map((e: { line: number; code: string }) => [e.line, e.code])).toEqual([
      [3, 'NOT_OPD_STAFF'],
      [4, 'UNKNOWN_SHIFT'],
    ]);
    expect(bad.body.events).toEqual([]);
    expect((await roster(`nip,tanggal,shift\n${OTHER},2026-11-02,P\n`)).body.error.code).toBe('ROSTER_HAS_ERRORS');
    expect(await app.rt.store.readStream('ShiftRoster-DINKES.2026-11')).toHaveLength(0);
    const good = `nip,tanggal,shift\n${ANALIS},2026-11-02,M\n${ANALIS},2026-11-04,P\n${ANALIS},2026-11-05,P\n`;
    expect((await roster(good)).body).toMatchObject({ events: ['ShiftRosterRecorded'], rows: 3, scheduleId: 'SHIFT_DINKES' });
    expect((await roster(good)).body.events).toEqual([]);
    const disdik = await app.call(
      'POST',
      '/api/v1/attendance/opds/DISDIK/rosters/2026-11',
      { csv: good },
      {},
      { sub: 'a', roles: ['admin_kepegawaian'] },
    );
    expect(disdik.body.error.code).toBe('NOT_A_SHIFT_SCHEDULE');
  });

  it('counts the night shift on the day it starts, prices a late morning shift, and leaves unrostered days off', async () => {
    const m = await until(async () => {
      const b = (await app.call('GET', `/api/v1/attendance/employees/${ANALIS}/2026-11`, undefined, {}, me(ANALIS))).body;
      return b.workingDays === 3 && b;
    }, 'the roster in the summary');
    const day = (d: string) => m.days.find((x: { date: string }) => x.date === d);
    expect(day('2026-11-02')).toMatchObject({ status: 'HADIR', codes: [], checkIn: '20:55', checkOut: '07:05' });
    expect(day('2026-11-02').why).toContain('shift M');
    expect(day('2026-11-03')).toMatchObject({ status: 'LIBUR', off: 'TIDAK_DIJADWALKAN' });
    expect(day('2026-11-04')).toMatchObject({ codes: ['TL2'], minutesLate: 40 });
    expect(day('2026-11-05')).toMatchObject({ status: 'TIDAK_HADIR', codes: ['TK'] });
    expect(m).toMatchObject({ scheduleId: 'SHIFT_DINKES', policyVersion: 'perkada-shift-2026/v1', counts: { TL2: 1, TK: 1 } });
  });
});
