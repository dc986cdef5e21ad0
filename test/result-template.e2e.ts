import { startTestApp, TestApp, TestUser } from './support/app';
import { ADMIN, ANALIS, ANALIS2, buildDinkes, KABID_A, KABID_B, KADIS, me, ok, rhk, wp } from './support/people';

const template = {
  resultId: 'T-1',
  text: 'Terlaksananya surveilans penyakit',
  parentResultId: 'B-1',
  indicators: [
    { indicatorId: 'T-1-I1', text: 'Laporan surveilans', unit: 'laporan', quality: 100, timeMonths: 12 },
    { indicatorId: 'T-1-I2', text: 'Kunjungan lapangan', unit: 'kegiatan', quality: 90, timeMonths: 12 },
  ],
};

describe('one RHK handed to many subordinates at once, targets per person, all or nothing', () => {
  let app: TestApp;
  const eventCount = async () => Number((await app.db.pool.query('SELECT count(*) AS n FROM events')).rows[0].n);
  const refused = async (body: unknown, as: TestUser, status: number, code: string, path = wp(KABID_B, 'result-templates')) => {
    const before = await eventCount();
    const r = await app.call('POST', path, body, {}, as);
    expect({ status: r.status, code: r.body?.error?.code }).toEqual({ status, code });
    expect(await eventCount()).toBe(before);
    return r.body;
  };

  beforeAll(async () => {
    app = await startTestApp();
    await buildDinkes(app);
    await ok(app, 'POST', wp(KADIS, 'draft'), { results: [rhk('K-1')] }, me(KADIS));
    await ok(app, 'POST', wp(KADIS, 'submit'), {}, me(KADIS));
    await ok(app, 'POST', wp(KADIS, 'approve'), {}, ADMIN);
    await ok(app, 'POST', wp(KABID_B, 'draft'), { results: [rhk('B-1', 'K-1')] }, me(KABID_B));
    await ok(app, 'POST', wp(ANALIS, 'draft'), { results: [rhk('A-1', 'B-1')] }, me(ANALIS));
  });
  afterAll(async () => {
    await app.close();
  });

  it('hands the RHK to each subordinate’s draft with their own targets; a refusal for one refuses all', async () => {
    const body = {
      template,
      assignees: [
        {
          nip: ANALIS,
          targets: [
            { indicatorId: 'T-1-I1', quantity: 12 },
            { indicatorId: 'T-1-I2', quantity: 6 },
          ],
        },
        {
          nip: ANALIS2,
          targets: [
            { indicatorId: 'T-1-I1', quantity: 4, quality: 95 },
            { indicatorId: 'T-1-I2', quantity: 2 },
          ],
        },
      ],
    };
    // Bad input and refusals: coded, nothing appended for anyone.
    await refused(
      { ...body, assignees: [body.assignees[0], { ...body.assignees[1], targets: [body.assignees[1].targets[0]] }] },
      me(KABID_B),
      400,
      'MISSING_TARGET',
    );
    await refused({ ...body, assignees: [body.assignees[0], body.assignees[0]] }, me(KABID_B), 400, 'DUPLICATE_ASSIGNEE');
    await refused({ ...body, template: { ...template, parentResultId: 'K-1' } }, me(KABID_B), 422, 'PARENT_RESULT_NOT_IN_LINE');
    await refused(body, me(KABID_A), 403, 'NOT_OWN_RECORD', wp(KABID_B, 'result-templates'));
    await refused(body, me(KABID_A), 403, 'NOT_SUPERVISOR', wp(KABID_A, 'result-templates'));
    await refused(
      { ...body, assignees: [...body.assignees, { nip: KADIS, targets: body.assignees[0].targets }] },
      me(KABID_B),
      403,
      'NOT_SUPERVISOR',
    );
    // One subordinate's plan is submitted: the whole hand-over is refused.
    await ok(app, 'POST', wp(ANALIS2, 'draft'), { results: [rhk('D-1', 'B-1')] }, me(ANALIS2));
    await ok(app, 'POST', wp(ANALIS2, 'submit'), {}, me(ANALIS2));
    const err = await refused(body, me(KABID_B), 409, 'WORKPLAN_ALREADY_SUBMITTED');
    expect(err.error.details).toMatchObject({ nip: ANALIS2 });
    await ok(app, 'POST', wp(ANALIS2, 'return'), { notes: 'tunggu RHK dari Kabid' }, me(KABID_B));

    const r = await ok(app, 'POST', wp(KABID_B, 'result-templates'), body, me(KABID_B), 201);
    expect(r.plans.map((p: any) => p.nip)).toEqual([ANALIS, ANALIS2]);
    const a = (await app.call('GET', wp(ANALIS), undefined, {}, me(ANALIS))).body;
    expect(a.versions[0].results.map((x: any) => x.resultId)).toEqual(['A-1', 'T-1']);
    expect(a.versions[0].results[1].indicators.map((k: any) => k.quantity)).toEqual([12, 6]);
    const d = (await app.call('GET', wp(ANALIS2), undefined, {}, me(ANALIS2))).body;
    expect(d.versions[0].results[1]).toMatchObject({
      resultId: 'T-1',
      parentResultId: 'B-1',
      indicators: [
        { quantity: 4, quality: 95 },
        { quantity: 2, quality: 90 },
      ],
    });
    // Handing the same again appends nothing.
    const before = await eventCount();
    await ok(app, 'POST', wp(KABID_B, 'result-templates'), body, me(KABID_B), 201);
    expect(await eventCount()).toBe(before);
  });
});
