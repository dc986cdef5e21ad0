import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CHROMIUM, launchChromium } from '../support/chromium';
import { loadDemoData } from '../../libs/platform/src';
import { startTestApp, type TestApp } from '../support/app';

/**
 * The console's end-to-end harness: the real app (API + worker on a database of its own, the demo
 * Pemda loaded, the console built by the run's global setup) driven by Debian's Chromium through
 * playwright-core, at a phone's size and a desktop's.
 */

// A browser, the app and jest share two cores with the rest of the suite: under CI's load a flow of
// four roles took over a minute. Generous bounds here; a test file may still set its own.
jest.setTimeout(240_000);
const ACTION_TIMEOUT_MS = 60_000;

export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 800 };

export const SCREENSHOTS = join(__dirname, '..', 'e2e', 'screenshots');

export interface ConsoleHarness {
  app: TestApp;
  browser: Browser;
  /** A fresh browser profile (its own storage) at the given size. */
  context(viewport?: { width: number; height: number }): Promise<BrowserContext>;
  close(): Promise<void>;
}

export async function startConsole(env: Record<string, string> = {}): Promise<ConsoleHarness> {
  if (!existsSync(CHROMIUM))
    throw new Error(`the console tests need Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  const app = await startTestApp(env);
  let browser: Browser;
  try {
    await loadDemoData(app.rt);
    browser = await launchChromium();
  } catch (e) {
    await app.close();
    throw e;
  }
  const contexts: BrowserContext[] = [];
  return {
    app,
    browser,
    async context(viewport = DESKTOP) {
      // bypassCSP: axe-core is injected as an inline script, which the console's CSP refuses (as it should).
      const c = await browser.newContext({ viewport, baseURL: app.url, locale: 'id-ID', timezoneId: 'Asia/Jakarta', bypassCSP: true });
      c.setDefaultTimeout(ACTION_TIMEOUT_MS);
      contexts.push(c);
      return c;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      await app.close();
    },
  };
}

/** Fails the test on an uncaught error in the page (a broken screen says so, not only its missing text). */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** Signs in from the sign-in page as a demo user and waits for the inbox. */
export async function signInAs(page: Page, username: string): Promise<void> {
  await page.goto('/masuk');
  await page.getByRole('button', { name: `Masuk sebagai ${username}` }).click();
  await page.getByRole('heading', { name: /^Selamat datang/ }).waitFor();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** axe-core in the page: the serious and critical violations of WCAG 2 A/AA rules. */
export async function accessibilityProblems(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: Array<Record<string, any>> }> } }
    ).axe;
    const r = await axe.run((globalThis as unknown as { document: unknown }).document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return r.violations.map((v) => ({
      id: v.id as string,
      impact: (v.impact as string | null) ?? null,
      help: v.help as string,
      nodes: (v.nodes as Array<{ target: string[] }>).slice(0, 3).map((n) => n.target.join(' ')),
    }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
