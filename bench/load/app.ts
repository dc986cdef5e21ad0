/**
 * kinerja started as users start it (`bin/kinerja.js start [--only api|worker]`), as child
 * processes of the bench, with their CPU time read from /proc; and wrk runs of bench/load/mixed.lua.
 */
import { spawn, ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { procStatFields } from '../server';

const ROOT = join(__dirname, '..', '..');
const TICK = 100; // USER_HZ on Linux

export interface KinerjaProcess {
  part: 'all' | 'api' | 'worker';
  pid: number;
  url?: string;
  child: ChildProcess;
  /** CPU seconds used so far (user + system, this process only). */
  cpuSeconds(): number;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export function cpuSecondsOf(pid: number): number {
  try {
    const f = procStatFields(pid);
    return (Number(f[11]) + Number(f[12])) / TICK; // utime, stime
  } catch {
    return 0;
  }
}

/** The machine's busy and total CPU seconds (all cores), from /proc/stat. */
export function machineCpu(): { busy: number; total: number } {
  const v = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = v[3] + v[4];
  const total = v.reduce((a, b) => a + b, 0);
  return { busy: (total - idle) / TICK, total: total / TICK };
}

export async function startKinerja(
  part: 'all' | 'api' | 'worker',
  env: Record<string, string>,
  logFile: string,
  port?: number,
): Promise<KinerjaProcess> {
  const args = [join(ROOT, 'bin', 'kinerja.js'), 'start', ...(part === 'all' ? [] : ['--only', part])];
  const prof = process.env.BENCH_CPU_PROF && part !== 'worker' ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...prof, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, ...(port ? { PORT: String(port) } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(logFile, { flags: 'a' });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  let exited = false;
  const exit = new Promise<void>((r) => child.on('exit', () => ((exited = true), r())));
  const proc: KinerjaProcess = {
    part,
    pid: child.pid!,
    child,
    url: port ? `http://127.0.0.1:${port}` : undefined,
    cpuSeconds: () => cpuSecondsOf(child.pid!),
    async kill(signal = 'SIGTERM') {
      if (!exited) child.kill(signal);
      await exit;
    },
  };
  if (proc.url) await untilAnswering(`${proc.url}/health`, () => exited, 180, `kinerja start (${part})`, `; see ${logFile}`);
  return proc;
}

/**
 * Waits until a process started by the bench answers `url` with 200. Throws when the process has
 * exited first (`exited`) or `seconds` have passed: `what` names it, `see` says where to look.
 */
export async function untilAnswering(url: string, exited: () => boolean, seconds: number, what: string, see = ''): Promise<void> {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    if (exited()) throw new Error(`${what} exited${see}`);
    const ok = await fetch(url).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return;
    if (Date.now() > until) throw new Error(`${what} not up within ${seconds} s${see}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export interface WrkResult {
  requests: number;
  seconds: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  s2xx: number;
  s4xx: number;
  s5xx: number;
  other: number;
  socket: number;
  timeout: number;
}

/** One wrk process of bench/load/mixed.lua; its JSON line parsed. */
export function wrk(
  url: string,
  opts: {
    connections: number;
    seconds: number;
    usersFile: string;
    mode: 'commands' | 'reads' | 'floor';
    today: string;
    resultId: string;
    tag: string;
  },
): Promise<WrkResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(
      'wrk',
      [
        '-t1',
        `-c${opts.connections}`,
        `-d${opts.seconds}s`,
        '--timeout',
        '5s',
        '-s',
        join(__dirname, 'mixed.lua'),
        url,
        '--',
        opts.usersFile,
        opts.mode,
        opts.today,
        opts.resultId,
        opts.tag,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    // 'close', not 'exit': the process may exit before its output has been read (a run lost its
    // summary that way, "wrk exited 0" with nothing read).
    p.on('close', (code) => {
      if (err.trim()) process.stderr.write(err.split('\n').slice(0, 6).join('\n') + '\n');
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (code !== 0 || !line) reject(new Error(`wrk exited ${code}: ${err || out}`));
      else resolve(JSON.parse(line) as WrkResult);
    });
  });
}

/** Two wrk results of the same mix (one per API replica) as one: rates added, the worse percentile kept. */
export function merge(a: WrkResult, b: WrkResult): WrkResult {
  const sum = (k: keyof WrkResult) => a[k] + b[k];
  const worst = (k: keyof WrkResult) => Math.max(a[k], b[k]);
  return {
    requests: sum('requests'),
    seconds: worst('seconds'),
    p50: worst('p50'),
    p95: worst('p95'),
    p99: worst('p99'),
    max: worst('max'),
    s2xx: sum('s2xx'),
    s4xx: sum('s4xx'),
    s5xx: sum('s5xx'),
    other: sum('other'),
    socket: sum('socket'),
    timeout: sum('timeout'),
  };
}
