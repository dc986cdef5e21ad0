import { readFileSync } from 'node:fs';
import { DEMO_PAYROLL } from '../../libs/platform/src';
import type { TestUser } from '../support/app';
import { until } from '../support/people';
import { accessibilityProblems, DESKTOP, PHONE, screenshot, signInAs, startConsole, watchErrors, type ConsoleHarness } from './browser';

/**
 * Analitik penilaian (issue 18) in the console: BKPSDM sees the demo year's raters against their OPD
 * and the Pemda, with the chart and the curve, and downloads the raters as CSV (the API's rows); the
 * inspectorate reads the same page on a phone.
 */
const YEAR = DEMO_PAYROLL.month.slice(0, 4);

jest.setTimeout(240_000);

describe('the console: analitik penilaian (BKPSDM and the inspectorate)', () => {
  let h: ConsoleHarness;
  const admin: TestUser = { sub: 'admin.bkpsdm', roles: ['admin_kepegawaian'] };

  beforeAll(async () => {
    h = await startConsole();
  });
  afterAll(() => h?.close());

  it('lists the raters with their lean, downloads them as CSV, and reads on a phone', async () => {
    const api = await until(async () => {
      const r = await h.app.call('GET', `/api/v1/analytics/ratings?year=${YEAR}`, undefined, {}, admin);
      return r.status === 200 && r.body.raters.length > 0 && r.body.curve.length > 0 && r.body;
    }, 'the demo year’s ratings in the analytics read model');
    const first = api.raters[0] as { raterNip: string; raterName: string | null };

    const page = await (await h.context(DESKTOP)).newPage();
    const errors = watchErrors(page);
    await signInAs(page, 'admin.bkpsdm');
    await page.getByRole('link', { name: 'Analitik penilaian' }).click();
    await page.getByRole('heading', { name: 'Analitik penilaian dan beban kerja' }).waitFor();
    await page.getByLabel('Tahun penilaian').selectOption(YEAR);
    await page
      .getByTestId('raters')
      .getByRole('cell', { name: first.raterName ?? first.raterNip })
      .first()
      .waitFor();
    await page.getByTestId('curve').getByRole('cell', { name: DEMO_PAYROLL.month }).first().waitFor();
    await page.mouse.move(900, 700);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'analitik-desktop');

    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Unduh CSV penilai' }).click()]);
    expect(file.suggestedFilename()).toBe(`ratings-${YEAR}.csv`);
    const lines = readFileSync((await file.path())!, 'utf8')
      .trimEnd()
      .split('\r\n');
    expect(lines[0].split(',').slice(0, 4)).toEqual(['rater_nip', 'rater_name', 'opd_id', 'n']);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(api.raters.map((r: { raterNip: string }) => r.raterNip));

    const phone = await (await h.context(PHONE)).newPage();
    const phoneErrors = watchErrors(phone);
    await signInAs(phone, 'inspektur');
    await phone.goto('/analitik');
    await phone.getByLabel('Tahun penilaian').selectOption(YEAR);
    await phone
      .getByTestId('raters')
      .getByRole('cell', { name: first.raterName ?? first.raterNip })
      .first()
      .waitFor();
    await phone.getByTestId('workload-analytics').waitFor();
    expect(await accessibilityProblems(phone)).toEqual([]);
    await screenshot(phone, 'analitik-ponsel');
    expect(errors).toEqual([]);
    expect(phoneErrors).toEqual([]);
  });
});
