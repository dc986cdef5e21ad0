import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { z } from 'zod';
import { RunView } from '../../libs/contracts/src/responses';
import { DEMO_PAYROLL } from '../../libs/platform/src/payroll-demo';
import type { TestUser } from '../support/app';
import {
  accessibilityProblems,
  DESKTOP,
  PHONE,
  screenshot,
  SCREENSHOTS,
  signInAs,
  startConsole,
  watchErrors,
  type ConsoleHarness,
} from './browser';
import { payrollProjected } from '../support/catch-up';

/**
 * Penggajian TPP in the console: a month of Dinas Kesehatan goes through all four roles in the
 * browser. The bendahara opens and calculates it (the progress bar seen moving), meets the API's
 * refusal when an input changed after the calculation, recalculates that slip (before and after
 * shown) and submits on the digest shown; the PPK-SKPD verifies, the kepala OPD approves, BPKAD
 * disburses with the SP2D, and the bank file downloaded in the browser is the API's, byte for byte.
 */

const OPD = DEMO_PAYROLL.opdId;
/** The month before the demo's run (which the demo opens and calculates itself): its inputs are imported below. */
const MONTH = previousMonth(DEMO_PAYROLL.month);
const BUDGET = '2500000000';
const RUN = `/api/v1/payroll/opds/${OPD}/runs/${MONTH}`;

function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/**
 * The visible screen only, small enough for the README: `<name>.viewport.png` beside the run's full-page
 * shots in test/e2e/screenshots (a set is copied to docs/console by hand; a run never rewrites them).
 */
