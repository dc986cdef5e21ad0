/**
 * `npm run bench -- cli [runs]`: how fast a `kinerja` command starts, measured by hyperfine (a
 * process per run, spawn to exit): `kinerja --help` and `kinerja tpp calc` of one line (README,
 * "`kinerja tpp calc`"), as users run them (node bin/kinerja.js: the staleness check of the
 * compiled build, then the compiled JavaScript of dist/), against the same commands the old way,
 * measured in the same run: TypeScript compiled on load by @swc-node/register. `node -e 0` is the
 * floor no command can go under. Goals: --help under 300 ms, tpp calc under 400 ms (mean); the CPU
 * time (user + system) is printed beside, as it varies less on a busy machine.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { goal, printTable } from './table';

const ROOT = resolve(__dirname, '..');
const LINE =
  '{"id":"A","ceiling":"3900000","predikat":"BAIK","attendance":{"TL1":2,"TL2":1},"sanction":"NONE","salaryBase":"4000000","salaryGross":"4500000","taxCategory":"A"}';

interface HyperfineResult {
  command: string;
  mean: number;
  stddev: number;
  median: number;
  min: number;
  max: number;
  user: number;
  system: number;
}

const sh = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export default async function (args: string[]): Promise<void> {
  const runs = Number(args[0]) || 30;
  const dir = mkdtempSync(join(tmpdir(), 'kinerja-bench-cli-'));
  try {
    const line = join(dir, 'line.jsonl');
    writeFileSync(line, `${LINE}\n`);
    // Built (or found fresh) first, so every timed run is the everyday case: nothing to rebuild.
    require('../scripts/build.js').ensureBuilt();
    const node = sh(process.execPath);
    const bin = `${node} ${sh(join(ROOT, 'bin/kinerja.js'))}`;
    const old = `SWC_NODE_PROJECT=${sh(join(ROOT, 'tsconfig.json'))} ${node} -r @swc-node/register ${sh(join(ROOT, 'apps/cli/src/main.ts'))}`;
    const cases: Array<[string, string]> = [
      ['node -e 0 (the floor)', `${node} -e 0`],
      ['kinerja --help', `${bin} --help`],
      ['kinerja --help, compiled on load (before)', `${old} --help`],
      ['kinerja tpp calc, one line', `${bin} tpp calc < ${sh(line)}`],
      ['kinerja tpp calc, one line, compiled on load (before)', `${old} tpp calc < ${sh(line)}`],
    ];
    const out = join(dir, 'hyperfine.json');
    console.log(
      `\ncli bench, ${new Date().toISOString()}, ${runs} runs per case (hyperfine); ${cpus().length} cores, load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}, node ${process.version}`,
    );
    execFileSync(
      'hyperfine',
      [
        '--style',
        'none',
        '--warmup',
        '3',
        '--runs',
        String(runs),
        '--export-json',
        out,
        ...cases.flatMap(([name, cmd]) => ['-n', name, cmd]),
      ],
      { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    const results: HyperfineResult[] = JSON.parse(readFileSync(out, 'utf8')).results;
    const ms = (s: number) => Math.round(s * 1000);
    printTable(
      'cli: start-up of a command, spawn to exit',
      // CPU time (user + system) varies less than the wall clock on a machine shared with other work.
      results.map((r) => ({
        case: r.command,
        'mean ms': ms(r.mean),
        '± ms': ms(r.stddev),
        'median ms': ms(r.median),
        'min ms': ms(r.min),
        'cpu ms': ms(r.user + r.system),
      })),
    );
    const [, help, helpBefore, calc, calcBefore] = results;
    console.log(
      `load average after: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    goal('kinerja --help under 300 ms', help.mean < 0.3, `${ms(help.mean)} ms (before: ${ms(helpBefore.mean)} ms)`);
    goal('kinerja tpp calc of one line under 400 ms', calc.mean < 0.4, `${ms(calc.mean)} ms (before: ${ms(calcBefore.mean)} ms)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
