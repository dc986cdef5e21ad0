import { dateName, monthName, pdfText, rupiahText } from './format';
import { cell, finish, MARGIN, newDoc, pageNumbers, table, type Column, type Doc } from './pdf';
import { qrPng } from './qr';
import {
  AMOUNT_COLUMNS,
  rekapRows,
  STATUS_LABELS,
  STEP_LABELS,
  STEP_ORDER,
  sumAmounts,
  type RekapInput,
  type RekapSignature,
} from './rekap';

// The rekap TPP as a PDF in the shape of a Perkada appendix: the Pemda and OPD header, the month and
// policy, one row per employee with the totals row, the signature blocks of the run's approvals, the
// digest that was signed, and a QR code to the public verification page.

const SIGNATURE_HEIGHT = 120;

/** The rekap TPP of an OPD and month (landscape A4, or F4). */
export async function rekapPdf(input: RekapInput): Promise<Buffer> {
  const doc = newDoc(input.pageSize ?? 'A4', 'landscape', {
    Title: `Rekapitulasi TPP ${input.opd.name} ${monthName(input.month)}`,
    Author: input.pemda,
  });
  const qr = await qrPng(input.verification.url);
  header(doc, input, qr);

  const rows = rekapRows(input.lines);
  const total = sumAmounts(rows.map((r) => r.amounts));
  const usable = doc.page.width - 2 * MARGIN;
  const fixed: Column[] = [
    { header: 'No.', width: 22, align: 'right' },
    { header: 'Nama', width: 0 },
    { header: 'NIP', width: 90 },
    { header: 'Jabatan', width: 0 },
    { header: 'Kelas Jab.', width: 28, align: 'center' },
    ...AMOUNT_COLUMNS.map((c) => ({ header: c.header, width: c.key === 'net' ? 62 : 56, align: 'right' as const })),
  ];
  // Name and position share what is left, 55:45.
  const left = usable - fixed.reduce((s, c) => s + c.width, 0);
  fixed[1].width = Math.floor(left * 0.55);
  fixed[3].width = left - fixed[1].width;

  table(doc, {
    columns: fixed,
    rows: rowsOf(rows),
    totals: [
      '',
      `JUMLAH (${rows.length} pegawai, ${input.lines.length} baris)`,
      '',
      '',
      '',
      ...AMOUNT_COLUMNS.map((c) => rupiahText(total[c.key])),
    ],
    keepBelow: SIGNATURE_HEIGHT + 30,
  });
  signatures(doc, input);
  pageNumbers(
    doc,
    `Rekap TPP ${input.opd.id} ${input.month} - run ${input.runId} perhitungan ke-${input.calculation} - digest ${input.digest.slice(0, 16)}… - verifikasi ${input.verification.url}`,
  );
  return finish(doc);
}

function* rowsOf(rows: ReturnType<typeof rekapRows>): Iterable<string[]> {
  for (const r of rows)
    yield [
      String(r.no),
      r.name,
      r.nip,
      r.position,
      r.positionGrade === null ? '-' : String(r.positionGrade),
      ...AMOUNT_COLUMNS.map((c) => rupiahText(r.amounts[c.key])),
    ];
}

function header(doc: Doc, input: RekapInput, qr: Buffer): void {
  const qrSize = 92;
  const right = doc.page.width - MARGIN;
  const textWidth = doc.page.width - 2 * MARGIN - qrSize - 20;
  doc.font('Helvetica').fontSize(8).fillColor('black');
  doc.text(pdfText(`Lampiran ${input.policy.title}`), MARGIN, MARGIN, { width: textWidth });
  doc.moveDown(0.3);
  doc.font('Helvetica-Bold').fontSize(12).text(pdfText(input.pemda.toUpperCase()), { width: textWidth });
  doc.fontSize(11).text('REKAPITULASI PEMBAYARAN TAMBAHAN PENGHASILAN PEGAWAI (TPP) ASN', { width: textWidth });
  doc.moveDown(0.3);
  doc.font('Helvetica').fontSize(9);
  const facts: Array<[string, string]> = [
    ['Perangkat Daerah', `${input.opd.name} (${input.opd.id})`],
    ['Bulan', monthName(input.month)],
    ['Dasar hukum', `${input.policy.title} (versi kebijakan ${input.policy.version})`],
    ['Status', `${STATUS_LABELS[input.status] ?? input.status} - perhitungan ke-${input.calculation}, ${input.totals.lineCount} baris`],
    ['Digest perhitungan', input.digest],
  ];
  const y0 = doc.y;
  facts.forEach(([k, v], i) => {
    const y = y0 + i * 12;
    cell(doc, k, MARGIN, y, 110);
    cell(doc, `: ${v}`, MARGIN + 110, y, textWidth - 110);
  });
  // The QR code, top right, with the address under it.
  doc.image(qr, right - qrSize, MARGIN, { width: qrSize, height: qrSize });
  doc.fontSize(6);
  doc.text('Pindai untuk verifikasi keabsahan', right - qrSize - 10, MARGIN + qrSize + 1, { width: qrSize + 10, align: 'center' });
  doc.text(pdfText(input.verification.code), right - qrSize - 10, doc.y, { width: qrSize + 10, align: 'center' });
  doc.x = MARGIN;
  doc.y = Math.max(y0 + facts.length * 12, MARGIN + qrSize + 20) + 6;
}

function signatures(doc: Doc, input: RekapInput): void {
  const bySte = new Map<RekapSignature['step'], RekapSignature>(input.signatures.map((s) => [s.step, s]));
  const w = (doc.page.width - 2 * MARGIN) / STEP_ORDER.length;
  const y0 = doc.y;
  doc.font('Helvetica').fontSize(8);
  STEP_ORDER.forEach((step, i) => {
    const x = MARGIN + i * w;
    const s = bySte.get(step);
    const label = STEP_LABELS[step];
    const at = (dy: number, text: string, bold = false) => {
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica');
      cell(doc, text, x, y0 + dy, w - 6, 'center');
    };
    at(0, `${label.action},`);
    at(11, label.office);
    if (!s) {
      at(58, '(belum ditandatangani)');
      return;
    }
    at(22, `Tanggal ${dateName(s.at)}`);
    at(34, 'Ditandatangani secara elektronik');
    if (s.sp2d) at(45, `SP2D nomor ${s.sp2d.number} tanggal ${dateName(s.sp2d.date)}`);
    at(66, s.name, true);
    doc
      .moveTo(x + 20, y0 + 76)
      .lineTo(x + w - 26, y0 + 76)
      .lineWidth(0.5)
      .stroke();
    at(79, s.nip ? `NIP. ${s.nip}` : 'NIP. -');
    at(90, `sebagai ${s.role}`);
  });
  doc.font('Helvetica').fontSize(7);
  doc.text(
    pdfText(
      `Setiap tanda tangan menyetujui digest ${input.digest}. Keabsahan dokumen ini dapat diperiksa di ${input.verification.url}. Dicetak ${dateName(input.printedAt)}.`,
    ),
    MARGIN,
    y0 + SIGNATURE_HEIGHT - 14,
    { width: doc.page.width - 2 * MARGIN },
  );
}
