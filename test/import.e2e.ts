import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { PeopleService, syntheticPemda } from '../libs/application/src';
import { startTestApp, TestApp } from './support/app';
import { ADMIN } from './support/people';

const run = promisify(execFile);
const BIN = resolve(__dirname, '../bin/kinerja.js');
const SECRET = 'test-secret-for-development-tokens-only-0123456789';

describe('employee import (API and CLI), all or nothing', () => {
  let app: TestApp;
  let dir: string;
  const plan = syntheticPemda({ employees: 60, seed: 77 });
  const eventCount = async () => Number((await app.db.pool.query('SELECT count(*) AS n FROM events')).rows[0].n);
  const cli = (...args: string[]) =>
    run('node', [BIN, ...args], {
      env: { ...process.env, DATABASE_URL: app.db.url, KINERJA_AUTH_SECRET: SECRET, LOG_LEVEL: 'silent' },
    }).then(
      (r) => ({ code: 0, ...r }),
      (e) => ({ code: e.code as number, stdout: e.stdout as string, stderr: e.stderr as string }),
    );

  beforeAll(async () => {
    app = await startTestApp();
    dir = mkdtempSync(join(tmpdir(), 'kinerja-import-'));
    const people = new PeopleService(app.rt.store);
    let i = 0;
    for (const cmd of plan.structure)
      await people.organisationCommand({ ...cmd, now: new Date().toISOString() }, { idempotencyKey: `s-${i++}` });
  });
  afterAll(async () => {
    await app.close();
  });

  /** The plan's file with a few rows broken in different ways. */
  function badFile(): { csv: string; expected: Array<{ line: number; column: string; code: string }> } {
    const lines = plan.csv.trimEnd().split('\n');
    const cells = (i: number) => lines[i - 1].split(',');
    const set = (line: number, col: number, value: string) => {
      const c = cells(line);
      c[col] = value;
      lines[line - 1] = c.join(',');
    };
    set(3, 0, '19900101201503300' + '1'); // gender digit 3
    set(10, 6, '18'); // kelas jabatan out of range
    set(20, 4, 'NO-SUCH-POSITION');
    set(25, 0, cells(5)[0]); // the NIP of line 5 again
    set(30, 20, '31-02-2025'); // no such day
    return {
      csv: lines.join('\n') + '\n',
      expected: [
        { line: 3, column: 'NIP', code: 'INVALID_NIP' },
        { line: 10, column: 'KELAS_JABATAN', code: 'INVALID_POSITION_GRADE' },
        { line: 20, column: 'JABATAN_ID', code: 'UNKNOWN_POSITION' },
        { line: 25, column: 'NIP', code: 'DUPLICATE_NIP' },
        { line: 30, column: 'TMT', code: 'INVALID_DATE' },
      ],
    };
  }

  it('rejects a file with bad rows over the API: every bad row reported, nothing appended', async () => {
    const before = await eventCount();
    const { csv, expected } = badFile();
    const r = await app.call('POST', '/api/v1/employees/import', { csv }, {}, ADMIN);
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('IMPORT_REJECTED');
    expect(r.body.error.details.errors.map(({ line, column, code }: any) => ({ line, column, code }))).toEqual(expected);
    expect(await eventCount()).toBe(before);
  });

  it('rejects the same file from the CLI, naming line, column and reason, exit code 1', async () => {
    const before = await eventCount();
    const { csv } = badFile();
    writeFileSync(join(dir, 'bad.csv'), csv);
    const r = await cli('import', 'employees', join(dir, 'bad.csv'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('bad.csv:3 NIP: INVALID_NIP');
    expect(r.stderr).toContain('bad.csv:20 JABATAN_ID: UNKNOWN_POSITION');
    expect(r.stderr).toContain('5 problem(s); nothing was imported');
    expect(await eventCount()).toBe(before);
  });

  it('dry-runs a good file without appending, then imports all of it with progress', async () => {
    const before = await eventCount();
    const dry = await app.call('POST', '/api/v1/employees/import', { csv: plan.csv, dryRun: true }, {}, ADMIN);
    expect(dry).toMatchObject({ status: 200, body: { ok: true, dryRun: true, employees: 60 } });
    expect(await eventCount()).toBe(before);
    writeFileSync(join(dir, 'good.csv'), plan.csv);
    const r = await cli('import', 'employees', join(dir, 'good.csv'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('imported 60 employees and 60 placements');
    expect(r.stderr).toMatch(/importing: 100% \(61\/61\)/);
    const { rows } = await app.db.pool.query(`SELECT count(*)::int AS n FROM streams WHERE stream_id LIKE 'Employee-%'`);
    expect(rows[0].n).toBe(60);
  });

  it('takes the same rows again as already imported, appending nothing, but refuses another row for a registered NIP', async () => {
    const before = await eventCount();
    const again = await app.call('POST', '/api/v1/employees/import', { csv: plan.csv }, {}, ADMIN);
    expect(again).toMatchObject({ status: 201, body: { ok: true, employees: 60, imported: 0, alreadyImported: 60, assignments: 0 } });
    expect(await eventCount()).toBe(before);
    // The same NIP with another name: not the row that registered it.
    const lines = plan.csv.trimEnd().split('\n');
    const cells = lines[5].split(',');
    cells[1] = 'Nama Lain';
    const changed = [lines[0], lines[4], cells.join(',')].join('\n') + '\n';
    const r = await app.call('POST', '/api/v1/employees/import', { csv: changed }, {}, ADMIN);
    expect(r.status).toBe(422);
    expect(r.body.error.details.errors.map(({ line, code }: { line: number; code: string }) => ({ line, code }))).toEqual([
      { line: 3, code: 'EMPLOYEE_ALREADY_REGISTERED' },
    ]);
    expect(await eventCount()).toBe(before);
  });

  it('places every imported employee under the right supervisor', async () => {
    const staff = plan.csv.split('\n')[40].split(',');
    const r = await app.call('GET', `/api/v1/employees/${staff[0]}/supervisor?date=2025-03-01`);
    expect(r.body.supervisor).toMatchObject({ positionId: staff[9], acting: false });
  });
});
