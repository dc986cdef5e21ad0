import ExcelJS from 'exceljs';
import { ATTENDANCE_CODES } from '@kinerja/policies';
import { firstPageQr, pdfPages, pdfText } from '../../../test/support/documents';
import { attendanceRecapPdf, attendanceRecapXlsx } from './attendance-recap';
import { rupiahText, sumRupiah } from './format';
import { rekapRows } from './rekap';
import { rekapPdf } from './rekap-pdf';
import { rekapXlsx } from './rekap-xlsx';
import { slipPdf } from './slip-pdf';
import { sampleAttendanceRecap, sampleRekap } from './testing';
import { normaliseCode, verificationCode } from './verification';

/** pdftotext -layout may put a wide cell's text in the middle of spaces: compare on single spaces. */
const squash = (s: string) => s.replace(/\s+/g, ' ');

describe('rekap TPP (PDF)', () => {
  const input = sampleRekap(120);
  let pdf: Buffer;
  let text: string;
  beforeAll(async () => {
    pdf = await rekapPdf(input);
    text = pdfText(pdf);
  });

  it('carries every employee (name and NIP), the totals and the four signatures', () => {
    for (const r of rekapRows(input.lines)) expect(squash(text)).toContain(`${r.name} ${r.nip}`);
    expect(text).toContain(rupiahText(sumRupiah(input.lines.map((l) => l.amounts.net))));
    expect(text).toContain(rupiahText(input.totals.totalNet));
    for (const s of input.signatures) {
      expect(text).toContain(s.name);
      expect(text).toContain(`NIP. ${s.nip}`);
    }
    expect(text).toContain('30 Maret 2026'); // the disbursement's date
    expect(text).toContain('SP2D nomor SP2D-0042/2026');
    expect(text).toContain(input.digest);
    expect(text).toContain('PEMERINTAH KABUPATEN CONTOH');
    expect(text).toContain('Maret 2026');
  });

  it('repeats the table header and numbers the pages', () => {
    const pages = pdfPages(pdf);
    expect(pages).toBeGreaterThan(1);
    expect(text.split('\f').filter((p) => p.includes('Bagian Kinerja')).length).toBe(pages);
    expect(text).toContain(`Halaman ${pages} dari ${pages}`);
  });

  it('shows on page 1 a QR code of the verification URL', async () => {
    expect(await firstPageQr(pdf)).toBe(input.verification.url);
  });

  it('prints an unsigned step as such, and a name outside the standard font as "?"', async () => {
    const t = pdfText(
      await rekapPdf({
        ...sampleRekap(3),
        status: 'SUBMITTED',
        signatures: [{ step: 'Submit', name: 'Ṣiti 王', nip: null, role: 'bendahara', at: '2026-03-25T09:00:00+07:00' }],
      }),
    );
    expect(t.match(/\(belum ditandatangani\)/g)).toHaveLength(3);
    expect(t).toContain('?iti ?');
    expect(t).toContain('NIP. -');
  });
});

describe('rekap TPP (.xlsx)', () => {
  it('holds number cells and SUM formulas whose cached results equal the totals, on a rekap and a lines sheet', async () => {
    const input = sampleRekap(60);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await rekapXlsx(input)) as unknown as ArrayBuffer);
    const rekap = wb.getWorksheet('Rekap')!;
    const lines = wb.getWorksheet('Baris')!;
    const rows = rekapRows(input.lines);
    // Rekap: header at row 8, rows 9.., totals after; Neto is column L (12).
    expect(rekap.getRow(8).getCell(12).value).toBe('Neto');
    expect(rekap.getRow(9).getCell(3).value).toBe(rows[0].nip);
    const net = rekap.getRow(9 + rows.length).getCell(12).value as ExcelJS.CellFormulaValue;
    expect(net.formula).toBe(`SUM(L9:L${8 + rows.length})`);
    expect(net.result).toBe(Number(input.totals.totalNet));
    let sum = 0;
    for (let r = 9; r < 9 + rows.length; r++) {
      const v = rekap.getRow(r).getCell(12).value;
      expect(typeof v).toBe('number');
      sum += v as number;
    }
    expect(sum).toBe(Number(input.totals.totalNet));
    // Lines: one row per line, Bruto in column J (10).
    expect(lines.getRow(1).getCell(10).value).toBe('Bruto');
    const gross = lines.getRow(2 + input.lines.length).getCell(10).value as ExcelJS.CellFormulaValue;
    expect(gross).toEqual({ formula: `SUM(J2:J${1 + input.lines.length})`, result: Number(input.totals.totalGross) });
    expect(typeof lines.getRow(2).getCell(10).value).toBe('number');
  });
});

