/**
 * `npm run bench -- tpp [lines]`: throughput of `kinerja tpp calc` on JSON Lines, against a
 * baseline measured in the same run: a plain Node script that only JSON.parse + JSON.stringify
 * each line, with the same I/O (the file on stdin, stdout to /dev/null, output batched the same
 * way). Both are child processes timed from spawn to exit, start-up included.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { goal, printTable } from './table';

const ROOT = resolve(__dirname, '..');
const TPP_MAIN = join(ROOT, 'apps/cli/src/commands/tpp-main.ts');

/** Deterministic PRNG (mulberry32) so every run prices the same million lines. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PREDIKAT = ['SANGAT_BAIK', 'BAIK', 'BAIK', 'BAIK', 'BUTUH_PERBAIKAN', 'KURANG', 'SANGAT_KURANG'];
const CODES = ['TL1', 'TL2', 'TL3', 'TL4', 'PSW1', 'PSW2', 'PSW3', 'PSW4', 'TK'];
const SANCTIONS = ['NONE', 'NONE', 'NONE', 'NONE', 'NONE', 'NONE', 'RINGAN', 'SEDANG', 'BERAT'];
const PTKP = ['TK/0', 'TK/1', 'K/0', 'K/1', 'K/2', 'K/3', 'TK/2'];

/** A varied line: grade or explicit ceiling, sparse attendance, PTKP or category; about 1% bad. */
function line(i: number, rnd: () => number): string {
  const o: Record<string, unknown> = { id: `E${i}` };
  if (rnd() < 0.7) o.positionGrade = 1 + Math.floor(rnd() * 17);
  else o.ceiling = String(1_500_000 + Math.floor(rnd() * 200) * 50_000);
  o.predikat = PREDIKAT[Math.floor(rnd() * PREDIKAT.length)];
  const attendance: Record<string, number> = {};
  const n = Math.floor(rnd() * 4);
  for (let k = 0; k < n; k++) attendance[CODES[Math.floor(rnd() * CODES.length)]] = 1 + Math.floor(rnd() * 5);
  o.attendance = attendance;
  o.sanction = SANCTIONS[Math.floor(rnd() * SANCTIONS.length)];
  const base = 2_000_000 + Math.floor(rnd() * 150) * 50_000;
  o.salaryBase = String(base);
  o.salaryGross = String(base + Math.floor(rnd() * 40) * 25_000);
  if (rnd() < 0.5) o.taxCategory = ['A', 'B', 'C'][Math.floor(rnd() * 3)];
  else o.ptkpStatus = PTKP[Math.floor(rnd() * PTKP.length)];
  const bad = rnd();
  if (bad < 0.004) (o.attendance as Record<string, number>).TL1 = -1;
  else if (bad < 0.008) o.predikat = 'LUAR_BIASA';
  else if (bad < 0.01) return JSON.stringify(o).slice(0, -3);
  return JSON.stringify(o);
}

async function generate(file: string, lines: number): Promise<void> {
  const rnd = prng(20260301);
  const out = createWriteStream(file);
  let batch = '';
  for (let i = 1; i <= lines; i++) {
    batch += line(i, rnd) + '\n';
    if (batch.length > 1 << 20) {
      if (!out.write(batch)) await once(out, 'drain');
      batch = '';
    }
  }
  out.end(batch);
  await once(out, 'finish');
}

/** The baseline: only parse and re-print each line, with the same chunked reading and batched writing. */
const PLAIN = `
const { StringDecoder } = require('node:string_decoder');
(async () => {
  const decoder = new StringDecoder('utf8');
  let pending = '', batch = '';
  const flush = async () => { if (batch && !process.stdout.write(batch)) await new Promise((r) => process.stdout.once('drain', r)); batch = ''; };
  for await (const chunk of process.stdin) {
    const text = pending + decoder.write(chunk);
    let start = 0, nl;
    while ((nl = text.indexOf('\\n', start)) !== -1) {
      let out;
      try { out = JSON.stringify(JSON.parse(text.slice(start, nl))); } catch (e) { out = '{"error":"INVALID_JSON"}'; }
      batch += out + '\\n';
      start = nl + 1;
      if (batch.length >= 131072) await flush();
    }
    pending = text.slice(start);
  }
  pending += decoder.end();
  if (pending) batch += JSON.stringify(JSON.parse(pending)) + '\\n';
  await flush();
})();
`;

function timeChild(args: string[], inputFile: string): Promise<{ seconds: number; stderr: string }> {
  const stdin = openSync(inputFile, 'r');
  const stdout = openSync('/dev/null', 'w');
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: [stdin, stdout, 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      closeSync(stdin);
      closeSync(stdout);
      if (code !== 0) reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`));
      else resolvePromise({ seconds, stderr });
    });
  });
}

async function best(runs: number, args: string[], file: string) {
  let fastest = Infinity;
  let stderr = '';
  for (let r = 0; r < runs; r++) {
    const t = await timeChild(args, file);
    if (t.seconds < fastest) fastest = t.seconds;
    stderr = t.stderr;
  }
  return { seconds: fastest, stderr };
}

export default async function (args: string[]): Promise<void> {
  const lines = Number(args[0] ?? 1_000_000);
  const runs = Number(args[1] ?? 3);
  const dir = mkdtempSync(join(tmpdir(), 'kinerja-tpp-bench-'));
  try {
    const file = join(dir, 'input.jsonl');
    const plainScript = join(dir, 'plain.js');
    writeFileSync(plainScript, PLAIN);
    await generate(file, lines);
    const mb = statSync(file).size / 1e6;

    const plain = await best(runs, [plainScript], file);
    const ours = await best(runs, ['-r', '@swc-node/register', TPP_MAIN, 'tpp', 'calc'], file);
    // Start-up (module loading, SWC compiling on the fly, policy compile) measured on an empty input.
    const emptyFile = join(dir, 'empty.jsonl');
    writeFileSync(emptyFile, '');
    const startup = await best(runs, ['-r', '@swc-node/register', TPP_MAIN, 'tpp', 'calc'], emptyFile);

    const plainRate = lines / plain.seconds;
    const ourRate = lines / ours.seconds;
    printTable(`tpp calc: ${lines.toLocaleString('en-US')} JSON lines (${mb.toFixed(1)} MB), best of ${runs}, start-up included`, [
      { case: 'plain node: JSON.parse + JSON.stringify', seconds: plain.seconds, 'lines/s': Math.round(plainRate), 'vs plain': 1 },
      { case: 'kinerja tpp calc', seconds: ours.seconds, 'lines/s': Math.round(ourRate), 'vs plain': ourRate / plainRate },
      { case: 'kinerja tpp calc, empty input (start-up)', seconds: startup.seconds, 'lines/s': '-', 'vs plain': '-' },
    ]);
    if (ours.stderr.trim()) console.log(`tpp calc said: ${ours.stderr.trim()}`);
    goal('>100,000 lines/s', ourRate > 100_000, `${Math.round(ourRate).toLocaleString('en-US')} lines/s`);
    goal('>= 1/3 of plain', ourRate >= plainRate / 3, `${(ourRate / plainRate).toFixed(2)} × plain`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
