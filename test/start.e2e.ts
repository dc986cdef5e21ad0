import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Auth } from '../libs/platform/src/auth';
import { BIN, cleanEnv, ROOT } from './support/cli';
import { createTestDatabase, TestDatabase } from './support/database';


/** `kinerja start` as a user runs it; resolves with the URL once it logs that it is up. */
function start(env: Record<string, string>, args: string[] = []): { child: ChildProcess; up: Promise<string>; exited: Promise<{ code: number | null; log: string }> } {
  const child = spawn(process.execPath, [BIN, 'start', ...args], {
    cwd: ROOT,
    env: { ...cleanEnv(), PORT: '0', KINERJA_DEMO_DATA: 'off', KINERJA_AUTH_SECRET: 'start-test-secret-0123456789abcdefghijklmnop', ...env },
  });
  let log = '';
  const up = new Promise<string>((ok, fail) => {
    child.stdout!.on('data', (d) => {
      log += d;
      const m = /"url":"(http:\/\/[^"]+)".*"msg":"kinerja is up"/.exec(log);
      if (m) ok(m[1]);
      else if (/"msg":"worker started"/.test(log) && args.includes('worker')) ok('');
    });
    child.stderr!.on('data', (d) => (log += d));
    child.on('exit', () => fail(new Error(`exited before it was up:\n${log}`)));
  });
  const exited = new Promise<{ code: number | null; log: string }>((ok) => child.on('exit', (code) => ok({ code, log })));
  up.catch(() => undefined);
  return { child, up, exited };
}

describe('kinerja start', () => {
  it('on the embedded defaults: starts its own PostgreSQL, keeps the data across a restart, drains on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kinerja-start-'));
    try {
      const first = start({ DATA_DIR: dataDir, KINERJA_DEMO_DATA: 'auto' });
      const url = await first.up;
      const health: any = await (await fetch(`${url}/health`)).json();
      expect(health).toMatchObject({ status: 'ok', database: 'ok', queue: { backend: 'postgres', status: 'ok' } });
      const auth = new Auth({ dataDir, auth: { issuer: 'kinerja-dev', audience: 'kinerja', devSecret: 'start-test-secret-0123456789abcdefghijklmnop' } });
      const token = await auth.sign({ sub: 'inspektur', roles: ['inspektorat'] });
      // The first start on an empty database loads the demo Pemda and its payroll month, through the
      // same commands as users, and leaves the run calculated for the finance users to sign.
      const bendahara = await auth.sign({ sub: 'bendahara.dinkes', roles: ['pegawai', 'bendahara:DINKES'] });
      let run: any;
      for (let i = 0; i < 200 && run?.status !== 'CALCULATED'; i++) {
        run = await (await fetch(`${url}/api/v1/payroll/opds/DINKES/runs/2026-10`, { headers: { authorization: `Bearer ${bendahara}` } })).json();
        if (run?.status !== 'CALCULATED') await new Promise((r) => setTimeout(r, 100));
      }
      expect(run).toMatchObject({ status: 'CALCULATED', lineCount: expect.any(Number) });
      expect(run.lineCount).toBeGreaterThan(10);
      const job: any = await (await fetch(`${url}/api/v1/audit/verify`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })).json();
      expect(job.jobId).toBeDefined();
      first.child.kill('SIGTERM');
      const stopped = await first.exited;
      expect(stopped.code).toBe(0);
      expect(stopped.log).toMatch(/"msg":"draining/);
      expect(stopped.log).toMatch(/"msg":"stopped"/);

      // The same data directory again: the database and the job it ran are still there.
      const second = start({ DATA_DIR: dataDir });
      const url2 = await second.up;
      const again: any = await (await fetch(`${url2}/api/v1/jobs/${job.jobId}`, { headers: { authorization: `Bearer ${token}` } })).json();
      expect(again).toMatchObject({ id: job.jobId, name: 'audit.verify' });
      second.child.kill('SIGTERM');
      expect((await second.exited).code).toBe(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  describe('with DATABASE_URL', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase({ migrate: false });
    });
    afterAll(() => db.drop());

    it('runs api and worker as separate processes on one database', async () => {
      const worker = start({ DATABASE_URL: db.url }, ['--only', 'worker']);
      await worker.up; // the worker has no HTTP: it is up when it says so
      const api = start({ DATABASE_URL: db.url }, ['--only', 'api']);
      const url = await api.up;
      const health: any = await (await fetch(`${url}/health`)).json();
      expect(health).toMatchObject({ status: 'ok', projections: expect.arrayContaining([expect.objectContaining({ name: 'audit_timeline' })]) });
      worker.child.kill('SIGTERM');
      api.child.kill('SIGTERM');
      expect((await api.exited).code).toBe(0);
      expect((await worker.exited).code).toBe(0);
      expect((await api.exited).log).not.toMatch(/"msg":"worker started"/);
    }, 60_000);
  });
});
