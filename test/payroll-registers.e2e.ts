import { startTestApp, TestApp, TestUser } from './support/app';
import { registerEmployees, TestEmployee } from './fixtures/payroll';

/**
 * The reads behind the console's Keuangan pages: the sanctions register (filtered and paged), an OPD's
 * TPP budgets month by month, the policy versions with their documents, and the import's dry run
 * that appends nothing.
 */
const OPD = 'OPD-DINKES';
const OTHER = 'OPD-DISDIK';
const A: TestEmployee = {
  nip: '198503122010011002',
  name: 'Siti Rahayu',
  opdId: OPD,
  positionGrade: 7,
  salaryBase: '4000000',
  salaryGross: '4500000',
  terCategory: 'A',
};
const B: TestEmployee = { ...A, nip: '199001012015032001', name: 'Budi Santoso' };
const C: TestEmployee = { ...A, nip: '198801012012011003', name: 'Citra Dewi', opdId: OTHER };

const admin: TestUser = { sub: 'r-admin', roles: ['admin_kepegawaian'] };
const bpkad: TestUser = { sub: 'r-bpkad', roles: ['bpkad'] };
const bendahara: TestUser = { sub: 'r-bendahara', roles: [`bendahara:${OPD}`] };
const bendaharaOther: TestUser = { sub: 'r-bendahara-disdik', roles: [`bendahara:${OTHER}`] };
const pegawai: TestUser = { sub: 'r-siti', nip: A.nip, roles: ['pegawai'] };

