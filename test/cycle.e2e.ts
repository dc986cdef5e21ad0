import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localDateOf } from '../libs/domain/shared';
import { startTestApp, TestApp } from './support/app';
import { ADMIN, ANALIS, ANALIS2, buildDinkes, KABID_A, KABID_B, KADIS, me, ok, rhk, SEKRETARIS, until, wp, YEAR } from './support/people';

/**
 * Issue 5's walk: a head of OPD, a supervisor and two staff through planning (the cascade), daily
 * reports with feedback, realisation with a file, 360 feedback from three peers and one member of
 * the public — over HTTP on a real database, checking the inbox at each step.
 */

describe('the planning and monitoring cycle, end to end', () => {
  let app: TestApp;
  let dataDir: string;
  const inbox = async (nip: string) => (await app.call('GET', '/api/v1/inbox', undefined, {}, me(nip))).body;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kinerja-cycle-'));
    app = await startTestApp({ DATA_DIR: dataDir });
    await buildDinkes(app);
  });
  afterAll(async () => {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('walks head, supervisor and two staff through a month', async () => {
    // 1. Planning, top down: each plan waits in the rater's inbox until approved.
    await ok(app, 'POST', wp(KADIS, 'draft'), { results: [rhk('K-1')] }, me(KADIS));
    await ok(app, 'POST', wp(KADIS, 'submit'), {}, me(KADIS));
    await ok(app, 'POST', wp(KADIS, 'approve'), {}, ADMIN); // the head's plan: BKPSDM records the regional head's approval
    await ok(app, 'POST', wp(KABID_B, 'draft'), { results: [rhk('B-1', 'K-1')] }, me(KABID_B));
    const own = await until(async () => {
      const b = await inbox(KABID_B);
      return b.plansToFinish?.length === 1 && b;
    }, 'the Kabid’s own draft in the inbox');
    expect(own.plansToFinish).toEqual([expect.objectContaining({ year: YEAR, status: 'DRAFT' })]);
    await ok(app, 'POST', wp(KABID_B, 'submit'), {}, me(KABID_B));
    await until(
      async () => (await inbox(KADIS)).plansToApprove?.some((p: any) => p.nip === KABID_B),
      'the Kabid’s plan in the head’s inbox',
    );
    await ok(app, 'POST', wp(KABID_B, 'approve'), {}, me(KADIS));
    await until(async () => (await inbox(KADIS)).plansToApprove?.length === 0, 'the head’s inbox emptied');
    for (const [nip, id] of [
      [ANALIS, 'A-1'],
      [ANALIS2, 'C-1'],
    ]) {
      await ok(app, 'POST', wp(nip, 'draft'), { results: [rhk(id, 'B-1')] }, me(nip));
      await ok(app, 'POST', wp(nip, 'submit'), {}, me(nip));
    }
    const toApprove = await until(async () => {
      const b = await inbox(KABID_B);
      return b.plansToApprove?.length === 2 && b;
    }, 'both staff plans in the Kabid’s inbox');
    expect(toApprove.plansToApprove.map((p: any) => p.nip).sort()).toEqual([ANALIS, ANALIS2].sort());
    for (const nip of [ANALIS, ANALIS2]) await ok(app, 'POST', wp(nip, 'approve'), {}, me(KABID_B));
    const cascade = await until(async () => {
      const r = (await app.call('GET', `/api/v1/org-units/DINKES/cascade?year=${YEAR}`, undefined, {}, me(KABID_B))).body;
      const k1 = r.tree?.find((n: any) => n.resultId === 'K-1');
      return k1?.children?.[0]?.children?.length === 2 && k1;
    }, 'the cascade read model');
    expect(cascade.children[0]).toMatchObject({ resultId: 'B-1', nip: KABID_B });
    expect(cascade.children[0].children.map((n: any) => n.resultId).sort()).toEqual(['A-1', 'C-1']);

    // 2. Daily reports over the reporting window, each answered by the Kabid from the inbox.
    const days = [0, 1, 2, 3, 4].map((d) => localDateOf(new Date(Date.now() - d * 86_400_000))).filter((d) => d.startsWith(String(YEAR)));
    let filed = 0;
    for (const date of days)
      for (const [nip, rid] of [
        [ANALIS, 'A-1'],
        [ANALIS2, 'C-1'],
      ]) {
        await ok(
          app,
          'POST',
          `/api/v1/daily-reports/${nip}`,
          { reportId: `LH-${date}`, date, durationMinutes: 120, resultId: rid, output: `Kegiatan ${date}` },
          me(nip),
        );
        filed++;
      }
    const waiting = await until(async () => {
      const b = await inbox(KABID_B);
      return b.reportsToAnswer?.length === filed && b;
    }, 'every report in the Kabid’s inbox');
    for (const r of waiting.reportsToAnswer)
      await ok(app, 'POST', `/api/v1/daily-reports/${r.nip}/${r.month}/${r.reportId}/answer`, { kind: 'ACKNOWLEDGED' }, me(KABID_B));
    await until(async () => (await inbox(KABID_B)).reportsToAnswer?.length === 0, 'the answered reports leaving the inbox');

    // 3. Realisation of the month with a file as evidence.
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from('laporan realisasi imunisasi')]);
    const up = await fetch(`${app.url}/api/v1/evidence`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await app.token(me(ANALIS))}`, 'content-type': 'application/pdf' },
      body: new Uint8Array(pdf),
    });
    const evidence: any = await up.json();
    expect(evidence.sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
    const period = days[0].slice(0, 7);
    await ok(
      app,
      'POST',
      `/api/v1/realisations/${ANALIS}/${period}`,
      { indicatorId: 'A-1-I1', quantity: 1, quality: 100, timeMonths: 1, evidence: [{ kind: 'FILE', sha256: evidence.sha256 }] },
      me(ANALIS),
    );
    await until(async () => (await inbox(KABID_B)).realisationsToAnswer?.length === 1, 'the realisation in the Kabid’s inbox');
    await ok(app, 'POST', `/api/v1/realisations/${ANALIS}/${period}/A-1-I1/answer`, { kind: 'ACKNOWLEDGED' }, me(KABID_B));
    await until(async () => (await inbox(KABID_B)).realisationsToAnswer?.length === 0, 'the answered realisation leaving the inbox');

    // 4. 360 feedback on the analyst from three peers (the aggregate only from three answers) ...
    const scores = (n: number) => ({
      BERORIENTASI_PELAYANAN: n,
      AKUNTABEL: n,
      KOMPETEN: n,
      HARMONIS: n,
      LOYAL: n,
      ADAPTIF: n,
      KOLABORATIF: n,
    });
    const peers = [ANALIS2, SEKRETARIS, KABID_A];
    await ok(
      app,
      'POST',
      `/api/v1/feedback/${ANALIS}/${YEAR}/invitations`,
      { invitees: peers.map((nip) => ({ nip, relation: 'PEER' })) },
      me(KABID_B),
    );
    for (const peer of peers) {
      await until(async () => (await inbox(peer)).feedbackAsked?.length === 1, 'the request in the peer’s inbox');
      await ok(app, 'POST', `/api/v1/feedback/${ANALIS}/${YEAR}`, { scores: scores(4) }, me(peer));
    }
    const aggregate = (await app.call('GET', `/api/v1/feedback/${ANALIS}/${YEAR}`, undefined, {}, me(KABID_B))).body;
    expect(aggregate).toMatchObject({ invited: 3, answered: 3, shown: true, averages: { AKUNTABEL: 4 } });
    expect((await app.call('GET', `/api/v1/feedback/${ANALIS}/${YEAR}`, undefined, {}, me(ANALIS))).status).toBe(403);

    // ... and one member of the public, through a link, with no account.
    const link = await ok(app, 'POST', `/api/v1/feedback/${ANALIS}/${YEAR}/public-links`, { service: 'Layanan imunisasi' }, me(KABID_B));
    const answer = await app.call(
      'POST',
      `/api/v1/public-feedback/${link.token}`,
      { ratings: { KECEPATAN: 5, KEJELASAN: 4, KERAMAHAN: 5, KEMUDAHAN: 4 }, comment: 'Cepat' },
      {},
      null,
    );
    expect(answer.status).toBe(201);
    const results = (await app.call('GET', `/api/v1/feedback/${ANALIS}/${YEAR}/public-links/${link.linkId}`, undefined, {}, me(KABID_B)))
      .body;
    expect(results).toMatchObject({ answered: 1, averages: { KECEPATAN: 5, KEJELASAN: 4 }, comments: ['Cepat'] });

    // Nothing is left waiting on anyone.
    const kabid = await inbox(KABID_B);
    expect({ plans: kabid.plansToApprove, reports: kabid.reportsToAnswer, realisations: kabid.realisationsToAnswer }).toEqual({
      plans: [],
      reports: [],
      realisations: [],
    });
    // The answers reach the inbox through the projection: wait for it rather than read a stale row.
    for (const peer of peers)
      await until(async () => (await inbox(peer)).feedbackAsked?.length === 0, 'the answered request leaving the peer’s inbox');
  });
});
