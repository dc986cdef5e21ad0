import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_USERS } from '../libs/application/src';
import { POSTGRES_SERVER_ENV } from '../libs/platform/src/postgres-env';
import { kinerja, startKinerja, StartedKinerja } from './support/cli';

/**
 * The CLI on the embedded default (no DATABASE_URL): while `kinerja start` runs on the same
 * DATA_DIR it uses that server, and once it stopped it starts one itself. Either way a failure
 * is one line naming what failed, with a non-zero exit.
 */
describe('the kinerja command on the embedded default', () => {
  const SECRET = 'start-test-secret-0123456789abcdefghijklmnop';
  let dataDir: string;
  let app: StartedKinerja;
  let url: string;
  /** An employee of the demo Pemda who is not one of its demo users. */
  let nip: string;
  const UNKNOWN_NIP = '199001012020121001';
  const cli = (...args: string[]) => kinerja(args, { DATA_DIR: dataDir, KINERJA_AUTH_SECRET: SECRET });
  const oneLine = (r: { stderr: string }) => r.stderr.trim().split('\n');

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kinerja-cli-embedded-'));
    app = startKinerja({ DATA_DIR: dataDir, KINERJA_AUTH_SECRET: SECRET });
    url = await app.up;
  }, 60_000);
  afterAll(async () => {
    if (app.child.exitCode === null) {
      app.child.kill('SIGTERM');
      await app.exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('while `kinerja start` runs on the same DATA_DIR', () => {
    it("the embedded PostgreSQL runs with glibc's heap trim threshold raised (README: PostgreSQL server settings)", () => {
      // The server's own process: the first line of its postmaster.pid.
      const pid = readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0];
      const env = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      for (const [name, value] of POSTGRES_SERVER_ENV) expect(env).toContain(`${name}=${value}`);
    });

    it('migrate: up to date', async () => {
      const r = await cli('migrate');
      expect(r).toMatchObject({ code: 0, stdout: expect.stringMatching(/^up to date \(\d+ migrations\)/) });
    });

    it('demo loads the demo Pemda, and token signs for one of its employees but refuses an unknown NIP', async () => {
      const demo = await cli('demo');
      expect(demo.code).toBe(0);
      expect(demo.stdout).toMatch(/^loaded \d+ employees in 3 OPDs/);
      const admin = await cli('token', 'admin.bkpsdm');
      expect(admin.code).toBe(0);
      let employees: Array<{ nip: string }> = [];
      for (let i = 0; i < 100 && !employees.length; i++) {
        const r = await fetch(`${url}/api/v1/employees?pageSize=50`, { headers: { authorization: `Bearer ${admin.stdout.trim()}` } });
        employees = ((await r.json()) as { items?: Array<{ nip: string }> }).items ?? [];
        if (!employees.length) await new Promise((done) => setTimeout(done, 100)); // the directory follows the log
      }
      nip = employees.map((e) => e.nip).find((n) => !DEMO_USERS.some((u) => u.nip === n))!;
      expect(nip).toMatch(/^\d{18}$/);
      const token = await cli('token', nip);
      expect(token.code).toBe(0);
      expect(token.stdout.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      const unknown = await cli('token', UNKNOWN_NIP);
      expect(unknown.code).toBe(1);
      expect(oneLine(unknown)).toEqual([`kinerja: EMPLOYEE_NOT_FOUND: no employee is registered with NIP ${UNKNOWN_NIP}`]);
    });

    it('import predikat --dry-run checks against the read models the app keeps', async () => {
      writeFileSync(join(dataDir, 'predikat.csv'), `nip,predikat\n${nip},BAIK\n`);
      const r = await cli('import', 'predikat', '2026-10', join(dataDir, 'predikat.csv'), '--dry-run');
      expect(r).toMatchObject({ code: 0, stdout: expect.stringMatching(/^dry run: 1 rows are good/) });
    });

    it('audit verify checks the log the app writes to', async () => {
      const r = await cli('audit', 'verify', '--json');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, eventsChecked: expect.any(Number) });
      expect(JSON.parse(r.stdout).eventsChecked).toBeGreaterThan(100);
    });

    it('projections list and rebuild; an unknown projection is one line and exit 1', async () => {
      const list = await cli('projections', 'list', '--json');
      expect(list.code).toBe(0);
      expect(JSON.parse(list.stdout)).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: 'employee_directory', activeGeneration: 1 })]),
      );
      const rebuilt = await cli('projections', 'rebuild', 'audit_timeline');
      expect(rebuilt).toMatchObject({ code: 0, stdout: expect.stringMatching(/^audit_timeline: generation 2 active, \d+ events applied/) });
      const unknown = await cli('projections', 'rebuild', 'nope');
      expect(unknown.code).toBe(1);
      expect(oneLine(unknown)).toEqual([expect.stringMatching(/^kinerja: UNKNOWN_PROJECTION: /)]);
    });

    it('leaves the app running and serving', async () => {
      const health = (await (await fetch(`${url}/health`)).json()) as { status: string; database: string };
      expect(health).toMatchObject({ status: 'ok', database: 'ok' });
    });

    it('a second `kinerja start` on the same DATA_DIR waits, then gives up with one line and exit 69', async () => {
      const second = startKinerja({ DATA_DIR: dataDir, KINERJA_AUTH_SECRET: SECRET, KINERJA_DATABASE_WAIT_S: '1', LOG_LEVEL: 'error' });
      const r = await second.exited;
      expect(r.code).toBe(69);
      expect(r.log.trim().split('\n')).toEqual([
        expect.stringMatching(
          /^kinerja: DATABASE_UNREACHABLE: the embedded PostgreSQL in .*: gave up after \d+ s and \d+ attempt\(s\): already run by process \d+/,
        ),
      ]);
    });
  });

  describe('after `kinerja start` stopped (each command starts and stops the embedded server itself)', () => {
    beforeAll(async () => {
      app.child.kill('SIGTERM');
      expect((await app.exited).code).toBe(0);
    });
    afterEach(() => expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false));

    it('migrate', async () => {
      expect(await cli('migrate')).toMatchObject({ code: 0, stdout: expect.stringMatching(/^up to date/) });
    });

    it('demo, token', async () => {
      expect(await cli('demo')).toMatchObject({ code: 0, stdout: expect.stringMatching(/^nothing loaded: /) });
      const token = await cli('token', nip);
      expect(token.code).toBe(0);
      expect(token.stdout.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      const unknown = await cli('token', UNKNOWN_NIP);
      expect(unknown.code).toBe(1);
      expect(oneLine(unknown)).toEqual([`kinerja: EMPLOYEE_NOT_FOUND: no employee is registered with NIP ${UNKNOWN_NIP}`]);
    });

    it('import predikat --dry-run', async () => {
      const r = await cli('import', 'predikat', '2026-10', join(dataDir, 'predikat.csv'), '--dry-run');
      expect(r).toMatchObject({ code: 0, stdout: expect.stringMatching(/^dry run: 1 rows are good/) });
    });

    it('audit verify, projections list and rebuild', async () => {
      const verify = await cli('audit', 'verify');
      expect(verify).toMatchObject({ code: 0, stdout: expect.stringMatching(/^ok: \d+ events in \d+ streams, every hash chain intact/) });
      const list = await cli('projections', 'list', '--json');
      expect(list.code).toBe(0);
      expect(JSON.parse(list.stdout)).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: 'audit_timeline', activeGeneration: 2 })]),
      );
      const rebuilt = await cli('projections', 'rebuild', 'audit_timeline');
      expect(rebuilt).toMatchObject({ code: 0, stdout: expect.stringMatching(/^audit_timeline: generation 3 active/) });
    });
  });

  it('an embedded server that cannot start: one line with PostgreSQL’s reason, exit 69', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'kinerja-cli-broken-'));
    try {
      mkdirSync(join(broken, 'pg'));
      writeFileSync(join(broken, 'pg', 'PG_VERSION'), '9\n'); // a data directory of another major version
      for (const args of [['migrate'], ['token', UNKNOWN_NIP]]) {
        const r = await kinerja(args, { DATA_DIR: broken });
        expect({ args, code: r.code }).toEqual({ args, code: 69 });
        expect(oneLine(r)).toEqual([
          expect.stringMatching(/^kinerja: DATABASE_UNREACHABLE: the embedded PostgreSQL in .* did not start: .*\S/),
        ]);
      }
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });
});
