import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSealFile, parsePublicKeyPem } from '../libs/domain/seal';
import { QUEUES, runAuditSeal, SEAL_SCHEDULE } from '../libs/platform/src';
import { startTestApp, TestApp, TestUser } from './support/app';

const pegawai: TestUser = { sub: 'u-pegawai', nip: '198503122010011002', roles: ['pegawai'] };
const bpkad: TestUser = { sub: 'u-bpkad', roles: ['bpkad'] };

describe('audit seals in the running system: the daily job, the HTTP routes', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ DATA_DIR: mkdtempSync(join(tmpdir(), 'kinerja-seal-api-')) });
  });
  afterAll(async () => {
    await app.close();
  });

  it('registers the daily seal as a job scheduler with a fixed id (once, however often the worker starts)', async () => {
    await app.stopWorker();
    await app.startWorker();
    const schedulers = await app.rt.queues.queue(QUEUES.maintenance).getJobSchedulers();
    expect(schedulers.filter((s) => s.key === SEAL_SCHEDULE.id || s.id === SEAL_SCHEDULE.id)).toEqual([
      expect.objectContaining({ pattern: SEAL_SCHEDULE.pattern, tz: SEAL_SCHEDULE.tz, name: 'audit.seal' }),
    ]);
  });

  it('the daily job seals once a day, however often it runs', async () => {
    await app.rt.store.append('Employee-198503122010011002', [{ type: 'Happened', data: {} }]);
    const first = await runAuditSeal(app.rt, {});
    expect(first).toMatchObject({ trigger: 'DAILY', replayed: false, runId: null });
    expect(first.streams).toBe(1);
    expect(await runAuditSeal(app.rt, {})).toMatchObject({ seal: first.seal, replayed: true });
  });

  it('lists the seals and serves a seal file to the inspectorate only; the public key to anyone', async () => {
    const list = await app.call('GET', '/api/v1/audit/seals');
    expect(list.status).toBe(200);
    expect(list.body.seals).toEqual([
      expect.objectContaining({ seal: 1, trigger: 'DAILY', fileName: expect.stringMatching(/^kinerja-seal-1-/) }),
    ]);
    for (const who of [pegawai, bpkad]) {
      expect((await app.call('GET', '/api/v1/audit/seals', undefined, {}, who)).status).toBe(403);
      expect((await app.call('GET', '/api/v1/audit/seals/1/file', undefined, {}, who)).status).toBe(403);
    }
    const res = await fetch(`${app.url}/api/v1/audit/seals/1/file`, {
      headers: { authorization: `Bearer ${await app.token({ sub: 'inspektur', roles: ['inspektorat'] })}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="kinerja-seal-1-\d{4}-\d\d-\d\d\.txt"$/);
    const text = await res.text();
    const key = await app.call('GET', '/api/v1/audit/seal-key', undefined, {}, null);
    expect(key).toMatchObject({
      status: 200,
      body: { algorithm: 'Ed25519', fingerprint: expect.stringMatching(/^ed25519:[0-9a-f]{64}$/) },
    });
    expect(openSealFile(text, parsePublicKeyPem(key.body.publicKeyPem))).toMatchObject({ seal: 1, key: key.body.fingerprint });
    expect(await app.call('GET', '/api/v1/audit/seals/99/file')).toMatchObject({
      status: 404,
      body: { error: { code: 'SEAL_NOT_FOUND' } },
    });
    expect((await app.call('GET', '/api/v1/audit/seals/0/file')).status).toBe(400);
  });
});
