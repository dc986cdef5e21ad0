import { calculateTpp, loadPolicyDocuments } from '../libs/policies/src';
import { ReplayDecisions } from '../libs/application/src';
import { applicationContext } from '../libs/platform/src';
import { startTestApp, TestApp, TestUser } from './support/app';
import { registerEmployees, TestEmployee } from './fixtures/payroll';

const OPD = 'OPD-DINKES';
const A: TestEmployee = {
  nip: '198503122010011002',
  name: 'Siti Rahayu',
  opdId: OPD,
  positionGrade: 7,
  salaryBase: '4000000',
  salaryGross: '4500000',
  terCategory: 'A',
};
const B: TestEmployee = {
  nip: '199001012015032001',
  name: 'Budi Santoso',
  opdId: OPD,
  positionGrade: 9,
  salaryBase: '6000000',
  salaryGross: '6500000',
  terCategory: 'A',
};
const C: TestEmployee = {
  nip: '198801012012011003',
  name: 'Citra Dewi',
  opdId: 'OPD-DISDIK',
  positionGrade: 5,
  salaryBase: '3000000',
  salaryGross: '3500000',
  terCategory: 'B',
};

const admin: TestUser = { sub: 'u-admin', roles: ['admin_kepegawaian'] };
const bendahara: TestUser = { sub: 'u-bendahara', roles: [`bendahara:${OPD}`] };
const bendahara2: TestUser = { sub: 'u-bendahara-2', roles: [`bendahara:${OPD}`] };
const doubleHat: TestUser = { sub: 'u-double', roles: [`bendahara:${OPD}`, `ppk_skpd:${OPD}`] };
const ppk: TestUser = { sub: 'u-ppk', roles: [`ppk_skpd:${OPD}`] };
const kepala: TestUser = { sub: 'u-kepala', roles: [`kepala_opd:${OPD}`] };
const kepalaDisdik: TestUser = { sub: 'u-kepala-disdik', roles: ['kepala_opd:OPD-DISDIK'] };
const bendaharaDisdik: TestUser = { sub: 'u-bendahara-disdik', roles: ['bendahara:OPD-DISDIK'] };
const bpkad: TestUser = { sub: 'u-bpkad', roles: ['bpkad'] };
const siti: TestUser = { sub: 'u-siti', nip: A.nip, roles: ['pegawai'] };
const budi: TestUser = { sub: 'u-budi', nip: B.nip, roles: ['pegawai'] };

const RUNS = `/api/v1/payroll/opds/${OPD}/runs`;

