import { fixedClock, systemClock } from '../libs/kernel/src';
import { DEMO_USERS, loadDemo, ReplayDecisions } from '../libs/application/src';
import { START } from '../libs/event-store/src';
import { applicationContext, loadPayrollDemo, payrollPolicies } from '../libs/platform/src';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appraisalPolicyOf, loadPolicyDocuments, type PolicyDocument } from '../libs/policies/src';
import { kinerja } from './support/cli';
import { startTestApp, TestApp, TestUser } from './support/app';
import { until } from './support/people';
import { payrollProjected } from './support/catch-up';

const as = (username: string): TestUser => {
  const u = DEMO_USERS.find((d) => d.username === username)!;
  return { sub: u.username, nip: u.nip, roles: u.roles };
};

/**
 * Issue 15 items 2 and 3 over the demo Pemda: every recorded decision replays the same; a changed
 * matrix cell is named in every decision it changes; the ledgers as of a past moment are the log
 * folded up to it (an objection's amendment, a recalculated slip).
 */
describe('audit: decision replay and the ledgers as of a moment', () => {
  let app: TestApp;
  const pegawai = as('pegawai').nip!;
  const replay = async (range = {}, policies?: () => Promise<readonly PolicyDocument[]>) =>
    (await applicationContext(app.rt, policies ? { policies } : undefined)).queries.execute(new ReplayDecisions(range));

  beforeAll(async () => {
    app = await startTestApp();
    app.rt.clock = fixedClock('2026-11-03T09:00:00+07:00');
    await loadDemo(await applicationContext(app.rt));
    expect(await loadPayrollDemo(app.rt)).toMatchObject({ loaded: true });
    // The run is priced: every line of the demo month is in the log.
    await until(async () => {
      const b = (await app.call('GET', '/api/v1/payroll/opds/DINKES/runs/2026-10')).body;
      return b.status === 'CALCULATED' && b;
    }, 'the demo run calculated');
    await payrollProjected(app.rt);
  });
  afterAll(() => app.close());

  const iso = (d: Date | string, shiftMs = 0) => new Date(Date.parse(typeof d === 'string' ? d : d.toISOString()) + shiftMs).toISOString();
  const eventOf = async (streamId: string, type: string) => (await app.rt.store.readStream(streamId)).find((e) => e.type === type)!;

  it('answers the appraisal ledger as of before and after an objection’s amendment with the old and the new predikat', async () => {
    const path = `/api/v1/appraisals/${pegawai}/2026-10`;
    const issued = await until(async () => {
      const b = (await app.call('GET', path, undefined, {}, as('pegawai'))).body;
      return b?.state === 'ISSUED' && b;
    }, 'the issued appraisal');
    expect((await app.call('POST', `${path}/objection`, { reasons: 'Capaian IKI Oktober belum dihitung' }, {}, as('pegawai'))).status).toBe(
      201,
    );
    const amended =
      issued.predikat === 'SANGAT_BAIK'
        ? { results: 'DI_BAWAH_EKSPEKTASI' }
        : { results: 'DI_ATAS_EKSPEKTASI', behaviour: 'DI_ATAS_EKSPEKTASI' };
    const decided = await app.call(
      'POST',
      `${path}/objection/decision`,
      { outcome: 'AMEND', reasons: 'Capaian dihitung ulang', ...amended },
      {},
      as('kabid.dinkes'),
    );
    expect(decided.status).toBe(201);
    // From here the clock is the machine's: the log's moments are the database's, and asOf may not be after now.
    app.rt.clock = systemClock;
    const live = await until(async () => {
      const b = (await app.call('GET', path, undefined, {}, as('pegawai'))).body;
      return b?.state === 'DECIDED' && b;
    }, 'the decided appraisal');
    expect(live.predikat).not.toBe(issued.predikat);
    const decision = await eventOf(`Appraisal-${pegawai}-2026-10`, 'ObjectionDecided');
    const before = (await app.call('GET', `${path}?asOf=${encodeURIComponent(iso(decision.recordedAt, -1))}`, undefined, {}, as('pegawai')))
      .body;
    expect(before).toMatchObject({ state: 'OBJECTED', predikat: issued.predikat, decision: null });
    const after = (await app.call('GET', `${path}?asOf=${encodeURIComponent(iso(decision.recordedAt))}`, undefined, {}, as('pegawai')))
      .body;
    expect(after).toMatchObject({
      state: 'DECIDED',
      predikat: live.predikat,
      decision: { outcome: 'AMEND', previousPredikat: issued.predikat },
    });
    // As of now the fold is the read model's row, field for field: the same projection code.
    expect(after).toEqual(live);
    const year = `/api/v1/appraisals/${pegawai}?year=2026`;
    const ledgerNow = (await app.call('GET', `${year}&asOf=${encodeURIComponent(iso(new Date()))}`, undefined, {}, as('pegawai'))).body;
    expect(ledgerNow).toEqual((await app.call('GET', year, undefined, {}, as('pegawai'))).body);
    const ledgerBefore = (
      await app.call('GET', `${year}&asOf=${encodeURIComponent(iso(decision.recordedAt, -1))}`, undefined, {}, as('pegawai'))
    ).body;
    expect(ledgerBefore.appraisals.map((a: { predikat: string }) => a.predikat)).toEqual([issued.predikat]);
  });

  it('answers the pay ledger as of before a recalculated slip without its new line', async () => {
    const pay = `/api/v1/employees/${pegawai}/pay/2026-10`;
    const old = (await app.call('GET', pay, undefined, {}, as('pegawai'))).body;
    expect(old.lines).toHaveLength(1);
    // The amended predikat reaches the pay inputs; the slip is recalculated on it.
    await until(async () => {
      const run = (await app.call('GET', '/api/v1/payroll/opds/DINKES/runs/2026-10', undefined, {}, as('bendahara.dinkes'))).body;
      return run.staleLines?.some((l: { nip: string }) => l.nip === pegawai);
    }, 'the stale line');
    const recalc = await app.call(
      'POST',
      `/api/v1/payroll/opds/DINKES/runs/2026-10/slips/${pegawai}/recalculate`,
      { reason: 'predikat diubah oleh keputusan keberatan' },
      {},
      as('bendahara.dinkes'),
    );
    expect(recalc.status).toBe(201);
    const live = await until(async () => {
      const b = (await app.call('GET', pay, undefined, {}, as('pegawai'))).body;
      return b.lines[0]?.revision === 1 && b;
    }, 'the recalculated line in the ledger');
    const recalculated = await eventOf('PayrollRun-DINKES:2026-10', 'PaySlipRecalculated');
    const before = (
      await app.call('GET', `${pay}?asOf=${encodeURIComponent(iso(recalculated.recordedAt, -1))}`, undefined, {}, as('pegawai'))
    ).body;
    expect(before.lines.map((l: { revision: number }) => l.revision)).toEqual([0]);
    expect(before.lines[0]).toMatchObject({ eventId: old.lines[0].eventId, amounts: old.lines[0].amounts });
    expect(before.net).toBe(old.net);
    const now = (await app.call('GET', `${pay}?asOf=${encodeURIComponent(iso(new Date()))}`, undefined, {}, as('pegawai'))).body;
    expect(now).toEqual(live);
    expect(now.lines[0].detail.inputs.predikat).not.toBe(old.lines[0].detail.inputs.predikat);
  });

  it('answers the record and the org chart as of a moment, and nothing before anything existed', async () => {
    const long = '2020-01-01T00:00:00Z';
    expect(await app.call('GET', `/api/v1/employees/${pegawai}?asOf=${long}`)).toMatchObject({
      status: 404,
      body: { error: { code: 'EMPLOYEE_NOT_FOUND' } },
    });
    expect((await app.call('GET', `/api/v1/org-chart?asOf=${long}`)).body).toMatchObject({ opds: [] });
    expect((await app.call('GET', `/api/v1/appraisals/${pegawai}?asOf=${long}`)).body).toMatchObject({ appraisals: [] });
    expect(await app.call('GET', `/api/v1/appraisals/${pegawai}/2026-10?asOf=${long}`)).toMatchObject({
      status: 404,
      body: { error: { code: 'APPRAISAL_NOT_FOUND' } },
    });
    expect((await app.call('GET', `/api/v1/employees/${pegawai}/pay/2026-10?asOf=${long}`)).body).toMatchObject({ lines: [], net: '0' });
    const now = encodeURIComponent(iso(new Date()));
    expect((await app.call('GET', `/api/v1/employees/${pegawai}?asOf=${now}`)).body).toEqual(
      (await app.call('GET', `/api/v1/employees/${pegawai}`)).body,
    );
    expect((await app.call('GET', `/api/v1/org-chart?opd=DINKES&asOf=${now}`)).body).toEqual(
      (await app.call('GET', '/api/v1/org-chart?opd=DINKES')).body,
    );
  });

  it('refuses an asOf that is malformed or to come with a code, and appends nothing', async () => {
    const head = await app.rt.store.head();
    for (const path of [
      `/api/v1/employees/${pegawai}`,
      '/api/v1/org-chart',
      `/api/v1/appraisals/${pegawai}`,
      `/api/v1/appraisals/${pegawai}/2026-10`,
      `/api/v1/employees/${pegawai}/pay/2026-10`,
    ]) {
      expect(await app.call('GET', `${path}?asOf=yesterday`)).toMatchObject({ status: 400, body: { error: { code: 'INVALID_AS_OF' } } });
      expect(await app.call('GET', `${path}?asOf=2026-11-31T00:00:00Z`)).toMatchObject({
        status: 400,
        body: { error: { code: 'INVALID_AS_OF' } },
      });
      expect(await app.call('GET', `${path}?asOf=2999-01-01T00:00:00Z`)).toMatchObject({
        status: 400,
        body: { error: { code: 'AS_OF_IN_FUTURE' } },
      });
    }
    expect(await app.rt.store.head()).toEqual(head);
  });

  it('replays every decision of the demo Pemda the same', async () => {
    const r = await replay();
    expect(r.differences).toEqual([]);
    expect(r.different).toBe(0);
    expect(r.notReplayable).toBe(0);
    expect(r.same).toBe(r.checked);
    const kinds = new Map(r.byKind.map((k) => [k.kind, k.checked]));
    expect(kinds.get('rating')).toBeGreaterThan(0);
    expect(kinds.get('calibration.issue')).toBe(1);
    expect(kinds.get('pay.line')).toBeGreaterThan(0);
    // The amendment above and the recalculated slip's line are among them.
    expect(kinds.get('objection.decision')).toBe(1);
  });

  it('names every decision a changed matrix cell changes, and only those', async () => {
    const documents = await payrollPolicies(app.rt)();
    // The same versions, one cell of each one's matrix changed (a document without one has the default).
    const changed: PolicyDocument[] = documents.map((d) => {
      const appraisal = appraisalPolicyOf(d);
      const matrix = JSON.parse(JSON.stringify(appraisal.matrix)) as typeof appraisal.matrix;
      matrix.SESUAI_EKSPEKTASI.SESUAI_EKSPEKTASI = 'SANGAT_BAIK';
      return { ...d, appraisal: { ...appraisal, matrix } };
    });
    // The decisions the cell decides, read from the log itself.
    const expected: string[] = [];
    for (let after = START; ;) {
      const page = await app.rt.store.readAll({ after, limit: 1000, types: ['AppraisalRated', 'ObjectionDecided'] });
      if (!page.events.length) break;
      after = page.checkpoint;
      for (const e of page.events) {
        const d = e.data as { results: string; behaviour: string; outcome?: string };
        const decidedByMatrix = e.type === 'AppraisalRated' || d.outcome === 'AMEND';
        if (decidedByMatrix && d.results === 'SESUAI_EKSPEKTASI' && d.behaviour === 'SESUAI_EKSPEKTASI') expected.push(e.id);
      }
    }
    expect(expected.length).toBeGreaterThan(0);
    const r = await replay({}, async () => changed);
    expect(r.different).toBe(expected.length);
    expect(r.differences.map((d) => d.eventId).sort()).toEqual(expected.sort());
    for (const d of r.differences) expect(d.differences).toEqual([{ field: 'predikat', recorded: 'BAIK', replayed: 'SANGAT_BAIK' }]);
  });

  it('refuses a bad range with a code and appends nothing', async () => {
    const head = await app.rt.store.head();
    await expect(replay({ from: '2026-13-01' })).rejects.toMatchObject({ code: 'INVALID_DATE' });
    await expect(replay({ from: '2026-11-02', to: '2026-11-01' })).rejects.toMatchObject({ code: 'INVALID_RANGE' });
    await expect(replay({ stream: 'Appraisal-000000000000000000-2026-10' })).rejects.toMatchObject({ code: 'STREAM_NOT_FOUND' });
    const one = await replay({ stream: `Appraisal-${pegawai}-2026-10` });
    expect(one).toMatchObject({ different: 0, notReplayable: 0 });
    expect(one.byKind.map((k) => k.kind)).toEqual(['rating', 'objection.decision']);
    expect(await replay({ from: '2030-01-01' })).toMatchObject({ checked: 0 });
    expect(await app.rt.store.head()).toEqual(head);
  });

  it('kinerja audit replay prints the summary, and exits 1 naming each difference under a changed matrix cell', async () => {
    const ok = await kinerja(['audit', 'replay'], { DATABASE_URL: app.db.url });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^ok: (\d+) decisions checked \(\d+ events read\): \1 same, 0 different, 0 not replayable/);
    expect(ok.stdout).toMatch(/pay\.line +\d+ checked/);
    expect(ok.stderr).toMatch(/replaying: 100%/);
    // The shipped Perkada with one cell of its matrix changed, in a policy directory of its own.
    const dir = mkdtempSync(join(tmpdir(), 'kinerja-policy-'));
    const docs = loadPolicyDocuments();
    for (const d of docs) {
      const appraisal = appraisalPolicyOf(d);
      const matrix = {
        ...appraisal.matrix,
        SESUAI_EKSPEKTASI: { ...appraisal.matrix.SESUAI_EKSPEKTASI, SESUAI_EKSPEKTASI: 'SANGAT_BAIK' },
      };
      writeFileSync(
        join(dir, `${d.policyVersion.replace(/\W/g, '-')}.json`),
        JSON.stringify({ ...d, appraisal: { ...appraisal, matrix } }),
      );
    }
    const changed = await kinerja(['audit', 'replay'], { DATABASE_URL: app.db.url, KINERJA_POLICY_DIR: dir }).finally(() =>
      rmSync(dir, { recursive: true, force: true }),
    );
    expect(changed.code).toBe(1);
    expect(changed.stdout).toMatch(/^DIFFERENT: \d+ decisions checked/);
    expect(changed.stdout).toMatch(
      /rating AppraisalRated Appraisal-\d{18}-2026-10@0 .*\n {4}predikat: recorded "BAIK", replayed "SANGAT_BAIK"/,
    );
    const bad = await kinerja(['audit', 'replay', '--from', '2026-13-01'], { DATABASE_URL: app.db.url });
    expect(bad).toMatchObject({ code: 1, stderr: expect.stringMatching(/^kinerja: INVALID_DATE: /) });
  });
});
