import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { dateName, rupiahText } from '../libs/documents/src';
import { startTestApp, TestApp, TestUser } from './support/app';
import { firstPageQr, pdfPageSize, pdfText } from './support/documents';
import { registerEmployees, TestEmployee } from './fixtures/payroll';
import { kinerja } from './support/cli';
import { payrollProjected, runCalculated } from './support/catch-up';

/**
 * Issue 16's documents over HTTP on the real app: a run is built, calculated and signed; the rekap
 * TPP's PDF is read back with pdftotext and its QR code with pdftoppm + jsQR, the .xlsx with ExcelJS,
 * and the public verification answers for the code it prints.
 */
const OPD = 'OPD-DINKES';
const MONTH = '2026-03';
const emp = (nip: string, name: string, opdId: string, grade: number): TestEmployee => ({
  nip,
  name,
  opdId,
  positionGrade: grade,
  salaryBase: '4000000',
  salaryGross: '4500000',
  terCategory: 'A',
});
const A = emp('198503122010011002', 'Siti Rahayu', OPD, 7);
const B = emp('199001012015032001', 'Budi Santoso', OPD, 9);
const C = emp('198801012012011003', "Citra D'Ayu-Ningrum", OPD, 5);
// The signers, in the register (paid by another OPD, so not in this run).
const BEN = emp('198001012005012001', 'Rina Bendahara', 'OPD-SETDA', 8);
const PPK = emp('197901012004011002', 'Agus Verifikator', 'OPD-SETDA', 9);
const KEP = emp('197001012000011003', 'dr. Hendra Kepala', 'OPD-SETDA', 15);
const BPK = emp('198201012006012004', 'Wati Kasda', 'OPD-SETDA', 10);

const admin: TestUser = { sub: 'u-admin', roles: ['admin_kepegawaian'] };
const bendahara: TestUser = { sub: 'u-rina', nip: BEN.nip, roles: [`bendahara:${OPD}`] };
const bendahara2: TestUser = { sub: 'u-bendahara-2', roles: [`bendahara:${OPD}`] };
const ppk: TestUser = { sub: 'u-agus', nip: PPK.nip, roles: [`ppk_skpd:${OPD}`] };
const kepala: TestUser = { sub: 'u-hendra', nip: KEP.nip, roles: [`kepala_opd:${OPD}`] };
const bpkad: TestUser = { sub: 'u-wati', nip: BPK.nip, roles: ['bpkad'] };
const siti: TestUser = { sub: 'u-siti', nip: A.nip, roles: ['pegawai'] };
const budi: TestUser = { sub: 'u-budi', nip: B.nip, roles: ['pegawai'] };

const RUNS = `/api/v1/payroll/opds/${OPD}/runs`;
const squash = (s: string) => s.replace(/\s+/g, ' ');

