import ExcelJS from 'exceljs';
import { ATTENDANCE_CODES, type AttendanceCode } from '@kinerja/policies';
import { dateName, monthName, pdfText } from './format';
import { finish, MARGIN, newDoc, pageNumbers, table, type Column, type PageSize } from './pdf';

// The attendance recap of an OPD and month (PDF and .xlsx): per employee the working days, the days
// present and excused, and the count of each attendance category the TPP calculator takes.

export interface AttendanceRecapEmployee {
  nip: string;
  name: string;
  position: string;
  workingDays: number;
  presentDays: number;
  excusedDays: number;
  counts: Record<AttendanceCode, number>;
}

export interface AttendanceRecapInput {
  pemda: string;
  opd: { id: string; name: string };
  month: string;
  policyVersion: string;
  employees: AttendanceRecapEmployee[];
  /** When the document was made (ISO instant, from the clock). */
  printedAt: string;
  pageSize?: PageSize;
}

const FIXED = ['No.', 'Nama', 'NIP', 'Jabatan', 'Hari kerja', 'Hadir', 'Izin/cuti/dinas'] as const;

const totalOf = (es: readonly AttendanceRecapEmployee[], pick: (e: AttendanceRecapEmployee) => number) =>
  es.reduce((s, e) => s + pick(e), 0);

export async function attendanceRecapPdf(input: AttendanceRecapInput): Promise<Buffer> {
  const doc = newDoc(input.pageSize ?? 'A4', 'landscape', {
    Title: `Rekap Kehadiran ${input.opd.name} ${monthName(input.month)}`,
    Author: input.pemda,
  });
  const width = doc.page.width - 2 * MARGIN;
  doc.font('Helvetica-Bold').fontSize(12).text(pdfText(input.pemda.toUpperCase()), { width });
  doc.fontSize(11).text('REKAPITULASI KEHADIRAN PEGAWAI', { width });
  doc.font('Helvetica').fontSize(9);
  doc.text(pdfText(`Perangkat Daerah: ${input.opd.name} (${input.opd.id})`), { width });
  doc.text(`Bulan: ${monthName(input.month)}`, { width });
  doc.text(pdfText(`Versi kebijakan: ${input.policyVersion}`), { width });
  doc.text('TL: terlambat masuk; PSW: pulang sebelum waktunya; TK: tanpa keterangan (jumlah kejadian/hari).', { width });
  doc.moveDown(0.5);
  const counts: Column[] = ATTENDANCE_CODES.map((c) => ({ header: c, width: 30, align: 'right' as const }));
  const columns: Column[] = [
    { header: 'No.', width: 22, align: 'right' },
    { header: 'Nama', width: 0 },
    { header: 'NIP', width: 90 },
    { header: 'Jabatan', width: 0 },
    { header: 'Hari kerja', width: 36, align: 'right' },
    { header: 'Hadir', width: 32, align: 'right' },
    { header: 'Izin/ cuti/ dinas', width: 36, align: 'right' },
    ...counts,
  ];
  const left = width - columns.reduce((s, c) => s + c.width, 0);
  columns[1].width = Math.floor(left * 0.55);
  columns[3].width = left - columns[1].width;
  const es = input.employees;
  table(doc, {
    columns,
    rows: es.map((e, i) => [
      String(i + 1),
      e.name,
      e.nip,
      e.position,
      String(e.workingDays),
      String(e.presentDays),
      String(e.excusedDays),
      ...ATTENDANCE_CODES.map((c) => String(e.counts[c] ?? 0)),
    ]),
    totals: [
      '',
      `JUMLAH (${es.length} pegawai)`,
      '',
      '',
      String(totalOf(es, (e) => e.workingDays)),
      String(totalOf(es, (e) => e.presentDays)),
      String(totalOf(es, (e) => e.excusedDays)),
      ...ATTENDANCE_CODES.map((c) => String(totalOf(es, (e) => e.counts[c] ?? 0))),
    ],
  });
  pageNumbers(doc, `Rekap kehadiran ${input.opd.id} ${input.month} - dicetak ${dateName(input.printedAt)}`);
  return finish(doc);
}

export async function attendanceRecapXlsx(input: AttendanceRecapInput): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'kinerja';
  wb.created = new Date(input.printedAt);
  wb.modified = wb.created;
  const ws = wb.addWorksheet('Kehadiran', { views: [{ state: 'frozen', ySplit: 5 }] });
  ws.getCell('A1').value = 'REKAPITULASI KEHADIRAN PEGAWAI';
  ws.getCell('A1').font = { bold: true, size: 12 };
  ws.getCell('A2').value = input.pemda;
  ws.getCell('A3').value =
    `${input.opd.name} (${input.opd.id}) - ${monthName(input.month)} (${input.month}) - versi kebijakan ${input.policyVersion}`;
  const head = 5;
  ws.getRow(head).values = [...FIXED, ...ATTENDANCE_CODES];
  ws.getRow(head).font = { bold: true };
  input.employees.forEach((e, i) => {
    ws.getRow(head + 1 + i).values = [
      i + 1,
      e.name,
      e.nip,
      e.position,
      e.workingDays,
      e.presentDays,
      e.excusedDays,
      ...ATTENDANCE_CODES.map((c) => e.counts[c] ?? 0),
    ];
  });
  const n = input.employees.length;
  const totals = ws.getRow(head + 1 + n);
  totals.getCell(2).value = 'JUMLAH';
  const numeric: Array<(e: AttendanceRecapEmployee) => number> = [
    (e) => e.workingDays,
    (e) => e.presentDays,
    (e) => e.excusedDays,
    ...ATTENDANCE_CODES.map((c) => (e: AttendanceRecapEmployee) => e.counts[c] ?? 0),
  ];
  numeric.forEach((pick, i) => {
    const colNo = FIXED.length - 2 + i; // 1-based: column E (5) is the first number
    const letter = String.fromCharCode(64 + colNo);
    totals.getCell(colNo).value = {
      formula: n ? `SUM(${letter}${head + 1}:${letter}${head + n})` : '0',
      result: totalOf(input.employees, pick),
    };
  });
  totals.font = { bold: true };
  ws.columns.forEach((c, i) => (c.width = [6, 32, 21, 30][i] ?? 10));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
