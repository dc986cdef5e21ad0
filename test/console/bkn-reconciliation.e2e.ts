import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
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

// Each step may wait minutes for the read models on a loaded machine (see open()).
jest.setTimeout(300_000);

/**
 * Rekonsiliasi e-Kinerja BKN in the console, on the demo's month of Dinas Kesehatan: BKPSDM checks
 * a BKN export with bad rows (each named, nothing written), imports the fixed one (two predikat that
 * differ from kinerja's), the bendahara's submission of the month is refused naming both with the way
 * to the page, BKPSDM resolves both on a phone with a reason each and sees them resolved; BPKAD and the
 * inspectorate read without acting; the SIASN CSV downloads.
 */

const { opdId: OPD, month: MONTH } = DEMO_PAYROLL;
const PAGE = `/rekonsiliasi-bkn?bulan=${MONTH}`;
const BKN_LABEL: Record<string, string> = {
  SANGAT_BAIK: 'SANGAT BAIK',
  BAIK: 'BAIK',
  BUTUH_PERBAIKAN: 'BUTUH PERBAIKAN',
  KURANG: 'KURANG/MISCONDUCT',
  SANGAT_KURANG: 'SANGAT KURANG',
};
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const LABEL: Record<string, string> = { SANGAT_BAIK: 'Sangat Baik', BAIK: 'Baik', BUTUH_PERBAIKAN: 'Butuh Perbaikan' };

