import { dateName, monthName, pdfText, rupiahText, sumRupiah } from './format';
import { cell, finish, MARGIN, newDoc, pageNumbers, type Doc } from './pdf';
import { AMOUNT_COLUMNS, STATUS_LABELS, type RekapAmounts } from './rekap';

// The slip TPP of one employee and month: each of their lines (the TPP line, adjustments) with its
// amounts and the explanation in words the console shows (Penjelasan), and the month's net.

export interface SlipLine {
  runId: string;
  runStatus: string;
  lineKey: string;
  kind: string;
  policyVersion: string;
  amounts: RekapAmounts;
  /** The explanation, step by step (ExplainPay's `steps`). */
  steps: string[];
  summary?: string;
  sp2d?: { number: string; date: string } | null;
}

export interface SlipInput {
  pemda: string;
  opd: { id: string; name: string };
  month: string;
  employee: { nip: string; name: string; position?: string; positionGrade?: number | null };
  lines: SlipLine[];
  printedAt: string;
}

const KIND_LABELS: Record<string, string> = { TPP: 'TPP bulan berjalan', ADJUSTMENT: 'Koreksi (keberatan yang diputus)' };

export async function slipPdf(input: SlipInput): Promise<Buffer> {
  const doc = newDoc('A4', 'portrait', { Title: `Slip TPP ${input.employee.nip} ${monthName(input.month)}`, Author: input.pemda });
  const width = doc.page.width - 2 * MARGIN;
  doc.font('Helvetica-Bold').fontSize(12).text(pdfText(input.pemda.toUpperCase()), { width });
  doc.fontSize(11).text('SLIP TAMBAHAN PENGHASILAN PEGAWAI (TPP)', { width });
  doc.moveDown(0.5);
  doc.font('Helvetica').fontSize(9);
  const facts: Array<[string, string]> = [
    ['Nama', input.employee.name],
    ['NIP', input.employee.nip],
    ...(input.employee.position ? [['Jabatan', input.employee.position] as [string, string]] : []),
    ...(input.employee.positionGrade ? [['Kelas jabatan', String(input.employee.positionGrade)] as [string, string]] : []),
    ['Perangkat Daerah', `${input.opd.name} (${input.opd.id})`],
    ['Bulan', monthName(input.month)],
  ];
  for (const [k, v] of facts) {
    const y = doc.y;
    cell(doc, k, MARGIN, y, 110);
    cell(doc, `: ${v}`, MARGIN + 110, y, width - 110);
    doc.y = y + 12;
  }
  doc.moveDown(0.5);
  for (const l of input.lines) line(doc, l, width);
  const net = sumRupiah(input.lines.map((l) => l.amounts.net));
  doc.moveDown(0.5);
  doc
    .font('Helvetica-Bold')
    .fontSize(11)
    .text(`TPP neto diterima ${monthName(input.month)}: Rp${rupiahText(net)}`, MARGIN, doc.y, { width });
  doc.font('Helvetica').fontSize(7).moveDown(0.5);
  doc.text(
    pdfText(
      `Dicetak ${dateName(input.printedAt)} dari buku besar TPP kinerja. Setiap angka dihitung ulang dari masukan yang tercatat menurut versi kebijakan yang disebut.`,
    ),
    { width },
  );
  pageNumbers(doc, `Slip TPP ${input.employee.nip} ${input.month}`);
  return finish(doc);
}

function line(doc: Doc, l: SlipLine, width: number): void {
  if (doc.y > doc.page.height - 220) doc.addPage();
  doc.font('Helvetica-Bold').fontSize(10);
  doc.text(pdfText(`${KIND_LABELS[l.kind] ?? l.kind} (${l.lineKey})`), MARGIN, doc.y, { width });
  doc.font('Helvetica').fontSize(8);
  const status = STATUS_LABELS[l.runStatus] ?? l.runStatus;
  const sp2d = l.sp2d ? `, SP2D nomor ${l.sp2d.number} tanggal ${dateName(l.sp2d.date)}` : '';
  doc.text(pdfText(`Run ${l.runId} (${status}${sp2d}); versi kebijakan ${l.policyVersion}`), { width });
  doc.moveDown(0.3);
  const half = width / 2;
  for (const c of AMOUNT_COLUMNS) {
    const y = doc.y;
    doc.font(c.key === 'net' ? 'Helvetica-Bold' : 'Helvetica');
    cell(doc, c.header, MARGIN, y, half - 80);
    cell(doc, `Rp${rupiahText(l.amounts[c.key])}`, MARGIN + half - 80, y, 100, 'right');
    doc.y = y + 11;
  }
  doc.font('Helvetica').moveDown(0.4);
  if (l.steps.length) {
    doc.font('Helvetica-Bold').text('Penjelasan', MARGIN, doc.y, { width });
    doc.font('Helvetica');
    for (const s of l.steps) doc.text(pdfText(s), MARGIN + 8, doc.y, { width: width - 8 });
  }
  if (l.summary) doc.moveDown(0.2).text(pdfText(l.summary), MARGIN, doc.y, { width });
  doc.moveDown(0.8);
}
