import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { fixedClock } from '../../libs/kernel/src';
import { FinaliseAppraisal } from '../../libs/application/src';
import { supervisorOf } from '../../libs/domain/organisation';
import { lastDayOf } from '../../libs/domain/appraisal';
import { applicationContext, appraisalReads, DEMO_PAYROLL } from '../../libs/platform/src';
import type { TestUser } from '../support/app';
import { until } from '../support/people';
import { accessibilityProblems, DESKTOP, PHONE, screenshot, signInAs, startConsole, watchErrors, type ConsoleHarness } from './browser';

/**
 * Kepegawaian in the console: an OPD's month rated over the curve (arranged through the API), BKPSDM
 * records the organisational result and sees the unit off the curve; the head of the OPD is refused
 * the issue with the counts and caps shown, writes the justification and issues; after the objection
 * windows end, BKPSDM's follow-up list is downloaded as CSV and matches the API's list.
 */

const OPD = DEMO_PAYROLL.opdId;
// The month before the demo's (issued by the demo itself): ended whatever day the test runs, and not appraised yet.
const PERIOD = (() => {
  const [y, m] = DEMO_PAYROLL.month.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
})();
const SESUAI = 'SESUAI_EKSPEKTASI';

/** Parses the CSV the console writes (every cell quoted, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

jest.setTimeout(240_000);

describe('the console: kalibrasi and tindak lanjut (BKPSDM and the head of an OPD)', () => {
  let h: ConsoleHarness;
  const users = new Map<string, TestUser>();
  let unit: string[] = [];
  const rater = (nip: string): TestUser => ({ sub: `rater-${nip}`, nip, roles: ['pegawai'] });

  beforeAll(async () => {
    h = await startConsole();
    const session = await h.app.call('GET', '/api/v1/session', undefined, {}, null);
    for (const u of session.body.demoUsers as Array<{ username: string; nip: string | null; roles: string[] }>)
      users.set(u.username, { sub: u.username, ...(u.nip ? { nip: u.nip } : {}), roles: u.roles });
    // Every employee of the OPD rated by their supervisor on the period's last day: one in five
    // SANGAT_BAIK, one BUTUH_PERBAIKAN, the rest BAIK, over the 70% cap on BAIK of an OPD rated BAIK.
    const reads = appraisalReads(h.app.rt);
    const history = await reads.planning.people.org.current();
    unit = (await reads.unitAppraisals(OPD, PERIOD)).map((u) => u.nip);
    expect(unit.length).toBeGreaterThanOrEqual(15);
    for (const [i, nip] of unit.entries()) {
      const body =
        i === 1
          ? { results: 'DI_BAWAH_EKSPEKTASI', behaviour: SESUAI, reasons: { results: 'IKI di bawah target (uji)' } }
          : i % 5 === 0
            ? {
                results: 'DI_ATAS_EKSPEKTASI',
                behaviour: 'DI_ATAS_EKSPEKTASI',
                reasons: { results: 'Melampaui target (uji)', behaviour: 'Teladan (uji)' },
              }
            : { results: SESUAI, behaviour: SESUAI };
      const r = await h.app.call(
        'POST',
        `/api/v1/appraisals/${nip}/${PERIOD}/rating`,
        body,
        {},
        rater(supervisorOf(nip, lastDayOf(PERIOD), history)!.nip),
      );
      expect([nip, r.status]).toEqual([nip, 201]);
    }
  });
  afterAll(() => h?.close());

  it('BKPSDM records the organisational result and sees the unit over the curve; the head is refused, justifies and issues', async () => {
    const page = await (await h.context(DESKTOP)).newPage();
    const errors = watchErrors(page);
    await signInAs(page, 'admin.bkpsdm');
    await page.getByRole('link', { name: 'Kalibrasi' }).click();
    await page.getByRole('heading', { name: 'Kalibrasi penilaian' }).waitFor();
    await page.goto(`/kalibrasi?opd=${OPD}&periode=${PERIOD}`);
    await page.getByTestId('rated').getByText(String(unit.length), { exact: true }).waitFor();
    // No organisational result yet: the curve is not chosen.
    await page.getByText('Hasil kerja organisasi belum dicatat').waitFor();
    await page.getByRole('button', { name: 'Catat hasil kerja organisasi' }).click();
    await page.getByText('Sumber wajib diisi.').waitFor();
    await page.getByLabel('Hasil kerja organisasi', { exact: true }).selectOption('BAIK');
    await page.getByLabel('Sumber hasil kerja organisasi').fill('LKjIP 2026 triwulan III (uji)');
    await page.getByRole('button', { name: 'Catat hasil kerja organisasi' }).click();
    const over = page.getByTestId('over-curve');
    await over.waitFor();
    await over.getByText(/Baik paling banyak 70%/).waitFor();
    const dist = await h.app.call('GET', `/api/v1/appraisal-units/${OPD}/${PERIOD}/distribution`, undefined, {}, users.get('admin.bkpsdm'));
    expect(dist.body).toMatchObject({ organisationResult: 'BAIK', rated: unit.length, unrated: [], check: { withinCurve: false } });
    const baik = dist.body.check.checks.find((c: { predikat: string[] }) => c.predikat.join() === 'BAIK');
    await page
      .getByTestId('curve-table')
      .getByRole('cell', { name: String(baik.actual), exact: true })
      .first()
      .waitFor();
    // BKPSDM neither justifies nor issues: not offered.
    expect(await page.getByRole('button', { name: 'Tetapkan penilaian' }).count()).toBe(0);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'kalibrasi-desktop');
    expect(errors).toEqual([]);

    // The head of the OPD, on a phone: refused over the curve with the counts and caps, then justifies and issues.
    const phone = await (await h.context(PHONE)).newPage();
    const phoneErrors = watchErrors(phone);
    await signInAs(phone, 'kepala.dinkes');
    await phone.goto(`/kalibrasi?periode=${PERIOD}`);
    await phone.getByTestId('over-curve').waitFor();
    await phone.getByRole('button', { name: 'Tetapkan penilaian' }).click();
    const refusal = phone.getByTestId('refusal');
    await refusal.waitFor();
    await phone.locator('[data-error-code="DISTRIBUTION_EXCEEDED"]').waitFor();
    await refusal.getByText(`Baik: ${baik.actual} orang, batas paling banyak ${baik.limit} orang (70%).`).waitFor();
    await refusal.getByText(new RegExp(`Baik ${baik.actual}`)).waitFor();
    expect(await accessibilityProblems(phone)).toEqual([]);
    await screenshot(phone, 'kalibrasi-ditolak-ponsel');
    await phone.getByLabel('Alasan penyimpangan dari kurva').fill('Capaian program imunisasi melampaui target; bukti di LKjIP (uji).');
    await phone.getByRole('button', { name: 'Catat alasan' }).click();
    await phone.getByText('Alasan tercatat untuk sebaran ini.').first().waitFor();
    await phone.getByRole('button', { name: 'Tetapkan penilaian' }).click();
    await phone.getByTestId('issued').waitFor();
    const issued = await h.app.call(
      'GET',
      `/api/v1/appraisal-units/${OPD}/${PERIOD}/distribution`,
      undefined,
      {},
      users.get('kepala.dinkes'),
    );
    expect(issued.body.issued).toMatchObject({ withinCurve: false });
    expect(issued.body.issued.nips).toHaveLength(unit.length);
    expect(phoneErrors).toEqual([]);
  });

  it('after the objection windows end, the follow-up list downloads as CSV matching the API’s list', async () => {
    // The windows end by the commands' clock: held past the fourteen days for the timers' command, then given back.
    const real = h.app.rt.clock;
    h.app.rt.clock = fixedClock(new Date(real.now().getTime() + 20 * 86_400_000));
    try {
      const { commands } = await applicationContext(h.app.rt);
      for (const nip of unit) await commands.execute(new FinaliseAppraisal(nip as never, PERIOD as never));
    } finally {
      h.app.rt.clock = real;
    }
    const admin = users.get('admin.bkpsdm');
    const sangatBaik = unit.filter((_, i) => i !== 1 && i % 5 === 0).length;
    const api = await until(async () => {
      const r = await h.app.call('GET', `/api/v1/follow-up/rewards?period=${PERIOD}&limit=500`, undefined, {}, admin);
      return r.body.rewards?.length === sangatBaik && r.body.rewards;
    }, 'the rewards of the period in the read model');

    const page = await (await h.context(DESKTOP)).newPage();
    const errors = watchErrors(page);
    await signInAs(page, 'admin.bkpsdm');
    await page.getByRole('link', { name: 'Tindak lanjut' }).click();
    await page.getByRole('heading', { name: 'Tindak lanjut penilaian' }).waitFor();
    // The pointer off the menu: an active menu item under the pointer is the shell's hover colour, not this page.
    await page.mouse.move(900, 700);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByRole('tab', { name: 'Penghargaan' }).click();
    await page.getByLabel('Periode', { exact: true }).fill(PERIOD);
    await page.getByTestId('list-rewards').getByRole('cell', { name: api[0].nip }).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'tindak-lanjut-desktop');
    const csv = await download(page);
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual(['NIP', 'Periode', 'Predikat', 'Dicatat']);
    expect(rows.slice(1)).toEqual(
      api.map((r: { nip: string; period: string; listedAt: string }) => [r.nip, r.period, 'Sangat Baik', r.listedAt]),
    );

    // Promotion eligibility is determined at a year's last period only: none for this month, said so.
    await page.getByRole('tab', { name: 'Kenaikan pangkat' }).click();
    await page.getByText(/Belum ada kelayakan kenaikan pangkat/).waitFor();
    await page.getByLabel('Tahun', { exact: true }).fill('20x6');
    await page.getByText('Tahun ditulis TTTT.').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);

    // The training recommendation of the one rated BUTUH_PERBAIKAN, on a phone.
    const phone = await (await h.context(PHONE)).newPage();
    await signInAs(phone, 'admin.bkpsdm');
    await phone.goto('/tindak-lanjut?daftar=training-recommendations');
    await phone.getByTestId('list-training-recommendations').getByRole('cell', { name: unit[1] }).waitFor();
    expect(await accessibilityProblems(phone)).toEqual([]);
    await screenshot(phone, 'tindak-lanjut-ponsel');
    expect(errors).toEqual([]);
  });
});

describe('the console: dasbor (the head of an OPD)', () => {
  let h: ConsoleHarness;
  beforeAll(async () => {
    h = await startConsole();
  });
  afterAll(() => h?.close());

  it('shows the month’s counts of the head’s OPD with its charts, on a desktop and a phone', async () => {
    const head: TestUser = { sub: 'kepala.dinkes', roles: [] };
    const session = await h.app.call('GET', '/api/v1/session', undefined, {}, null);
    const demo = (session.body.demoUsers as Array<{ username: string; nip: string | null; roles: string[] }>).find(
      (u) => u.username === 'kepala.dinkes',
    )!;
    Object.assign(head, { nip: demo.nip, roles: demo.roles });
    const month = DEMO_PAYROLL.month;
    const api = await h.app.call('GET', `/api/v1/dashboard/${OPD}?month=${month}`, undefined, {}, head);
    expect(api.status).toBe(200);
    for (const viewport of [DESKTOP, PHONE]) {
      const page = await (await h.context(viewport)).newPage();
      const errors = watchErrors(page);
      await signInAs(page, 'kepala.dinkes');
      if (viewport === DESKTOP) {
        await page.getByRole('link', { name: 'Dasbor' }).click();
        await page.getByRole('heading', { name: 'Dasbor pimpinan' }).waitFor();
      }
      await page.goto(`/dasbor?bulan=${month}`);
      await page.getByTestId('stat-employees').getByText(String(api.body.employees), { exact: true }).waitFor();
      await page
        .getByTestId('stat-appraisals')
        .getByText(`${api.body.appraisals.issued} dari ${api.body.appraisals.rated} ditetapkan`)
        .waitFor();
      await page.getByTestId('stat-plans').getByText(`${api.body.plans.approved} dari ${api.body.employees}`).waitFor();
      await page.getByTestId('stat-objections').getByText(String(api.body.objections.open), { exact: true }).waitFor();
      // A chart with its text alternative: the bars drawn, and the same numbers in a table.
      const chart = page.getByTestId('chart-predikat');
      await chart.locator('.recharts-bar-rectangle').first().waitFor();
      await chart.getByRole('img', { name: new RegExp(`Baik ${api.body.appraisals.predikat.BAIK ?? 0}`) }).waitFor();
      expect(await accessibilityProblems(page)).toEqual([]);
      const name = viewport === PHONE ? 'dasbor-ponsel' : 'dasbor-desktop';
      await screenshot(page, name);
      expect(errors).toEqual([]);
    }
  });
});

async function download(page: Page): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('csv').first().click()]);
  expect(file.suggestedFilename()).toMatch(/^tindak-lanjut-rewards-.*\.csv$/);
  return readFileSync((await file.path())!, 'utf8');
}
