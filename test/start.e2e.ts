import { mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Auth } from '../libs/platform/src/auth';
import { kinerja, startKinerja } from './support/cli';
import { createTestDatabase, TestDatabase } from './support/database';

describe('kinerja start', () => {
  it('on the embedded defaults: starts its own PostgreSQL, keeps the data across a restart, drains on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kinerja-start-'));
    try {
      const first = startKinerja({ DATA_DIR: dataDir, KINERJA_DEMO_DATA: 'auto' });
      const url = await first.up;
      const health: any = await (await fetch(`${url}/health`)).json();
      expect(health).toMatchObject({ status: 'ok', database: 'ok', queue: { backend: 'postgres', status: 'ok' } });
      const auth = new Auth({
        dataDir,
        auth: { issuer: 'kinerja-dev', audience: 'kinerja', devSecret: 'start-test-secret-0123456789abcdefghijklmnop' },
      });
      const token = await auth.sign({ sub: 'inspektur', roles: ['inspektorat'] });
      // The first start on an empty database loads the demo Pemda and its payroll month, through the
      // same commands as users, and leaves the run calculated for the finance users to sign.
      const bendahara = await auth.sign({ sub: 'bendahara.dinkes', roles: ['pegawai', 'bendahara:DINKES'] });
      let run: any;
      for (let i = 0; i < 200 && run?.status !== 'CALCULATED'; i++) {
        run = await (
          await fetch(`${url}/api/v1/payroll/opds/DINKES/runs/2026-10`, { headers: { authorization: `Bearer ${bendahara}` } })
        ).json();
        if (run?.status !== 'CALCULATED') await new Promise((r) => setTimeout(r, 100));
      }
      expect(run).toMatchObject({ status: 'CALCULATED', lineCount: expect.any(Number) });
      expect(run.lineCount).toBeGreaterThan(10);
      const job: any = await (
        await fetch(`${url}/api/v1/audit/verify`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })
      ).json();
      expect(job.jobId).toBeDefined();
      first.child.kill('SIGTERM');
      const stopped = await first.exited;
      expect(stopped.code).toBe(0);
      expect(stopped.log).toMatch(/"msg":"draining/);
      expect(stopped.log).toMatch(/"msg":"stopped"/);

      // The same data directory again: the database and the job it ran are still there.
      const second = startKinerja({ DATA_DIR: dataDir });
      const url2 = await second.up;
      const again: any = await (await fetch(`${url2}/api/v1/jobs/${job.jobId}`, { headers: { authorization: `Bearer ${token}` } })).json();
      expect(again).toMatchObject({ id: job.jobId, name: 'audit.verify' });
      second.child.kill('SIGTERM');
      expect((await second.exited).code).toBe(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it('on a database that accepts the connection but never answers: start and a command give up with one line and exit 69', async () => {
    const silent = createServer(() => undefined); // holds every socket open, says nothing
    await new Promise<void>((ok) => silent.listen(0, '127.0.0.1', ok));
    try {
      const { port } = silent.address() as AddressInfo;
      const env = { DATABASE_URL: `postgres://kinerja:secret@127.0.0.1:${port}/kinerja`, KINERJA_DATABASE_WAIT_S: '1' };
      const started = await startKinerja(env).exited;
      expect(started.code).toBe(69);
      expect(started.log.trim().split('\n')).toEqual([
        expect.stringMatching(
          /^kinerja: DATABASE_UNREACHABLE: (cannot reach the database at postgres:\/\/kinerja:\*\*\*@.*: .*timeout|not started within 1 s)/,
        ),
      ]);
      const verify = await kinerja(['audit', 'verify'], env);
      expect(verify.code).toBe(69);
      expect(verify.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(/^kinerja: DATABASE_UNREACHABLE: cannot reach the database at .*: .*timeout/),
      ]);
    } finally {
      silent.close();
    }
  });

  describe('with DATABASE_URL', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase({ migrate: false });
    });
    afterAll(() => db.drop());

    it('runs api and worker as separate processes on one database', async () => {
      const worker = startKinerja({ DATABASE_URL: db.url }, ['--only', 'worker']);
      await worker.up; // the worker has no HTTP: it is up when it says so
      const api = startKinerja({ DATABASE_URL: db.url }, ['--only', 'api']);
      const url = await api.up;
      const health: any = await (await fetch(`${url}/health`)).json();
      expect(health).toMatchObject({
        status: 'ok',
        projections: expect.arrayContaining([expect.objectContaining({ name: 'audit_timeline' })]),
      });
      worker.child.kill('SIGTERM');
      api.child.kill('SIGTERM');
      expect((await api.exited).code).toBe(0);
      expect((await worker.exited).code).toBe(0);
      expect((await api.exited).log).not.toMatch(/"msg":"worker started"/);
    }, 60_000);

    describe('on a server with no free connections for kinerja', () => {
      // A role whose connection limit the test sets: "too many connections" without exhausting the shared test server.
      const role = `kinerja_busy_${process.pid}`;
      let busy: string;
      const limit = (n: number) => db.pool.query(`ALTER ROLE ${role} CONNECTION LIMIT ${n}`);
      beforeAll(async () => {
        await db.pool.query(`CREATE ROLE ${role} LOGIN PASSWORD 'busy' CONNECTION LIMIT 0`);
        await db.pool.query(`CREATE DATABASE ${role} OWNER ${role}`);
        const u = new URL(db.url);
        Object.assign(u, { username: role, password: 'busy', pathname: `/${role}` });
        busy = u.toString();
      });
      afterAll(async () => {
        await db.pool.query(`DROP DATABASE IF EXISTS ${role} WITH (FORCE)`);
        await db.pool.query(`DROP ROLE IF EXISTS ${role}`);
      });

      it.each([
        [
          'none at all',
          0,
          /^kinerja: DATABASE_UNREACHABLE: cannot reach the database at postgres:\/\/kinerja_busy_\d+:\*\*\*@.*: gave up after \d+ s and \d+ attempt\(s\): too many connections for role "kinerja_busy_\d+" \(53300\)$/,
        ],
        [
          'enough for the database, too few for the job queue',
          4,
          /^kinerja: DATABASE_UNREACHABLE: the job queue on the database: gave up after \d+ s and \d+ attempt\(s\): too many connections for role "kinerja_busy_\d+" \(53300\)$/,
        ],
      ])('%s: retries, then gives up with one line and exit 69, its log a few lines', async (_, n, last) => {
        await limit(n);
        const r = await startKinerja({ DATABASE_URL: busy, KINERJA_DATABASE_WAIT_S: '3' }).exited;
        expect(r.code).toBe(69);
        const lines = r.log.trim().split('\n');
        expect(lines[lines.length - 1]).toMatch(last);
        expect(lines.filter((l) => l.startsWith('kinerja: '))).toHaveLength(1);
        expect(lines.length).toBeLessThanOrEqual(12);
      });

      it('a one-shot command (migrate) retries the same way, then gives up with one line and exit 69', async () => {
        await limit(0);
        const r = await kinerja(['migrate'], { DATABASE_URL: busy, KINERJA_DATABASE_WAIT_S: '1' });
        expect(r.code).toBe(69);
        expect(r.stdout).toBe('');
        expect(r.stderr.trim().split('\n')).toEqual([
          expect.stringMatching(
            /^kinerja: DATABASE_UNREACHABLE: cannot reach the database at .*: gave up after \d+ s and \d+ attempt\(s\): too many connections/,
          ),
        ]);
      });

      it('comes up once the server has connections again', async () => {
        await limit(0);
        const app = startKinerja({ DATABASE_URL: busy, KINERJA_DATABASE_WAIT_S: '60' });
        let log = '';
        app.child.stdout!.on('data', (d) => (log += d));
        for (let i = 0; i < 300 && !/retrying for up to 60 s/.test(log); i++) await new Promise((r) => setTimeout(r, 50));
        expect(log).toMatch(/"msg":"cannot reach the database at .*too many connections .*retrying for up to 60 s \(attempt 1\)"/);
        await limit(-1);
        const url = await app.up;
        expect(await (await fetch(`${url}/health`)).json()).toMatchObject({ database: 'ok' });
        app.child.kill('SIGTERM');
        expect((await app.exited).code).toBe(0);
      });
    });
  });
});
