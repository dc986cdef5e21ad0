import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEmployeeCsv } from '../libs/domain/employee';
import { PeopleService, syntheticPemda } from '../libs/application/src';
import { startTestApp, TestApp } from './support/app';
import { BIN, cleanEnv, kinerja, ROOT } from './support/cli';

const N = 3000;
const SECRET = 'test-secret-for-development-tokens-only-0123456789';

describe('employee import survives kill -9 of the CLI half-way', () => {
  let app: TestApp;
  let file: string;
  const plan = syntheticPemda({ employees: N, seed: 1717 });
  const env = () => ({ DATABASE_URL: app.db.url, KINERJA_AUTH_SECRET: SECRET });
  const count = async (sql: string) => Number((await app.db.pool.query(sql)).rows[0].n);
  const registered = () => count(`SELECT count(*) AS n FROM streams WHERE stream_id LIKE 'Employee-%'`);
  const until = async (fn: () => Promise<boolean>, what: string, ms = 90_000) => {
    const end = Date.now() + ms;
    while (!(await fn())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };

  beforeAll(async () => {
    app = await startTestApp();
    const people = new PeopleService(app.rt.store);
    let i = 0;
    for (const cmd of plan.structure)
      await people.organisationCommand({ ...cmd, now: new Date().toISOString() }, { idempotencyKey: `s-${i++}` });
    file = join(mkdtempSync(join(tmpdir(), 'kinerja-import-crash-')), 'siasn.csv');
    writeFileSync(file, plan.csv);
  });
  afterAll(async () => {
    await app.close();
  });

  it(`kills the import of ${N} rows once some are registered; the rerun registers exactly the rest and says so`, async () => {
    // The app's projections run in this process: while they applied the registrations, this test saw
    // the count late, and once the whole import was done before the kill (CI). Off until the kill.
    await app.stopWorker();
    const child = spawn(process.execPath, [BIN, 'import', 'employees', file], {
      cwd: ROOT,
      env: { ...cleanEnv(), LOG_LEVEL: 'silent', ...env() },
      stdio: 'ignore',
    });
    const exited = new Promise((r) => child.once('exit', r));
    await until(async () => (await registered()) >= N / 10, 'the first registrations');
    child.kill('SIGKILL');
    await exited;
    const before = await registered();
    expect(before).toBeGreaterThanOrEqual(N / 10);
    expect(before).toBeLessThan(N);
    await app.startWorker();

    const r = await kinerja(['import', 'employees', file], env());
    expect(r.stderr).not.toContain('ALREADY_REGISTERED');
    expect(r.code).toBe(0);
    const m = /imported (\d+) employees and (\d+) placements; (\d+) already imported by an earlier run/.exec(r.stdout);
    expect(m).not.toBeNull();
    const [written, , earlier] = [Number(m![1]), Number(m![2]), Number(m![3])];
    expect(earlier).toBe(before);
    expect(written + earlier).toBe(N);

    // Every row exactly once: one stream per NIP, each with the registration's events and no more.
    const { rows: streams } = await app.db.pool.query<{ stream_id: string; n: number }>(
      `SELECT stream_id, count(*)::int AS n FROM events WHERE stream_id LIKE 'Employee-%' GROUP BY stream_id`,
    );
    expect(streams).toHaveLength(N);
    const perStream = new Set(streams.map((s) => s.n));
    expect(perStream.size).toBe(1);
    // One placement per row on the organisation stream.
    expect(
      await count(
        `SELECT count(*) AS n FROM events WHERE stream_id = 'Organisation-pemda' AND event_type = 'HolderAssigned' AND data->>'assignmentId' LIKE 'import-%'`,
      ),
    ).toBe(N);

    // The register as the read model has it is the file.
    const parsed = parseEmployeeCsv(plan.csv);
    if (!parsed.ok) throw new Error('the plan does not parse');
    await until(async () => (await count('SELECT count(*) AS n FROM employee_directory')) === N, 'the directory');
    const { rows } = await app.db.pool.query<{ nip: string; name: string; position_id: string; opd_id: string }>(
      'SELECT nip, name, position_id, opd_id FROM employee_directory ORDER BY nip',
    );
    expect(rows).toEqual(
      parsed.rows
        .map((x) => ({ nip: x.nip, name: x.name, position_id: x.positionId, opd_id: x.orgUnitId }))
        .sort((a, b) => a.nip.localeCompare(b.nip)),
    );

    // A third run finds everything done.
    const again = await kinerja(['import', 'employees', file], env());
    // stderr is in the object for the failure's message: CI once saw this run print nothing on stdout.
    expect({ code: again.code, stdout: again.stdout, stderr: again.stderr }).toMatchObject({
      code: 0,
      stdout: expect.stringContaining(`imported 0 employees and 0 placements; ${N} already imported by an earlier run`),
    });
  }, 240_000);
});
