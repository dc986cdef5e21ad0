import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');
export const BIN = resolve(ROOT, 'bin/kinerja.js');

/** The test run's environment without kinerja's own settings, so each test says what it runs on. */
export function cleanEnv(): NodeJS.ProcessEnv {
  const clean = { ...process.env };
  for (const k of Object.keys(clean)) if (k.startsWith('KINERJA_') || k === 'DATABASE_URL' || k === 'REDIS_URL') delete clean[k];
  return clean;
}

/** Runs `kinerja <args>` as a user would, quietly and without demo data unless `env` says so. */
export function kinerja(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...cleanEnv(), LOG_LEVEL: 'silent', KINERJA_DEMO_DATA: 'off', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

export interface StartedKinerja {
  child: ChildProcess;
  /** The API's URL once it logs that it is up ('' for `--only worker`, up when the worker is). */
  up: Promise<string>;
  exited: Promise<{ code: number | null; log: string }>;
}

/** `kinerja start` as a user runs it, on a free port, without demo data unless `env` says so. */
export function startKinerja(env: Record<string, string>, args: string[] = []): StartedKinerja {
  const child = spawn(process.execPath, [BIN, 'start', ...args], {
    cwd: ROOT,
    env: {
      ...cleanEnv(),
      PORT: '0',
      KINERJA_DEMO_DATA: 'off',
      KINERJA_AUTH_SECRET: 'start-test-secret-0123456789abcdefghijklmnop',
      ...env,
    },
  });
  let log = '';
  let isUp = false;
  const up = new Promise<string>((ok, fail) => {
    child.stdout!.on('data', (d) => {
      log += d;
      // Looked for until found: a process started with LOG_LEVEL=info logs every request, and
      // searching its whole log again at each line is quadratic in the traffic.
      if (isUp) return;
      const m = /"url":"(http:\/\/[^"]+)".*"msg":"kinerja is up"/.exec(log);
      isUp = m !== null || (/"msg":"worker started"/.test(log) && args.includes('worker'));
      if (isUp) ok(m ? m[1] : '');
    });
    child.stderr!.on('data', (d) => (log += d));
    child.on('exit', () => fail(new Error(`exited before it was up:\n${log}`)));
  });
  const exited = new Promise<{ code: number | null; log: string }>((ok) => child.on('exit', (code) => ok({ code, log })));
  up.catch(() => undefined);
  return { child, up, exited };
}
