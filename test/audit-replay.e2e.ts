import { fixedClock } from '../libs/kernel/src';
import { DEMO_USERS, loadDemo, ReplayDecisions } from '../libs/application/src';
import { START } from '../libs/event-store/src';
import { applicationContext, loadPayrollDemo, payrollPolicies } from '../libs/platform/src';
import { appraisalPolicyOf, type PolicyDocument } from '../libs/policies/src';
import { startTestApp, TestApp, TestUser } from './support/app';
import { until } from './support/people';

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
  });
  afterAll(() => app.close());

  it('replays every decision of the demo Pemda the same', async () => {
    const r = await replay();
    expect(r.different).toBe(0);
    expect(r.notReplayable).toBe(0);
    expect(r.same).toBe(r.checked);
    const kinds = new Map(r.byKind.map((k) => [k.kind, k.checked]));
    expect(kinds.get('rating')).toBeGreaterThan(0);
    expect(kinds.get('calibration.issue')).toBe(1);
    expect(kinds.get('pay.line')).toBeGreaterThan(0);
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
      const page = await app.rt.store.readAll({ after, limit: 1000, types: ['AppraisalRated'] });
      if (!page.events.length) break;
      after = page.checkpoint;
      for (const e of page.events) {
        const d = e.data as { results: string; behaviour: string };
        if (d.results === 'SESUAI_EKSPEKTASI' && d.behaviour === 'SESUAI_EKSPEKTASI') expected.push(e.id);
      }
    }
    expect(expected.length).toBeGreaterThan(0);
    const r = await replay({}, async () => changed);
    expect(r.different).toBe(expected.length);
    expect(r.differences.map((d) => d.eventId).sort()).toEqual(expected.sort());
    for (const d of r.differences) {
      expect(d.kind).toBe('rating');
      expect(d.differences).toEqual([{ field: 'predikat', recorded: 'BAIK', replayed: 'SANGAT_BAIK' }]);
    }
  });

  it('refuses a bad range with a code and appends nothing', async () => {
    const head = await app.rt.store.head();
    await expect(replay({ from: '2026-13-01' })).rejects.toMatchObject({ code: 'INVALID_DATE' });
    await expect(replay({ from: '2026-11-02', to: '2026-11-01' })).rejects.toMatchObject({ code: 'INVALID_RANGE' });
    await expect(replay({ stream: 'Appraisal-000000000000000000-2026-10' })).rejects.toMatchObject({ code: 'STREAM_NOT_FOUND' });
    const one = await replay({ stream: `Appraisal-${pegawai}-2026-10` });
    expect(one).toMatchObject({ different: 0, notReplayable: 0 });
    expect(one.byKind.map((k) => k.kind)).toEqual(['rating']);
    expect(await replay({ from: '2030-01-01' })).toMatchObject({ checked: 0 });
    expect(await app.rt.store.head()).toEqual(head);
  });
});
