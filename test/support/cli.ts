import { spawn } from 'node:child_process';
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
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...cleanEnv(), LOG_LEVEL: 'silent', KINERJA_DEMO_DATA: 'off', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}