describe('documents: rekap TPP (PDF, .xlsx), slip TPP and the public verification (real API, worker and PostgreSQL)', () => {
  let app: TestApp;
  const until = async <T>(fn: () => Promise<T | undefined | false>, what: string, ms = 30_000): Promise<T> => {
    const end = Date.now() + ms;
    for (;;) {
      const v = await fn().catch(() => undefined);
      if (v) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const ok = async (method: string, path: string, body: unknown, as: TestUser, status = 201) => {
    const r = await app.call(method, path, body, {}, as);
    if (r.status !== status) throw new Error(`${method} ${path} -> ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  /** A download: status, content type and the bytes (or the JSON error). */
  const download = async (path: string, as: TestUser | null) => {
    const headers: Record<string, string> = as ? { authorization: `Bearer ${await app.token(as)}` } : {};
    const r = await fetch(app.url + path, { headers });
    const bytes = Buffer.from(await r.arrayBuffer());
    const type = r.headers.get('content-type') ?? '';
    return { status: r.status, type, bytes, error: type.includes('json') ? JSON.parse(bytes.toString('utf8')).error : undefined };
  };
  const importInputs = async (attendance: string) => {
    await ok('POST', `/api/v1/payroll/attendance/${MONTH}/import`, { csv: attendance }, admin);
  };
  const verify = (code: string) => app.call('GET', `/api/v1/public/verification/${code}`, undefined, {}, null);
  /** The code in the rekap's QR code, checked to be this app's /verifikasi/<code>. */
  const codeOf = async (pdf: Buffer) => {
    const url = await firstPageQr(pdf);
    expect(url).toMatch(new RegExp(`^${app.url.replace(/[.]/g, '\\.')}/verifikasi/[0-9a-z]{24}$`));
    return url!.split('/').pop()!;
  };
  let firstCode = '';

  beforeAll(async () => {
    app = await startTestApp();
    for (const [unitId, name] of [
      [OPD, 'Dinas Kesehatan'],
      ['OPD-SETDA', 'Sekretariat Daerah'],
    ])
      await ok(
        'POST',
        '/api/v1/org-units',
        { unitId, name, parentUnitId: null, budgetCode: `B-${unitId}`, effectiveDate: '2020-01-01' },
        admin,
      );
    await registerEmployees(app.rt.store, [A, B, C, BEN, PPK, KEP, BPK]);
    await until(async () => Number((await app.rt.db.pool.query('SELECT count(*) AS n FROM pay_employee')).rows[0].n) === 7, 'register');
    await until(
      async () => Number((await app.rt.db.pool.query('SELECT count(*) AS n FROM employee_directory')).rows[0].n) === 7,
      'directory',
    );
    await ok(
      'POST',
      `/api/v1/payroll/predikat/${MONTH}/import`,
      { csv: `nip,predikat\n${A.nip},BAIK\n${B.nip},SANGAT_BAIK\n${C.nip},BAIK\n` },
      admin,
    );
    await importInputs(`nip,TL1,TL2,TK\n${A.nip},2,1,0\n${B.nip},0,0,1\n`);
    await ok('POST', `/api/v1/payroll/opds/${OPD}/budgets/${MONTH}`, { amount: '100000000', reason: 'DPA 2026' }, bpkad);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers 404 for a run nobody opened and 409 RUN_NOT_CALCULATED for one nobody calculated, never 5xx', async () => {
    expect(await download(`${RUNS}/2026-05/rekap.pdf`, bendahara)).toMatchObject({ status: 404, error: { code: 'RUN_NOT_FOUND' } });
    await ok('POST', RUNS, { month: MONTH }, bendahara);
    for (const ext of ['pdf', 'xlsx'])
      expect(await download(`${RUNS}/${MONTH}/rekap.${ext}`, bendahara)).toMatchObject({
        status: 409,
        error: { code: 'RUN_NOT_CALCULATED' },
      });
    expect(await download(`/api/v1/employees/${A.nip}/pay/${MONTH}/slip.pdf`, siti)).toMatchObject({
      status: 404,
      error: { code: 'NO_PAY_LINES' },
    });
  });

  it('prints the rekap of a signed run: every employee, the run’s totals, the signatures of its steps, and a QR code that verifies', async () => {
    expect((await app.call('POST', `${RUNS}/${MONTH}/calculate`, undefined, {}, bendahara)).status).toBe(202);
    const { digest } = await runCalculated(app, `${RUNS}/${MONTH}`, bendahara);
    await ok('POST', `${RUNS}/${MONTH}/submit`, { digest }, bendahara);
    await ok('POST', `${RUNS}/${MONTH}/verify`, { digest }, ppk);
    // The run's state is its stream; its step history (the signature blocks' dates) is the ledger's.
    await payrollProjected(app.rt);
    const run = (await app.call('GET', `${RUNS}/${MONTH}`, undefined, {}, bendahara)).body;
    expect(run).toMatchObject({ status: 'VERIFIED', lineCount: 3 });

    const r = await download(`${RUNS}/${MONTH}/rekap.pdf`, bendahara);
    expect(r).toMatchObject({ status: 200, type: 'application/pdf' });
    const text = pdfText(r.bytes);
    const flat = squash(text);
    for (const e of [A, B, C]) expect(flat).toContain(`${e.name} ${e.nip}`);
    expect(text).toContain('Dinas Kesehatan (OPD-DINKES)');
    expect(text).toContain('Maret 2026');
    expect(text).toContain('PEMERINTAH KABUPATEN CONTOH');
    // The totals row: gross and net as the run has them.
    const totals = flat.split('JUMLAH (3 pegawai, 3 baris)')[1];
    expect(totals).toContain(rupiahText(run.totalGross));
    expect(totals).toContain(rupiahText(run.totalNet));
    // The signature blocks: the signers' register names, NIPs and the dates of their steps; the others unsigned.
    const dates = new Map(
      (run.steps as Array<{ event: string; at: string }>).map((s) => [
        s.event,
        dateName(new Date(s.at).toLocaleDateString('sv-SE', { timeZone: 'Asia/Jakarta' })),
      ]),
    );
    for (const [who, event] of [
      [BEN, 'PayrollRunSubmitted'],
      [PPK, 'PayrollRunVerified'],
    ] as const) {
      expect(text).toContain(who.name);
      expect(text).toContain(`NIP. ${who.nip}`);
      expect(text).toContain(`Tanggal ${dates.get(event)}`);
    }
    expect(text).not.toContain(KEP.name);
    expect(text.match(/\(belum ditandatangani\)/g)).toHaveLength(2);
    expect(text).toContain(digest);

    firstCode = await codeOf(r.bytes);
    const v = await verify(firstCode);
    expect(v).toMatchObject({
      status: 200,
      body: {
        result: 'VALID',
        opd: { id: OPD, name: 'Dinas Kesehatan' },
        month: MONTH,
        status: 'VERIFIED',
        lineCount: 3,
        totalNet: run.totalNet,
        disbursed: null,
      },
    });
    // No personal data: no NIP, no name.
    for (const e of [A, B, C, BEN, PPK]) expect(JSON.stringify(v.body)).not.toContain(e.nip);
    expect(JSON.stringify(v.body)).not.toContain(A.name);
    // A changed code (one character) and a malformed one: not found.
    const changed = firstCode.slice(0, -1) + (firstCode.endsWith('a') ? 'b' : 'a');
    expect(await verify(changed)).toMatchObject({ status: 404, body: { error: { code: 'VERIFICATION_NOT_FOUND' } } });
    expect(await verify('not-a-code')).toMatchObject({ status: 404, body: { error: { code: 'VERIFICATION_NOT_FOUND' } } });

    // Landscape A4, or F4 (folio) when asked; another paper is refused.
    expect(pdfPageSize(r.bytes).map(Math.round)).toEqual([842, 595]);
    const f4 = await download(`${RUNS}/${MONTH}/rekap.pdf?paper=F4`, bendahara);
    expect(pdfPageSize(f4.bytes).map(Math.round)).toEqual([935, 609]);
    expect(await download(`${RUNS}/${MONTH}/rekap.pdf?paper=A3`, bendahara)).toMatchObject({
      status: 400,
      error: { code: 'VALIDATION_FAILED' },
    });
  });

  it('gives the rekap and the lines as an .xlsx with number cells and SUM totals equal to the run’s', async () => {
    const run = (await app.call('GET', `${RUNS}/${MONTH}`, undefined, {}, ppk)).body;
    const r = await download(`${RUNS}/${MONTH}/rekap.xlsx`, ppk);
    expect(r.status).toBe(200);
    expect(r.type).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.bytes as unknown as ArrayBuffer);
    const rekap = wb.getWorksheet('Rekap')!;
    const header = rekap.getRow(8).values as unknown[];
    const [grossCol, netCol] = [header.indexOf('Bruto'), header.indexOf('Neto')];
    const nips: unknown[] = [];
    let net = 0;
    for (let i = 9; i < 12; i++) {
      nips.push(rekap.getRow(i).getCell(3).value);
      const v = rekap.getRow(i).getCell(netCol).value;
      expect(typeof v).toBe('number');
      net += v as number;
    }
    expect(nips.sort()).toEqual([A.nip, B.nip, C.nip].sort());
    expect(net).toBe(Number(run.totalNet));
    expect(rekap.getRow(12).getCell(netCol).value).toEqual({ formula: `SUM(L9:L11)`, result: Number(run.totalNet) });
    expect((rekap.getRow(12).getCell(grossCol).value as ExcelJS.CellFormulaValue).result).toBe(Number(run.totalGross));
    const lines = wb.getWorksheet('Baris')!;
    expect(lines.rowCount).toBe(1 + 3 + 1);
    const lineHeader = lines.getRow(1).values as unknown[];
    expect((lines.getRow(5).getCell(lineHeader.indexOf('Neto')).value as ExcelJS.CellFormulaValue).result).toBe(Number(run.totalNet));
  });

  it('lets an employee download their own slip and refuses another pegawai’s (403)', async () => {
    const mine = await download(`/api/v1/employees/${A.nip}/pay/${MONTH}/slip.pdf`, siti);
    expect(mine).toMatchObject({ status: 200, type: 'application/pdf' });
    const text = pdfText(mine.bytes);
    expect(text).toContain(A.name);
    expect(text).toContain(A.nip);
    expect(text).toContain('Penjelasan');
    expect(text).toContain('Bagian kinerja');
    const pay = (await app.call('GET', `/api/v1/employees/${A.nip}/pay/${MONTH}`, undefined, {}, siti)).body;
    expect(text).toContain(`TPP neto diterima Maret 2026: Rp${rupiahText(pay.net)}`);
    const other = await download(`/api/v1/employees/${A.nip}/pay/${MONTH}/slip.pdf`, budi);
    expect(other.status).toBe(403);
    expect(await download(`${RUNS}/${MONTH}/rekap.pdf`, budi)).toMatchObject({ status: 403 });
    expect((await download(`${RUNS}/${MONTH}/rekap.pdf`, null)).status).toBe(401);
  });

  it('says an older calculation is superseded, and a disbursed run’s rekap carries all four signatures with the SP2D', async () => {
    await ok('POST', `${RUNS}/${MONTH}/return`, { reason: 'absensi Siti dikoreksi' }, ppk);
    // The public page reads the ledger (a projection): it says so once the return is applied.
    await until(async () => (await verify(firstCode)).body.result === 'RETURNED', 'the return seen by the verification');
    await importInputs(`nip,TL1,TL2,TK\n${A.nip},0,0,0\n${B.nip},0,0,1\n`);
    expect((await app.call('POST', `${RUNS}/${MONTH}/calculate`, undefined, {}, bendahara)).status).toBe(202);
    const { digest } = await until(async () => {
      const r = await app.call('GET', `${RUNS}/${MONTH}`, undefined, {}, bendahara);
      return r.body.status === 'CALCULATED' && r.body.calculation === 2 && r.body.calculationJob?.state === 'completed' && r.body;
    }, 'second calculation');
    await payrollProjected(app.rt);
    const calculatedCode = await codeOf((await download(`${RUNS}/${MONTH}/rekap.pdf`, bendahara)).bytes);

    // A slip recalculated inside the run (its new line is in the run's own stream): the rekap follows at once.
    await importInputs(`nip,TK\n${B.nip},2\n`);
    await until(
      async () => (await app.rt.db.pool.query(`SELECT 1 FROM pay_attendance WHERE nip = $1 AND counts->>'TK' = '2'`, [B.nip])).rowCount,
      'attendance projected',
    );
    const recalc = await ok('POST', `${RUNS}/${MONTH}/slips/${B.nip}/recalculate`, { reason: 'TK tercatat terlambat' }, bendahara2);
    const recalculated = await download(`${RUNS}/${MONTH}/rekap.pdf`, bendahara);
    expect(recalculated.status).toBe(200);
    expect(pdfText(recalculated.bytes)).toContain(recalc.digest);
    await until(async () => (await verify(calculatedCode)).body.result === 'SUPERSEDED', 'the recalculation seen by the verification');
    const digest2 = recalc.digest as string;
    expect(digest2).not.toBe(digest);

    await ok('POST', `${RUNS}/${MONTH}/submit`, { digest: digest2 }, bendahara);
    await ok('POST', `${RUNS}/${MONTH}/verify`, { digest: digest2 }, ppk);
    await ok('POST', `${RUNS}/${MONTH}/approve`, { digest: digest2 }, kepala);
    await ok('POST', `${RUNS}/${MONTH}/disburse`, { digest: digest2, sp2dNumber: 'SP2D/0412/2026', sp2dDate: '2026-04-03' }, bpkad);
    const run = (await app.call('GET', `${RUNS}/${MONTH}`, undefined, {}, bpkad)).body;

    await until(async () => (await verify(firstCode)).body.status === 'DISBURSED', 'the disbursement seen by the verification');
    expect(await verify(firstCode)).toMatchObject({ status: 200, body: { result: 'SUPERSEDED', status: 'DISBURSED' } });
    const r = await download(`${RUNS}/${MONTH}/rekap.pdf`, kepala);
    const text = pdfText(r.bytes);
    for (const e of [BEN, PPK, KEP, BPK]) {
      expect(text).toContain(e.name);
      expect(text).toContain(`NIP. ${e.nip}`);
    }
    expect(text).not.toContain('(belum ditandatangani)');
    expect(text).toContain('SP2D nomor SP2D/0412/2026 tanggal 3 April 2026');
    const code = await codeOf(r.bytes);
    expect(code).not.toBe(firstCode);
    expect(await verify(code)).toMatchObject({
      status: 200,
      body: { result: 'VALID', status: 'DISBURSED', totalNet: run.totalNet, lineCount: 3, disbursed: { sp2dDate: '2026-04-03' } },
    });
  });

  it('writes the same rekap from the command line (kinerja tpp rekap), its QR code verifying against the API', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kinerja-rekap-'));
    try {
      const out = join(dir, 'rekap.pdf');
      const r = await kinerja(['tpp', 'rekap', OPD, MONTH, '--out', out], { DATABASE_URL: app.db.url, KINERJA_PUBLIC_URL: app.url });
      expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: 0 });
      const pdf = readFileSync(out);
      expect(squash(pdfText(pdf))).toContain(`${A.name} ${A.nip}`);
      const code = await codeOf(pdf);
      expect((await verify(code)).body).toMatchObject({ result: 'VALID', status: 'DISBURSED' });
      const refused = await kinerja(['tpp', 'rekap', OPD, '2026-05', '--out', join(dir, 'none.pdf')], { DATABASE_URL: app.db.url });
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain('RUN_NOT_FOUND');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
