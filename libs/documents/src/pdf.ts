import PDFDocument from 'pdfkit';
import { pdfText } from './format';

// What the PDF documents share: the page sizes, a document rendered into a Buffer, fast table
// cells (measured and cut, no line wrapper), a table that repeats its header on every page, and
// page numbers written once the page count is known.

export type PageSize = 'A4' | 'F4';
/** F4 (folio) as Indonesian offices use it: 215 x 330 mm, in points. */
const SIZES: Record<PageSize, [number, number]> = { A4: [595.28, 841.89], F4: [609.45, 935.43] };

export type Doc = InstanceType<typeof PDFDocument>;
export const MARGIN = 28;

/** A new landscape (or portrait) document with its pages kept until the end (for page numbers). */
export function newDoc(size: PageSize, layout: 'landscape' | 'portrait', info: { Title: string; Author: string }): Doc {
  const [w, h] = SIZES[size];
  return new PDFDocument({
    size: [w, h],
    layout,
    margin: MARGIN,
    bufferPages: true,
    info: { ...info, Title: pdfText(info.Title), Author: pdfText(info.Author), Creator: 'kinerja' },
  });
}

/** Ends the document and collects its bytes. */
export function finish(doc: Doc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/** Writes `Halaman i dari n` (and a footer line) at the bottom of every page. */
export function pageNumbers(doc: Doc, footer: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing in the margin must not add a page
    const y = doc.page.height - MARGIN + 8;
    doc.font('Helvetica').fontSize(7).fillColor('#444');
    const label = `Halaman ${i + 1 - range.start} dari ${range.count}`;
    const labelWidth = doc.widthOfString(label);
    cell(doc, footer, MARGIN - 2, y, doc.page.width - 2 * MARGIN - labelWidth - 10);
    doc.text(label, doc.page.width - MARGIN - labelWidth, y, { lineBreak: false });
    doc.page.margins.bottom = bottom;
    doc.fillColor('black');
  }
}

export type Align = 'left' | 'right' | 'center';

/** One cell's text at (x, y) inside `width`: cut with "…" when too wide, aligned, never wrapped. */
export function cell(doc: Doc, text: string, x: number, y: number, width: number, align: Align = 'left'): void {
  let t = pdfText(text);
  const room = width - 4;
  let w = doc.widthOfString(t);
  if (w > room) {
    while (t.length > 1 && doc.widthOfString(t + '…') > room) t = t.slice(0, -1);
    t += '…';
    w = doc.widthOfString(t);
  }
  const dx = align === 'right' ? width - 2 - w : align === 'center' ? (width - w) / 2 : 2;
  doc.text(t, x + dx, y, { lineBreak: false });
}

export interface Column {
  header: string;
  width: number;
  align?: Align;
}

export interface TableOptions {
  columns: Column[];
  rows: Iterable<string[]>;
  /** The last row, in bold. */
  totals?: string[];
  fontSize?: number;
  /** Space to keep free below the table on its last page (e.g. for the signatures): a new page otherwise. */
  keepBelow?: number;
}

/**
 * Draws a table from the current y: the header row, then the rows, with a new page (and the header
 * again) whenever a row would not fit. Returns the y below the table.
 */
export function table(doc: Doc, o: TableOptions): number {
  const size = o.fontSize ?? 7;
  const rowH = size + 4.5;
  const x0 = MARGIN;
  const width = o.columns.reduce((s, c) => s + c.width, 0);
  const bottom = () => doc.page.height - MARGIN - 14;
  const header = (y: number) => {
    doc.font('Helvetica-Bold').fontSize(size);
    // Header cells may wrap to two lines: measure the tallest.
    const h = Math.max(...o.columns.map((c) => doc.heightOfString(pdfText(c.header), { width: c.width - 4 }))) + 6;
    doc.rect(x0, y, width, h).fillAndStroke('#e8e8e8', '#888');
    doc.fillColor('black');
    let x = x0;
    for (const c of o.columns) {
      doc.text(pdfText(c.header), x + 2, y + 3, { width: c.width - 4, align: c.align === 'right' ? 'right' : 'center' });
      x += c.width;
    }
    doc.font('Helvetica').fontSize(size);
    return y + h;
  };
  const line = (cells: string[], y: number) => {
    let x = x0;
    o.columns.forEach((c, i) => {
      cell(doc, cells[i] ?? '', x, y + 2.5, c.width, c.align);
      x += c.width;
    });
    doc
      .moveTo(x0, y + rowH)
      .lineTo(x0 + width, y + rowH)
      .lineWidth(0.3)
      .strokeColor('#bbb')
      .stroke();
  };
  let y = header(doc.y);
  for (const r of o.rows) {
    if (y + rowH > bottom()) {
      doc.addPage();
      y = header(MARGIN);
    }
    line(r, y);
    y += rowH;
  }
  if (o.totals) {
    if (y + rowH > bottom()) {
      doc.addPage();
      y = header(MARGIN);
    }
    doc.font('Helvetica-Bold').fontSize(size);
    doc.rect(x0, y, width, rowH).fill('#f3f3f3');
    doc.fillColor('black');
    line(o.totals, y);
    doc.font('Helvetica').fontSize(size);
    y += rowH;
  }
  doc.strokeColor('black').lineWidth(1);
  if (o.keepBelow && y + o.keepBelow > bottom()) {
    doc.addPage();
    y = MARGIN;
  }
  doc.x = MARGIN;
  doc.y = y + 8;
  return doc.y;
}