describe('the console: rekonsiliasi e-Kinerja BKN', () => {
  let h: ConsoleHarness;
  const users = new Map<string, TestUser>();
  /** kinerja's predikat of the demo month, by NIP, with the name the register holds. */
  let employees: Array<{ nip: string; name: string; predikat: string }> = [];
  let x: { nip: string; name: string; predikat: string; bkn: string };
  let y: { nip: string; name: string; predikat: string; bkn: string };

  const open = async (size: { width: number; height: number }, user: string) => {
    const page = await (await h.context(size)).newPage();
    // The page waits for the read models (the import, a resolution); on a loaded CI machine they lag longer than Playwright's 30 s.
    page.setDefaultTimeout(120_000);
    const errors = watchErrors(page);
    await signInAs(page, user);
    return { page, errors };
  };
  const csvOf = (rows: Array<{ nip: string; name: string; predikat: string }>, extra: string[] = []) =>
    Buffer.from(
      [
        'Rekap Predikat Kinerja Pegawai — e-Kinerja BKN',
        'NIP;NAMA;PERIODE;PREDIKAT KINERJA',
        ...rows.map((r) => `${r.nip};${r.name};OKTOBER 2026;${BKN_LABEL[r.predikat]}`),
        ...extra,
      ].join('\r\n'),
    );
  const choose = (page: Page, name: string, buffer: Buffer) =>
    page.locator('input[type=file]').setInputFiles({ name, mimeType: 'text/csv', buffer });
  const noPageScroll = (page: Page) =>
    page.evaluate(() => {
      const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document
        .documentElement;
      return root.scrollWidth <= root.clientWidth;
    });

  beforeAll(async () => {
    h = await startConsole();
    const session = await h.app.call('GET', '/api/v1/session', undefined, {}, null);
    for (const u of session.body.demoUsers as Array<{ username: string; nip: string | null; roles: string[] }>)
      users.set(u.username, { sub: u.username, ...(u.nip ? { nip: u.nip } : {}), roles: u.roles });
    // The demo's run of the month, calculated: its predikat are in the pay inputs.
    const run = `/api/v1/payroll/opds/${OPD}/runs/${MONTH}`;
    for (let i = 0; i < 600; i++) {
      const r = await h.app.call('GET', run, undefined, {}, users.get('bpkad'));
      if (r.body.status === 'CALCULATED' && r.body.calculationJob?.state === 'completed') break;
      await new Promise((res) => setTimeout(res, 200));
    }
    // The status is the run's stream; the lines and pay_predikat below are the pay ledger, a moment behind.
    await payrollProjected(h.app.rt);
    const lines = await h.app.call('GET', `${run}/lines?limit=5000`, undefined, {}, users.get('bpkad'));
    const names = new Map((lines.body.lines as Array<{ nip: string; name: string | null }>).map((l) => [l.nip, l.name ?? '']));
    // kinerja's side as the pay inputs hold it (nothing resolved yet): the payroll read model.
    const { rows } = await h.app.rt.db.pool.query<{ nip: string; predikat: string }>(
      'SELECT nip, predikat FROM pay_predikat WHERE month = $1 ORDER BY nip',
      [MONTH],
    );
    employees = rows.filter((r) => names.has(r.nip)).map((r) => ({ ...r, name: names.get(r.nip)! }));
    expect(employees.length).toBeGreaterThan(10);
    const baik = employees.filter((e) => e.predikat === 'BAIK');
    x = { ...baik[0], bkn: 'BUTUH_PERBAIKAN' };
    y = { ...baik[1], bkn: 'SANGAT_BAIK' };
  });
  afterAll(() => h?.close());

  it('BKPSDM checks an export with bad rows (each named, nothing written), imports the fixed one and sees both differences', async () => {
    const { page, errors } = await open(DESKTOP, 'admin.bkpsdm');
    await page.getByRole('link', { name: 'Rekonsiliasi e-Kinerja BKN' }).click();
    await page.getByRole('heading', { name: 'Rekonsiliasi e-Kinerja BKN', level: 1 }).waitFor();
    await page.goto(PAGE);
    await page.getByTestId('status-bulan').getByText('Belum ada ekspor e-Kinerja BKN', { exact: true }).waitFor();
    expect(await page.getByLabel('Periode ekspor').inputValue()).toBe(MONTH);
    const bkn = employees.map((e) => (e.nip === x.nip ? { ...e, predikat: x.bkn } : e.nip === y.nip ? { ...e, predikat: y.bkn } : e));
    const count = async () =>
      Number((await h.app.rt.db.pool.query("SELECT count(*) AS n FROM events WHERE stream_id LIKE 'BknExport-%'")).rows[0].n);

    // A file with two bad rows: the dry run names each, the import stays disabled, nothing is written.
    // z's row is for another month (and left out of the rows above, which would make it a duplicate).
    const z = employees.find((e) => e.nip !== x.nip && e.nip !== y.nip)!;
    const others = bkn.filter((e) => e.nip !== z.nip);
    await choose(page, 'ekinerja-oktober.csv', csvOf(others, ['12345;Orang;OKTOBER 2026;BAIK', `${z.nip};${z.name};NOVEMBER 2026;BAIK`]));
    await page.getByTestId('berkas-terpilih').getByText('ekinerja-oktober.csv').waitFor();
    await page.getByRole('button', { name: 'Periksa', exact: true }).click();
    const report = page.getByTestId('laporan-periksa');
    await report.getByText('2 salah').waitFor();
    const bad = report.getByTestId('baris-salah');
    expect(await bad.count()).toBe(2);
    // Line 1 is the title, line 2 the header.
    const first = others.length + 3;
    expect(await bad.nth(0).innerText()).toMatch(new RegExp(`^${first}\\s+NIP\\s+–\\s+NIP tidak sah`));
    expect(await bad.nth(1).innerText()).toMatch(
      new RegExp(`^${first + 1}\\s+PERIODE\\s+${z.nip}\\s+Periode baris ini bukan periode yang diimpor`),
    );
    expect(await page.getByRole('button', { name: 'Impor', exact: true }).isDisabled()).toBe(true);
    expect(await count()).toBe(0);

    // The fixed file: checked, then imported; the month's differences appear, both named.
    await choose(page, 'ekinerja-oktober.csv', csvOf(bkn));
    await page.getByRole('button', { name: 'Periksa', exact: true }).click();
    await report.getByText('Semua baris benar', { exact: false }).waitFor();
    expect(await count()).toBe(0);
    await page.getByRole('button', { name: 'Impor', exact: true }).click();
    await page.getByText('Impor berhasil').waitFor();
    expect(await count()).toBe(1);
    await page.getByTestId('status-bulan').getByText('2 perbedaan belum diselesaikan').waitFor();
    expect(await page.getByTestId('status-bulan').innerText()).toContain('PREDIKAT_SOURCES_DISAGREE');
    const rows = page.getByTestId('baris-perbedaan');
    await rows.nth(1).waitFor();
    expect(await rows.count()).toBe(2);
    for (const e of [x, y]) {
      const row = rows.filter({ hasText: e.nip });
      expect(await row.innerText()).toMatch(
        new RegExp(
          `${escape(e.name)}[\\s\\S]*Predikat berbeda\\s+${LABEL[e.predikat]}\\s+${LABEL[e.bkn]}\\s+${LABEL[e.predikat]}\\s+Belum diselesaikan`,
          'i',
        ),
      );
    }
    // Filtered by the OPD, the same two.
    await page.getByLabel('OPD').selectOption(OPD);
    await page.waitForURL(/opd=DINKES/);
    await rows.nth(1).waitFor();
    expect(await rows.count()).toBe(2);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'rekonsiliasi-bkn-desktop');
    await page.screenshot({ path: join(SCREENSHOTS, 'rekonsiliasi-bkn-desktop-viewport.png') });
    expect(errors).toEqual([]);
  });

  it('the bendahara’s submission of the month is refused naming both differences, with the way to the page', async () => {
    const { page, errors } = await open(DESKTOP, 'bendahara.dinkes');
    await page.goto(`/keuangan/tpp/${OPD}/${MONTH}`);
    await page.getByTestId('sign-step').getByRole('button', { name: 'Ajukan (SPP-LS)' }).click();
    await page.locator('[data-error-code="PREDIKAT_SOURCES_DISAGREE"]').waitFor();
    const note = page.getByTestId('perbedaan-bkn');
    await note.waitFor();
    const text = await note.innerText();
    expect(text).toMatch(/^2 perbedaan predikat dengan e-Kinerja BKN belum diselesaikan untuk Oktober 2026/);
    for (const e of [x, y])
      expect(text).toContain(`${e.name} (NIP ${e.nip}): predikat berbeda, kinerja ${LABEL[e.predikat]}, e-Kinerja BKN ${LABEL[e.bkn]}`);
    expect(await note.getByRole('link', { name: /Rekonsiliasi e-Kinerja BKN/ }).getAttribute('href')).toBe(PAGE);
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('BKPSDM resolves both on a phone, with a reason each, and sees them resolved', async () => {
    const { page, errors } = await open(PHONE, 'admin.bkpsdm');
    await page.goto(PAGE);
    const cards = page.getByTestId('kartu-perbedaan');
    await cards.nth(1).waitFor();
    expect(await page.getByTestId('baris-perbedaan').first().isVisible()).toBe(false);
    expect(await noPageScroll(page)).toBe(true);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'rekonsiliasi-bkn-ponsel');

    // x: BKN's predikat, chosen against the policy's proposal (kinerja); the reason is required.
    await page.getByRole('button', { name: `Selesaikan perbedaan ${x.name}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Selesaikan perbedaan predikat' });
    await dialog.waitFor();
    expect(await dialog.getByRole('radio', { name: /^kinerja: Baik \(usulan kebijakan\)/ }).isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'Simpan penyelesaian' }).click();
    await dialog.getByText('Alasan wajib diisi.').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await dialog.getByRole('radio', { name: /^e-Kinerja BKN: Butuh Perbaikan/ }).check();
    await dialog.getByLabel('Alasan').fill('Predikat BKN hasil kalibrasi TPK (uji console)');
    await dialog.getByRole('button', { name: 'Simpan penyelesaian' }).click();
    await dialog.waitFor({ state: 'detached' });
    // y: the proposal (kinerja) kept.
    await page.getByRole('button', { name: `Selesaikan perbedaan ${y.name}` }).click();
    await dialog.waitFor();
    await dialog.getByLabel('Alasan').fill('Penilaian kinerja sudah diterbitkan; BKN belum diperbarui');
    await dialog.getByRole('button', { name: 'Simpan penyelesaian' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('status-bulan').getByText('Semua perbedaan sudah diselesaikan').waitFor({ timeout: 30_000 });

    await page.getByLabel('Status').selectOption('sudah');
    await page.waitForURL(/status=sudah/);
    await cards.nth(1).waitFor();
    const xCard = await cards.filter({ hasText: x.nip }).innerText();
    expect(xCard).toMatch(
      /Diselesaikan[\s\S]*Dipilih e-Kinerja BKN: Butuh Perbaikan[\s\S]*Predikat BKN hasil kalibrasi TPK \(uji console\)[\s\S]*admin\.bkpsdm/i,
    );
    expect(xCard).toMatch(/Dibayar\s+Butuh Perbaikan/);
    expect(await cards.filter({ hasText: y.nip }).innerText()).toMatch(/Dipilih kinerja: Baik[\s\S]*BKN belum diperbarui/i);
    expect(await noPageScroll(page)).toBe(true);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'rekonsiliasi-bkn-ponsel-selesai');
    const resolved = await h.app.call(
      'GET',
      `/api/v1/reconciliation/bkn/differences?month=${MONTH}&status=resolved`,
      undefined,
      {},
      users.get('bpkad'),
    );
    expect(
      resolved.body.differences.map((d: { nip: string; resolution: { choice: string } }) => [d.nip, d.resolution.choice]).sort(),
    ).toEqual(
      [
        [x.nip, 'BKN'],
        [y.nip, 'KINERJA'],
      ].sort(),
    );
    expect(errors).toEqual([]);
  });

  it('BKPSDM downloads the SIASN CSV; BPKAD and the inspectorate read without acting; an employee is not offered the page', async () => {
    const { page, errors } = await open(DESKTOP, 'admin.bkpsdm');
    await page.goto(PAGE);
    await page.getByLabel('Periode SIASN').selectOption(MONTH);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Unduh untuk SIASN' }).click()]);
    expect(download.suggestedFilename()).toBe(`siasn-kinerja-periodik-${MONTH}.csv`);
    const csv = readFileSync((await download.path())!, 'utf8');
    const api = await h.app.call('GET', `/api/v1/siasn/periodic-performance/${MONTH}?format=csv`, undefined, {}, users.get('admin.bkpsdm'));
    expect(api.status).toBe(200);
    expect(csv).toBe(api.body);
    expect(csv).toMatch(/nipBaru/);
    expect(errors).toEqual([]);

    for (const user of ['bpkad', 'inspektur']) {
      const { page: p, errors: e } = await open(PHONE, user);
      await p.goto(`${PAGE}&status=semua`);
      await p.getByTestId('kartu-perbedaan').nth(1).waitFor();
      expect(await p.getByRole('button', { name: /^Selesaikan/ }).count()).toBe(0);
      expect(await p.getByRole('heading', { name: 'Unggah ekspor e-Kinerja BKN' }).count()).toBe(0);
      expect(await p.getByRole('button', { name: 'Unduh untuk SIASN' }).count()).toBe(0);
      expect(await noPageScroll(p)).toBe(true);
      expect({ user, problems: await accessibilityProblems(p) }).toEqual({ user, problems: [] });
      expect(e).toEqual([]);
    }
    const { page: pegawai } = await open(DESKTOP, 'pegawai');
    expect(await pegawai.getByRole('link', { name: 'Rekonsiliasi e-Kinerja BKN' }).count()).toBe(0);
  });
});
