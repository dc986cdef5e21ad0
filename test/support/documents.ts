import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/** Reads documents back as a person would: a PDF's text (`pdftotext -layout`), and the QR code on its first page. */

function withFile<T>(pdf: Buffer, fn: (dir: string, file: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'kinerja-doc-'));
  try {
    const file = join(dir, 'doc.pdf');
    writeFileSync(file, pdf);
    return fn(dir, file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The PDF's text, its layout kept (poppler's pdftotext). */
export const pdfText = (pdf: Buffer): string =>
  withFile(pdf, (_dir, file) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }));

/** How many pages the PDF has (pdfinfo). */
export const pdfPages = (pdf: Buffer): number =>
  withFile(pdf, (_dir, file) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1] ?? 0));

/** The text of the QR code on page 1, rendered at 150 dpi (pdftoppm) and decoded (jsQR); null when none is found. */
export function firstPageQr(pdf: Buffer): string | null {
  return withFile(pdf, (dir, file) => {
    execFileSync('pdftoppm', ['-png', '-r', '150', '-f', '1', '-l', '1', '-singlefile', file, join(dir, 'page')]);
    const png = PNG.sync.read(readFileSync(join(dir, 'page.png')));
    return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
  });
}
