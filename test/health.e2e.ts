import { Client } from 'pg';
import { newId } from '@kinerja/kernel';
import { canonicalContent, contentDigest } from '../libs/event-store/src/postgres/hash';
import { countProjection, withBug } from './fixtures/count-projection';
import { startTestApp, TestApp } from './support/app';
import { until } from './support/people';

/** /health when read models fall behind or stop, on the real app (API + worker). */
describe('health of the projections', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ KINERJA_PROJECTION_MAX_LAG_S: '1' });
  });
  afterAll(async () => {
    await app.close();
  });

  type Health = { status: string; projections: Array<{ name: string; status: string; oldestUnappliedAgeSeconds: number | null }> };
  const health = async (): Promise<Health> => (await app.call('GET', '/health')).body;
  const timeline = (h: Health) => h.projections.find((p) => p.name === 'audit_timeline');

  it('is degraded with the lag and the age of the oldest unapplied event while an appending transaction holds the log, and ok after', async () => {
    await until(async () => (await health()).status === 'ok', 'a healthy start');
    // An appender left open: nothing appended after it may be read until it ends.
    const held = new Client({ connectionString: app.db.url });
    await held.connect();
    await held.query('BEGIN');
    const id = newId();
    await held.query(
      `SELECT * FROM kinerja_append(ARRAY[$1], ARRAY['Held'], ARRAY[-1]::bigint[], ARRAY[1], ARRAY[false], ARRAY[$2]::uuid[], ARRAY['Held'], ARRAY[1], ARRAY['{}']::jsonb[], ARRAY['{}']::jsonb[], ARRAY[$3]::bytea[])`,
      [`Held-${newId()}`, id, contentDigest(canonicalContent(id, 'Held', 1, '{}', '{}'))],
    );
    try {
      await app.rt.store.append(`Note-${newId()}`, [{ type: 'Noted', data: {} }]);
      const degraded = await until(async () => {
        const h = await health();
        return h.status === 'degraded' && timeline(h)?.status === 'behind' && h;
      }, 'the timeline to fall behind');
      expect(timeline(degraded)).toMatchObject({ lagEvents: 1, oldestUnappliedAgeSeconds: expect.any(Number) });
      expect(degraded).toMatchObject({ database: 'ok', queue: { status: 'ok' } });
    } finally {
      await held.query('COMMIT');
      await held.end();
    }
    const after = await until(async () => {
      const h = await health();
      return h.status === 'ok' && h;
    }, 'the timeline to catch up');
    expect(timeline(after)).toMatchObject({ status: 'ok', lagEvents: 0, oldestUnappliedAgeSeconds: null });
  });

  it('is degraded naming the projection, the event it stopped at and the error', async () => {
    const poison = `Counted-${newId()}`;
    const broken = withBug(countProjection(), new Set([poison]));
    await app.stopWorker();
    app.rt.runner.projections.push(broken);
    await app.startWorker();
    await app.rt.store.append(`Counted-${newId()}`, [{ type: 'Ticked', data: {} }]);
    const [bad] = (await app.rt.store.append(poison, [{ type: 'Ticked', data: {} }])).positions;
    const r = await until(async () => {
      const res = await app.call('GET', '/health');
      return res.body.projections.find((p: { name: string }) => p.name === 'test_counts')?.status === 'stopped' && res;
    }, 'the test projection to stop');
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('degraded');
    expect(r.body.projections.find((p: { name: string }) => p.name === 'test_counts')).toMatchObject({
      status: 'stopped',
      eventsApplied: expect.any(Number),
      failure: {
        event: { streamId: poison, streamPosition: 0, type: 'Ticked', checkpoint: bad.checkpoint, id: expect.any(String) },
        error: `cannot apply Ticked of ${poison}`,
        attempts: expect.any(Number),
        since: expect.any(String),
      },
    });
    const [stored] = await app.rt.store.readStream(poison);
    expect(r.body.projections.find((p: { name: string }) => p.name === 'test_counts').failure.event.id).toBe(stored.id);
  });
});