describe('slip TPP (PDF)', () => {
  it('carries the employee, each line with its amounts and the explanation, and the net', async () => {
    const text = pdfText(
      await slipPdf({
        pemda: 'Pemerintah Kabupaten Contoh',
        opd: { id: 'DINKES', name: 'Dinas Kesehatan' },
        month: '2026-03',
        employee: { nip: '198503122010011002', name: 'Siti Rahayu', position: 'Analis', positionGrade: 7 },
        printedAt: '2026-03-31T08:00:00+07:00',
        lines: [
          {
            runId: 'DINKES:2026-03',
            runStatus: 'DISBURSED',
            lineKey: 'TPP',
            kind: 'TPP',
            policyVersion: 'perkada-contoh-1-2026',
            amounts: sampleRekap(1).lines[0].amounts,
            steps: ['1. Pagu Rp2.000.000: kelas jabatan 7.', '8. Neto = Rp1 − Rp2 = Rp3.'],
            summary: 'TPP neto Rp3 untuk 2026-03.',
            sp2d: { number: 'SP2D-1', date: '2026-03-30' },
          },
        ],
      }),
    );
    expect(text).toContain('Siti Rahayu');
    expect(text).toContain('198503122010011002');
    expect(text).toContain('Penjelasan');
    expect(text).toContain('8. Neto = Rp1 - Rp2 = Rp3.');
    expect(text).toContain(`Rp${rupiahText(sampleRekap(1).lines[0].amounts.net)}`);
  });
});

describe('attendance recap', () => {
  const input = sampleAttendanceRecap(80);
  it('PDF: every employee, every category column, the totals', async () => {
    const text = pdfText(await attendanceRecapPdf(input));
    for (const e of input.employees) expect(squash(text)).toContain(`${e.name} ${e.nip}`);
    for (const c of ATTENDANCE_CODES) expect(text).toContain(c);
    expect(text).toContain(`JUMLAH (${input.employees.length} pegawai)`);
  });
  it('.xlsx: number cells and SUM totals', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await attendanceRecapXlsx(input)) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Kehadiran')!;
    expect(ws.getRow(5).getCell(8).value).toBe('TL1');
    const n = input.employees.length;
    const tk = ws.getRow(6 + n).getCell(16).value as ExcelJS.CellFormulaValue;
    expect(tk.formula).toBe(`SUM(P6:P${5 + n})`);
    expect(tk.result).toBe(input.employees.reduce((s, e) => s + e.counts.TK, 0));
    expect(typeof ws.getRow(6).getCell(5).value).toBe('number');
  });
});

describe('verification code', () => {
  it('is 24 characters, depends on the run, the digest and the secret, and is read back case-insensitively', () => {
    const c = verificationCode('s', 'DINKES:2026-03', 'a'.repeat(64));
    expect(c).toMatch(/^[0-9a-z]{24}$/);
    expect(normaliseCode(c.toUpperCase())).toBe(c);
    expect(verificationCode('s', 'DINKES:2026-03', 'b'.repeat(64))).not.toBe(c);
    expect(verificationCode('t', 'DINKES:2026-03', 'a'.repeat(64))).not.toBe(c);
    expect(verificationCode('s', 'DINKES:2026-04', 'a'.repeat(64))).not.toBe(c);
    expect(normaliseCode('not-a-code')).toBeNull();
  });
});
