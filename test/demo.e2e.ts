import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { DEMO_PLANS, DEMO_USERS, syntheticPemda } from '../libs/application/src';
import { startTestApp, TestApp, TestUser } from './support/app';
import { localDateOf } from '../libs/domain/shared';
import { rhk } from './support/people';

/** The demo's SKP year: the Pemda's calendar year today, as the CLI's clock sees it. */
const YEAR = Number(localDateOf(new Date()).slice(0, 4));

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
  const cli = (...args: string[]) =>
    run('node', [BIN, ...args], { env: { ...process.env, DATABASE_URL: app.db.url, KINERJA_AUTH_SECRET: SECRET, LOG_LEVEL: 'silent' } });

  it('loads the demo Pemda once, and its users’ tokens work on the API', async () => {
    const first = await cli('demo');
    expect(first.stdout).toContain('loaded 150 employees in 3 OPDs');
    const second = await cli('demo');
    expect(second.stdout).toContain('nothing loaded');
    const { rows } = await app.db.pool.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE metadata->>'actor' <> 'system:demo')::int AS other FROM events`,
    );
    expect(rows[0]).toMatchObject({ other: 0 });
    const token = (await cli('token', 'kepala.dinkes')).stdout.trim();
    const kepala = syntheticPemda().users.find((u) => u.username === 'kepala.dinkes')!;
    const me = await fetch(`${app.url}/api/v1/employees/${kepala.nip}`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ positionId: 'DINKES-KEPALA', financialDetails: 'shown' });
    // The one acting assignment: the Sekretaris of Dinkes is Plt of the vacant Kabid post.
    const kasi = syntheticPemda()
      .csv.split('\n')
      .find((l) => l.includes(',DINKES-BIDANG2-SUB1,'))!
      .split(',')[0];
    const before = await app.call('GET', `/api/v1/employees/${kasi}/supervisor?date=2025-06-30`);
    const after = await app.call('GET', `/api/v1/employees/${kasi}/supervisor?date=2025-07-01`);
    expect(before.body.supervisor).toMatchObject({ positionId: 'DINKES-KEPALA', acting: false });
    expect(after.body.supervisor).toMatchObject({ positionId: 'DINKES-KABID2', acting: true });
    const nipToken = (await cli('token', kasi)).stdout.trim();
    const own = await fetch(`${app.url}/api/v1/employees/${kasi}`, { headers: { authorization: `Bearer ${nipToken}` } });
    expect(own.status).toBe(200);
  });

  /** Signed in as a demo user, with the claims `kinerja token <username>` gives. */
  const as = (username: string): TestUser => {
    const u = DEMO_USERS.find((d) => d.username === username)!;
    return { sub: u.username, ...(u.nip ? { nip: u.nip } : {}), roles: u.roles };
  };
  const nipOf = (username: string) => as(username).nip!;

  it('ships approved SKP for the chain kepala -> kabid -> kasi, and a staff member cascades from them with demo users alone', async () => {
    await cli('demo');
    // Each plan of the chain is approved for the current year, each cascading from the one above.
    let above: string[] = [];
    for (const p of DEMO_PLANS) {
      const plan = await app.call('GET', `/api/v1/workplans/${nipOf(p.username)}/${YEAR}`, undefined, {}, as(p.username));
      expect(plan.status).toBe(200);
      expect(plan.body).toMatchObject({ inForce: 1, versions: [{ status: 'APPROVED' }] });
      for (const r of plan.body.versions[0].results) if (above.length) expect(above).toContain(r.parentResultId);
      above = plan.body.versions[0].results.map((r: { resultId: string }) => r.resultId);
    }

    // The staff member cannot read the supervisor's plan, but may list what they can cascade from.
    const pegawai = nipOf('pegawai');
    expect((await app.call('GET', `/api/v1/workplans/${nipOf('kasi.dinkes')}/${YEAR}`, undefined, {}, as('pegawai'))).status).toBe(403);
    const parents = await app.call('GET', `/api/v1/workplans/${pegawai}/${YEAR}/parent-results`, undefined, {}, as('pegawai'));
    expect(parents.status).toBe(200);
    expect(parents.body).toMatchObject({
      nip: pegawai,
      year: YEAR,
      supervisor: { nip: nipOf('kasi.dinkes') },
      supervisorPlan: { status: 'APPROVED', inForce: 1 },
    });
    expect(parents.body.results.map((r: { resultId: string }) => r.resultId)).toEqual(above);

    // Draft and submit a plan cascading from one of them; the kasi approves it.
    const draft = await app.call(
      'POST',
      `/api/v1/workplans/${pegawai}/${YEAR}/draft`,
      { results: [rhk('RHK-PEGAWAI-1', parents.body.results[0].resultId)] },
      {},
      as('pegawai'),
    );
    expect(draft.status).toBe(201);
    expect((await app.call('POST', `/api/v1/workplans/${pegawai}/${YEAR}/submit`, {}, {}, as('pegawai'))).status).toBe(201);
    expect((await app.call('POST', `/api/v1/workplans/${pegawai}/${YEAR}/approve`, {}, {}, as('kasi.dinkes'))).status).toBe(201);
  });

  it('lists the demo users with their roles and what each can do in `kinerja token --help`', async () => {
    const { stdout } = await cli('token', '--help');
    const lines = stdout.split('\n');
    for (const u of DEMO_USERS) {
      const line = lines.find((l) => l.trim().startsWith(`${u.username} `));
      expect(line).toBeDefined();
      expect(line).toContain(u.roles.join(', '));
      expect(line).toContain(u.description);
    }
    for (const chain of ['pegawai', 'kasi.dinkes', 'kabid.dinkes', 'kepala.dinkes'])
      expect(DEMO_USERS.map((u) => u.username)).toContain(chain);
  });
});
