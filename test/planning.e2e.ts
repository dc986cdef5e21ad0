import { startTestApp, TestApp, TestUser } from './support/app';
import { localDateOf } from '../libs/domain/shared';
import {
  ADMIN,
  ANALIS,
  ANALIS2,
  buildDinkes,
  KABID_A,
  KABID_B,
  KADIS,
  me,
  ok,
  OTHER,
  rhk,
  SEKRETARIS,
  until,
  wp,
  YEAR,
} from './support/people';

describe('planning: SKP with cascading results over HTTP (real PostgreSQL)', () => {
  let app: TestApp;
  const eventCount = async () => Number((await app.db.pool.query('SELECT count(*) AS n FROM events')).rows[0].n);
  /** A refusal with a code, and nothing appended. */
  const refused = async (method: string, path: string, body: unknown, as: TestUser, status: number, code: string) => {
    const before = await eventCount();
    const r = await app.call(method, path, body, {}, as);
    expect({ status: r.status, code: r.body?.error?.code }).toEqual({ status, code });
    expect(await eventCount()).toBe(before);
  };

  beforeAll(async () => {
    app = await startTestApp();
    await buildDinkes(app);
  });
  afterAll(async () => {
    await app.close();
  });

  it('walks head, supervisor and staff through the cascade: parent first, return with notes, approval', async () => {
    // Staff cannot cascade from a plan the supervisor has not written.
    await refused('POST', wp(ANALIS, 'draft'), { results: [rhk('A-1', 'B-1')] }, me(ANALIS), 422, 'PARENT_RESULT_NOT_IN_LINE');

    await ok(app, 'POST', wp(KADIS, 'draft'), { results: [rhk('K-1'), rhk('K-2')] }, me(KADIS));
    await ok(app, 'POST', wp(KADIS, 'submit'), {}, me(KADIS));
    await ok(app, 'POST', wp(KABID_B, 'draft'), { results: [rhk('B-1', 'K-1')] }, me(KABID_B));
    await ok(app, 'POST', wp(KABID_B, 'submit'), undefined, me(KABID_B));
    await ok(app, 'POST', wp(ANALIS, 'draft'), { results: [rhk('A-1', 'B-1')] }, me(ANALIS));
    await ok(app, 'POST', wp(ANALIS, 'submit'), {}, me(ANALIS));

    // The supervisor's plan must be approved first, at every level.
    await refused('POST', wp(ANALIS, 'approve'), {}, me(KABID_B), 422, 'PARENT_PLAN_NOT_APPROVED');
    await refused('POST', wp(KABID_B, 'approve'), {}, me(KADIS), 422, 'PARENT_PLAN_NOT_APPROVED');
    // Only the rater of the day approves: not the former Kabid, not the employee, not another OPD's head.
    await refused('POST', wp(ANALIS, 'approve'), {}, me(KABID_A), 403, 'NOT_SUPERVISOR');
    await refused('POST', wp(ANALIS, 'approve'), {}, me(ANALIS), 403, 'NOT_SUPERVISOR');
    await refused('POST', wp(ANALIS, 'approve'), {}, me(OTHER), 403, 'NOT_SUPERVISOR');

    // The head of the OPD has no supervisor in the system: BKPSDM records the regional head's approval.
    await refused('POST', wp(KADIS, 'approve'), {}, me(KADIS), 403, 'ROLE_REQUIRED');
    await ok(app, 'POST', wp(KADIS, 'approve'), {}, ADMIN);
    await ok(app, 'POST', wp(KABID_B, 'approve'), {}, me(KADIS));

    await ok(app, 'POST', wp(ANALIS, 'return'), { notes: 'Target kuantitas terlalu rendah' }, me(KABID_B));
    const returned = (await app.call('GET', wp(ANALIS), undefined, {}, me(ANALIS))).body;
    expect(returned.versions[0]).toMatchObject({
      version: 1,
      status: 'RETURNED',
      notes: 'Target kuantitas terlalu rendah',
      raterNip: KABID_B,
    });
    await ok(app, 'POST', wp(ANALIS, 'draft'), { results: [rhk('A-1', 'B-1'), rhk('A-2', 'B-1')] }, me(ANALIS));
    await ok(app, 'POST', wp(ANALIS, 'submit'), {}, me(ANALIS));
    await ok(app, 'POST', wp(ANALIS, 'approve'), {}, me(KABID_B));

    await refused('POST', wp(ANALIS, 'submit'), {}, me(ANALIS), 409, 'WORKPLAN_ALREADY_APPROVED');
    await refused('POST', wp(ANALIS, 'draft'), { results: [rhk('A-1', 'B-1')] }, me(ANALIS), 409, 'WORKPLAN_ALREADY_APPROVED');
  });

  it('refuses a parent RHK of another line or OPD, a plan for someone else, and bad input, appending nothing', async () => {
    await ok(app, 'POST', wp(OTHER, 'draft'), { results: [rhk('D-1')] }, me(OTHER));
    await refused('POST', wp(ANALIS2, 'draft'), { results: [rhk('X-1', 'D-1')] }, me(ANALIS2), 422, 'PARENT_RESULT_NOT_IN_LINE');
    await refused('POST', wp(ANALIS2, 'draft'), { results: [rhk('X-1', 'K-1')] }, me(ANALIS2), 422, 'PARENT_RESULT_NOT_IN_LINE');
    await refused('POST', wp(ANALIS, 'draft'), { results: [rhk('X-1', 'B-1')] }, me(ANALIS2), 403, 'NOT_OWN_RECORD');
    await refused('POST', wp(ANALIS2, 'draft'), { results: [rhk('X-1', 'B-1', '')] }, me(ANALIS2), 400, 'VALIDATION_FAILED');
    await refused('POST', wp(ANALIS2, 'draft'), { results: [rhk('X-1', 'B-1', 'x'.repeat(501))] }, me(ANALIS2), 400, 'VALIDATION_FAILED');
    await refused('POST', wp(ANALIS2, 'draft'), { results: [] }, me(ANALIS2), 400, 'VALIDATION_FAILED');
    await refused('POST', wp(ANALIS2, 'draft'), { results: [rhk('X-1', 'B-1'), rhk('X-1', 'B-1')] }, me(ANALIS2), 400, 'DUPLICATE_ID');
    await refused(
      'POST',
      wp(ANALIS2, 'draft'),
      { results: [{ ...rhk('X-1', 'B-1'), indicators: [{ ...rhk('X').indicators[0], timeMonths: 13 }] }] },
      me(ANALIS2),
      400,
      'INVALID_TARGET',
    );
    await refused('POST', `/api/v1/workplans/${ANALIS2}/19x/draft`, { results: [rhk('X-1', 'B-1')] }, me(ANALIS2), 400, 'INVALID_YEAR');
    await refused('POST', wp(ANALIS2, 'submit'), {}, me(ANALIS2), 404, 'WORKPLAN_NOT_FOUND');
    await refused('POST', wp(ANALIS2, 'return'), { notes: '' }, me(KABID_B), 400, 'VALIDATION_FAILED');
    // a draft with no parent is fine; its submission is not
    await ok(
      app,
      'POST',
      wp(ANALIS2, 'draft'),
      { results: [{ text: 'Tanpa induk', indicators: [{ text: 'i', quantity: 1, unit: 'x', quality: 100, timeMonths: 12 }] }] },
      me(ANALIS2),
    );
    await refused('POST', wp(ANALIS2, 'submit'), {}, me(ANALIS2), 422, 'PARENT_RESULT_REQUIRED');
  });

  it('revises mid-year as a new version with a reason; the old version stays readable and in force until approved', async () => {
    await refused('POST', wp(ANALIS, 'revise'), { reason: '', results: [rhk('A-1', 'B-1')] }, me(ANALIS), 400, 'VALIDATION_FAILED');
    await ok(app, 'POST', wp(ANALIS, 'revise'), { reason: 'Refocusing anggaran', results: [rhk('A-1', 'B-1', 'Direvisi')] }, me(ANALIS));
    let plan = (await app.call('GET', wp(ANALIS), undefined, {}, me(KABID_B))).body;
    expect(plan).toMatchObject({ current: 2, inForce: 1 });
    expect(plan.versions.map((v: any) => [v.version, v.status])).toEqual([
      [1, 'APPROVED'],
      [2, 'DRAFT'],
    ]);
    expect(plan.versions[1].reason).toBe('Refocusing anggaran');
    await ok(app, 'POST', wp(ANALIS, 'submit'), {}, me(ANALIS));
    await ok(app, 'POST', wp(ANALIS, 'approve'), {}, me(KABID_B));
    plan = (await app.call('GET', wp(ANALIS), undefined, {}, me(ANALIS))).body;
    expect(plan).toMatchObject({ current: 2, inForce: 2 });
    expect(plan.versions[0].results[1].resultId).toBe('A-2');
    expect((await app.call('GET', wp(ANALIS), undefined, {}, me(ANALIS2))).status).toBe(403);
  });

  it('shows the cascade of an OPD as a tree from the head down (read model)', async () => {
    const cascade = await until(async () => {
      const r = await app.call('GET', `/api/v1/org-units/DINKES/cascade?year=${YEAR}`, undefined, {}, me(ANALIS2));
      const k1 = r.body.tree?.find((n: any) => n.resultId === 'K-1');
      // The revised version's text and its approval (a later event) are both projected.
      const analis = r.body.plans?.find((p: any) => p.nip === ANALIS);
      return k1?.children?.[0]?.children?.[0]?.text === 'Direvisi' && analis?.inForce === 2 && r.body;
    }, 'cascade read model');
    const k1 = cascade.tree.find((n: any) => n.resultId === 'K-1');
    expect(k1).toMatchObject({ nip: KADIS, planStatus: 'APPROVED' });
    expect(k1.children.map((n: any) => [n.resultId, n.nip])).toEqual([['B-1', KABID_B]]);
    expect(k1.children[0].children.map((n: any) => [n.resultId, n.nip])).toEqual([['A-1', ANALIS]]);
    expect(cascade.plans.find((p: any) => p.nip === ANALIS)).toMatchObject({ name: 'Siti Wulandari', version: 2, inForce: 2 });
    expect(cascade.tree.some((n: any) => n.nip === OTHER)).toBe(false);
    const p2p = (await app.call('GET', `/api/v1/org-units/DINKES-P2P/cascade?year=${YEAR}`, undefined, {}, me(ANALIS2))).body;
    expect(p2p.tree.map((n: any) => n.resultId).sort()).toContain('B-1');
    const nope = await app.call('GET', `/api/v1/org-units/NOPE/cascade?year=${YEAR}`, undefined, {}, me(ANALIS2));
    expect({ status: nope.status, code: nope.body.error?.code }).toEqual({ status: 404, code: 'UNKNOWN_ORG_UNIT' });
    expect((await app.call('GET', `/api/v1/org-units/DINKES/cascade?year=abc`, undefined, {}, me(ANALIS2))).status).toBe(400);
  });

  describe('daily reports and the inbox', () => {
    const today = localDateOf(new Date());
    const daysBefore = (n: number) => localDateOf(new Date(Date.now() - n * 86_400_000));
    const report = (over: object = {}) => ({
      date: today,
      durationMinutes: 90,
      resultId: 'A-1',
      output: 'Rekap data imunisasi minggu ini',
      ...over,
    });
    const inbox = async (nip: string) => (await app.call('GET', '/api/v1/inbox', undefined, {}, me(nip))).body;

    it('files a report, shows it in the rater’s inbox, and takes the rater’s answer', async () => {
      const filed = await ok(
        app,
        'POST',
        `/api/v1/daily-reports/${ANALIS}`,
        report({ reportId: 'LH-1', evidenceUrl: 'https://drive.example/rekap.pdf' }),
        me(ANALIS),
      );
      expect(filed).toMatchObject({ reportId: 'LH-1', events: ['DailyReportFiled'] });
      const month = today.slice(0, 7);
      const waiting = await until(async () => {
        const b = await inbox(KABID_B);
        return b.reportsToAnswer?.some((r: any) => r.reportId === 'LH-1') && b;
      }, 'inbox of the rater');
      expect(waiting.reportsToAnswer.find((r: any) => r.reportId === 'LH-1')).toMatchObject({
        nip: ANALIS,
        name: 'Siti Wulandari',
        month,
        resultId: 'A-1',
      });
      expect((await inbox(KADIS)).reportsToAnswer).toEqual([]);

      await refused(
        'POST',
        `/api/v1/daily-reports/${ANALIS}/${month}/LH-1/answer`,
        { kind: 'ACKNOWLEDGED' },
        me(ANALIS2),
        403,
        'NOT_SUPERVISOR',
      );
      await refused(
        'POST',
        `/api/v1/daily-reports/${ANALIS}/${month}/LH-1/answer`,
        { kind: 'NEEDS_REVISION' },
        me(KABID_B),
        400,
        'MISSING_FIELD',
      );
      await refused(
        'POST',
        `/api/v1/daily-reports/${ANALIS}/${month}/LH-404/answer`,
        { kind: 'ACKNOWLEDGED' },
        me(KABID_B),
        404,
        'REPORT_NOT_FOUND',
      );
      await ok(
        app,
        'POST',
        `/api/v1/daily-reports/${ANALIS}/${month}/LH-1/answer`,
        { kind: 'NEEDS_REVISION', note: 'Lampirkan daftar hadir' },
        me(KABID_B),
      );
      await refused(
        'POST',
        `/api/v1/daily-reports/${ANALIS}/${month}/LH-1/answer`,
        { kind: 'ACKNOWLEDGED' },
        me(KABID_B),
        409,
        'REPORT_ALREADY_ANSWERED',
      );
      const mine = await until(async () => {
        const b = await inbox(ANALIS);
        return b.reportsToRevise?.length === 1 && b;
      }, 'inbox of the employee');
      expect(mine.reportsToRevise[0]).toMatchObject({ reportId: 'LH-1', note: 'Lampirkan daftar hadir' });
      await ok(app, 'POST', `/api/v1/daily-reports/${ANALIS}`, report({ reportId: 'LH-1', output: 'Rekap + daftar hadir' }), me(ANALIS));
      await ok(app, 'POST', `/api/v1/daily-reports/${ANALIS}/${month}/LH-1/answer`, { kind: 'ACKNOWLEDGED' }, me(KABID_B));
      const list = (await app.call('GET', `/api/v1/daily-reports/${ANALIS}/${month}`, undefined, {}, me(KABID_B))).body;
      expect(list.reports.find((r: any) => r.reportId === 'LH-1')).toMatchObject({
        revision: 2,
        output: 'Rekap + daftar hadir',
        answer: { kind: 'ACKNOWLEDGED', answeredBy: KABID_B },
      });
      await until(
        async () => !(await inbox(KABID_B)).reportsToAnswer.some((r: any) => r.reportId === 'LH-1'),
        'answered report leaves the inbox',
      );
      expect((await app.call('GET', `/api/v1/daily-reports/${ANALIS}/${month}`, undefined, {}, me(ANALIS2))).status).toBe(403);
    });

    it('refuses a future day, a late day unless unlocked, an unknown RHK, another employee’s report and bad input', async () => {
      await refused(
        'POST',
        `/api/v1/daily-reports/${ANALIS}`,
        report({ date: localDateOf(new Date(Date.now() + 2 * 86_400_000)) }),
        me(ANALIS),
        422,
        'REPORT_DATE_IN_FUTURE',
      );
      await refused('POST', `/api/v1/daily-reports/${ANALIS}`, report({ resultId: 'B-1' }), me(ANALIS), 400, 'UNKNOWN_RESULT');
      await refused('POST', `/api/v1/daily-reports/${ANALIS}`, report(), me(ANALIS2), 403, 'NOT_OWN_RECORD');
      await refused('POST', `/api/v1/daily-reports/${ANALIS}`, report({ output: '' }), me(ANALIS), 400, 'VALIDATION_FAILED');
      await refused('POST', `/api/v1/daily-reports/${ANALIS}`, report({ output: 'x'.repeat(1001) }), me(ANALIS), 400, 'VALIDATION_FAILED');
      await refused('POST', `/api/v1/daily-reports/${ANALIS}`, report({ durationMinutes: 0 }), me(ANALIS), 400, 'INVALID_DURATION');
      await refused(
        'POST',
        `/api/v1/daily-reports/${ANALIS}`,
        report({ evidenceUrl: 'ftp://x' }),
        me(ANALIS),
        400,
        'INVALID_EVIDENCE_LINK',
      );
      await refused('POST', `/api/v1/daily-reports/${ANALIS}`, report({ date: '2026-02-30' }), me(ANALIS), 400, 'INVALID_DATE');
      await refused('POST', `/api/v1/daily-reports/${ANALIS}`, report({ reportId: 'LH-1' }), me(ANALIS), 409, 'REPORT_EXISTS');
      const late = daysBefore(9);
      if (late.slice(0, 4) !== today.slice(0, 4)) return; // the plan is of this year; early January has no late day in it
      await refused('POST', `/api/v1/daily-reports/${ANALIS}`, report({ date: late }), me(ANALIS), 422, 'REPORTING_WINDOW_CLOSED');
      await refused('POST', `/api/v1/daily-reports/${ANALIS}/unlock`, { date: late }, me(ANALIS), 403, 'NOT_SUPERVISOR');
      await ok(app, 'POST', `/api/v1/daily-reports/${ANALIS}/unlock`, { date: late, reason: 'sakit' }, me(KABID_B));
      await ok(app, 'POST', `/api/v1/daily-reports/${ANALIS}`, report({ date: late, reportId: 'LH-LATE' }), me(ANALIS));
    });

    it('shows plans to approve in the rater’s inbox and one’s own open plan', async () => {
      await ok(app, 'POST', wp(SEKRETARIS, 'draft'), { results: [rhk('S-1', 'K-2')] }, me(SEKRETARIS));
      expect(
        (await until(async () => (await inbox(SEKRETARIS)).plansToFinish?.length === 1 && inbox(SEKRETARIS), 'own draft')).plansToFinish[0],
      ).toMatchObject({ status: 'DRAFT' });
      await ok(app, 'POST', wp(SEKRETARIS, 'submit'), {}, me(SEKRETARIS));
      const k = await until(async () => {
        const b = await inbox(KADIS);
        return b.plansToApprove?.some((p: any) => p.nip === SEKRETARIS) && b;
      }, 'plan in the head’s inbox');
      expect(k.plansToApprove).toEqual([{ nip: SEKRETARIS, name: 'Ratna Sari', year: YEAR, version: 1 }]);
      await ok(app, 'POST', wp(SEKRETARIS, 'approve'), {}, me(KADIS));
      await until(async () => (await inbox(KADIS)).plansToApprove.length === 0, 'approved plan leaves the inbox');
      expect((await app.call('GET', '/api/v1/inbox', undefined, {}, ADMIN)).body).toMatchObject({ nip: null, plansToApprove: [] });
    });
  });

  describe('360 feedback', () => {
    const fb = (step = '') => `/api/v1/feedback/${ANALIS}/${YEAR}${step}`;
    const scores = (n: number) => ({
      BERORIENTASI_PELAYANAN: n,
      AKUNTABEL: n,
      KOMPETEN: n,
      HARMONIS: n,
      LOYAL: n,
      ADAPTIF: n,
      KOLABORATIF: n,
    });

    it('the rater invites; only the invited answer, once; the rater sees an anonymous aggregate from three answers', async () => {
      const invitees = [ANALIS2, KABID_A, SEKRETARIS].map((nip) => ({ nip, relation: 'PEER' }));
      await refused('POST', fb('/invitations'), { invitees }, me(ANALIS), 403, 'NOT_SUPERVISOR');
      await refused('POST', fb('/invitations'), { invitees: [{ nip: ANALIS, relation: 'PEER' }] }, me(KABID_B), 422, 'SELF_FEEDBACK');
      await refused('POST', fb('/invitations'), { invitees: [] }, me(KABID_B), 400, 'VALIDATION_FAILED');
      await ok(app, 'POST', fb('/invitations'), { invitees }, me(KABID_B));
      const asked = await until(async () => {
        const b = (await app.call('GET', '/api/v1/inbox', undefined, {}, me(ANALIS2))).body;
        return b.feedbackAsked?.length === 1 && b;
      }, 'feedback asked in the inbox');
      expect(asked.feedbackAsked[0]).toEqual({ nip: ANALIS, name: 'Siti Wulandari', year: YEAR, relation: 'PEER' });

      await refused('POST', fb(), { scores: scores(4) }, me(OTHER), 422, 'FEEDBACK_NOT_INVITED');
      await refused('POST', fb(), { scores: scores(4) }, me(ANALIS), 403, 'OWN_RECORD_CHANGE');
      await refused('POST', fb(), { scores: { ...scores(4), LOYAL: 6 } }, me(ANALIS2), 400, 'VALIDATION_FAILED');
      await refused('POST', fb(), { scores: scores(4), comment: 'x'.repeat(1001) }, me(ANALIS2), 400, 'VALIDATION_FAILED');
      await ok(app, 'POST', fb(), { scores: scores(5), comment: 'Sangat membantu' }, me(ANALIS2));
      await refused('POST', fb(), { scores: scores(5) }, me(ANALIS2), 409, 'FEEDBACK_ALREADY_GIVEN');
      await ok(app, 'POST', fb(), { scores: scores(4) }, me(KABID_A));
      let agg = (await app.call('GET', fb(), undefined, {}, me(KABID_B))).body;
      expect(agg).toMatchObject({ invited: 3, answered: 2, shown: false, averages: null });
      await ok(app, 'POST', fb(), { scores: scores(4) }, me(SEKRETARIS));
      agg = (await app.call('GET', fb(), undefined, {}, me(KABID_B))).body;
      expect(agg).toMatchObject({ answered: 3, shown: true, averages: { LOYAL: 4.33, KOLABORATIF: 4.33 } });
      expect(JSON.stringify(agg)).not.toMatch(new RegExp(`${ANALIS2}|${KABID_A}|${SEKRETARIS}|Sangat membantu`));
      // the rated employee never sees it
      expect((await app.call('GET', fb(), undefined, {}, me(ANALIS))).status).toBe(403);
      await until(
        async () => (await app.call('GET', '/api/v1/inbox', undefined, {}, me(ANALIS2))).body.feedbackAsked.length === 0,
        'answered leaves the inbox',
      );
    });
  });
});
