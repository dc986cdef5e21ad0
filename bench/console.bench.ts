/**
 * `npm run bench -- console [runs]`: the web console on this machine.
 *  - Size: builds the console (`npm run build`) and gzips what the first page loads eagerly: the
 *    entry script index.html names and the chunks it preloads (the lazy pages are not counted).
 *    Goal: under 250 kB of JavaScript gzipped.
 *  - Time, in headless Chromium (playwright-core, Debian's chromium, the flags of test/console),
 *    against the real app started as `node bin/kinerja.js start` on the embedded default (a temp
 *    DATA_DIR, a free PORT, the demo Pemda loaded): from navigation to an interactive inbox
 *    (signed in, the inbox's data shown) and from navigation to a saved daily report (the form of
 *    /laporan-harian filled and "Simpan laporan" answered 201). Each in a fresh browser profile
 *    (a cold cache), the median of several runs. Goal: under 1 s each.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../test/support/chromium';
import { goal, printTable } from './table';

const ROOT = resolve(__dirname, '..');
const DIST = join(ROOT, 'apps/console/dist');
const SIZE_GOAL_KB = 250;
const TIME_GOAL_MS = 1000;

/** The JavaScript index.html loads before the first page shows: the entry module and its preloads. */
export function firstPageScripts(html: string): string[] {
  const out = new Set<string>();
  for (const m of html.matchAll(/<script[^>]*\bsrc="([^"]+\.js)"/g)) out.add(m[1]);
  for (const m of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+\.js)"/g)) out.add(m[1]);
  for (const m of html.matchAll(/<link[^>]*href="([^"]+\.js)"[^>]*rel="modulepreload"/g)) out.add(m[1]);
  return [...out];
}

