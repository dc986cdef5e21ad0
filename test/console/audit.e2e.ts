import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_PAYROLL } from '../../libs/platform/src/payroll-demo';
import { runAuditSeal } from '../../libs/platform/src/seals';
import { messageOf } from '../../apps/console/src/i18n/errors';
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

/**
 * Inspektorat in the console: the inspector filters the audit timeline to one objection's decision,
 * opens the appraisal as it stood just before it beside today's (the changed fields marked), follows
 * the stream and downloads the filtered timeline; runs the integrity check and sees its progress and
 * "utuh" with the counts; an employee has no such menu and reads only their own events, the API
 * refusing another's in Indonesian.
 */

/** The visible screen only (small enough for docs/console/), beside the full-page shot. */
async function viewportShot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-layar.png`), fullPage: false });
}

// The demo's appraised month (issued by the demo load with a 14-day objection window from the load).
const PERIOD = DEMO_PAYROLL.month;

describe('the console: inspektorat', () => {
  let h: ConsoleHarness;
  const users = new Map<string, TestUser>();
  let pegawai: TestUser;
  let before: { predikat: string };
  let amended: { results: string; behaviour: string; predikat: string };

  beforeAll(async () => {
    h = await startConsole();
    const session = await h.app.call('GET', '/api/v1/session', undefined, {}, null);
    for (const u of session.body.demoUsers as Array<{ username: string; nip: string | null; roles: string[] }>)
      users.set(u.username, { sub: u.username, ...(u.nip ? { nip: u.nip } : {}), roles: u.roles });
    pegawai = users.get('pegawai')!;
    // An objection to the demo's issued appraisal, and its decision by the rater's supervisor, through the API.
    const path = `/api/v1/appraisals/${pegawai.nip}/${PERIOD}`;
    const issued = await h.app.call('GET', path, undefined, {}, pegawai);
    expect(issued.body).toMatchObject({ state: 'ISSUED', objection: null });
    before = issued.body;
    amended =
      issued.body.predikat === 'SANGAT_BAIK'
        ? { results: 'SESUAI_EKSPEKTASI', behaviour: 'SESUAI_EKSPEKTASI', predikat: 'BAIK' }
        : { results: 'DI_ATAS_EKSPEKTASI', behaviour: 'DI_ATAS_EKSPEKTASI', predikat: 'SANGAT_BAIK' };
    const filed = await h.app.call(
      'POST',
      `${path}/objection`,
      { reasons: 'Semua IKI tercapai; laporan kegiatan terlampir.', evidence: [{ kind: 'LINK', url: 'https://drive.example.id/laporan' }] },
      { 'Idempotency-Key': 'audit-e2e-objection' },
      pegawai,
    );
    expect(filed.status).toBe(201);
    const decided = await h.app.call(
      'POST',
      `${path}/objection/decision`,
      { outcome: 'AMEND', results: amended.results, behaviour: amended.behaviour, reasons: 'Bukti menunjukkan semua IKI tercapai.' },
      { 'Idempotency-Key': 'audit-e2e-decision', 'X-Correlation-Id': 'audit-e2e-keputusan' },
      users.get('kabid.dinkes'),
    );
    expect(decided.status).toBe(201);
    // A seal on demand (as `kinerja audit seal` makes one), for the page's list and its file.
    await runAuditSeal(h.app.rt, { trigger: 'ON_DEMAND', runId: null, key: 'audit-e2e-segel' });
    // The timeline is a read model: wait until it holds the decision.
    for (let i = 0; i < 100; i++) {
      const t = await h.app.call('GET', `/api/v1/audit/timeline?nip=${pegawai.nip}&type=ObjectionDecided`);
      if (t.body.events?.length === 1) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  afterAll(() => h?.close());

  it('the inspector filters the timeline to one objection and sees the appraisal just before its decision beside today’s', async () => {
    const page = await (await h.context(DESKTOP)).newPage();
    const errors = watchErrors(page);
    await signInAs(page, 'inspektur');
    const nav = page.getByRole('navigation', { name: 'Navigasi utama' });
    await nav.getByRole('link', { name: 'Jejak audit' }).click();
    // The pointer away from the menu: a hovered item is not what axe should judge.
    await page.mouse.move(900, 700);
    await page.getByRole('heading', { name: 'Jejak audit' }).waitFor();
    await page.getByTestId('timeline-event').first().waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'jejak-audit-desktop');

    await page.getByLabel('NIP pegawai').fill(pegawai.nip!);
    await page.getByLabel('Jenis peristiwa').fill('ObjectionDecided');
    await page.getByRole('button', { name: 'Terapkan saringan' }).click();
    await page.waitForURL((u) => u.searchParams.get('nip') === pegawai.nip && u.searchParams.get('type') === 'ObjectionDecided');
    await page
      .getByTestId('timeline-count')
      .getByText(/^1 peristiwa ditampilkan/)
      .waitFor();
    // The filtered view is in the address: a reload (or a shared link) shows the same.
    await page.reload();
    await page
      .getByTestId('timeline-count')
      .getByText(/^1 peristiwa ditampilkan/)
      .waitFor();
    const event = page.getByTestId('timeline-event');
    await event.getByText('kabid.dinkes (atasan pejabat penilai)').waitFor();
    await event.getByText('Versi kebijakan:').waitFor();
    await event.getByText(/WIB$/).waitFor();
    await viewportShot(page, 'jejak-audit-desktop');
    expect(await accessibilityProblems(page)).toEqual([]);

    // The filtered timeline as CSV, fetched with the token.
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Unduh CSV' }).click()]);
    expect(csv.suggestedFilename()).toBe('jejak-audit.csv');
    const text = readFileSync((await csv.path())!, 'utf8');
    expect(text).toMatch(/^"# kinerja audit timeline export: consistent with log head \S+; 1 events;/);
    expect(text).toContain('ObjectionDecided');

    // The stream it belongs to, with versions and hashes.
    await event.getByRole('link', { name: `Aliran Appraisal-${pegawai.nip}-${PERIOD}` }).click();
    await page.getByRole('heading', { name: 'Aliran peristiwa' }).waitFor();
    const streamEvents = page.getByTestId('stream-event');
    await streamEvents.filter({ hasText: 'ObjectionDecided' }).waitFor();
    expect(await streamEvents.count()).toBeGreaterThanOrEqual(3);
    await streamEvents.first().getByText('Versi 0').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'aliran-desktop');
    await viewportShot(page, 'aliran-desktop');
    await page.goBack();

    // The appraisal as it stood just before the decision, beside today's.
    await page
      .getByTestId('timeline-event')
      .getByRole('link', { name: /Lihat per tanggal/ })
      .click();
    await page.getByRole('heading', { name: 'Data per tanggal' }).waitFor();
    await expectDecisionDiff(page);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'per-tanggal-desktop');
    await viewportShot(page, 'per-tanggal-desktop');

    // The correlation id lists every event of the decision's request.
    await page.goBack();
    await page
      .getByTestId('timeline-event')
      .getByRole('button', { name: /Saring menurut ID korelasi/ })
      .click();
    await page.waitForURL((u) => u.searchParams.has('correlationId') && !u.searchParams.has('nip'));
    await page.getByTestId('timeline-event').filter({ hasText: 'ObjectionDecided' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('on a phone the as-of page and the timeline are usable too', async () => {
    const phone = await (await h.context(PHONE)).newPage();
    const errors = watchErrors(phone);
    await signInAs(phone, 'inspektur');
    await phone.goto(`/audit?nip=${pegawai.nip}&type=ObjectionDecided`);
    await phone
      .getByTestId('timeline-count')
      .getByText(/^1 peristiwa ditampilkan/)
      .waitFor();
    expect(await accessibilityProblems(phone)).toEqual([]);
    await screenshot(phone, 'jejak-audit-ponsel');
    await viewportShot(phone, 'jejak-audit-ponsel');
    await phone
      .getByTestId('timeline-event')
      .getByRole('link', { name: /Lihat per tanggal/ })
      .click();
    await expectDecisionDiff(phone);
    expect(await accessibilityProblems(phone)).toEqual([]);
    await screenshot(phone, 'per-tanggal-ponsel');
    // The other records the API reads as of a moment: the employee record, the month's TPP ledger, the stream.
    const at = new URL(phone.url()).searchParams.get('pada')!;
    for (const [query, expected] of [
      [`jenis=pegawai&nip=${pegawai.nip}`, /kolom/],
      [`jenis=tpp&nip=${pegawai.nip}&bulan=${PERIOD}`, /kolom/],
      [`jenis=aliran&aliran=Appraisal-${pegawai.nip}-${PERIOD}`, /kolom berbeda/],
    ] as const) {
      await phone.goto(`/audit/per-tanggal?${query}&pada=${encodeURIComponent(at)}`);
      await phone.getByTestId('as-of-summary').getByText(expected).waitFor();
      expect(await phone.getByRole('alert').count()).toBe(0);
    }
    expect(errors).toEqual([]);
  });

  it('runs the integrity check from the page: progress, then every chain intact with the counts; lists the seals and the key', async () => {
    for (const [viewport, name] of [
      [DESKTOP, 'desktop'],
      [PHONE, 'ponsel'],
    ] as const) {
      const page = await (await h.context(viewport)).newPage();
      const errors = watchErrors(page);
      await signInAs(page, 'inspektur');
      await page.goto('/audit/integritas');
      await page.getByRole('heading', { name: 'Integritas log audit' }).waitFor();
      if (name === 'desktop') {
        // One menu item is the current page: Integritas, not also Jejak audit (/audit).
        const current = page.getByRole('navigation', { name: 'Navigasi utama' }).locator('[aria-current="page"]');
        expect(await current.allInnerTexts()).toEqual(['Integritas']);
      }
      await page.getByRole('button', { name: 'Unduh kunci publik' }).and(page.locator(':enabled')).waitFor();
      expect(await accessibilityProblems(page)).toEqual([]);
      await page.getByRole('button', { name: 'Periksa integritas' }).click();
      await page.getByRole('progressbar', { name: 'Kemajuan pemeriksaan integritas' }).waitFor();
      await page.waitForURL((u) => u.searchParams.has('proses'));
      const result = page.getByTestId('verify-result');
      await result.waitFor({ timeout: 30_000 });
      expect(await result.getAttribute('data-ok')).toBe('true');
      await result.getByText(/^Utuh/).waitFor();
      const counts = /([\d.]+) peristiwa dalam ([\d.]+) aliran diperiksa/.exec(await result.innerText());
      expect(counts).not.toBeNull();
      expect(Number(counts![1].replace(/\./g, ''))).toBeGreaterThan(100);
      expect(Number(counts![2].replace(/\./g, ''))).toBeGreaterThan(10);
      expect(await page.getByRole('progressbar', { name: 'Kemajuan pemeriksaan integritas' }).getAttribute('aria-valuenow')).toBe('100');
      await page
        .getByTestId('verify-progress')
        .getByText(/peristiwa diperiksa \(100%\)/)
        .waitFor();
      expect(await accessibilityProblems(page)).toEqual([]);
      await screenshot(page, `integritas-${name}`);
      await viewportShot(page, `integritas-${name}`);

      if (name === 'desktop') {
        const [key] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Unduh kunci publik' }).click()]);
        expect(key.suggestedFilename()).toBe('kinerja-kunci-segel.pem');
        expect(readFileSync((await key.path())!, 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
        const seals = await h.app.call('GET', '/api/v1/audit/seals');
        const list = seals.body.seals as Array<{ seal: number; fileName: string }>;
        expect(list.length).toBeGreaterThanOrEqual(1);
        await page.getByTestId(`seal-${list[0].seal}`).getByText('Atas permintaan').waitFor();
        const [file] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: `Unduh berkas segel ${list[0].seal}` }).click(),
        ]);
        expect(file.suggestedFilename()).toBe(list[0].fileName);
        expect(readFileSync((await file.path())!, 'utf8')).toMatch(/^kinerja-audit-seal v1\n/);
      }
      expect(errors).toEqual([]);
    }
  });

  it('an employee has no Inspektorat menu, reads only their own events, and sees the API refuse another’s in Indonesian', async () => {
    const phone = await (await h.context(PHONE)).newPage();
    const errors = watchErrors(phone);
    await signInAs(phone, 'pegawai');
    await phone.getByRole('button', { name: 'Menu', exact: true }).click();
    await phone.getByRole('navigation', { name: 'Navigasi utama' }).getByRole('link', { name: 'Beranda' }).waitFor();
    for (const item of ['Jejak audit', 'Data per tanggal', 'Integritas'])
      expect(await phone.getByRole('navigation', { name: 'Navigasi utama' }).getByRole('link', { name: item }).count()).toBe(0);

    // The API lets an employee read the events about themselves.
    await phone.goto('/audit');
    await phone.getByTestId('timeline-event').first().waitFor();
    const own = await h.app.call('GET', '/api/v1/audit/timeline?limit=1', undefined, {}, pegawai);
    expect(own.status).toBe(200);
    expect(own.body.events[0].nip).toBe(pegawai.nip);
    // Export buttons are not offered: the exports are the inspectorate's.
    expect(await phone.getByRole('button', { name: 'Unduh CSV' }).count()).toBe(0);
    expect(await accessibilityProblems(phone)).toEqual([]);

    // Another's events: the API refuses, and the console says why in Indonesian.
    const other = users.get('kasi.dinkes')!.nip!;
    const refused = await h.app.call('GET', `/api/v1/audit/timeline?nip=${other}`, undefined, {}, pegawai);
    expect(refused.status).toBe(403);
    await phone.goto(`/audit?nip=${other}`);
    const alert = phone.locator(`[data-error-code="${refused.body.error.code}"]`);
    await alert.waitFor();
    await alert.getByText(messageOf(refused.body.error.code)).waitFor();
    expect(await accessibilityProblems(phone)).toEqual([]);
    await screenshot(phone, 'jejak-audit-ditolak-ponsel');

    // An office without the inspectorate's role (BPKAD) is refused the timeline as a whole.
    const desk = await (await h.context(DESKTOP)).newPage();
    await signInAs(desk, 'bpkad');
    expect(await desk.getByRole('navigation', { name: 'Navigasi utama' }).getByRole('link', { name: 'Jejak audit' }).count()).toBe(0);
    await desk.goto('/audit/integritas');
    await desk.getByRole('button', { name: 'Periksa integritas' }).click();
    const verify = await h.app.call('POST', '/api/v1/audit/verify', undefined, {}, users.get('bpkad'));
    expect(verify.status).toBe(403);
    await desk
      .getByTestId('verify')
      .locator(`[data-error-code="${verify.body.error.code}"]`)
      .getByText(messageOf(verify.body.error.code))
      .waitFor();
    expect(errors).toEqual([]);
  });

  // Last: it changes a row of the log behind the store's back.
  it('names the first broken link when a row of the log was changed in the database', async () => {
    const stream = `Appraisal-${pegawai.nip}-${PERIOD}`;
    // The append-only trigger set aside for one transaction, as someone with the database's keys could.
    const client = await h.app.db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('ALTER TABLE events DISABLE TRIGGER USER');
      await client.query(`UPDATE events SET data = jsonb_set(data, '{changed}', 'true') WHERE stream_id = $1 AND stream_position = 2`, [
        stream,
      ]);
      await client.query('ALTER TABLE events ENABLE TRIGGER USER');
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    const page = await (await h.context(DESKTOP)).newPage();
    const errors = watchErrors(page);
    await signInAs(page, 'inspektur');
    await page.goto('/audit/integritas');
    await page.getByRole('button', { name: 'Periksa integritas' }).click();
    const result = page.getByTestId('verify-result');
    await result.waitFor({ timeout: 30_000 });
    expect(await result.getAttribute('data-ok')).toBe('false');
    await result.getByText('Rantai hash putus').waitFor();
    await result.getByText(/Mata rantai pertama yang putus: aliran/).waitFor();
    await result.getByRole('link', { name: stream }).waitFor();
    await result.getByText(/versi 2/).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'integritas-putus-desktop');
    expect(errors).toEqual([]);
  });

  /** The as-of table: the predikat and the state changed by the decision, marked in words. */
  async function expectDecisionDiff(page: Page) {
    const table = page.getByTestId('as-of-table');
    await table.waitFor();
    const predikat = table.locator('tr[data-path="predikat"]');
    expect(await predikat.getAttribute('data-changed')).toBe('true');
    await predikat.getByText(before.predikat, { exact: true }).waitFor();
    await predikat.getByText(amended.predikat, { exact: true }).waitFor();
    await predikat.getByText('≠ Berubah').waitFor();
    const state = table.locator('tr[data-path="state"]');
    await state.getByText('OBJECTED', { exact: true }).waitFor();
    await state.getByText('DECIDED', { exact: true }).waitFor();
    await page
      .getByTestId('as-of-summary')
      .getByText(/kolom berbeda/)
      .waitFor();
  }
});
