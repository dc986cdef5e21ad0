import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { syntheticPemda } from '../libs/application/src';
import { startTestApp, TestApp } from './support/app';

const run = promisify(execFile);
const BIN = resolve(__dirname, '../bin/kinerja.js');
const SECRET = 'test-secret-for-development-tokens-only-0123456789';

describe('demo data and development tokens (CLI)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });
  const cli = (...args: string[]) => run('node', [BIN, ...args], { env: { ...process.env, DATABASE_URL: app.db.url, KINERJA_AUTH_SECRET: SECRET, LOG_LEVEL: 'silent' } });

  it('loads the demo Pemda once, and its users’ tokens work on the API', async () => {
    const first = await cli('demo');
    expect(first.stdout).toContain('loaded 150 employees in 3 OPDs');
    const second = await cli('demo');
    expect(second.stdout).toContain('nothing loaded');
    const { rows } = await app.db.pool.query(`SELECT count(*)::int AS n, count(*) FILTER (WHERE metadata->>'actor' <> 'system:demo')::int AS other FROM events`);
    expect(rows[0]).toMatchObject({ other: 0 });
    const token = (await cli('token', 'kepala.dinkes')).stdout.trim();
    const kepala = syntheticPemda().users.find((u) => u.username === 'kepala.dinkes')!;
    const me = await fetch(`${app.url}/api/v1/employees/${kepala.nip}`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ positionId: 'DINKES-KEPALA', financialDetails: 'shown' });
    // The one acting assignment: the Sekretaris of Dinkes is Plt of the vacant Kabid post.
    const kasi = syntheticPemda().csv.split('\n').find((l) => l.includes(',DINKES-BIDANG2-SUB1,'))!.split(',')[0];
    const before = await app.call('GET', `/api/v1/employees/${kasi}/supervisor?date=2025-06-30`);
    const after = await app.call('GET', `/api/v1/employees/${kasi}/supervisor?date=2025-07-01`);
    expect(before.body.supervisor).toMatchObject({ positionId: 'DINKES-KEPALA', acting: false });
    expect(after.body.supervisor).toMatchObject({ positionId: 'DINKES-KABID2', acting: true });
    const nipToken = (await cli('token', kasi)).stdout.trim();
    const own = await fetch(`${app.url}/api/v1/employees/${kasi}`, { headers: { authorization: `Bearer ${nipToken}` } });
    expect(own.status).toBe(200);
  });
});

