import { EmployeeHistoryView } from '../libs/contracts/src/responses';
import { startTestApp, TestApp, TestUser } from './support/app';
import { ADMIN, ANALIS, ANALIS2, buildDinkes, me, ok, OTHER, until } from './support/people';

const BENDAHARA: TestUser = { sub: 'bendahara.dinkes', roles: ['bendahara:DINKES'] };

/**
 * GET /api/v1/employees/{nip}/history: every change of an employee's register, newest effective date
 * first, with who recorded it and why; salary and the full account only to whom the record shows them;
 * the same access as the record; a read through a role recorded in the access log; bad input coded.
 */
describe('an employee’s history over HTTP (real PostgreSQL)', () => {
  let app: TestApp;
  const eventCount = async () => Number((await app.db.pool.query('SELECT count(*) AS n FROM events')).rows[0].n);
  const history = (nip: string, as: TestUser, query = '') => app.call('GET', `/api/v1/employees/${nip}/history${query}`, undefined, {}, as);

  beforeAll(async () => {
    app = await startTestApp();
    await buildDinkes(app);
    await ok(app, 'POST', `/api/v1/employees/${ANALIS}/position`, {
      positionId: 'KABID-P2P',
      positionGrade: 12,
      effectiveDate: '2026-06-01',
      reason: 'SK 821/7 promosi',
    });
    await ok(app, 'POST', `/api/v1/employees/${ANALIS}/salary`, {
      salaryBase: '5000000',
      salaryGross: '5600000',
      effectiveDate: '2026-06-01',
    });
    await ok(app, 'POST', `/api/v1/employees/${ANALIS}/bank-account`, {
      bankAccount: { bankName: 'BANK JATENG', accountNumber: '3010099999', accountName: 'SITI WULANDARI' },
      effectiveDate: '2026-02-01',
    });
  });
  afterAll(async () => {
    await app.close();
  });

  it('lists every change, newest effective date first, with who and why', async () => {
    const r = await history(ANALIS, ADMIN);
    expect(r.status).toBe(200);
    expect(EmployeeHistoryView.safeParse(r.body).error?.issues ?? []).toEqual([]);
    expect(r.body.items.map((i: { type: string; effectiveDate: string }) => `${i.effectiveDate} ${i.type}`)).toEqual([
      '2026-06-01 SalaryChanged',
      '2026-06-01 PositionChanged',
      '2026-02-01 BankAccountChanged',
      '2026-01-01 EmployeeRegistered',
    ]);
    const position = r.body.items[1];
    expect(position).toMatchObject({
      reason: 'SK 821/7 promosi',
      actor: 'admin.bkpsdm',
      changes: [
        { field: 'positionId', value: 'KABID-P2P' },
        { field: 'positionGrade', value: '12' },
      ],
    });
    expect(r.body.page).toEqual({ page: 1, pageSize: 50, total: 4, pages: 1 });
  });

  it('shows salary and the full account as the record does: hidden and masked to BKPSDM, shown to the OPD’s bendahara', async () => {
    const admin = (await history(ANALIS, ADMIN)).body;
    expect(admin.financialDetails).toBe('hidden');
    expect(admin.items[0]).toMatchObject({ type: 'SalaryChanged', changes: [] });
    expect(JSON.stringify(admin)).not.toContain('3010099999');
    expect(admin.items[2].changes).toEqual([{ field: 'bankAccount', value: 'BANK JATENG ******9999 a.n. SITI WULANDARI' }]);
    const finance = (await history(ANALIS, BENDAHARA)).body;
    expect(finance.financialDetails).toBe('shown');
    expect(finance.items[0].changes).toEqual([
      { field: 'salaryBase', value: '5000000' },
      { field: 'salaryGross', value: '5600000' },
    ]);
    expect(finance.items[2].changes[0].value).toContain('3010099999');
  });

  it('pages, and refuses whom the record refuses, a NIP nobody registered and bad input, appending nothing', async () => {
    const second = (await history(ANALIS, ADMIN, '?page=2&pageSize=3')).body;
    expect(second.items.map((i: { type: string }) => i.type)).toEqual(['EmployeeRegistered']);
    expect(second.page).toEqual({ page: 2, pageSize: 3, total: 4, pages: 2 });
    const before = await eventCount();
    expect((await history(ANALIS, me(ANALIS2))).status).toBe(403);
    expect((await history(ANALIS, { sub: 'bendahara.disdik', roles: ['bendahara:DISDIK'] })).status).toBe(403);
    expect((await history('199001012015031009', ADMIN)).status).toBe(404);
    for (const q of ['?pageSize=500', '?page=0', '?order=asc', '?reason='])
      expect({ q, status: (await history(ANALIS, ADMIN, q)).status }).toEqual({ q, status: 400 });
    expect((await history('__proto__', ADMIN)).status).toBe(400);
    expect(await eventCount()).toBe(before);
    // The employee reads their own.
    expect((await history(ANALIS, me(ANALIS))).status).toBe(200);
    expect((await history(OTHER, me(OTHER))).body.items).toHaveLength(1);
  });

  it('records a read through a role in the employee’s access log, with its reason', async () => {
    const r = await history(ANALIS2, ADMIN, '?reason=Verifikasi%20mutasi');
    expect(r.status).toBe(200);
    // The access log is a read model: it follows the log.
    const log = await until(async () => {
      const l = await app.call('GET', `/api/v1/employees/${ANALIS2}/access-log`, undefined, {}, me(ANALIS2));
      return l.status === 200 && l.body.reads.length > 0 && l.body;
    }, 'access log');
    expect(JSON.stringify(log.reads)).toContain('Verifikasi mutasi');
  });
});