async function docScreen(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.viewport.png`) });
}

const offContract = (schema: z.ZodType, body: unknown) => schema.safeParse(body).error?.issues ?? [];

describe('the console: penggajian TPP', () => {
  let h: ConsoleHarness;
  const users = new Map<string, TestUser>();
  const user = (name: string) => users.get(name)!;
  let nips: string[] = [];
  const saved = { size: process.env.PAYROLL_BATCH_SIZE, delay: process.env.PAYROLL_BATCH_DELAY_MS };

  beforeAll(async () => {
    h = await startConsole();
    const session = await h.app.call('GET', '/api/v1/session', undefined, {}, null);
    for (const u of session.body.demoUsers as Array<{ username: string; nip: string | null; roles: string[] }>)
      users.set(u.username, { sub: u.username, ...(u.nip ? { nip: u.nip } : {}), roles: u.roles });
    // The demo's own run is calculated first (the worker takes one calculation at a time).
    const demoRun = `/api/v1/payroll/opds/${OPD}/runs/${DEMO_PAYROLL.month}`;
    for (let i = 0; i < 600; i++) {
      const r = await h.app.call('GET', demoRun, undefined, {}, user('bpkad'));
      if (r.body.status === 'CALCULATED' && r.body.calculationJob?.state === 'completed') break;
      await new Promise((res) => setTimeout(res, 200));
    }
    // The status is the run's stream; its lines are the pay ledger, a moment behind.
    await payrollProjected(h.app.rt);
    const lines = await h.app.call('GET', `${demoRun}/lines?limit=5000`, undefined, {}, user('bpkad'));
    nips = [...new Set((lines.body.lines as Array<{ nip: string }>).map((l) => l.nip))];
    expect(nips.length).toBeGreaterThan(10);
    // The month's inputs, as BKPSDM and BPKAD record them.
    const admin = user('admin.bkpsdm');
    const predikat = ['nip,predikat', ...nips.map((n, i) => `${n},${i % 7 === 0 ? 'SANGAT_BAIK' : 'BAIK'}`)].join('\n');
    expect((await h.app.call('POST', `/api/v1/payroll/predikat/${MONTH}/import`, { csv: predikat }, {}, admin)).body).toMatchObject({
      errors: [],
    });
    const attendance = [
      'nip,TL1,TL2,TL3,TL4,PSW1,PSW2,PSW3,PSW4,TK',
      ...nips.map((n, i) => `${n},${i % 3},0,0,0,${i % 4 === 0 ? 1 : 0},0,0,0,0`),
    ];
    expect(
      (await h.app.call('POST', `/api/v1/payroll/attendance/${MONTH}/import`, { csv: attendance.join('\n') }, {}, admin)).body,
    ).toMatchObject({ errors: [] });
    const budget = await h.app.call(
      'POST',
      `/api/v1/payroll/opds/${OPD}/budgets/${MONTH}`,
      { amount: BUDGET, reason: 'APBD (uji)' },
      {},
      user('bpkad'),
    );
    expect(budget.status).toBe(201);
    // Small, slow batches: the calculation lasts long enough for its progress to be seen.
    process.env.PAYROLL_BATCH_SIZE = '3';
    process.env.PAYROLL_BATCH_DELAY_MS = '300';
  });
  afterAll(async () => {
    for (const [k, v] of [
      ['PAYROLL_BATCH_SIZE', saved.size],
      ['PAYROLL_BATCH_DELAY_MS', saved.delay],
    ] as const)
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    await h?.close();
  });

  const runOf = async () => (await h.app.call('GET', RUN, undefined, {}, user('bpkad'))).body;
  /** A step of the run's history (the ledger's, a moment behind the run's stream: read until it is there). */
  const stepOf = async (event: string) => {
    for (let i = 0; i < 100; i++) {
      const step = ((await runOf()).steps as Array<{ event: string }>).find((s) => s.event === event);
      if (step) return step;
      await new Promise((res) => setTimeout(res, 100));
    }
    return undefined;
  };
  const statusIs = (page: Page, status: string) => page.locator(`[data-testid="run-status"][data-status="${status}"]`).waitFor();
  const shownDigest = async (page: Page) => (await page.getByTestId('run-digest').textContent())?.trim();

  it('the run view carries the OPD’s budget for the month (null where none is set)', async () => {
    const demo = await h.app.call('GET', `/api/v1/payroll/opds/${OPD}/runs/${DEMO_PAYROLL.month}`, undefined, {}, user('ppk.dinkes'));
    expect(demo.status).toBe(200);
    expect(demo.body.budget).toBe('2500000000');
    expect(offContract(RunView, demo.body)).toEqual([]);
    // A month BPKAD has set no budget for: null.
    const earlier = previousMonth(MONTH);
    expect((await h.app.call('POST', `/api/v1/payroll/opds/${OPD}/runs`, { month: earlier }, {}, user('bendahara.dinkes'))).status).toBe(
      201,
    );
    const unbudgeted = await h.app.call('GET', `/api/v1/payroll/opds/${OPD}/runs/${earlier}`, undefined, {}, user('kepala.dinkes'));
    expect(unbudgeted.body).toMatchObject({ status: 'DRAFT', budget: null });
    expect(offContract(RunView, unbudgeted.body)).toEqual([]);
    // Another OPD's finance staff are refused; a month without a run is RUN_NOT_FOUND.
    expect((await h.app.call('GET', RUN, undefined, {}, user('ppk.dinkes'))).body.error.code).toBe('RUN_NOT_FOUND');
    expect((await h.app.call('GET', RUN, undefined, {}, { sub: 'x', roles: ['bendahara:DISDIK'] })).body.error.code).toBe('OUTSIDE_OPD');
  });

  it('goes through the four roles in the browser, each step offered only to its role, on the digest the API gives', async () => {
    // Bendahara: opens and calculates.
    const page = await (await h.context(DESKTOP)).newPage();
    const errors = watchErrors(page);
    await signInAs(page, 'bendahara.dinkes');
    await page.getByRole('link', { name: 'Penggajian TPP' }).click();
    await page.getByRole('heading', { name: 'Penggajian TPP' }).waitFor();
    // Off the menu: Mantine's hover tint on the active link is under 4.5:1 (the shared theme's, reported).
    await page.mouse.move(700, 20);
    await page.getByLabel('Bulan').selectOption(MONTH);
    await page.getByTestId('run-none').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'penggajian-tpp-desktop');
    await page.getByRole('button', { name: 'Buka' }).click();
    await statusIs(page, 'DRAFT');
    expect(page.url()).toContain(`/keuangan/tpp/${OPD}/${MONTH}`);
    await page.getByRole('button', { name: 'Hitung', exact: true }).click();

    // The progress bar, read as the page shows it until the run is calculated: it moves.
    const seen: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const bar = page.getByTestId('calc-progress');
      const state = (await bar.count()) ? await bar.getAttribute('data-state') : null;
      const percent = state ? Number(await bar.getAttribute('data-percent')) : null;
      if (state === 'calculating' && percent !== null && seen[seen.length - 1] !== percent) seen.push(percent);
      if (state === 'done') break;
      await page.waitForTimeout(100);
    }
    await statusIs(page, 'CALCULATED');
    expect(await page.getByTestId('calc-progress').getAttribute('data-percent')).toBe('100');
    // Several values on the way, rising, some strictly between the start and the end.
    expect(seen.filter((p) => p > 0 && p < 100).length).toBeGreaterThanOrEqual(2);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);

    let run = await runOf();
    expect(run.status).toBe('CALCULATED');
    expect(await shownDigest(page)).toBe(run.digest);
    await page.getByTestId('budget').getByText('2.500.000.000').waitFor();
    await page.getByTestId('run-lines').locator('tbody tr').first().waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'penggajian-tpp-hitung-desktop');
    await docScreen(page, 'penggajian-tpp-desktop');

    // A sanction recorded after the calculation: the API refuses the submission, shown by its code.
    // The last NIP, past the first page of lines: found by the search.
    const target = [...nips].sort()[nips.length - 1];
    const sanction = await h.app.call(
      'POST',
      '/api/v1/payroll/sanctions',
      { nip: target, type: 'SEDANG', startMonth: MONTH, months: 6, decreeNumber: 'SK/99/2026', reason: 'Hukuman disiplin sedang (uji)' },
      {},
      user('admin.bkpsdm'),
    );
    expect(sanction.status).toBe(201);
    await page.getByTestId('sign-step').getByRole('button', { name: 'Ajukan (SPP-LS)' }).click();
    await page
      .locator('[data-error-code="INPUTS_CHANGED"]')
      .getByText(/Data masukan sebagian slip TPP berubah/)
      .waitFor();

    // The slip recalculated from the current inputs, before and after shown; the digest moves.
    await page.reload();
    expect(await page.locator(`[data-testid="run-lines"] tr[data-nip="${target}"]`).count()).toBe(0);
    await page.getByLabel('Cari NIP, atau nama di halaman ini').fill(target.slice(0, 12));
    const row = page.locator(`[data-testid="run-lines"] tr[data-nip="${target}"]`);
    await row.getByText('Data berubah').waitFor();
    await row.getByRole('button', { name: `Hitung ulang slip ${target}` }).click();
    await page.getByTestId('recalculate-slip').getByLabel('Alasan hitung ulang').fill('Hukuman disiplin sedang berlaku mulai bulan ini');
    await page.getByRole('button', { name: 'Hitung ulang dari data terkini' }).click();
    const changes = page.getByTestId('slip-changes');
    await changes.waitFor();
    await changes.getByRole('row', { name: /Potongan hukuman disiplin/ }).waitFor();
    expect(await changes.getByRole('row', { name: /Potongan hukuman disiplin/ }).textContent()).toMatch(/Rp\s0.*\+Rp/);
    const recalculated = await runOf();
    expect(recalculated.digest).not.toBe(run.digest);
    await page.getByTestId('run-digest').getByText(recalculated.digest).waitFor();
    run = recalculated;

    // Not the bendahara's: verify, approve, disburse, return.
    await page.getByTestId('sign-step').getByRole('button', { name: 'Ajukan (SPP-LS)' }).click();
    await statusIs(page, 'SUBMITTED');
    expect(await stepOf('PayrollRunSubmitted')).toMatchObject({ digest: run.digest });
    expect(await page.getByTestId('sign-step').count()).toBe(0);
    expect(await page.getByTestId('return-run').count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Hitung/ }).count()).toBe(0);
    expect(errors).toEqual([]);

    // The kepala OPD has nothing to sign before the PPK-SKPD has verified.
    const kepala = await (await h.context(DESKTOP)).newPage();
    await signInAs(kepala, 'kepala.dinkes');
    await kepala.goto(`/keuangan/tpp/${OPD}/${MONTH}`);
    await statusIs(kepala, 'SUBMITTED');
    expect(await kepala.getByTestId('sign-step').count()).toBe(0);

    // PPK-SKPD verifies, on a phone.
    const ppk = await (await h.context(PHONE)).newPage();
    const ppkErrors = watchErrors(ppk);
    await signInAs(ppk, 'ppk.dinkes');
    await ppk.goto(`/keuangan/tpp/${OPD}/${MONTH}`);
    await statusIs(ppk, 'SUBMITTED');
    expect(await shownDigest(ppk)).toBe((await runOf()).digest);
    await ppk.getByTestId('return-run').waitFor();
    expect(await ppk.getByTestId('run-chain').locator('li[data-state="current"]').textContent()).toContain(
      'Diverifikasi (SPM) — PPK-SKPD (menunggu)',
    );
    expect(await accessibilityProblems(ppk)).toEqual([]);
    await screenshot(ppk, 'penggajian-tpp-verifikasi-ponsel');
    await docScreen(ppk, 'penggajian-tpp-ponsel');
    await ppk.getByRole('button', { name: 'Verifikasi (SPM)' }).click();
    await statusIs(ppk, 'VERIFIED');
    expect(await ppk.getByTestId('sign-step').count()).toBe(0);
    expect(ppkErrors).toEqual([]);

    // Kepala OPD approves, after the slip was recalculated: the digest shown is the recalculated one.
    await kepala.reload();
    await statusIs(kepala, 'VERIFIED');
    expect(await shownDigest(kepala)).toBe(run.digest);
    await kepala.getByRole('button', { name: 'Setujui' }).click();
    await statusIs(kepala, 'APPROVED');
    expect(await stepOf('PayrollRunApproved')).toMatchObject({ digest: run.digest });

    // BPKAD disburses with the SP2D, and downloads the bank file.
    const bpkad = await (await h.context(DESKTOP)).newPage();
    const bpkadErrors = watchErrors(bpkad);
    await signInAs(bpkad, 'bpkad');
    await bpkad.goto(`/keuangan/tpp?opd=${OPD}&bulan=${MONTH}`);
    await bpkad.getByTestId('run-summary').getByRole('link').click();
    await statusIs(bpkad, 'APPROVED');
    expect(await shownDigest(bpkad)).toBe(run.digest);
    const [download] = await Promise.all([
      bpkad.waitForEvent('download'),
      bpkad.getByRole('button', { name: 'Unduh berkas transfer bank (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`transfer-bank-${OPD}-${MONTH}.csv`);
    const inBrowser = readFileSync((await download.path())!);
    const token = await h.app.token(user('bpkad'));
    const fromApi = Buffer.from(
      await (await fetch(`${h.app.url}${RUN}/exports/bank-transfer.csv`, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer(),
    );
    expect(fromApi.length).toBeGreaterThan(100);
    expect(inBrowser.equals(fromApi)).toBe(true);
    const [slips] = await Promise.all([bpkad.waitForEvent('download'), bpkad.getByRole('button', { name: 'Unduh daftar slip' }).click()]);
    expect(JSON.parse(readFileSync((await slips.path())!, 'utf8'))).toMatchObject({ runId: run.runId, totalNet: run.totalNet });

    // SP2D number and date asked before sending.
    const sign = bpkad.getByTestId('sign-step');
    await sign.getByRole('button', { name: 'Cairkan (SP2D)' }).click();
    await sign.getByText('Isi nomor dan tanggal SP2D.').waitFor();
    await sign.getByLabel('Nomor SP2D').fill('SP2D/0917/BPKAD/2026');
    await sign.getByLabel('Tanggal SP2D').fill(`${DEMO_PAYROLL.month}-05`);
    expect(await accessibilityProblems(bpkad)).toEqual([]);
    await screenshot(bpkad, 'penggajian-tpp-cairkan-desktop');
    await sign.getByRole('button', { name: 'Cairkan (SP2D)' }).click();
    await statusIs(bpkad, 'DISBURSED');
    await bpkad.getByTestId('run-sp2d').getByText('SP2D/0917/BPKAD/2026').waitFor();
    const disbursed = await runOf();
    expect(disbursed.sp2d).toMatchObject({ number: 'SP2D/0917/BPKAD/2026' });
    expect(await stepOf('PayrollRunDisbursed')).toMatchObject({ digest: run.digest });
    // The history: every signature, with its signer.
    const history = bpkad.getByTestId('run-history');
    for (const step of ['PayrollRunSubmitted', 'PayrollRunVerified', 'PayrollRunApproved', 'PayrollRunDisbursed'])
      await history.locator(`tr[data-step="${step}"]`).waitFor();
    expect(await bpkad.getByTestId('sign-step').count()).toBe(0);
    expect(await bpkad.getByTestId('return-run').count()).toBe(0);
    await screenshot(bpkad, 'penggajian-tpp-riwayat-desktop');
    await bpkad.getByTestId('run-history').scrollIntoViewIfNeeded();
    await docScreen(bpkad, 'penggajian-tpp-riwayat-desktop');
    expect(bpkadErrors).toEqual([]);
  });

  it('the PPK-SKPD returns the demo’s run with a reason; the bendahara’s buttons are back', async () => {
    const path = `/keuangan/tpp/${OPD}/${DEMO_PAYROLL.month}`;
    const page = await (await h.context(DESKTOP)).newPage();
    const errors = watchErrors(page);
    await signInAs(page, 'ppk.dinkes');
    await page.goto(path);
    await statusIs(page, 'CALCULATED');
    expect(await page.getByTestId('sign-step').count()).toBe(0);
    const back = page.getByTestId('return-run');
    await back.getByRole('button', { name: 'Kembalikan' }).click();
    await back.getByText('Alasan wajib diisi.').waitFor();
    await back.getByLabel('Alasan pengembalian').fill('Rekap kehadiran Oktober belum final');
    await back.getByRole('button', { name: 'Kembalikan' }).click();
    await statusIs(page, 'DRAFT');
    await page
      .getByTestId('run-history')
      .locator('tr[data-step="PayrollRunReturned"]')
      .getByText('Rekap kehadiran Oktober belum final')
      .waitFor();
    expect(await page.getByTestId('return-run').count()).toBe(0);
    const run = (await h.app.call('GET', `/api/v1/payroll/opds/${OPD}/runs/${DEMO_PAYROLL.month}`, undefined, {}, user('bpkad'))).body;
    expect(run.status).toBe('DRAFT');
    // The bendahara may calculate it again; BPKAD, not the bendahara's step, sees no button.
    const bendahara = await (await h.context(DESKTOP)).newPage();
    await signInAs(bendahara, 'bendahara.dinkes');
    await bendahara.goto(path);
    await statusIs(bendahara, 'DRAFT');
    await bendahara.getByRole('button', { name: 'Hitung', exact: true }).waitFor();
    const bpkad = await (await h.context(DESKTOP)).newPage();
    await signInAs(bpkad, 'bpkad');
    await bpkad.goto(path);
    await statusIs(bpkad, 'DRAFT');
    expect(await bpkad.getByRole('button', { name: /^Hitung/ }).count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('reads on a phone, downloads under the page’s own CSP, and is not in the menu of an employee', async () => {
    const phone = await (await h.context(PHONE)).newPage();
    const errors = watchErrors(phone);
    await signInAs(phone, 'bendahara.dinkes');
    await phone.goto(`/keuangan/tpp?opd=${OPD}&bulan=${MONTH}`);
    await phone.getByTestId('run-summary').waitFor();
    expect(await accessibilityProblems(phone)).toEqual([]);
    await screenshot(phone, 'penggajian-tpp-ponsel');
    await phone.goto(`/keuangan/tpp/${OPD}/${MONTH}`);
    await statusIs(phone, 'DISBURSED');
    await phone.getByTestId('run-lines').locator('tbody tr').first().waitFor();
    expect(await accessibilityProblems(phone)).toEqual([]);
    await screenshot(phone, 'penggajian-tpp-run-ponsel');
    // Nothing left to sign, nor to recalculate, once disbursed.
    expect(await phone.getByRole('button', { name: /Hitung ulang slip/ }).count()).toBe(0);
    expect(errors).toEqual([]);

    // Under the page's own Content-Security-Policy (the harness's contexts bypass it for axe): the
    // download from a Blob's object URL is not refused.
    const strict = await h.browser.newContext({ viewport: DESKTOP, baseURL: h.app.url, locale: 'id-ID', timezoneId: 'Asia/Jakarta' });
    try {
      const bpkad = await strict.newPage();
      const strictErrors = watchErrors(bpkad);
      await signInAs(bpkad, 'bpkad');
      await bpkad.goto(`/keuangan/tpp?opd=${OPD}&bulan=${MONTH}`);
      // BPKAD picks any OPD of the org chart.
      await bpkad.getByTestId('run-summary').waitFor();
      expect(await bpkad.getByLabel('OPD').locator('option').count()).toBeGreaterThan(1);
      await bpkad.goto(`/keuangan/tpp/${OPD}/${MONTH}`);
      await statusIs(bpkad, 'DISBURSED');
      const [download] = await Promise.all([
        bpkad.waitForEvent('download'),
        bpkad.getByRole('button', { name: 'Unduh berkas transfer bank (CSV)' }).click(),
      ]);
      const token = await h.app.token(user('bpkad'));
      const fromApi = await (
        await fetch(`${h.app.url}${RUN}/exports/bank-transfer.csv`, { headers: { authorization: `Bearer ${token}` } })
      ).arrayBuffer();
      expect(readFileSync((await download.path())!).equals(Buffer.from(fromApi))).toBe(true);
      expect(strictErrors).toEqual([]);
    } finally {
      await strict.close();
    }

    const pegawai = await (await h.context(PHONE)).newPage();
    await signInAs(pegawai, 'pegawai');
    expect(await pegawai.getByRole('link', { name: 'Penggajian TPP' }).count()).toBe(0);
  });
});
