import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** Reads documents back as a person would: a PDF's text (`pdftotext -layout`), and the QR code on its first page. */

function withFile<T>(pdf: Buffer, fn: (dir: string, file: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'kinerja-doc-'));
  const done = () => rmSync(dir, { recursive: true, force: true });
  try {
    const file = join(dir, 'doc.pdf');
    writeFileSync(file, pdf);
    const r = fn(dir, file);
    if (r instanceof Promise) return r.finally(done) as T;
    done();
    return r;
  } catch (e) {
    done();
    throw e;
  }
}

// Decoded in a child process: jsQR takes a while on a whole page, and a suite's own server (in this
// process) must keep answering meanwhile.
const DECODE = `
const { PNG } = require('pngjs'); const jsQR = require('jsqr');
const png = PNG.sync.read(require('fs').readFileSync(process.argv[1]));
const r = jsQR(new Uint8ClampedArray(png.data), png.width, png.height, { inversionAttempts: process.argv[2] });
process.stdout.write(JSON.stringify(r ? r.data : null));`;

/** The PDF's text, its layout kept (poppler's pdftotext). */
export const pdfText = (pdf: Buffer): string =>
  withFile(pdf, (_dir, file) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }));

/** How many pages the PDF has (pdfinfo). */
export const pdfPages = (pdf: Buffer): number =>
  withFile(pdf, (_dir, file) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1] ?? 0));

/** The first page's size in points, as pdfinfo reads it (`[width, height]`). */
export const pdfPageSize = (pdf: Buffer): [number, number] =>
  withFile(pdf, (_dir, file) => {
    const m = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }));
    return [Number(m?.[1]), Number(m?.[2])];
  });

/**
 * The text of the QR code on page 1, as a phone camera reads it: rendered at 150 dpi (pdftoppm) and
 * decoded (jsQR), then, if nothing is found, at 300 dpi with inverted images tried too. jsQR misses
 * an occasional code at one resolution that it reads at another (seen once in CI). Null when no
 * rendering gives a code; the PDF is then kept in $TMPDIR/kinerja-qr-misses/ for a look.
 */
export function firstPageQr(pdf: Buffer): Promise<string | null> {
  return withFile(pdf, async (dir, file) => {
    const run = promisify(execFile);
    for (const [dpi, inversion] of [
      ['150', 'dontInvert'],
      ['300', 'attemptBoth'],
    ]) {
      await run('pdftoppm', ['-png', '-r', dpi, '-f', '1', '-l', '1', '-singlefile', file, join(dir, 'page')]);
      const { stdout } = await run(process.execPath, ['-e', DECODE, join(dir, 'page.png'), inversion], {
        cwd: join(__dirname, '..', '..'),
      });
      const text = JSON.parse(stdout) as string | null;
      if (text !== null) return text;
    }
    const kept = join(tmpdir(), 'kinerja-qr-misses');
    mkdirSync(kept, { recursive: true });
    copyFileSync(file, join(kept, `${Date.now()}.pdf`));
    return null;
  });
}
