import ExcelJS from 'exceljs';
import { monthName, rupiahNumber } from './format';
import { AMOUNT_COLUMNS, rekapRows, STATUS_LABELS, sumAmounts, type RekapAmounts, type RekapInput } from './rekap';

// The rekap TPP and the run's lines as an .xlsx for the finance office: money in number cells
// (whole rupiah, format #,##0), the totals as SUM formulas with their values cached (a reader that does
// not calculate sees them too), one sheet for the rekap and one for the lines.

const MONEY = '#,##0';

/** Column letter of a 1-based column number. */
const col = (n: number): string => {
  let s = '';
  for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
};

export async function rekapXlsx(input: RekapInput): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'kinerja';
  wb.title = `Rekap TPP ${input.opd.id} ${input.month}`;
  wb.created = new Date(input.printedAt);
  wb.modified = wb.created;

  const rows = rekapRows(input.lines);
  const rekap = wb.addWorksheet('Rekap', { views: [{ state: 'frozen', ySplit: 8 }] });
  const info: Array<[string, string]> = [
    ['Pemerintah Daerah', input.pemda],
    ['Perangkat Daerah', `${input.opd.name} (${input.opd.id})`],
    ['Bulan', `${monthName(input.month)} (${input.month})`],
    ['Dasar hukum', `${input.policy.title} (versi ${input.policy.version})`],
    ['Status', `${STATUS_LABELS[input.status] ?? input.status}, perhitungan ke-${input.calculation}`],
    ['Digest', input.digest],
    ['Verifikasi', input.verification.url],
  ];
  rekap.getCell('A1').value = 'REKAPITULASI PEMBAYARAN TPP ASN';
  rekap.getCell('A1').font = { bold: true, size: 12 };
  // Facts in rows 1..7 column B..C; the table starts at row 8.
  info.forEach(([k, v], i) => {
    rekap.getCell(`C${i + 1}`).value = k;
    rekap.getCell(`D${i + 1}`).value = v;
  });
  const headers = ['No.', 'Nama', 'NIP', 'Jabatan', 'Kelas Jabatan', ...AMOUNT_COLUMNS.map((c) => c.header)];
  const headRow = 8;
  rekap.getRow(headRow).values = headers;
  rekap.getRow(headRow).font = { bold: true };
  const first = headRow + 1;
  rows.forEach((r, i) => {
    rekap.getRow(first + i).values = [
      r.no,
      r.name,
      r.nip, // text: an 18-digit NIP is no number (it would lose digits)
      r.position,
      r.positionGrade ?? null,
      ...AMOUNT_COLUMNS.map((c) => rupiahNumber(r.amounts[c.key])),
    ];
  });
  totalsRow(rekap, first, rows.length, 5, sumAmounts(rows.map((r) => r.amounts)), 'JUMLAH');
  rekap.columns.forEach((c, i) => {
    c.width = [6, 32, 21, 30, 9][i] ?? 15;
    if (i >= 5) c.numFmt = MONEY;
  });

  const lines = wb.addWorksheet('Baris', { views: [{ state: 'frozen', ySplit: 1 }] });
  lines.getRow(1).values = ['NIP', 'Nama', 'Baris', 'Jenis', 'Koreksi bulan', 'Kelas Jabatan', ...AMOUNT_COLUMNS.map((c) => c.header)];
  lines.getRow(1).font = { bold: true };
  input.lines.forEach((l, i) => {
    lines.getRow(2 + i).values = [
      l.nip,
      l.name,
      l.lineKey,
      l.kind,
      l.adjustsMonth ?? '',
      l.positionGrade ?? null,
      ...AMOUNT_COLUMNS.map((c) => rupiahNumber(l.amounts[c.key])),
    ];
  });
  totalsRow(lines, 2, input.lines.length, 6, sumAmounts(input.lines.map((l) => l.amounts)), 'JUMLAH');
  lines.columns.forEach((c, i) => {
    c.width = [21, 32, 28, 12, 12, 9][i] ?? 15;
    if (i >= 6) c.numFmt = MONEY;
  });

  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Under `count` data rows from row `first`: the label, and a SUM per amount column after `before` columns (result cached). */
function totalsRow(ws: ExcelJS.Worksheet, first: number, count: number, before: number, total: RekapAmounts, label: string): void {
  const row = ws.getRow(first + count);
  row.getCell(2).value = label;
  AMOUNT_COLUMNS.forEach((c, i) => {
    const letter = col(before + 1 + i);
    row.getCell(before + 1 + i).value = {
      formula: count ? `SUM(${letter}${first}:${letter}${first + count - 1})` : '0',
      result: rupiahNumber(total[c.key]),
    };
  });
  row.font = { bold: true };
}
