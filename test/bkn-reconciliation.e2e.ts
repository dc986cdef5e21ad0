import ExcelJS from 'exceljs';
import { startTestApp, TestApp, TestUser } from './support/app';
import { registerEmployees, TestEmployee } from './fixtures/payroll';
import { runCalculated } from './support/catch-up';

// Reconciliation with e-Kinerja BKN (issue 16, item 6) over HTTP, on the real app: an export with
// two differences blocks the month's submission naming both, a recorded choice each lets it pass,
// and the chosen predikat is the one paid; bad files are refused appending nothing; the SIASN rows.

const OPD = 'OPD-DINKES';
const emp = (nip: string, name: string, positionGrade: number): TestEmployee => ({
  nip,
  name,
  opdId: OPD,
  positionGrade,
  salaryBase: '4000000',
  salaryGross: '4500000',
  terCategory: 'A',
});
const A = emp('198503122010011002', 'Siti Rahayu', 7);
const B = emp('199001012015032001', 'Budi Santoso', 9);
const C = emp('198801012012011003', 'Citra Dewi', 5);
const R = emp('197001011995031001', 'dr. Rina Kusuma', 15);

const admin: TestUser = { sub: 'u-admin', roles: ['admin_kepegawaian'] };
const bendahara: TestUser = { sub: 'u-bendahara', roles: [`bendahara:${OPD}`] };
const bpkad: TestUser = { sub: 'u-bpkad', roles: ['bpkad'] };
const RUNS = `/api/v1/payroll/opds/${OPD}/runs`;
const MONTH = '2026-03';

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');

