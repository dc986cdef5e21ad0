/**
 * `npm run bench -- documents [employees]`: the documents of issue 16 (item 5) for an OPD of 2,000
 * employees by default: the rekap TPP as PDF (goal < 5 s) and as .xlsx (goal < 3 s), and the
 * attendance recap as PDF and .xlsx (no goal). Rendered from constructed data of the real shape
 * (libs/documents/src/testing.ts: one TPP line per employee, an adjustment for every 50th, four
 * signatures, the QR code), i.e. the renderers alone: gathering a run from the read model is one
 * indexed query of its lines. One warm-up, then the median of three renderings of each.
 */
import { attendanceRecapPdf, attendanceRecapXlsx, rekapPdf, rekapXlsx } from '../libs/documents/src';
import { sampleAttendanceRecap, sampleRekap } from '../libs/documents/src/testing';
import { goal, printTable } from './table';

const GOALS = { pdf: 5, xlsx: 3 };

async function timed(render: () => Promise<Buffer>): Promise<{ seconds: number; bytes: number }> {
  await render(); // warm-up: the fonts' metrics, the zip library
  const runs: Array<{ seconds: number; bytes: number }> = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const b = await render();
    runs.push({ seconds: (performance.now() - t) / 1000, bytes: b.length });
  }
  return runs.sort((a, b) => a.seconds - b.seconds)[1];
}

export default async function (args: string[]): Promise<void> {
  const n = Number(args[0] ?? 2000);
  const rekap = sampleRekap(n);
  const attendance = sampleAttendanceRecap(n);
  const pdf = await timed(() => rekapPdf(rekap));
  const xlsx = await timed(() => rekapXlsx(rekap));
  const aPdf = await timed(() => attendanceRecapPdf(attendance));
  const aXlsx = await timed(() => attendanceRecapXlsx(attendance));
  const heapMb = Math.round(process.memoryUsage().rss / 1024 / 1024);
  const kb = (b: number) => Math.round(b / 1024);
  console.log(
    `\nconstructed data: ${n.toLocaleString('en-US')} employees, ${rekap.lines.length.toLocaleString('en-US')} pay lines; rss after ${heapMb} MB`,
  );
  printTable(`Documents of an OPD of ${n.toLocaleString('en-US')} employees (median of 3 after a warm-up)`, [
    {
      case: 'rekap TPP, PDF (A4 landscape, header on every page, signatures, QR)',
      seconds: pdf.seconds,
      KB: kb(pdf.bytes),
      goal: `< ${GOALS.pdf} s`,
    },
    { case: 'rekap TPP, .xlsx (sheets Rekap and Baris, SUM totals)', seconds: xlsx.seconds, KB: kb(xlsx.bytes), goal: `< ${GOALS.xlsx} s` },
    { case: 'attendance recap, PDF', seconds: aPdf.seconds, KB: kb(aPdf.bytes), goal: '' },
    { case: 'attendance recap, .xlsx', seconds: aXlsx.seconds, KB: kb(aXlsx.bytes), goal: '' },
  ]);
  goal(`rekap PDF of ${n} employees`, pdf.seconds < GOALS.pdf, `${pdf.seconds.toFixed(2)} s (goal < ${GOALS.pdf} s)`);
  goal(`rekap .xlsx of ${n} employees`, xlsx.seconds < GOALS.xlsx, `${xlsx.seconds.toFixed(2)} s (goal < ${GOALS.xlsx} s)`);
}
