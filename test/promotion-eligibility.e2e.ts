import { fixedClock } from '../libs/kernel/src';
import { DEMO_USERS, FinaliseAppraisal } from '../libs/application/src';
import { applicationContext, DEMO_PAYROLL, loadAppraisalDemo, loadDemoData } from '../libs/platform/src';
import { PromotionEligibilityListView } from '../libs/contracts/src/responses';
import { startTestApp, TestApp, TestUser } from './support/app';
import { until } from './support/people';

/**
 * BKPSDM's list of promotion eligibility (GET /api/v1/follow-up/promotion-eligibility[?year=]): an
 * OPD's last period of a year rated and issued (the demo's pattern), its objection windows ended, and
 * every employee's determination listed as each one's own follow-up gives it.
 */
const OPD = DEMO_PAYROLL.opdId;
const YEAR = Number(DEMO_PAYROLL.month.slice(0, 4));
const LAST_PERIOD = `${YEAR}-12`;

describe('the promotion eligibility list', () => {
  let app: TestApp;
  const as = (username: string): TestUser => {
    const u = DEMO_USERS.find((d) => d.username === username)!;
    return { sub: u.username, ...(u.nip ? { nip: u.nip } : {}), roles: [...u.roles] };
  };
  const list = (query: string, who = as('admin.bkpsdm')) =>
    app.call('GET', `/api/v1/follow-up/promotion-eligibility${query}`, undefined, {}, who);

  beforeAll(async () => {
    app = await startTestApp();
    // After the year's last period, whatever day the test runs.
    const clock = fixedClock(`${YEAR + 1}-01-05T09:00:00+07:00`);
    app.rt.clock = clock;
    await loadDemoData(app.rt, { payroll: false });
    const issued = await loadAppraisalDemo(app.rt, OPD, LAST_PERIOD);
    expect(issued.issued).toBeGreaterThan(0);
    // The objection windows end: each appraisal final, and its year's eligibility determined with it.
    clock.set(`${YEAR + 1}-02-01T09:00:00+07:00`);
    const unit = (await app.call('GET', `/api/v1/appraisal-units/${OPD}/${LAST_PERIOD}?limit=500`)).body.appraisals as Array<{
      nip: string;
    }>;
    const { commands } = await applicationContext(app.rt);
    for (const { nip } of unit) await commands.execute(new FinaliseAppraisal(nip as never, LAST_PERIOD as never));
  });
  afterAll(() => app.close());

  it('lists each employee’s determination of the year, as their own follow-up gives it, paged', async () => {
    const unit = (await app.call('GET', `/api/v1/appraisal-units/${OPD}/${LAST_PERIOD}?limit=500`)).body.appraisals as Array<{
      nip: string;
    }>;
    const rows = await until(async () => {
      const r = await list(`?year=${YEAR}&limit=500`);
      return r.status === 200 && r.body.eligibility.length === unit.length && r.body;
    }, 'every determination in the read model');
    expect(PromotionEligibilityListView.safeParse(rows).error?.issues ?? []).toEqual([]);
    expect(rows.eligibility.map((e: { nip: string }) => e.nip)).toEqual(unit.map((u) => u.nip).sort());
    const first = rows.eligibility[0];
    const own = await app.call('GET', `/api/v1/follow-up/employees/${first.nip}`, undefined, {}, as('admin.bkpsdm'));
    expect(own.body.promotionEligibility).toEqual([first]);
    expect(first).toMatchObject({ year: YEAR, period: LAST_PERIOD, eligible: expect.any(Boolean) });
    // Paged by limit and offset; another year has none.
    const page2 = await list(`?year=${YEAR}&limit=2&offset=2`);
    expect(page2.body.eligibility).toEqual(rows.eligibility.slice(2, 4));
    expect((await list(`?year=${YEAR - 1}`)).body.eligibility).toEqual([]);
    // The inspectorate reads it; an employee does not; a bad year or page is a coded 400.
    expect((await list('', { sub: 'inspektur', roles: ['inspektorat'] })).status).toBe(200);
    const pegawai = await list('', as('pegawai'));
    expect([pegawai.status, pegawai.body.error.code]).toEqual([403, 'ROLE_REQUIRED']);
    const bad = await list('?year=20x');
    expect([bad.status, bad.body.error.code]).toEqual([400, 'INVALID_YEAR']);
    expect((await list('?limit=0')).status).toBe(400);
  });
});
