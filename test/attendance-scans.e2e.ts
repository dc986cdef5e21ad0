import { scansOfEmployeeMonth, scansOfEmployeesMonth } from '../libs/projections/src';
import { startTestApp, TestApp, TestUser } from './support/app';
import { ADMIN, ANALIS, ANALIS2, buildDinkes, KADIS, ok, OTHER, SEKRETARIS, until } from './support/people';
import { overLimitBody } from './support/uploads';

// Issue 16, item 2: the attendance machines' scan logs imported per month through the real app.

const ADMIN_DINKES: TestUser = { sub: 'admin.dinkes', roles: ['admin_opd:DINKES'] };
const ADMIN_DISDIK: TestUser = { sub: 'admin.disdik', roles: ['admin_opd:DISDIK'] };
const NOVEMBER = '2026-11';

/** A ZKTeco attendance log: the PIN right-aligned, date time, verify, status, work code. */
const zk = (rows: Array<[string, string]>) => rows.map(([pin, at]) => `${pin.padStart(9)}\t${at}\t1\t0\t1\t0`).join('\r\n') + '\r\n';

describe('attendance machines: devices and the scan import (API)', () => {
  let app: TestApp;
  const eventCount = async () => Number((await app.db.pool.query('SELECT count(*) AS n FROM events')).rows[0].n);
  const upload = async (month: string, query: string, body: string, as: TestUser = ADMIN_DINKES, type = 'text/plain') => {
    const r = await fetch(`${app.url}/api/v1/attendance/scans/${month}?${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await app.token(as)}`, 'content-type': type },
      body,
    });
    return { status: r.status, body: (await r.json()) as any };
  };
  const good = zk([
    ['1', '2026-11-02 07:25:10'],
    ['1', '2026-11-02 07:25:10'], // the machine sent it twice
    ['2', '2026-11-02 07:40:00'],
    ['1', '2026-11-02 16:05:00'],
    ['3', '2026-11-02 07:10:00'],
  ]);

  beforeAll(async () => {
    app = await startTestApp();
    await buildDinkes(app);
    await until(
      async () => Number((await app.db.pool.query('SELECT count(*) AS n FROM employee_directory')).rows[0].n) >= 7,
      'the register',
    );
  });
  afterAll(async () => {
    await app.close();
  });

  it('registers a device with its PIN map, names bad rows, and shows what a replaced map changes', async () => {
    const bad = await app.call(
      'POST',
      '/api/v1/attendance/devices/MESIN-1',
      { opdId: 'DINKES', csv: `pin,nip\n1,${ANALIS}\n2,${ANALIS}\n3,198001012010012999\n` },
      {},
      ADMIN_DINKES,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('PIN_MAP_HAS_ERRORS');
    expect(bad.body.error.details.errors.map((e: any) => [e.line, e.code])).toEqual([
      [3, 'DUPLICATE_NIP'],
      [4, 'UNKNOWN_EMPLOYEE'],
    ]);
    const first = await ok(
      app,
      'POST',
      '/api/v1/attendance/devices/MESIN-1',
      { opdId: 'DINKES', csv: `pin,nip\n1,${ANALIS}\n2,${ANALIS2}\n3,${KADIS}\n` },
      ADMIN_DINKES,
      200,
    );
    expect(first).toMatchObject({ deviceId: 'MESIN-1', opdId: 'DINKES', pins: 3, recorded: true });
    const again = await ok(
      app,
      'POST',
      '/api/v1/attendance/devices/MESIN-1',
      { opdId: 'DINKES', csv: `pin,nip\n1,${ANALIS}\n2,${ANALIS2}\n3,${KADIS}\n` },
      ADMIN_DINKES,
      200,
    );
    expect(again.recorded).toBe(false);
    const replaced = await ok(
      app,
      'POST',
      '/api/v1/attendance/devices/MESIN-1',
      {
        opdId: 'DINKES',
        pins: [
          { pin: '1', nip: ANALIS },
          { pin: '2', nip: ANALIS2 },
          { pin: '3', nip: SEKRETARIS },
        ],
      },
      ADMIN,
      200,
    );
    expect(replaced.changes).toEqual({ added: [], removed: [], changed: [{ pin: '3', from: KADIS, to: SEKRETARIS }] });
    const map = await ok(app, 'GET', '/api/v1/attendance/devices/MESIN-1', undefined, ADMIN_DINKES, 200);
    expect(map.pins).toEqual([
      { pin: '1', nip: ANALIS },
      { pin: '2', nip: ANALIS2 },
      { pin: '3', nip: SEKRETARIS },
    ]);
    // Hostile ids and another OPD's admin.
    expect(
      (await app.call('POST', '/api/v1/attendance/devices/a%2Fb', { opdId: 'DINKES', csv: 'pin,nip\n' }, {}, ADMIN)).body.error.code,
    ).toBe('INVALID_DEVICE_ID');
    const other = await app.call(
      'POST',
      '/api/v1/attendance/devices/MESIN-1',
      { opdId: 'DINKES', csv: `pin,nip\n1,${ANALIS}\n` },
      {},
      ADMIN_DISDIK,
    );
    expect(other.status).toBe(403);
    await ok(app, 'POST', '/api/v1/attendance/devices/MESIN-DISDIK', { opdId: 'DISDIK', csv: `pin,nip\n1,${OTHER}\n` }, ADMIN_DISDIK, 200);
  });

  it('a dry run counts duplicate scans once and names a PIN with no NIP by its line; such a file is refused whole', async () => {
    const file = good + zk([['99', '2026-11-03 07:00:00']]);
    const before = await eventCount();
    const dry = await upload(NOVEMBER, 'format=zkteco&device=MESIN-1&dryRun=true', file);
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ lines: 6, scans: 4, duplicates: 1, dryRun: true, appended: 0 });
    expect(dry.body.errors).toEqual([{ line: 6, column: 'PIN', code: 'UNKNOWN_PIN', message: expect.stringContaining('99') }]);
    expect(dry.body.comparison).toMatchObject({ added: 4, removed: 0, unchanged: 0 });
    const refused = await upload(NOVEMBER, 'format=zkteco&device=MESIN-1', file);
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('SCAN_IMPORT_HAS_ERRORS');
    expect(await eventCount()).toBe(before);
  });

  it('imports a month once: the same file twice appends nothing; the read model has each scan once', async () => {
    const first = await upload(NOVEMBER, 'format=zkteco&device=MESIN-1', good);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ scans: 4, duplicates: 1, appended: 1, comparison: { added: 4 } });
    const before = await eventCount();
    const second = await upload(NOVEMBER, 'format=zkteco&device=MESIN-1', good);
    expect(second.body).toMatchObject({ appended: 0, comparison: { added: 0, removed: 0, unchanged: 4 } });
    expect(await eventCount()).toBe(before);
    // The same month of the device as the generic CSV (another file, NIPs instead of PINs): the same scans, nothing appended.
    const rows = [
      [ANALIS, '2026-11-02 07:25:10'],
      [ANALIS2, '2026-11-02 07:40'],
      [ANALIS, '2026-11-02T16:05:00'],
      [SEKRETARIS, '2026-11-02 07:10:00'],
    ];
    const csv = await upload(
      NOVEMBER,
      'format=csv',
      `nip,timestamp,device\n${rows.map(([n, t]) => `${n},${t},MESIN-1`).join('\n')}\n`,
      ADMIN,
      'text/csv',
    );
    expect(csv.body).toMatchObject({ appended: 0, comparison: { added: 0, removed: 0, unchanged: 4 } });
    await until(async () => (await scansOfEmployeeMonth(app.db.pool, ANALIS, NOVEMBER)).length === 2, 'the scans read model');
    expect(await scansOfEmployeeMonth(app.db.pool, ANALIS, NOVEMBER)).toEqual(['2026-11-02 07:25:10', '2026-11-02 16:05:00']);
    const many = await scansOfEmployeesMonth(app.db.pool, [ANALIS, ANALIS2, OTHER], NOVEMBER);
    expect([...many]).toEqual([
      [ANALIS, ['2026-11-02 07:25:10', '2026-11-02 16:05:00']],
      [ANALIS2, ['2026-11-02 07:40:00']],
      [OTHER, []],
    ]);
  });

  it('refuses a file of another month, every line named, appending nothing', async () => {
    const before = await eventCount();
    const r = await upload(NOVEMBER, 'format=zkteco&device=MESIN-1', good.replaceAll('2026-11-', '2026-10-'));
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('SCAN_IMPORT_HAS_ERRORS');
    expect(r.body.error.details.errors.map((e: any) => [e.line, e.code])).toEqual([1, 2, 3, 4, 5].map((l) => [l, 'SCAN_OUTSIDE_MONTH']));
    expect(await eventCount()).toBe(before);
  });

  it('a corrected file shows what changed and needs a reason; then the withdrawn and added scans are recorded', async () => {
    const corrected = zk([
      ['1', '2026-11-02 07:25:10'],
      ['2', '2026-11-02 07:40:00'],
      ['1', '2026-11-02 16:15:00'], // was 16:05
      ['3', '2026-11-02 07:10:00'],
    ]);
    const dry = await upload(NOVEMBER, 'format=zkteco&device=MESIN-1&dryRun=true', corrected);
    expect(dry.body.comparison).toMatchObject({
      added: 1,
      removed: 1,
      unchanged: 3,
      samples: { added: [{ nip: ANALIS, at: '2026-11-02 16:15:00' }], removed: [{ nip: ANALIS, at: '2026-11-02 16:05:00' }] },
    });
    const before = await eventCount();
    const refused = await upload(NOVEMBER, 'format=zkteco&device=MESIN-1', corrected);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'SCANS_WOULD_BE_REMOVED',
      details: { removed: 1, first: [{ nip: ANALIS, at: '2026-11-02 16:05:00' }] },
    });
    expect(await eventCount()).toBe(before);
    const reason = 'jam mesin terlambat 10 menit pada 2 November';
    const done = await upload(NOVEMBER, `format=zkteco&device=MESIN-1&correction=${encodeURIComponent(reason)}`, corrected);
    expect(done.body).toMatchObject({ appended: 2, correction: reason });
    await until(
      async () => (await scansOfEmployeeMonth(app.db.pool, ANALIS, NOVEMBER)).includes('2026-11-02 16:15:00'),
      'the corrected scans',
    );
    expect(await scansOfEmployeeMonth(app.db.pool, ANALIS, NOVEMBER)).toEqual(['2026-11-02 07:25:10', '2026-11-02 16:15:00']);
    const history = await ok(app, 'GET', `/api/v1/attendance/scans/${NOVEMBER}/imports?opdId=DINKES`, undefined, ADMIN_DINKES, 200);
    expect(history.items[0]).toMatchObject({ source: 'MESIN-1', reason, recorded: 1, withdrawn: 1 });
    expect(history.total).toBe(2);
  });

  it('refuses another OPD’s admin (403), an unknown device (404), and an upload far over the limit without a length (413) appending nothing', async () => {
    const before = await eventCount();
    expect((await upload(NOVEMBER, 'format=zkteco&device=MESIN-1', good, ADMIN_DISDIK)).status).toBe(403);
    const csvOther = await upload(NOVEMBER, 'format=csv', `pin,timestamp,device\n1,2026-11-02 07:00,MESIN-1\n`, ADMIN_DISDIK, 'text/csv');
    expect(csvOther.status).toBe(403);
    expect((await upload(NOVEMBER, 'format=zkteco&device=NOPE', good)).body.error.code).toBe('DEVICE_NOT_FOUND');
    expect((await upload(NOVEMBER, 'format=zkteco&device=MESIN-1', good, ADMIN_DINKES, 'text/html')).body.error.code).toBe(
      'SCAN_FILE_TYPE_REFUSED',
    );
    // About 3.4 MB a chunk, 80 of them: four times the limit of 64 MB, with no Content-Length.
    const huge = overLimitBody(new TextEncoder().encode(good.repeat(20_000)), 80);
    const refused = await fetch(`${app.url}/api/v1/attendance/scans/${NOVEMBER}?format=zkteco&device=MESIN-1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await app.token(ADMIN_DINKES)}`, 'content-type': 'text/plain' },
      body: huge.body,
      duplex: 'half',
    } as RequestInit);
    expect({ status: refused.status, code: ((await refused.json()) as any).error?.code, beforeTheEnd: huge.pulled() < 80 }).toEqual({
      status: 413,
      code: 'SCAN_FILE_TOO_LARGE',
      beforeTheEnd: true,
    });
    expect(await eventCount()).toBe(before);
  });
});