describe('TPP payroll over HTTP (real API, worker and PostgreSQL)', () => {
  let app: TestApp;
  const countEvents = async (prefix: string) =>
    Number((await app.rt.db.pool.query('SELECT count(*) AS n FROM events WHERE stream_id LIKE $1', [`${prefix}%`])).rows[0].n);
  const until = async <T>(fn: () => Promise<T | undefined | false>, what: string, ms = 30_000): Promise<T> => {
    const end = Date.now() + ms;
    for (;;) {
      const v = await fn().catch(() => undefined); // the read model's tables appear once the worker has made them
      if (v) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const calculated = (month: string) =>
    until(async () => {
      const r = await app.call('GET', `${RUNS}/${month}`, undefined, {}, bendahara);
      return r.body.status === 'CALCULATED' && r.body.calculationJob?.state === 'completed' && r.body;
    }, `${month} calculated`);
  /** The pay ledger once it shows `lines` lines (and, when given, the run's status: the lines and the run's steps are projected from different events). */
  const ledger = (nip: string, month: string, as: TestUser, lines: number, runStatus?: string) =>
    until(async () => {
      const r = await app.call('GET', `/api/v1/employees/${nip}/pay/${month}`, undefined, {}, as);
      return (
        r.status === 200 &&
        r.body.lines.length >= lines &&
        (!runStatus || r.body.lines.every((l: { runStatus: string }) => l.runStatus === runStatus)) &&
        r.body
      );
    }, `pay ledger of ${nip} ${month}`);

  beforeAll(async () => {
    app = await startTestApp();
    // The OPDs a budget is set for must exist in the organisation.
    for (const unitId of [OPD, 'OPD-DISDIK']) {
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
    // the projection has to know the register before imports check NIPs against it
    await until(
      async () => Number((await app.rt.db.pool.query('SELECT count(*) AS n FROM pay_employee')).rows[0].n) === 3,
      'register projected',
    );
  });
  afterAll(async () => {
    await app.close();
  });

  it('imports predikat and attendance with a dry run that reports bad rows, and refuses a file with bad rows whole', async () => {
    const badPredikat = `nip,predikat\n${A.nip},BAIK\n${B.nip},LUAR_BIASA\n123,BAIK\n`;
    const dry = await app.call('POST', '/api/v1/payroll/predikat/2026-03/import', { csv: badPredikat, dryRun: true }, {}, admin);
    expect(dry.status).toBe(201);
    expect(dry.body).toMatchObject({ dryRun: true, valid: 1, appended: 0 });
    expect(dry.body.errors.map((e: { code: string }) => e.code).sort()).toEqual(['INVALID_NIP', 'UNKNOWN_PREDIKAT']);
    const refused = await app.call('POST', '/api/v1/payroll/predikat/2026-03/import', { csv: badPredikat }, {}, admin);
    expect(refused).toMatchObject({ status: 400, body: { error: { code: 'IMPORT_HAS_ERRORS' } } });
    expect(await countEvents('PredikatIssue-')).toBe(0);

    const unknownCode = await app.call(
      'POST',
      '/api/v1/payroll/attendance/2026-03/import',
      { csv: `nip,TL1,XX\n${A.nip},1,1\n` },
      {},
      admin,
    );
    expect(unknownCode).toMatchObject({ status: 400, body: { error: { code: 'UNKNOWN_ATTENDANCE_CODE' } } });
    const negative = await app.call('POST', '/api/v1/payroll/attendance/2026-03/import', { csv: `nip,TL1\n${A.nip},-2\n` }, {}, admin);
    expect(negative).toMatchObject({
      status: 400,
      body: { error: { code: 'IMPORT_HAS_ERRORS', details: { errors: [{ code: 'INVALID_ATTENDANCE_COUNT', line: 2 }] } } },
    });
    expect(await countEvents('Attendance-')).toBe(0);
    expect(
      (await app.call('POST', '/api/v1/payroll/attendance/2026-03/import', { csv: `nip,TL1\n${A.nip},1\n` }, {}, bendahara)).status,
    ).toBe(403);

    expect(
      await app.call(
        'POST',
        '/api/v1/payroll/predikat/2026-03/import',
        { csv: `nip,predikat\n${A.nip},BAIK\n${B.nip},BUTUH_PERBAIKAN\n${C.nip},BAIK\n` },
        {},
        admin,
      ),
    ).toMatchObject({ status: 201, body: { valid: 3, appended: 1 } });
    expect(
      await app.call(
        'POST',
        '/api/v1/payroll/attendance/2026-03/import',
        { csv: `nip,TL1,TL2,TL3,TK\n${A.nip},2,1,0,0\n${B.nip},0,0,1,2\n` },
        {},
        admin,
      ),
    ).toMatchObject({ status: 201, body: { valid: 2, appended: 1 } });
    const sanction = await app.call(
      'POST',
      '/api/v1/payroll/sanctions',
      { nip: B.nip, type: 'SEDANG', startMonth: '2026-01', months: 6, decreeNumber: 'SK/12/2025', reason: 'PP 94/2021 pasal 8' },
      {},
      admin,
    );
    expect(sanction.status).toBe(201);
    expect(
      (
        await app.call(
          'POST',
          '/api/v1/payroll/sanctions',
          { nip: B.nip, type: 'SEDANG', startMonth: '2026-01', months: 7, reason: 'x' },
          {},
          admin,
        )
      ).body.error.code,
    ).toBe('INVALID_MONTHS');
    expect(
      (await app.call('POST', `/api/v1/payroll/opds/${OPD}/budgets/2026-03`, { amount: '20000000', reason: 'DPA 2026' }, {}, bendahara))
        .status,
    ).toBe(403);
    expect(
      (await app.call('POST', `/api/v1/payroll/opds/${OPD}/budgets/2026-03`, { amount: '20000000', reason: 'DPA 2026' }, {}, bpkad)).status,
    ).toBe(201);
  });

  it('refuses a budget for an OPD nobody created (`0`, `NaN`, `1e309`, a look-alike, a unit below an OPD) with UNKNOWN_OPD, appending nothing', async () => {
    const total = async () => Number((await app.rt.db.pool.query('SELECT count(*) AS n FROM events')).rows[0].n);
    const before = await total();
    for (const opd of ['0', 'NaN', '1e309', 'Infinity', '-0', 'OPD-DINKES.', 'opd-dinkes']) {
      const r = await app.call(
        'POST',
        `/api/v1/payroll/opds/${encodeURIComponent(opd)}/budgets/2026-03`,
        { amount: '20000000', reason: 'DPA 2026' },
        {},
        bpkad,
      );
      expect({ opd, status: r.status, code: r.body.error?.code, details: r.body.error?.details }).toEqual({
        opd,
        status: 404,
        code: 'UNKNOWN_OPD',
        details: { opdId: opd, month: '2026-03' },
      });
    }
    // A unit below an OPD owns no budget; an OPD created later has none for a month before it.
    await app.call(
      'POST',
      '/api/v1/org-units',
      { unitId: 'OPD-DINKES-P2P', name: 'P2P', parentUnitId: OPD, effectiveDate: '2020-01-01' },
      {},
      admin,
    );
    await app.call(
      'POST',
      '/api/v1/org-units',
      { unitId: 'OPD-BARU', name: 'Baru', parentUnitId: null, budgetCode: 'B-BARU', effectiveDate: '2026-04-01' },
      {},
      admin,
    );
    for (const [opd, month] of [
      ['OPD-DINKES-P2P', '2026-03'],
      ['OPD-BARU', '2026-03'],
    ]) {
      const r = await app.call('POST', `/api/v1/payroll/opds/${opd}/budgets/${month}`, { amount: '1', reason: 'x' }, {}, bpkad);
      expect({ opd, status: r.status, code: r.body.error?.code }).toEqual({ opd, status: 404, code: 'UNKNOWN_OPD' });
    }
    expect(await total()).toBe(before + 2); // the two units only
    expect((await app.call('POST', '/api/v1/payroll/opds/OPD-BARU/budgets/2026-04', { amount: '1', reason: 'x' }, {}, bpkad)).status).toBe(
      201,
    );
  });

  let digest = '';
  it('refuses a run for a month with no policy in force, and a run of another OPD', async () => {
    const before = await countEvents('PayrollRun-');
    expect(await app.call('POST', RUNS, { month: '2025-12' }, {}, bendahara)).toMatchObject({
      status: 422,
      body: { error: { code: 'NO_POLICY_IN_FORCE' } },
    });
    expect(await app.call('POST', RUNS, { month: '2026-03' }, {}, bendaharaDisdik)).toMatchObject({
      status: 403,
      body: { error: { code: 'OUTSIDE_OPD' } },
    });
    expect(await countEvents('PayrollRun-')).toBe(before);
  });

  it('calculates a run as a job with progress, reproducing examples A and B to the rupiah', async () => {
    expect((await app.call('POST', RUNS, { month: '2026-03' }, {}, bendahara)).status).toBe(201);
    expect(await app.call('POST', RUNS, { month: '2026-03' }, {}, bendahara)).toMatchObject({
      status: 409,
      body: { error: { code: 'RUN_ALREADY_OPEN' } },
    });
    const calc = await app.call('POST', `${RUNS}/2026-03/calculate`, undefined, {}, bendahara);
    expect(calc).toMatchObject({ status: 202, body: { calculation: 1 } });
    const run = await calculated('2026-03');
    expect(run).toMatchObject({
      lineCount: 2,
      totalNet: String(3772080 + 3405063),
      calculationJob: { state: 'completed', progress: { percent: 100, linesDone: 2, linesTotal: 2 } },
    });
    digest = run.digest;
    const a = await ledger(A.nip, '2026-03', siti, 1, 'CALCULATED');
    expect(a.lines[0]).toMatchObject({
      runStatus: 'CALCULATED',
      policyVersion: 'perkada-contoh-1-2026/v1',
      amounts: {
        performancePart: '2340000',
        disciplinePart: '1528800',
        sanctionCut: '0',
        gross: '3868800',
        healthContribution: '38688',
        employerHealthContribution: '154752',
        incomeTax: '58032',
        net: '3772080',
      },
    });
    const b = await ledger(B.nip, '2026-03', budi, 1);
    expect(b.lines[0].amounts).toMatchObject({
      performancePart: '2640000',
      disciplinePart: '2040500',
      sanctionCut: '1170125',
      gross: '3510375',
      healthContribution: '35104',
      incomeTax: '70208',
      net: '3405063',
    });
    expect(b.lines[0].detail.sources.sanctionIds).toHaveLength(1);
    const why = await app.call('GET', `/api/v1/employees/${B.nip}/pay/2026-03/explain`, undefined, {}, budi);
    expect(why.status).toBe(200);
    expect(why.body.lines[0].recomputedMatches).toBe(true);
    expect(why.body.lines[0].steps.join('\n')).toMatch(
      /Bagian kinerja = Rp5\.500\.000 × 60% × 80% \(predikat BUTUH_PERBAIKAN\) = Rp2\.640\.000/,
    );
    expect(why.body.lines[0].steps.join('\n')).toMatch(/Neto = Rp3\.510\.375 − Rp35\.104 − Rp70\.208 = Rp3\.405\.063/);
  });

  it('keeps pay private: another employee and another OPD’s finance are refused', async () => {
    expect((await app.call('GET', `/api/v1/employees/${A.nip}/pay/2026-03`, undefined, {}, budi)).status).toBe(403);
    expect((await app.call('GET', `/api/v1/employees/${A.nip}/pay/2026-03`, undefined, {}, kepalaDisdik)).status).toBe(403);
    expect((await app.call('GET', `/api/v1/employees/${A.nip}/pay/2026-03`, undefined, {}, kepala)).status).toBe(200);
    expect((await app.call('GET', `/api/v1/employees/${A.nip}/pay/2026-03/explain`)).status).toBe(200); // the inspectorate
  });

  it('goes through every role, refusing skipped steps, a second step by one person, a stale digest and another OPD', async () => {
    const runEvents = await countEvents('PayrollRun-');
    expect(await app.call('POST', `${RUNS}/2026-03/approve`, { digest }, {}, kepala)).toMatchObject({
      status: 422,
      body: { error: { code: 'STEP_OUT_OF_ORDER' } },
    });
    expect(await app.call('POST', `${RUNS}/2026-03/submit`, { digest }, {}, doubleHat)).toMatchObject({
      status: 201,
      body: { status: 'SUBMITTED' },
    });
    expect(await app.call('POST', `${RUNS}/2026-03/verify`, { digest }, {}, doubleHat)).toMatchObject({
      status: 422,
      body: { error: { code: 'SEGREGATION_OF_DUTIES' } },
    });
    expect(await app.call('POST', `${RUNS}/2026-03/verify`, { digest: 'a'.repeat(64) }, {}, ppk)).toMatchObject({
      status: 409,
      body: { error: { code: 'DIGEST_MISMATCH' } },
    });
    expect(await app.call('POST', `${RUNS}/2026-03/verify`, { digest }, {}, ppk)).toMatchObject({
      status: 201,
      body: { status: 'VERIFIED' },
    });
    expect(await app.call('POST', `${RUNS}/2026-03/approve`, { digest }, {}, kepalaDisdik)).toMatchObject({
      status: 403,
      body: { error: { code: 'OUTSIDE_OPD' } },
    });
    expect(await app.call('POST', `${RUNS}/2026-03/approve`, { digest }, {}, kepala)).toMatchObject({
      status: 201,
      body: { status: 'APPROVED' },
    });
    expect(await app.call('POST', `${RUNS}/2026-03/disburse`, { digest }, {}, bpkad)).toMatchObject({
      status: 400,
      body: { error: { code: 'SP2D_REQUIRED' } },
    });
    expect(
      await app.call('POST', `${RUNS}/2026-03/disburse`, { digest, sp2dNumber: 'SP2D/0412/2026', sp2dDate: '2026-04-03' }, {}, bpkad),
    ).toMatchObject({
      status: 201,
      body: { status: 'DISBURSED' },
    });
    expect(await countEvents('PayrollRun-')).toBe(runEvents + 4);
    // The disbursement asks the worker for a seal of the log (issue 15): a signed Merkle root over every stream head.
    const sealed = await until(async () => {
      const r = await app.call('GET', '/api/v1/audit/seals');
      return r.body.seals?.find(
        (s: { trigger: string; runId: string }) => s.trigger === 'PAYROLL_DISBURSED' && s.runId === `${OPD}:2026-03`,
      );
    }, 'the disbursement seal');
    expect(sealed.streams).toBeGreaterThan(0);
    const run = (await app.call('GET', `${RUNS}/2026-03`, undefined, {}, ppk)).body;
    expect(run).toMatchObject({
      status: 'DISBURSED',
      sp2d: { number: 'SP2D/0412/2026', date: '2026-04-03' },
      signers: { Submit: 'u-double', Verify: 'u-ppk', Approve: 'u-kepala', Disburse: 'u-bpkad' },
    });

    const csv = await app.call('GET', `${RUNS}/2026-03/exports/bank-transfer.csv`, undefined, {}, bendahara);
    expect(csv.status).toBe(200);
    expect(csv.body).toContain(`${A.nip},Siti Rahayu,BANK JATENG,${A.nip.slice(-10)},SITI RAHAYU,3772080,`);
    expect(csv.body.trim().split('\n')).toHaveLength(3);
    const slips = await app.call('GET', `${RUNS}/2026-03/exports/slips`, undefined, {}, bendahara);
    expect(slips.body.slips.map((s: { net: string }) => s.net)).toEqual(['3772080', '3405063']);

    const before = await countEvents('PayrollRun-');
    expect(await app.call('POST', RUNS, { month: '2026-03' }, {}, bendahara)).toMatchObject({
      status: 422,
      body: { error: { code: 'MONTH_ALREADY_DISBURSED' } },
    });
    expect(await app.call('POST', `${RUNS}/2026-03/calculate`, undefined, {}, bendahara)).toMatchObject({
      status: 422,
      body: { error: { code: 'MONTH_ALREADY_DISBURSED' } },
    });
    expect(await countEvents('PayrollRun-')).toBe(before);
  });

  it('pays an objection amended after disbursement as an adjustment next month; the paid month is not rewritten', async () => {
    await app.call('POST', '/api/v1/payroll/predikat/2026-04/import', { csv: `nip,predikat\n${A.nip},BAIK\n${B.nip},BAIK\n` }, {}, admin);
    await app.call('POST', '/api/v1/payroll/attendance/2026-04/import', { csv: `nip,TL1\n${A.nip},0\n` }, {}, admin);
    await app.call('POST', `/api/v1/payroll/opds/${OPD}/budgets/2026-04`, { amount: '20000000', reason: 'DPA 2026' }, {}, bpkad);
    const amended = await app.call(
      'POST',
      '/api/v1/payroll/predikat-amendments',
      {
        objectionId: 'KEB-2026-0007',
        nip: B.nip,
        month: '2026-03',
        predikat: 'BAIK',
        reason: 'keberatan dikabulkan: hasil kerja dinilai ulang',
        decidedOn: '2026-04-20',
      },
      {},
      admin,
    );
    expect(amended.status).toBe(201);
    expect((await app.call('POST', RUNS, { month: '2026-04' }, {}, bendahara)).status).toBe(201);
    expect((await app.call('POST', `${RUNS}/2026-04/calculate`, undefined, {}, bendahara)).status).toBe(202);
    const run = await calculated('2026-04');
    expect(run).toMatchObject({ lineCount: 3, adjustmentCount: 1 });

    const [policy] = loadPolicyDocuments();
    const marchAsAmended = calculateTpp(
      {
        ceiling: '5500000',
        predikat: 'BAIK',
        attendance: { TL3: 1, TK: 2 },
        sanction: 'SEDANG',
        salaryBase: '6000000',
        salaryGross: '6500000',
        taxCategory: 'A',
      },
      policy,
    ).lines;
    const april = await ledger(B.nip, '2026-04', budi, 2);
    const adj = april.lines.find((l: { kind: string }) => l.kind === 'ADJUSTMENT');
    expect(adj).toMatchObject({
      objectionId: 'KEB-2026-0007',
      adjustsMonth: '2026-03',
      amounts: { net: String(Number(marchAsAmended.net) - 3405063), gross: String(Number(marchAsAmended.gross) - 3510375) },
    });
    expect(Number(adj.amounts.net)).toBeGreaterThan(0);
    const march = await ledger(B.nip, '2026-03', budi, 1, 'DISBURSED');
    expect(march.lines).toHaveLength(1);
    expect(march.lines[0]).toMatchObject({ runStatus: 'DISBURSED', amounts: { net: '3405063' } });
    const why = await app.call('GET', `/api/v1/employees/${B.nip}/pay/2026-04/explain`, undefined, {}, budi);
    expect(why.body.lines.find((l: { kind: string }) => l.kind === 'ADJUSTMENT').steps[0]).toMatch(
      /Keberatan KEB-2026-0007 mengubah predikat 2026-03 dari BUTUH_PERBAIKAN menjadi BAIK/,
    );
  });

  it('answers the pay ledger as of before the adjustment without it, and replays the adjustment the same', async () => {
    const april = await ledger(B.nip, '2026-04', budi, 2);
    const adj = april.lines.find((l: { kind: string }) => l.kind === 'ADJUSTMENT');
    const recorded = (await app.rt.store.readStream(adj.streamId)).find((e) => e.id === adj.eventId)!.recordedAt;
    const asOf = (ms: number) => encodeURIComponent(new Date(recorded.getTime() + ms).toISOString());
    const before = (await app.call('GET', `/api/v1/employees/${B.nip}/pay/2026-04?asOf=${asOf(-1)}`, undefined, {}, budi)).body;
    expect(before.lines.filter((l: { kind: string }) => l.kind === 'ADJUSTMENT')).toEqual([]);
    const then = (await app.call('GET', `/api/v1/employees/${B.nip}/pay/2026-04?asOf=${asOf(0)}`, undefined, {}, budi)).body;
    expect(then.lines.find((l: { kind: string }) => l.kind === 'ADJUSTMENT')).toMatchObject({ eventId: adj.eventId, amounts: adj.amounts });
    // The paid month, as of the adjustment, is the month as paid.
    const march = (await app.call('GET', `/api/v1/employees/${B.nip}/pay/2026-03?asOf=${asOf(0)}`, undefined, {}, budi)).body;
    expect(march.lines).toMatchObject([{ runStatus: 'DISBURSED', amounts: { net: '3405063' } }]);

    const r = await (await applicationContext(app.rt)).queries.execute(new ReplayDecisions({}));
    expect(r.differences).toEqual([]);
    expect(r).toMatchObject({ different: 0, notReplayable: 0 });
    expect(r.byKind).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'pay.adjustment', checked: 1, same: 1 })]));
  });

  it('recalculates one slip inside the run; a signature on the digest seen before is refused', async () => {
    const seen = (await app.call('GET', `${RUNS}/2026-04`, undefined, {}, bendahara)).body;
    await app.call('POST', '/api/v1/payroll/attendance/2026-04/import', { csv: `nip,TK\n${A.nip},1\n` }, {}, admin);
    await until(
      async () =>
        (await app.rt.db.pool.query(`SELECT 1 FROM pay_attendance WHERE nip = $1 AND month = '2026-04' AND counts ? 'TK'`, [A.nip]))
          .rowCount,
      'attendance',
    );
    const recalc = await app.call(
      'POST',
      `${RUNS}/2026-04/slips/${A.nip}/recalculate`,
      { reason: 'absence on 14 April recorded late' },
      {},
      bendahara2,
    );
    expect(recalc.status).toBe(201);
    expect(recalc.body.digest).not.toBe(seen.digest);
    const before = await countEvents('PayrollRun-');
    expect(await app.call('POST', `${RUNS}/2026-04/submit`, { digest: seen.digest }, {}, bendahara)).toMatchObject({
      status: 409,
      body: { error: { code: 'DIGEST_MISMATCH' } },
    });
    expect(await countEvents('PayrollRun-')).toBe(before);
    const now = (await app.call('GET', `${RUNS}/2026-04`, undefined, {}, bendahara)).body;
    expect(now.digest).toBe(recalc.body.digest);
    expect(BigInt(now.totalNet)).toBeLessThan(BigInt(seen.totalNet));
    expect((await app.call('POST', `${RUNS}/2026-04/submit`, { digest: now.digest }, {}, bendahara)).status).toBe(201);
    const a = await until(async () => {
      const r = await ledger(A.nip, '2026-04', siti, 1);
      return r.lines[0].revision === 1 && r;
    }, 'recalculated slip projected');
    expect(a.lines[0].detail.inputs.attendance).toEqual({ TK: 1 });
    // returned with a reason: back to DRAFT, signatures start over
    expect(await app.call('POST', `${RUNS}/2026-04/return`, { reason: '' }, {}, ppk)).toMatchObject({ status: 400 });
    expect(await app.call('POST', `${RUNS}/2026-04/return`, { reason: 'SPP-LS attachment missing' }, {}, ppk)).toMatchObject({
      status: 201,
      body: { status: 'DRAFT' },
    });
    expect((await app.call('GET', `${RUNS}/2026-04`, undefined, {}, ppk)).body).toMatchObject({ status: 'DRAFT', signers: {} });
  });

  it('publishes a new policy version only by command, with who and why; a run in its months uses it', async () => {
    const [sample] = loadPolicyDocuments();
    const v2 = {
      ...sample,
      policyVersion: 'perkada-contoh-1-2026/v2',
      effectiveFrom: '2026-07-01',
      tpp: { ...sample.tpp, ceilings: sample.tpp.ceilings.map((c) => (c.positionGrade === 7 ? { ...c, ceiling: '4000000' } : c)) },
    };
    expect((await app.call('POST', '/api/v1/policies', { document: v2, reason: 'Perkada 9/2026' }, {}, bendahara)).status).toBe(403);
    expect(await app.call('POST', '/api/v1/policies', { document: { ...v2, tpp: {} }, reason: 'x' }, {}, bpkad)).toMatchObject({
      status: 400,
      body: { error: { code: 'INVALID_POLICY_DOCUMENT' } },
    });
    expect(await app.call('POST', '/api/v1/policies', { document: sample, reason: 'again' }, {}, bpkad)).toMatchObject({
      status: 409,
      body: { error: { code: 'POLICY_VERSION_EXISTS' } },
    });
    expect(await app.call('POST', '/api/v1/policies', { document: v2, reason: 'Perkada 9/2026' }, {}, bpkad)).toMatchObject({
      status: 201,
      body: { policyVersion: v2.policyVersion },
    });
    const { rows } = await app.rt.db.pool.query(`SELECT metadata FROM events WHERE event_type = 'PolicyVersionPublished'`);
    expect(rows[0].metadata).toMatchObject({ actor: 'u-bpkad', role: 'bpkad', reason: 'Perkada 9/2026' });
    expect((await app.call('POST', RUNS, { month: '2026-07' }, {}, bendahara)).body).toMatchObject({ policyVersion: v2.policyVersion });
    expect((await app.call('POST', RUNS, { month: '2026-06' }, {}, bendahara)).body).toMatchObject({ policyVersion: sample.policyVersion });
  });

  it('refuses a submission over the OPD’s budget', async () => {
    expect((await app.call('POST', `${RUNS}/2026-04/calculate`, undefined, {}, bendahara)).status).toBe(202);
    const run = await until(async () => {
      const r = (await app.call('GET', `${RUNS}/2026-04`, undefined, {}, bendahara)).body;
      return r.status === 'CALCULATED' && r.calculation === 2 && r;
    }, 'recalculated run');
    await app.call('POST', `/api/v1/payroll/opds/${OPD}/budgets/2026-04`, { amount: '1000000', reason: 'APBD-P cut' }, {}, bpkad);
    expect(await app.call('POST', `${RUNS}/2026-04/submit`, { digest: run.digest }, {}, bendahara)).toMatchObject({
      status: 422,
      body: { error: { code: 'BUDGET_EXCEEDED', details: { budget: '1000000' } } },
    });
  });

  it('refuses to sign a run whose inputs changed after it was calculated (INPUTS_CHANGED, naming the lines) until they are recalculated', async () => {
    const M = '2026-05';
    await app.call('POST', `/api/v1/payroll/predikat/${M}/import`, { csv: `nip,predikat\n${A.nip},BAIK\n${B.nip},BAIK\n` }, {}, admin);
    await app.call('POST', `/api/v1/payroll/opds/${OPD}/budgets/${M}`, { amount: '20000000', reason: 'DPA 2026' }, {}, bpkad);
    expect((await app.call('POST', RUNS, { month: M }, {}, bendahara)).status).toBe(201);
    expect((await app.call('POST', `${RUNS}/${M}/calculate`, undefined, {}, bendahara)).status).toBe(202);
    const run = await calculated(M);
    expect(run).toMatchObject({ lineCount: 2, staleLineCount: 0, staleLines: [] });

    // After the calculation: a sanction for A running in the month, and an objection that amends B's predikat.
    expect(
      (
        await app.call(
          'POST',
          '/api/v1/payroll/sanctions',
          { nip: A.nip, type: 'RINGAN', startMonth: M, months: 1, decreeNumber: 'SK/3/2026', reason: 'PP 94/2021 pasal 5' },
          {},
          admin,
        )
      ).status,
    ).toBe(201);
    const amendment = {
      objectionId: 'KEB-2026-0011',
      nip: B.nip,
      month: M,
      predikat: 'BUTUH_PERBAIKAN',
      reason: 'keberatan: hasil kerja dinilai ulang',
      decidedOn: '2026-06-02',
    };
    expect((await app.call('POST', '/api/v1/payroll/predikat-amendments', amendment, {}, admin)).status).toBe(201);

    // Signed at once, whatever the ledger's lag: refused, naming both lines and what changed; nothing appended.
    const before = await countEvents('PayrollRun-');
    expect(await app.call('POST', `${RUNS}/${M}/submit`, { digest: run.digest }, {}, bendahara)).toMatchObject({
      status: 409,
      body: {
        error: {
          code: 'INPUTS_CHANGED',
          details: {
            count: 2,
            nips: [A.nip, B.nip],
            lines: [
              { nip: A.nip, lineKey: 'TPP', inputs: ['sanction'] },
              { nip: B.nip, lineKey: 'TPP', inputs: ['predikat'] },
            ],
          },
        },
      },
    });
    expect(await countEvents('PayrollRun-')).toBe(before);

    // The run and its lines show which lines are stale and why.
    expect((await app.call('GET', `${RUNS}/${M}`, undefined, {}, ppk)).body).toMatchObject({
      status: 'CALCULATED',
      staleLineCount: 2,
      staleLines: [
        { nip: A.nip, inputs: ['sanction'] },
        { nip: B.nip, inputs: ['predikat'] },
      ],
    });
    const lines = (await app.call('GET', `${RUNS}/${M}/lines`, undefined, {}, bendahara)).body.lines;
    expect(
      lines.map((l: { nip: string; inputsChanged: boolean; changedInputs: string[] }) => [l.nip, l.inputsChanged, l.changedInputs]),
    ).toEqual([
      [A.nip, true, ['sanction']],
      [B.nip, true, ['predikat']],
    ]);

    // Recalculating one slip clears that line only.
    const recalcA = await app.call(
      'POST',
      `${RUNS}/${M}/slips/${A.nip}/recalculate`,
      { reason: 'sanction SK/3/2026 recorded late' },
      {},
      bendahara,
    );
    expect(recalcA.status).toBe(201);
    expect(await app.call('POST', `${RUNS}/${M}/submit`, { digest: recalcA.body.digest }, {}, bendahara)).toMatchObject({
      status: 409,
      body: { error: { code: 'INPUTS_CHANGED', details: { count: 1, nips: [B.nip] } } },
    });
    const recalcB = await app.call(
      'POST',
      `${RUNS}/${M}/slips/${B.nip}/recalculate`,
      { reason: 'objection KEB-2026-0011 decided' },
      {},
      bendahara,
    );
    expect(recalcB.status).toBe(201);
    // The run is read from the ledger as it stands: it shows no stale line once the recalculated slip is in.
    await until(async () => {
      const r = (await app.call('GET', `${RUNS}/${M}`, undefined, {}, ppk)).body;
      return r.staleLineCount === 0 && r.staleLines.length === 0;
    }, 'no stale line');
    expect(await app.call('POST', `${RUNS}/${M}/submit`, { digest: recalcB.body.digest }, {}, bendahara)).toMatchObject({
      status: 201,
      body: { status: 'SUBMITTED' },
    });
    const b = await until(async () => {
      const r = await ledger(B.nip, M, budi, 1);
      return r.lines[0].revision === 1 && r;
    }, 'recalculated slip of B');
    expect(b.lines[0].detail.inputs.predikat).toBe('BUTUH_PERBAIKAN');

    // A change after submission stops the next signature too: attendance re-imported for A.
    expect((await app.call('POST', `/api/v1/payroll/attendance/${M}/import`, { csv: `nip,TK\n${A.nip},1\n` }, {}, admin)).status).toBe(201);
    const verifying = await countEvents('PayrollRun-');
    expect(await app.call('POST', `${RUNS}/${M}/verify`, { digest: recalcB.body.digest }, {}, ppk)).toMatchObject({
      status: 409,
      body: { error: { code: 'INPUTS_CHANGED', details: { nips: [A.nip], lines: [{ nip: A.nip, inputs: ['attendance'] }] } } },
    });
    expect(await countEvents('PayrollRun-')).toBe(verifying);
  });
});
