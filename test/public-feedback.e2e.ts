import { startTestApp, TestApp } from './support/app';
import { ADMIN, ANALIS, buildDinkes, KABID_A, KABID_B, me, ok, YEAR } from './support/people';

const ratings = (n: number) => ({ KECEPATAN: n, KEJELASAN: n, KERAMAHAN: n, KEMUDAHAN: n });

describe('public feedback by link: no account, rate-limited in PostgreSQL, results to the rater only', () => {
  let app: TestApp;
  const eventCount = async () => Number((await app.db.pool.query('SELECT count(*) AS n FROM events')).rows[0].n);
  const post = (token: string, body: unknown) => app.call('POST', `/api/v1/public-feedback/${token}`, body, {}, null);
  const expectRefused = async (p: Promise<{ status: number; body: any }>, status: number, code: string) => {
    const before = await eventCount();
    const r = await p;
    expect({ status: r.status, code: r.body?.error?.code }).toEqual({ status, code });
    expect(await eventCount()).toBe(before);
  };

  beforeAll(async () => {
    app = await startTestApp({ KINERJA_PUBLIC_FEEDBACK_PER_CLIENT: '7', KINERJA_PUBLIC_FEEDBACK_PER_LINK: '3' });
    await buildDinkes(app);
  });
  afterAll(async () => {
    await app.close();
  });

  it('the rater opens links, the public answers, limits hold, closed links are gone', async () => {
    const links = `/api/v1/feedback/${ANALIS}/${YEAR}/public-links`;
    // Only the rater of the day or BKPSDM opens a link; bad input is coded.
    await expectRefused(app.call('POST', links, { service: 'Loket' }, {}, me(KABID_A)), 403, 'NOT_SUPERVISOR');
    await expectRefused(app.call('POST', links, { service: '' }, {}, me(KABID_B)), 400, 'VALIDATION_FAILED');
    const one = await ok(app, 'POST', links, { service: 'Loket pelayanan KIA' }, me(KABID_B));
    const two = await ok(app, 'POST', links, { service: 'Pengaduan' }, ADMIN);
    expect(one.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(one.linkId).toMatch(/^[0-9a-f]{64}$/);
    expect(one.token).not.toBe(two.token);

    // The form, without a token.
    const form = await app.call('GET', `/api/v1/public-feedback/${one.token}`, undefined, {}, null);
    expect(form.status).toBe(200);
    expect(form.body).toMatchObject({ service: 'Loket pelayanan KIA', values: ['KECEPATAN', 'KEJELASAN', 'KERAMAHAN', 'KEMUDAHAN'] });

    // Client address count: 1 (unknown link).
    await expectRefused(post('x'.repeat(32), { ratings: ratings(5) }), 404, 'FEEDBACK_LINK_NOT_FOUND');
    // 2..4: three answers on link one; 5: the link's limit (3 per window).
    expect((await post(one.token, { ratings: ratings(5), comment: 'Petugas ramah' })).status).toBe(201);
    expect((await post(one.token, { ratings: ratings(4) })).status).toBe(201);
    expect((await post(one.token, { ratings: ratings(4) })).status).toBe(201);
    await expectRefused(post(one.token, { ratings: ratings(1) }), 429, 'RATE_LIMITED');
    // 6: bad input on link two; 7: an answer; 8: the client's limit (7 per window).
    await expectRefused(post(two.token, { ratings: { ...ratings(3), KERAMAHAN: 6 }, comment: 'x'.repeat(501) }), 400, 'VALIDATION_FAILED');
    expect((await post(two.token, { ratings: ratings(3) })).status).toBe(201);
    await expectRefused(post(two.token, { ratings: ratings(3) }), 429, 'RATE_LIMITED');
    // The counters are rows in PostgreSQL, with no address in them.
    const { rows } = await app.db.pool.query('SELECT key, count FROM rate_limits ORDER BY key');
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(rows)).not.toMatch(/127\.0\.0\.1|::1/);

    // The rater sees the aggregate, never who; others do not see it.
    const results = await app.call('GET', `${links}/${one.linkId}`, undefined, {}, me(KABID_B));
    expect(results.status).toBe(200);
    expect(results.body).toMatchObject({
      service: 'Loket pelayanan KIA',
      open: true,
      answered: 3,
      averages: { KECEPATAN: 4.33 },
      comments: ['Petugas ramah'],
    });
    expect((await app.call('GET', `${links}/${one.linkId}`, undefined, {}, me(ANALIS))).status).toBe(403);
    expect(
      (await app.call('GET', `/api/v1/feedback/${KABID_B}/${YEAR}/public-links/${one.linkId}`, undefined, {}, ADMIN)).body.error.code,
    ).toBe('FEEDBACK_LINK_NOT_FOUND');
    const { rows: evs } = await app.db.pool.query("SELECT data, metadata FROM events WHERE event_type = 'PublicFeedbackGiven'");
    expect(evs).toHaveLength(4);
    expect(JSON.stringify(evs)).not.toContain(one.token);
    expect(JSON.stringify(evs)).not.toMatch(/127\.0\.0\.1/);

    // Closed: the link answers 404 (checked with a fresh window would still be 404; the limit is checked first).
    await ok(app, 'POST', `${links}/${one.linkId}/close`, undefined, me(KABID_B));
    expect((await app.call('GET', `/api/v1/public-feedback/${one.token}`, undefined, {}, null)).body.error.code).toBe(
      'FEEDBACK_LINK_NOT_FOUND',
    );
    await app.db.pool.query('DELETE FROM rate_limits');
    await expectRefused(post(one.token, { ratings: ratings(5) }), 404, 'FEEDBACK_LINK_NOT_FOUND');
  });
});