describe('payroll registers read by the console (real API and PostgreSQL)', () => {
  let app: TestApp;
  const count = async (prefix: string) =>
    Number((await app.rt.db.pool.query('SELECT count(*) AS n FROM events WHERE stream_id LIKE $1', [`${prefix}%`])).rows[0].n);
  const until = async <T>(fn: () => Promise<T | undefined | false>, what: string, ms = 30_000): Promise<T> => {
    const end = Date.now() + ms;
    for (;;) {
      const v = await fn().catch(() => undefined);
      if (v) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    app = await startTestApp();
    for (const unitId of [OPD, OTHER]) {
      const r = await app.call(
        'POST',
        '/api/v1/org-units',
        { unitId, name: unitId, parentUnitId: null, budgetCode: `B-${unitId}`, effectiveDate: '2020-01-01' },
        {},
        admin,
      );
      if (r.status !== 201) throw new Error(`org unit ${unitId}: ${r.status} ${JSON.stringify(r.body)}`);
    }
    await registerEmployees(app.rt.store, [A, B, C]);
    await until(
      async () => Number((await app.rt.db.pool.query('SELECT count(*) AS n FROM pay_employee')).rows[0].n) === 3,
      'register projected',
    );
  });
  afterAll(async () => {
    await app.close();
  });

  it('an attendance dry run reports every bad row and appends nothing; the fixed file imports', async () => {
    const before = await count('');
    const bad = `nip,TL1,TK\n${A.nip},1,x\n123,0,0\n${A.nip},0,0\n`;
    const dry = await app.call('POST', '/api/v1/payroll/attendance/2026-05/import?dryRun=true', { csv: bad }, {}, admin);
    expect(dry.status).toBe(201);
    expect(dry.body).toMatchObject({ dryRun: true, rows: 3, appended: 0 });
    expect(dry.body.errors.map((e: { line: number; code: string }) => [e.line, e.code])).toEqual([
      [2, 'INVALID_ATTENDANCE_COUNT'],
      [3, 'INVALID_NIP'],
      [4, 'DUPLICATE_NIP'],
    ]);
    expect(await count('')).toBe(before);
    const fixed = await app.call('POST', '/api/v1/payroll/attendance/2026-05/import', { csv: `nip,TL1,TK\n${A.nip},1,0\n` }, {}, admin);
    expect(fixed).toMatchObject({ status: 201, body: { dryRun: false, valid: 1, appended: 1 } });
  });

  it('lists the sanctions register with filters by NIP, month and OPD, paged; only for who records them', async () => {
    for (const [nip, type, startMonth, months] of [
      [A.nip, 'RINGAN', '2026-01', 3],
      [B.nip, 'SEDANG', '2026-02', 6],
      [C.nip, 'BERAT', '2026-06', 12],
    ] as const)
      expect(
        (
          await app.call(
            'POST',
            '/api/v1/payroll/sanctions',
            { nip, type, startMonth, months, decreeNumber: `SK/${nip}`, reason: 'PP 94/2021' },
            {},
            admin,
          )
        ).status,
      ).toBe(201);
    const all = await until(async () => {
      const r = await app.call('GET', '/api/v1/payroll/sanctions', undefined, {}, admin);
      return r.status === 200 && r.body.sanctions.length === 3 && r.body;
    }, 'sanctions projected');
    expect(all).toMatchObject({ limit: 100, offset: 0 });
    expect(all.sanctions.map((s: { nip: string }) => s.nip)).toEqual([C.nip, B.nip, A.nip]);
    expect(all.sanctions[1]).toMatchObject({
      nip: B.nip,
      name: 'Budi Santoso',
      opdId: OPD,
      type: 'SEDANG',
      startMonth: '2026-02',
      months: 6,
      endMonth: '2026-08',
      decreeNumber: `SK/${B.nip}`,
    });
    const nips = async (query: string) =>
      (await app.call('GET', `/api/v1/payroll/sanctions?${query}`, undefined, {}, admin)).body.sanctions.map((s: { nip: string }) => s.nip);
    expect(await nips(`nip=${A.nip}`)).toEqual([A.nip]);
    expect(await nips('month=2026-03')).toEqual([B.nip, A.nip]);
    expect(await nips('month=2026-04')).toEqual([B.nip]);
    expect(await nips('month=2026-08')).toEqual([C.nip]);
    expect(await nips('month=2025-12')).toEqual([]);
    expect(await nips(`opdId=${OTHER}`)).toEqual([C.nip]);
    expect(await nips('limit=1&offset=1')).toEqual([B.nip]);
    expect((await app.call('GET', '/api/v1/payroll/sanctions?month=2026-13', undefined, {}, admin)).status).toBe(400);
    expect((await app.call('GET', '/api/v1/payroll/sanctions?nope=1', undefined, {}, admin)).status).toBe(400);
    expect((await app.call('GET', '/api/v1/payroll/sanctions', undefined, {}, pegawai)).status).toBe(403);
  });

  it('reads an OPD’s budgets month by month: BPKAD and the OPD’s finance staff, not another OPD’s', async () => {
    for (const [month, amount] of [
      ['2026-04', '25000000'],
      ['2026-03', '20000000'],
      ['2026-04', '26000000'],
    ])
      expect(
        (await app.call('POST', `/api/v1/payroll/opds/${OPD}/budgets/${month}`, { amount, reason: 'DPA 2026' }, {}, bpkad)).status,
      ).toBe(201);
    const expected = {
      opdId: OPD,
      budgets: [
        { month: '2026-03', amount: '20000000' },
        { month: '2026-04', amount: '26000000' },
      ],
    };
    expect(await app.call('GET', `/api/v1/payroll/opds/${OPD}/budgets`, undefined, {}, bpkad)).toMatchObject({
      status: 200,
      body: expected,
    });
    expect(await app.call('GET', `/api/v1/payroll/opds/${OPD}/budgets`, undefined, {}, bendahara)).toMatchObject({
      status: 200,
      body: expected,
    });
    expect((await app.call('GET', `/api/v1/payroll/opds/${OTHER}/budgets`, undefined, {}, bpkad)).body).toEqual({
      opdId: OTHER,
      budgets: [],
    });
    const outside = await app.call('GET', `/api/v1/payroll/opds/${OPD}/budgets`, undefined, {}, bendaharaOther);
    expect(outside.status).toBe(403);
    expect((await app.call('GET', '/api/v1/payroll/opds/NOPE/budgets', undefined, {}, bpkad)).body.error?.code).toBe('UNKNOWN_OPD');
  });

  it('lists the policy versions with their documents, and why a published one was published', async () => {
    const r = await app.call('GET', '/api/v1/policies', undefined, {}, pegawai);
    expect(r.status).toBe(200);
    const v = r.body.versions[0];
    expect(v.document).toMatchObject({ policyVersion: v.policyVersion, effectiveFrom: v.effectiveFrom, enactedBy: v.enactedBy });
    expect(v.published).toBeNull();
    const next = { ...v.document, policyVersion: `${v.policyVersion}-baru`, effectiveFrom: '2030-01-01' };
    expect((await app.call('POST', '/api/v1/policies', { document: next, reason: 'Perkada perubahan' }, {}, bpkad)).status).toBe(201);
    const after = (await app.call('GET', '/api/v1/policies', undefined, {}, pegawai)).body.versions;
    expect(after.find((x: { policyVersion: string }) => x.policyVersion === next.policyVersion)).toMatchObject({
      document: next,
      published: { reason: 'Perkada perubahan' },
    });
  });
});