async function xlsxOf(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Predikat');
  ws.addRow(['Rekap Predikat Kinerja Pegawai — e-Kinerja BKN']);
  ws.addRow(['NO', 'NIP', 'NAMA', 'PERIODE', 'RATING HASIL KERJA', 'RATING PERILAKU KERJA', 'PREDIKAT KINERJA']);
  rows.forEach((r, i) => ws.addRow([i + 1, ...r]));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('reconciliation with e-Kinerja BKN over HTTP (real API, worker and PostgreSQL)', () => {
  let app: TestApp;
  const countEvents = async (prefix: string) =>
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
  const importFile = (fileName: string, content: string | Buffer, dryRun = false, period = MONTH, as = admin) =>
    app.call('POST', `/api/v1/reconciliation/bkn/${period}/import`, { fileName, contentBase64: b64(content), dryRun }, {}, as);
  const differences = (status = 'unresolved', as: TestUser = admin) =>
    app.call('GET', `/api/v1/reconciliation/bkn/differences?month=${MONTH}&status=${status}`, undefined, {}, as);
  const run = () => app.call('GET', `${RUNS}/${MONTH}`, undefined, {}, bendahara);

  beforeAll(async () => {
    app = await startTestApp();
    expect(
      (
        await app.call(
          'POST',
          '/api/v1/org-units',
          { unitId: OPD, name: 'Dinas Kesehatan', parentUnitId: null, budgetCode: 'B-DINKES', effectiveDate: '2020-01-01' },
          {},
          admin,
        )
      ).status,
    ).toBe(201);
    await registerEmployees(app.rt.store, [A, B, C, R]);
    await until(
      async () => Number((await app.rt.db.pool.query('SELECT count(*) AS n FROM pay_employee')).rows[0].n) === 4,
      'register projected',
    );
    // kinerja's own predikat of March: imported (as before the appraisal ledger issues them).
    expect(
      await app.call(
        'POST',
        `/api/v1/payroll/predikat/${MONTH}/import`,
        { csv: `nip,predikat\n${A.nip},BAIK\n${B.nip},BAIK\n${C.nip},BAIK\n${R.nip},BAIK\n` },
        {},
        admin,
      ),
    ).toMatchObject({ status: 201 });
    expect(
      (await app.call('POST', `/api/v1/payroll/opds/${OPD}/budgets/${MONTH}`, { amount: '100000000', reason: 'DPA 2026' }, {}, bpkad))
        .status,
    ).toBe(201);
  });
  afterAll(async () => {
    await app.close();
  });

  it('refuses bad files with coded 400s, names every bad row on a dry run, and appends nothing', async () => {
    const notZip = await importFile('predikat.xlsx', 'this is not a workbook at all');
    expect(notZip).toMatchObject({ status: 400, body: { error: { code: 'BKN_FILE_UNREADABLE' } } });
    const zipHeaderOnly = await importFile('predikat.xlsx', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100)]));
    expect(zipHeaderOnly).toMatchObject({ status: 400, body: { error: { code: 'BKN_FILE_UNREADABLE' } } });
    expect(await importFile('x.csv', 'NAMA;UMUR\nSiti;40\n')).toMatchObject({ status: 400, body: { error: { code: 'INVALID_HEADER' } } });
    const huge = 'NIP,PREDIKAT\n' + `${A.nip},BAIK\n`.repeat(100_001);
    expect(await importFile('huge.csv', huge)).toMatchObject({ status: 400, body: { error: { code: 'TOO_MANY_ROWS' } } });

    const hostile = [
      'NIP;NAMA;PERIODE;HASIL KERJA;PERILAKU;PREDIKAT',
      `__proto__;X;2026-03;SESUAI EKSPEKTASI;SESUAI EKSPEKTASI;BAIK`,
      `${A.nip};Siti\u0000;2026-03;SESUAI EKSPEKTASI;SESUAI EKSPEKTASI;BAIK`,
      `${B.nip};Budi;APRIL 2026;SESUAI EKSPEKTASI;SESUAI EKSPEKTASI;BAIK`,
      `199912312020121001;Orang Lain;2026-03;SESUAI EKSPEKTASI;SESUAI EKSPEKTASI;BAIK`,
      `${C.nip};Citra;2026-03;SESUAI EKSPEKTASI;SESUAI EKSPEKTASI;ISTIMEWA`,
    ].join('\n');
    const dry = await importFile('hostile.csv', hostile, true);
    expect(dry.status).toBe(201);
    expect(dry.body).toMatchObject({ dryRun: true, appended: 0, rows: 5, valid: 0 });
    expect(dry.body.errors.map((e: { line: number; column: string; code: string }) => [e.line, e.column, e.code])).toEqual([
      [2, 'NIP', 'INVALID_NIP'],
      [3, 'NAMA', 'INVALID_TEXT'],
      [4, 'PERIODE', 'PERIOD_MISMATCH'],
      [5, 'NIP', 'UNKNOWN_EMPLOYEE'],
      [6, 'PREDIKAT', 'UNKNOWN_PREDIKAT'],
    ]);
    expect(await importFile('hostile.csv', hostile)).toMatchObject({ status: 400, body: { error: { code: 'IMPORT_HAS_ERRORS' } } });
    expect(await importFile('a.csv', `NIP,PREDIKAT\n${A.nip},BAIK\n`, false, MONTH, bpkad)).toMatchObject({ status: 403 });
    expect(await countEvents('BknExport-')).toBe(0);
  });

  it('blocks submitting the month while two differences are unresolved, naming both; resolved, the BKN predikat chosen is the one paid', async () => {
    // BKN agrees on A and R, says BUTUH_PERBAIKAN for B, and has no row for C.
    const file = await xlsxOf([
      [A.nip, A.name, 'MARET 2026', 'SESUAI EKSPEKTASI', 'SESUAI EKSPEKTASI', 'BAIK'],
      [B.nip, B.name, 'MARET 2026', 'DIBAWAH EKSPEKTASI', 'SESUAI EKSPEKTASI', 'BUTUH PERBAIKAN'],
      [R.nip, R.name, 'MARET 2026', 'DIATAS EKSPEKTASI', 'SESUAI EKSPEKTASI', 'BAIK'],
    ]);
    const first = await importFile('ekinerja-maret.xlsx', file);
    expect(first).toMatchObject({ status: 201, body: { format: 'xlsx', valid: 3, errors: [], appended: 1, months: [MONTH] } });
    expect(await importFile('ekinerja-maret (1).xlsx', file)).toMatchObject({ status: 201, body: { appended: 0 } });
    expect(await countEvents('BknExport-')).toBe(1);

    const listed = await until(async () => {
      const r = await differences('unresolved', bpkad);
      return r.status === 200 && r.body.total === 2 && r.body;
    }, 'two differences listed');
    expect(
      listed.differences.map((d: { nip: string; kind: string; kinerja: string; bkn: string | null; proposal: string }) => [
        d.nip,
        d.kind,
        d.kinerja,
        d.bkn,
        d.proposal,
      ]),
    ).toEqual(
      [
        [C.nip, 'KINERJA_ONLY', 'BAIK', null, 'KINERJA'],
        [B.nip, 'DIFFERENT_PREDIKAT', 'BAIK', 'BUTUH_PERBAIKAN', 'KINERJA'],
      ].sort((x, y) => (x[0]! < y[0]! ? -1 : 1)),
    );
    expect((await differences('unresolved', bendahara)).status).toBe(403);

    expect((await app.call('POST', RUNS, { month: MONTH }, {}, bendahara)).status).toBe(201);
    expect((await app.call('POST', `${RUNS}/${MONTH}/calculate`, undefined, {}, bendahara)).status).toBe(202);
    let { digest } = await runCalculated(app, `${RUNS}/${MONTH}`, bendahara);
    const refused = await app.call('POST', `${RUNS}/${MONTH}/submit`, { digest }, {}, bendahara);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('PREDIKAT_SOURCES_DISAGREE');
    expect(refused.body.error.details.count).toBe(2);
    expect(refused.body.error.details.differences.map((d: { nip: string }) => d.nip).sort()).toEqual([B.nip, C.nip].sort());

    const resolve = (nip: string, body: object) =>
      app.call('POST', `/api/v1/reconciliation/bkn/${MONTH}/differences/${nip}/resolve`, body, {}, admin);
    expect(await resolve(C.nip, { choice: 'BKN', reason: 'BKN has none' })).toMatchObject({
      status: 422,
      body: { error: { code: 'PREDIKAT_SOURCE_EMPTY' } },
    });
    expect(await resolve(A.nip, { choice: 'BKN', reason: 'x' })).toMatchObject({
      status: 409,
      body: { error: { code: 'NO_PREDIKAT_DIFFERENCE' } },
    });
    expect(await resolve(B.nip, { choice: 'BKN' })).toMatchObject({ status: 400 });
    expect(await resolve(B.nip, { choice: 'BKN', reason: 'BKN holds the calibrated predikat after the TPA meeting' })).toMatchObject({
      status: 201,
      body: { choice: 'BKN', governingSource: 'KINERJA' },
    });
    // Absent a choice, the policy's source (KINERJA) is recorded.
    expect(await resolve(C.nip, { reason: 'BKN’s export missed her; kinerja’s issued predikat stands' })).toMatchObject({
      status: 201,
      body: { choice: 'KINERJA' },
    });
    const resolved = await until(async () => {
      const r = await differences('resolved');
      return r.body.total === 2 && r.body;
    }, 'both resolved');
    const b = resolved.differences.find((d: { nip: string }) => d.nip === B.nip);
    expect(b).toMatchObject({
      paid: 'BUTUH_PERBAIKAN',
      resolution: { choice: 'BKN', by: 'u-admin', reason: expect.stringContaining('TPA') },
    });
    expect((await differences('unresolved')).body.total).toBe(0);

    // B's line was priced on BAIK: it is stale now, and is priced again before the run is submitted.
    const stale = await app.call('POST', `${RUNS}/${MONTH}/submit`, { digest }, {}, bendahara);
    expect(stale).toMatchObject({ status: 409, body: { error: { code: 'INPUTS_CHANGED', details: { nips: [B.nip] } } } });
    const recalculated = await app.call(
      'POST',
      `${RUNS}/${MONTH}/slips/${B.nip}/recalculate`,
      { reason: 'predikat of e-Kinerja BKN chosen' },
      {},
      bendahara,
    );
    expect(recalculated.status).toBe(201);
    digest = recalculated.body.digest;
    await until(async () => (await run()).body.digest === digest && true, 'digest of the recalculated run');
    expect(await app.call('POST', `${RUNS}/${MONTH}/submit`, { digest }, {}, bendahara)).toMatchObject({
      status: 201,
      body: { status: 'SUBMITTED' },
    });

    // The line paid to B is priced on BKN's predikat.
    const { rows } = await app.rt.db.pool.query(
      `SELECT l.detail->'inputs'->>'predikat' AS predikat FROM pay_line l JOIN pay_run r ON r.run_id = l.run_id AND r.calculation = l.calculation
        WHERE l.nip = $1 AND l.month = $2 AND l.line_key = 'TPP' ORDER BY l.revision DESC LIMIT 1`,
      [B.nip, MONTH],
    );
    expect(rows[0].predikat).toBe('BUTUH_PERBAIKAN');
  });

  it('exports an issued appraisal as exactly the SIASN periodic-performance row', async () => {
    expect(
      (
        await app.call(
          'POST',
          '/api/v1/positions',
          {
            positionId: 'POS-KADIS',
            unitId: OPD,
            name: 'Kepala Dinas Kesehatan',
            grade: 15,
            parentPositionId: null,
            seats: 1,
            effectiveDate: '2020-01-01',
          },
          {},
          admin,
        )
      ).status,
    ).toBe(201);
    const rater = { nip: R.nip, positionId: 'POS-KADIS' };
    const at = '2026-03-05T09:00:00+07:00';
    const base = { nip: A.nip, period: '2026-Q1', at, opdId: OPD, rater, predikat: 'KURANG', policyVersion: 'perkada-contoh-1-2026' };
    await app.rt.store.append(`Appraisal-${A.nip}-2026-Q1`, [
      {
        type: 'AppraisalRated',
        data: {
          ...base,
          results: 'DI_ATAS_EKSPEKTASI',
          behaviour: 'DI_BAWAH_EKSPEKTASI',
          reasons: { behaviour: 'x' },
          behaviourValues: {},
          resultRatings: [],
          revision: 1,
        },
      },
      {
        type: 'AppraisalIssued',
        data: {
          ...base,
          raterSupervisor: null,
          issuedOn: '2026-04-02',
          objectionDeadline: '2026-04-16',
          windowClosesAt: '2026-04-16T17:00:00.000Z',
          decisionDays: 14,
          timeZone: 'Asia/Jakarta',
          calibrationId: `Calibration-${OPD}-2026-Q1`,
        },
      },
    ]);
    const json = await until(async () => {
      const r = await app.call('GET', '/api/v1/siasn/periodic-performance/2026-Q1', undefined, {}, admin);
      return r.status === 200 && r.body.rows.length === 1 && r.body;
    }, 'SIASN rows');
    expect(json.rows[0]).toEqual({
      nipBaru: A.nip,
      nama: A.name,
      periode: '2026-Q1',
      tahun: 2026,
      bulanMulaiPenilaian: 1,
      bulanSelesaiPenilaian: 3,
      tahunMulaiPenilaian: 2026,
      tahunSelesaiPenilaian: 2026,
      hasilKinerjaNilai: 1,
      perilakuKerjaNilai: 3,
      kuadranKinerjaNilai: 4,
      predikat: 'KURANG',
      penilaiNipNrp: R.nip,
      penilaiNama: R.name,
      penilaiJabatanNama: 'Kepala Dinas Kesehatan',
      penilaiUnorNama: 'Dinas Kesehatan',
      statusPenilai: 'ASN',
    });
    const csv = await app.call('GET', '/api/v1/siasn/periodic-performance/2026-Q1?format=csv', undefined, {}, admin);
    expect(csv.status).toBe(200);
    expect(String(csv.body).split('\r\n')[1]).toBe(
      `${A.nip},Siti Rahayu,2026-Q1,2026,1,3,2026,2026,1,3,4,KURANG,${R.nip},dr. Rina Kusuma,Kepala Dinas Kesehatan,Dinas Kesehatan,ASN`,
    );
    expect((await app.call('GET', '/api/v1/siasn/periodic-performance/2026-Q1', undefined, {}, bpkad)).status).toBe(403);
  });
});