const kB = (n: number) => Math.round((n / 1024) * 10) / 10;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function bundleSize() {
  const r = spawnSync(process.execPath, [join(ROOT, 'apps/console/build.js')], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error('npm run build failed');
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const scripts = firstPageScripts(html);
  let raw = 0;
  let gz = 0;
  for (const s of scripts) {
    const bytes = readFileSync(join(DIST, s.replace(/^\//, '')));
    raw += bytes.length;
    gz += gzipSync(bytes, { level: 9 }).length;
  }
  return { scripts, raw, gz };
}

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

async function startApp(): Promise<{ url: string; child: ChildProcess; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kinerja-bench-console-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  const child = spawn(process.execPath, [join(ROOT, 'bin/kinerja.js'), 'start'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr = (stderr + String(d)).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  // Up, with the demo Pemda (and its payroll month) completely loaded.
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`kinerja start exited (${child.exitCode}): ${stderr}`);
    try {
      const res = await fetch(`${url}/health`);
      const body = (await res.json()) as { demo?: { status: string } };
      if (res.status === 200 && body.demo?.status === 'complete') return { url, child, dataDir };
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`the app did not become healthy with the demo loaded in 10 minutes: ${stderr}`);
}

async function signIn(page: Page, username: string) {
  await page.goto('/masuk');
  await page.getByRole('button', { name: `Masuk sebagai ${username}` }).click();
  await page.getByRole('heading', { name: /^Selamat datang/ }).waitFor();
}

/** Navigation to the inbox showing its data (the loader gone, the groups or "nothing waits" shown). */
async function timeInbox(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext({ baseURL: url, viewport: { width: 360, height: 740 } });
  try {
    const page = await context.newPage();
    await signIn(page, 'kasi.dinkes');
    // A cold cache for the timed navigation: a second profile would lose the session, so clear the HTTP cache instead.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.clearBrowserCache');
    const t0 = performance.now();
    await page.goto('/', { waitUntil: 'commit' });
    await page.getByRole('heading', { name: /^Selamat datang, / }).waitFor();
    await page.locator('[data-testid^="inbox-"]').first().waitFor();
    return performance.now() - t0;
  } finally {
    await context.close();
  }
}

/** Navigation to the daily report form, filled and saved (the API's 201). Null when the page is not there. */
async function timeDailyReport(browser: Browser, url: string, run: number): Promise<number | null> {
  const context = await browser.newContext({ baseURL: url, viewport: { width: 360, height: 740 } });
  try {
    const page = await context.newPage();
    await signIn(page, 'kasi.dinkes');
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.clearBrowserCache');
    const t0 = performance.now();
    await page.goto('/laporan-harian', { waitUntil: 'commit' });
    const form = page.getByLabel('Hasil kerja');
    const missing = page.getByRole('heading', { name: 'Halaman tidak ditemukan' });
    await Promise.race([form.waitFor(), missing.waitFor()]);
    if (await missing.isVisible()) return null;
    // The form opens on today (the reporting window is a few days; a day takes several reports).
    const date = page.getByLabel('Tanggal');
    if ((await date.inputValue()) === '') throw new Error('the daily report form did not open on today');
    await page.getByLabel('Durasi (menit)').fill('60');
    const rhk = page.getByLabel('RHK');
    if ((await rhk.evaluate((e) => e.tagName)) === 'SELECT') {
      // The options come with the person's approved SKP.
      await rhk.locator('option').nth(1).waitFor({ state: 'attached' });
      const value = await rhk.locator('option').nth(1).getAttribute('value');
      await rhk.selectOption(value ?? { index: 1 });
    } else {
      await rhk.click();
      await page.getByRole('option').first().click();
    }
    await form.fill(`Bench: laporan harian, percobaan ${run + 1}`);
    const saved = page.waitForResponse((r) => r.request().method() === 'POST' && /daily-reports/.test(r.url()));
    await page.getByRole('button', { name: 'Simpan laporan' }).click();
    const res = await saved;
    if (res.status() >= 300) throw new Error(`the daily report was refused: ${res.status()} ${await res.text()}`);
    return performance.now() - t0;
  } finally {
    await context.close();
  }
}

export default async function consoleBench(args: string[]) {
  const runs = Math.max(1, Number(args[0] ?? 5));
  const size = bundleSize();
  console.log(`first page: ${size.scripts.join(', ')}`);
  const { url, child, dataDir } = await startApp();
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    await timeInbox(browser, url); // warm-up: the server's first answers (JIT, pools)
    const inbox: number[] = [];
    for (let i = 0; i < runs; i++) inbox.push(await timeInbox(browser, url));
    const report: number[] = [];
    let reportMissing = false;
    for (let i = 0; i < runs; i++) {
      const t = await timeDailyReport(browser, url, i);
      if (t === null) {
        reportMissing = true;
        break;
      }
      report.push(t);
    }
    const rows = [
      { case: 'first page JavaScript, gzipped (kB)', measured: kB(size.gz), goal: `< ${SIZE_GOAL_KB}`, note: `${kB(size.raw)} kB raw` },
      {
        case: 'navigation → interactive inbox (ms)',
        measured: Math.round(median(inbox)),
        goal: `< ${TIME_GOAL_MS}`,
        note: `median of ${inbox.length}; min ${Math.round(Math.min(...inbox))}, max ${Math.round(Math.max(...inbox))}`,
      },
      {
        case: 'navigation → saved daily report (ms)',
        measured: reportMissing ? 'n/a' : Math.round(median(report)),
        goal: `< ${TIME_GOAL_MS}`,
        note: reportMissing
          ? '/laporan-harian is not in this build (the daily report page is another branch)'
          : `median of ${report.length}; min ${Math.round(Math.min(...report))}, max ${Math.round(Math.max(...report))}`,
      },
    ];
    printTable('console: bundle and page times (headless Chromium, embedded default, demo Pemda)', rows);
    goal('first page under 250 kB gzipped', size.gz / 1024 < SIZE_GOAL_KB, `${kB(size.gz)} kB`);
    goal('interactive inbox under 1 s', median(inbox) < TIME_GOAL_MS, `${Math.round(median(inbox))} ms`);
    if (reportMissing) console.log('SKIP  saved daily report: the page /laporan-harian does not exist in this build');
    else goal('saved daily report under 1 s', median(report) < TIME_GOAL_MS, `${Math.round(median(report))} ms`);
  } finally {
    await browser?.close();
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
