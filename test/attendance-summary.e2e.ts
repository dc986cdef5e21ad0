import { execFileSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import { calculateTpp, loadPolicyDocuments } from '../libs/policies/src';
import { fixedClock } from '../libs/kernel/src';
import { startTestApp, TestApp, TestUser } from './support/app';
import { ADMIN, ANALIS, ANALIS2, buildDinkes, KABID_B, me, ok, until } from './support/people';

/**
 * Issue 16, item 4, through the real app: a month of machine scans, an approved leave and a declared
 * fault day give each day its category and why, the month's counts, and - once recorded for the
 * ended month - the pay input that a TPP run prices to the rupiah.
 */
const ADMIN_DINKES: TestUser = { sub: 'admin.dinkes', roles: ['admin_opd:DINKES'] };
const BENDAHARA: TestUser = { sub: 'bendahara.dinkes', roles: ['bendahara:DINKES'] };
const MONTH = '2026-11';

/** Every weekday of November 2026 (no national holiday falls on one). */
const WEEKDAYS = Array.from({ length: 30 }, (_, i) => `2026-11-${String(i + 1).padStart(2, '0')}`).filter((d) => {
  const w = new Date(`${d}T00:00:00Z`).getUTCDay();
  return w !== 0 && w !== 6;
});

/** ANALIS's month, day by day: the scans of each day (none for the absent, excused and fault days). */
const ANALIS_DAYS = new Map<string, string[]>([
  ['2026-11-02', ['07:25:10', '16:05:00']], // on time
  ['2026-11-03', ['07:31:00', '16:00:00']], // 1 minute late: TL1
  ['2026-11-04', ['08:01:00', '16:10:00']], // 31: TL2
  ['2026-11-05', ['08:31:00', '16:10:00']], // 61: TL3
  ['2026-11-06', ['09:01:00', '16:30:00']], // 91: TL4 (a Friday: ends 16:30)
  ['2026-11-09', []], // no scan, no excuse: TK
  ['2026-11-10', []], // annual leave
  ['2026-11-11', []], // annual leave
  ['2026-11-12', []], // the machine failed
  ['2026-11-13', ['07:30:00', '16:05:00']], // Friday, left 25 minutes early: PSW1
]);

const zk = (rows: Array<[string, string]>) => rows.map(([pin, at]) => `${pin.padStart(9)}\t${at}\t1\t0\t1\t0`).join('\r\n') + '\r\n';

function novemberLog(): string {
  const rows: Array<[string, string]> = [];
  for (const d of WEEKDAYS) {
    for (const t of ANALIS_DAYS.get(d) ?? ['07:20:00', '16:40:00']) rows.push(['1', `${d} ${t}`]);
    rows.push(['2', `${d} 07:15:00`], ['2', `${d} 16:45:00`]);
  }
  return zk(rows);
}

describe('the monthly attendance summary computed from scans, leave and fault days', () => {
  let app: TestApp;
  const days = async (nip: string, as: TestUser) => app.call('GET', `/api/v1/attendance/employees/${nip}/${MONTH}`, undefined, {}, as);

  beforeAll(async () => {
    app = await startTestApp();
    app.rt.clock = fixedClock('2026-12-02T09:00:00+07:00');
    await buildDinkes(app);
    await until(async () => Number((await app.db.pool.query('SELECT count(*) AS n FROM pay_employee')).rows[0].n) >= 7, 'the register');
    await ok(
      app,
      'POST',
      '/api/v1/attendance/devices/MESIN-1',
      { opdId: 'DINKES', csv: `pin,nip\n1,${ANALIS}\n2,${ANALIS2}\n` },
      ADMIN_DINKES,
      200,
    );
    const r = await fetch(`${app.url}/api/v1/attendance/scans/${MONTH}?format=zkteco&device=MESIN-1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await app.token(ADMIN_DINKES)}`, 'content-type': 'text/plain' },
      body: novemberLog(),
    });
    if (r.status >= 300) throw new Error(`scan import: ${r.status} ${await r.text()}`);
    const leave = await ok(
      app,
      'POST',
      `/api/v1/leave/${ANALIS}`,
      { kind: 'CUTI_TAHUNAN', from: '2026-11-10', to: '2026-11-11', document: 'SC/800/1/2026', reason: 'Keluarga' },
      me(ANALIS),
    );
    await ok(app, 'POST', `/api/v1/leave/${ANALIS}/${leave.leaveId}/decision`, { approve: true }, me(KABID_B));
    await ok(
      app,
      'POST',
      '/api/v1/attendance/opds/DINKES/fault-days',
      { date: '2026-11-12', reason: 'Mesin presensi rusak' },
      ADMIN_DINKES,
    );
    // The summary reads the scans, the leave and the fault day from their read models.
    await until(async () => {
      const b = (await days(ANALIS, me(ANALIS))).body;
      return (
        b.days?.find((d: { date: string; status: string }) => d.date === '2026-11-12' && d.status === 'DIKECUALIKAN') && b.excusedDays === 3
      );
    }, 'the scans, the leave and the fault day in the read models');
  });
  afterAll(() => app.close());

  it('gives each day its category and why, and the month the counts a person would', async () => {
    const m = (await days(ANALIS, me(ANALIS))).body;
    const day = (d: string) => m.days.find((x: { date: string }) => x.date === d);
    expect(day('2026-11-02')).toMatchObject({ status: 'HADIR', codes: [], checkIn: '07:25', checkOut: '16:05' });
    expect(day('2026-11-03')).toMatchObject({ codes: ['TL1'], minutesLate: 1 });
    expect(day('2026-11-03').why).toContain('masuk 07:31, jam kerja mulai 07:30: terlambat 1 menit (TL1)');
    expect(day('2026-11-04').codes).toEqual(['TL2']);
    expect(day('2026-11-05').codes).toEqual(['TL3']);
    expect(day('2026-11-06').codes).toEqual(['TL4']);
    expect(day('2026-11-09')).toMatchObject({ status: 'TIDAK_HADIR', codes: ['TK'] });
    expect(day('2026-11-10')).toMatchObject({ status: 'DIKECUALIKAN', excuse: { kind: 'CUTI_TAHUNAN', reference: 'SC/800/1/2026' } });
    expect(day('2026-11-12')).toMatchObject({
      status: 'DIKECUALIKAN',
      excuse: { kind: 'GANGGUAN_MESIN', reference: 'Mesin presensi rusak' },
    });
    expect(day('2026-11-13')).toMatchObject({ codes: ['PSW1'], minutesEarly: 25 });
    expect(day('2026-11-14')).toMatchObject({ status: 'LIBUR', off: 'AKHIR_PEKAN' });
    expect(m).toMatchObject({
      workingDays: WEEKDAYS.length,
      presentDays: WEEKDAYS.length - 4,
      excusedDays: 3,
      absentDays: 1,
      counts: { TL1: 1, TL2: 1, TL3: 1, TL4: 1, PSW1: 1, PSW2: 0, PSW3: 0, PSW4: 0, TK: 1 },
      policyVersion: 'perkada-contoh-1-2026/v1',
      calendarMissing: false,
    });
  });

  it('shows the days to the employee, their supervisor and the OPD’s admin, not to a peer', async () => {
    expect((await days(ANALIS, me(KABID_B))).status).toBe(200);
    expect((await days(ANALIS, ADMIN_DINKES)).status).toBe(200);
    expect((await days(ANALIS, me(ANALIS2))).status).toBe(403);
    expect((await days(ANALIS, { sub: 'admin.disdik', roles: ['admin_opd:DISDIK'] })).status).toBe(403);
  });

  it('recaps the OPD, and records an ended month once as the pay input the run prices', async () => {
    const recap = (await ok(app, 'GET', `/api/v1/attendance/opds/DINKES/months/${MONTH}`, undefined, ADMIN_DINKES, 200)) as any;
    const row = recap.items.find((r: { nip: string }) => r.nip === ANALIS);
    expect(row.counts).toMatchObject({ TL1: 1, TL4: 1, PSW1: 1, TK: 1 });
    expect(recap.items.find((r: { nip: string }) => r.nip === ANALIS2).counts).toMatchObject({ TL1: 0, TK: 0 });

    // The same recap as the documents a Pemda signs: the PDF's text and the .xlsx's number cells.
    const download = async (ext: string, as: TestUser = ADMIN_DINKES) => {
      const r = await fetch(`${app.url}/api/v1/attendance/opds/DINKES/months/${MONTH}/recap.${ext}`, {
        headers: { authorization: `Bearer ${await app.token(as)}` },
      });
      return { status: r.status, bytes: Buffer.from(await r.arrayBuffer()) };
    };
    const pdf = await download('pdf');
    expect(pdf.status).toBe(200);
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf.bytes }).toString();
    expect(text).toContain('REKAPITULASI KEHADIRAN');
    for (const r of recap.items) expect(text).toContain(r.nip);
    const xlsx = await download('xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const cells: unknown[] = [];
    book.worksheets[0].eachRow((row) => row.eachCell((c) => cells.push(c.value)));
    expect(cells).toContain(ANALIS);
    expect((await download('pdf', me(ANALIS))).status).toBe(403);

    const record = () => app.call('POST', `/api/v1/attendance/opds/DINKES/months/${MONTH}/summary`, undefined, {}, ADMIN_DINKES);
    app.rt.clock = fixedClock('2026-11-20T09:00:00+07:00');
    expect((await record()).body.error.code).toBe('MONTH_NOT_OVER');
    app.rt.clock = fixedClock('2026-12-02T09:00:00+07:00');
    expect((await app.call('POST', `/api/v1/attendance/opds/DINKES/months/${MONTH}/summary`, undefined, {}, BENDAHARA)).status).toBe(403);
    const first = await record();
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ events: ['AttendanceSummaryRecorded'], employees: recap.employees, skipped: [] });
    expect((await record()).body).toMatchObject({ events: [], importId: first.body.importId });

    // The run prices it: the discipline part is the calculator's for these counts.
    await ok(app, 'POST', `/api/v1/payroll/predikat/${MONTH}/import`, { csv: `nip,predikat\n${ANALIS},BAIK\n${ANALIS2},BAIK\n` }, ADMIN);
    await ok(app, 'POST', '/api/v1/payroll/opds/DINKES/runs', { month: MONTH }, BENDAHARA);
    await until(
      async () => (await app.call('POST', `/api/v1/payroll/opds/DINKES/runs/${MONTH}/calculate`, undefined, {}, BENDAHARA)).status === 202,
      'the run calculated',
    );
    const line = await until(async () => {
      const r = await app.call('GET', `/api/v1/employees/${ANALIS}/pay/${MONTH}`, undefined, {}, me(ANALIS));
      return r.status === 200 && r.body.lines?.length > 0 && r.body.lines[0];
    }, 'ANALIS’s pay line');
    const [policy] = loadPolicyDocuments();
    const ceiling = policy.tpp.ceilings.find((c) => c.positionGrade === 8)!.ceiling;
    const expected = calculateTpp(
      {
        ceiling,
        predikat: 'BAIK',
        attendance: { TL1: 1, TL2: 1, TL3: 1, TL4: 1, PSW1: 1, PSW2: 0, PSW3: 0, PSW4: 0, TK: 1 },
        sanction: 'NONE',
        salaryBase: '4000000',
        salaryGross: '4500000',
        taxCategory: 'A',
      },
      policy,
    );
    expect(line.amounts.disciplinePart).toBe(expected.lines.disciplinePart);
    expect(line.amounts.net).toBe(expected.lines.net);
  });
});
