import { newId } from '@kinerja/kernel';
import { PostgresEventStore } from '@kinerja/event-store';
import { auditTimelineProjection, ProjectionRunner } from '@kinerja/projections';
import { withBug } from './fixtures/count-projection';
import { kinerja } from './support/cli';
import { createTestDatabase, TestDatabase } from './support/database';

describe('the kinerja command', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
  });
  afterAll(async () => {
    await db.drop();
  });

  it('stops on a bad setting with one line naming the variable, and no stack trace', async () => {
    const unknown = await kinerja(['migrate'], { KINERJA_DEMO_DATAS: 'off' });
    expect(unknown.code).toBe(78);
    expect(unknown.stderr.trim()).toMatch(/^kinerja: CONFIG_INVALID: KINERJA_DEMO_DATAS is not a known setting/);
    const port = await kinerja(['start'], { PORT: 'eighty' });
    expect(port).toMatchObject({ code: 78 });
    expect(port.stderr.trim().split('\n')).toEqual([expect.stringContaining('PORT must be a whole number')]);
    const url = await kinerja(['migrate'], { DATABASE_URL: 'mysql://nope' });
    expect(url.stderr).toMatch(/DATABASE_URL must start with postgres:/);
  });

  it('says clearly when the database cannot be reached', async () => {
    const r = await kinerja(['migrate'], { DATABASE_URL: 'postgres://postgres:secret@127.0.0.1:1/kinerja' });
    expect(r.code).toBe(69);
    expect(r.stderr.trim()).toMatch(
      /^kinerja: DATABASE_UNREACHABLE: cannot reach the database at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/kinerja: ECONNREFUSED$/,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('migrates from two processes at once, and again, safely', async () => {
    const [a, b] = await Promise.all([kinerja(['migrate'], { DATABASE_URL: db.url }), kinerja(['migrate'], { DATABASE_URL: db.url })]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect([a.stdout, b.stdout].join('\n')).toMatch(/applied: 0001_event_store\.sql/);
    const again = await kinerja(['migrate'], { DATABASE_URL: db.url });
    expect(again.stdout).toMatch(/up to date/);
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM schema_migrations');
    expect(rows[0].n).toBeGreaterThanOrEqual(2);
  });

  it('audit verify passes an intact log and fails (exit 1) naming the first broken link', async () => {
    const store = new PostgresEventStore({ pool: db.pool });
    const stream = `PayrollRun-${newId()}`;
    await store.append(
      stream,
      [0, 1, 2].map((i) => ({ type: 'LineCalculated', data: { i, net: '3772080' } })),
    );
    await store.close();
    const ok = await kinerja(['audit', 'verify'], { DATABASE_URL: db.url });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^ok: \d+ events in \d+ streams, every hash chain intact/);
    expect(ok.stderr).toMatch(/verifying: 100% \(3\/3\)/); // progress goes to stderr
    await db.pool.query('ALTER TABLE events DISABLE TRIGGER USER');
    await db.pool.query(`UPDATE events SET data = '{"i": 1, "net": "9772080"}' WHERE stream_id = $1 AND stream_position = 1`, [stream]);
    await db.pool.query('ALTER TABLE events ENABLE TRIGGER USER');
    const broken = await kinerja(['audit', 'verify'], { DATABASE_URL: db.url });
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(`BROKEN: stream ${stream} at position 1`);
  });

  it('lists projections and rebuilds one into a new generation', async () => {
    const list = await kinerja(['projections', 'list', '--json'], { DATABASE_URL: db.url });
    expect(JSON.parse(list.stdout)).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'audit_timeline', activeGeneration: 1 })]),
    );
    const rebuilt = await kinerja(['projections', 'rebuild', 'audit_timeline'], { DATABASE_URL: db.url });
    expect(rebuilt.stdout).toMatch(/audit_timeline: generation 2 active, \d+ events applied/);
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM audit_timeline');
    expect(rows[0].n).toBeGreaterThan(0);
    const unknown = await kinerja(['projections', 'rebuild', 'nope'], { DATABASE_URL: db.url });
    expect(unknown).toMatchObject({ code: 1, stderr: expect.stringContaining('UNKNOWN_PROJECTION') });
  });

  it('shows a projection stopped at an event it cannot apply: the event, its stream and position, and the error', async () => {
    const own = await createTestDatabase();
    const store = new PostgresEventStore({ pool: own.pool });
    try {
      const poison = `Employee-${newId()}`;
      await store.append(`Employee-${newId()}`, [{ type: 'Noted', data: {} }]);
      const [bad] = (await store.append(poison, [{ type: 'Noted', data: {} }])).positions;
      // The audit timeline as a build with a bug would run it: it cannot apply the second event.
      const buggy = withBug(auditTimelineProjection, new Set([poison]));
      const runner = new ProjectionRunner(own.pool, store, [buggy], { failedRetryMs: 50 });
      const ac = new AbortController();
      const running = runner.run(buggy, ac.signal);
      for (let i = 0; i < 400 && !(await runner.status())[0].failure; i++) await new Promise((r) => setTimeout(r, 25));
      ac.abort();
      await running;
      const [stored] = await store.readStream(poison);
      const list = await kinerja(['projections', 'list'], { DATABASE_URL: own.url });
      expect(list.code).toBe(0);
      const line = list.stdout.split('\n').find((l) => l.startsWith('audit_timeline'));
      expect(line).toContain(`applied 1  lag 1`);
      expect(line).toContain(`STOPPED at event ${stored.id} (stream ${poison} position ${bad.streamPosition}, Noted)`);
      expect(line).toMatch(new RegExp(`tried \\d+x: cannot apply Noted of ${poison}$`));
      const json = JSON.parse((await kinerja(['projections', 'list', '--json'], { DATABASE_URL: own.url })).stdout);
      expect(json.find((p: { name: string }) => p.name === 'audit_timeline').failure).toMatchObject({
        event: { id: stored.id, streamId: poison },
        error: `cannot apply Noted of ${poison}`,
      });
    } finally {
      await store.close();
      await own.drop();
    }
  });
});
