import { startTestApp, TestApp } from './support/app';

describe('the running app (API + worker, real PostgreSQL)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('reports health with the database, the queue and projection lag', async () => {
    const r = await app.call('GET', '/health');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      status: 'ok',
      database: 'ok',
      queue: { status: 'ok' },
      projections: expect.arrayContaining([expect.objectContaining({ name: 'audit_timeline' })]),
    });
  });

  it('serves OpenAPI at /docs and Prometheus metrics with projection lag', async () => {
    const spec = await app.call('GET', '/docs/openapi.json');
    expect(spec.status).toBe(200);
    expect(Object.keys(spec.body.paths)).toEqual(expect.arrayContaining(['/health', '/api/v1/audit/streams/{streamId}']));
    // The served document is the completed one (apps/api/src/openapi): "Try it out" sends the token.
    expect(spec.body.paths['/api/v1/payroll/opds/{opdId}/runs/{month}/{step}'].post).toMatchObject({
      security: [{ bearer: [] }],
      requestBody: { content: { 'application/json': { schema: { required: ['digest'] } } } },
    });
    const m = await app.call('GET', '/metrics');
    expect(m.body).toMatch(/kinerja_projection_lag_events\{projection="audit_timeline"\} \d+/);
  });

  it('answers unknown routes and bad input with coded errors, never a 5xx', async () => {
    expect(await app.call('GET', '/api/v1/nope')).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    expect(await app.call('GET', '/api/v1/audit/streams/not a stream')).toMatchObject({
      status: 400,
      body: { error: { code: 'INVALID_STREAM_NAME' } },
    });
    const bad = await app.call('GET', '/api/v1/audit/streams/Employee-1?asOf=yesterday&limit=0');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields.map((f: { path: string }) => f.path).sort()).toEqual(['asOf', 'limit']);
    expect(await app.call('POST', '/api/v1/audit/verify', '{"broken json')).toMatchObject({
      status: 400,
      body: { error: { code: 'MALFORMED_JSON' } },
    });
    expect(await app.call('GET', '/api/v1/jobs/42')).toMatchObject({ status: 404, body: { error: { code: 'JOB_NOT_FOUND' } } });
  });

  it('refuses every API route without a valid token, with a code', async () => {
    expect(await app.call('GET', '/api/v1/projections', undefined, {}, null)).toMatchObject({
      status: 401,
      body: { error: { code: 'TOKEN_MISSING' } },
    });
    const expired = await app.rt.auth.sign({ sub: 'x', roles: [] }, { expiresIn: Math.floor(Date.now() / 1000) - 60 });
    expect(await app.call('GET', '/api/v1/projections', undefined, { authorization: `Bearer ${expired}` }, null)).toMatchObject({
      status: 401,
      body: { error: { code: 'TOKEN_EXPIRED' } },
    });
    const otherAudience = await app.rt.auth.sign({ sub: 'x', roles: [] }, { audience: 'someone-else' });
    expect(await app.call('GET', '/api/v1/projections', undefined, { authorization: `Bearer ${otherAudience}` }, null)).toMatchObject({
      status: 401,
      body: { error: { code: 'TOKEN_WRONG_AUDIENCE' } },
    });
    const good = await app.rt.auth.sign({ sub: 'x', roles: [] });
    const forged = good.slice(0, good.lastIndexOf('.') + 1) + 'A'.repeat(43);
    expect(await app.call('GET', '/api/v1/projections', undefined, { authorization: `Bearer ${forged}` }, null)).toMatchObject({
      status: 401,
      body: { error: { code: 'TOKEN_INVALID_SIGNATURE' } },
    });
    expect(await app.call('GET', '/health', undefined, {}, null)).toMatchObject({ status: 200 });
    expect((await app.call('GET', '/docs', undefined, {}, null)).status).toBe(200);
  });

  it('carries a request id on every answer, keeping the caller’s', async () => {
    const r = await app.call('GET', '/health', undefined, { 'x-request-id': 'trace-123' });
    expect(r.headers.get('x-request-id')).toBe('trace-123');
  });

  it('shows a stream as it was at a past moment, and the timeline projection catches up', async () => {
    const s = 'Employee-199001012015031001';
    await app.rt.store.append(s, [{ type: 'EmployeeRegistered', data: { name: 'Siti' }, metadata: { actor: 'admin', reason: 'import' } }]);
    const before = new Date(Date.now() + 1);
    await new Promise((r) => setTimeout(r, 10));
    await app.rt.store.append(s, [{ type: 'PositionChanged', data: { grade: 9 } }]);
    const now = await app.call('GET', `/api/v1/audit/streams/${s}`);
    expect(now.body.events.map((e: { type: string }) => e.type)).toEqual(['EmployeeRegistered', 'PositionChanged']);
    const then = await app.call('GET', `/api/v1/audit/streams/${s}?asOf=${encodeURIComponent(before.toISOString())}`);
    expect(then.body.events.map((e: { type: string }) => e.type)).toEqual(['EmployeeRegistered']);
    expect(then.body.events[0]).toMatchObject({
      metadata: { actor: 'admin', reason: 'import' },
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    for (let i = 0; i < 200; i++) {
      const { rows } = await app.db.pool.query('SELECT count(*)::int AS n FROM audit_timeline WHERE stream_id = $1', [s]);
      if (rows[0].n === 2) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    const { rows } = await app.db.pool.query('SELECT event_type, actor FROM audit_timeline WHERE stream_id = $1 ORDER BY stream_position', [
      s,
    ]);
    expect(rows).toEqual([
      { event_type: 'EmployeeRegistered', actor: 'admin' },
      { event_type: 'PositionChanged', actor: null },
    ]);
  });

  it('verifies the whole log as a background job with progress', async () => {
    const start = await app.call('POST', '/api/v1/audit/verify');
    expect(start.status).toBe(202);
    let job: any;
    for (let i = 0; i < 200; i++) {
      job = (await app.call('GET', start.body.status)).body;
      if (job.state === 'completed' || job.state === 'failed') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(job).toMatchObject({ state: 'completed', progress: { percent: 100 }, result: { ok: true } });
  });
});
