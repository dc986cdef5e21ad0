import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Auth } from '../libs/platform/src/auth';
import { startKinerja } from './support/cli';
import { createTestDatabase, TestDatabase } from './support/database';


describe('kinerja start', () => {
  it('on the embedded defaults: starts its own PostgreSQL, keeps the data across a restart, drains on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kinerja-start-'));
    try {
      const first = startKinerja({ DATA_DIR: dataDir, KINERJA_DEMO_DATA: 'auto' });
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
      expect(health).toMatchObject({ status: 'ok', projections: expect.arrayContaining([expect.objectContaining({ name: 'audit_timeline' })]) });
      worker.child.kill('SIGTERM');
      api.child.kill('SIGTERM');
      expect((await api.exited).code).toBe(0);
      expect((await worker.exited).code).toBe(0);
      expect((await api.exited).log).not.toMatch(/"msg":"worker started"/);
    }, 60_000);
  });
});
