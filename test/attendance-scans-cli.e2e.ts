import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, TestApp } from './support/app';
import { ANALIS, ANALIS2, buildDinkes, until } from './support/people';
import { kinerja } from './support/cli';

// `kinerja attendance devices set` and `kinerja attendance scans import`, as an operator runs them.

const zk = (rows: Array<[string, string]>) => rows.map(([pin, at]) => `${pin.padStart(9)}\t${at}\t1\t0\t1\t0`).join('\r\n') + '\r\n';

describe('kinerja attendance (CLI)', () => {
  let app: TestApp;
  let dir: string;
  const run = (...args: string[]) =>
    kinerja(args, { DATABASE_URL: app.db.url, KINERJA_AUTH_SECRET: 'test-secret-for-development-tokens-only-0123456789' });
  const file = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  beforeAll(async () => {
    app = await startTestApp();
    dir = mkdtempSync(join(tmpdir(), 'kinerja-scans-'));
    await buildDinkes(app);
    await until(
      async () => Number((await app.db.pool.query('SELECT count(*) AS n FROM employee_directory')).rows[0].n) >= 7,
      'the register',
    );
  });
  afterAll(async () => {
    await app.close();
  });

  it('sets a device’s PIN map, imports a log (dry run first, bad lines named), appends nothing twice and asks a correction for its reason', async () => {
    const badMap = await run(
      'attendance',
      'devices',
      'set',
      'MESIN-CLI',
      '--opd',
      'DINKES',
      file('bad.csv', `pin,nip\n1,${ANALIS}\n2,${ANALIS}\n`),
    );
    expect(badMap.code).toBe(1);
    expect(badMap.stderr).toContain('bad.csv:3 nip: DUPLICATE_NIP');
    const map = await run(
      'attendance',
      'devices',
      'set',
      'MESIN-CLI',
      '--opd',
      'DINKES',
      file('pins.csv', `pin,nip\n1,${ANALIS}\n2,${ANALIS2}\n`),
    );
    expect(map).toMatchObject({ code: 0 });
    expect(map.stdout).toContain('device MESIN-CLI of DINKES: 2 PINs');

    const log = zk([
      ['1', '2026-11-02 07:25:10'],
      ['1', '2026-11-02 07:25:10'],
      ['2', '2026-11-02 07:40:00'],
      ['1', '2026-11-02 16:05:00'],
    ]);
    const withBad = file('bad.log', log + zk([['77', '2026-11-03 07:00:00']]));
    const dry = await run('attendance', 'scans', 'import', withBad, '--month', '2026-11', '--device', 'MESIN-CLI', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stderr).toContain('bad.log:5 PIN: UNKNOWN_PIN');
    expect(dry.stdout).toContain('lines 5, scans 3, duplicates 1, bad lines 1');
    const refused = await run('attendance', 'scans', 'import', withBad, '--month', '2026-11', '--device', 'MESIN-CLI');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('SCAN_IMPORT_HAS_ERRORS');

    const good = file('good.log', log);
    const first = await run('attendance', 'scans', 'import', good, '--month', '2026-11', '--device', 'MESIN-CLI');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('added 3, removed 0, unchanged 0');
    expect(first.stdout).toContain('1 event(s) appended');
    const again = await run('attendance', 'scans', 'import', good, '--month', '2026-11', '--device', 'MESIN-CLI');
    expect(again.stdout).toContain('0 event(s) appended');

    const corrected = file(
      'fixed.log',
      zk([
        ['1', '2026-11-02 07:25:10'],
        ['2', '2026-11-02 07:40:00'],
        ['1', '2026-11-02 16:15:00'],
      ]),
    );
    const noReason = await run('attendance', 'scans', 'import', corrected, '--month', '2026-11', '--device', 'MESIN-CLI');
    expect(noReason.code).toBe(1);
    expect(noReason.stderr).toContain(`- ${ANALIS} 2026-11-02 16:05:00 MESIN-CLI`);
    expect(noReason.stderr).toContain('SCANS_WOULD_BE_REMOVED');
    const fixed = await run(
      'attendance',
      'scans',
      'import',
      corrected,
      '--month',
      '2026-11',
      '--device',
      'MESIN-CLI',
      '--correction',
      'jam mesin terlambat',
    );
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toContain('added 1, removed 1, unchanged 2');
    expect(fixed.stdout).toContain(`+ ${ANALIS} 2026-11-02 16:15:00 MESIN-CLI`);

    const neither = await run('attendance', 'scans', 'import', good, '--month', '2026-11');
    expect(neither.stderr).toMatch(/^kinerja: FORMAT_REQUIRED/);
  }, 240_000); // eleven runs of the command, each starting a runtime: long on a busy machine
});
