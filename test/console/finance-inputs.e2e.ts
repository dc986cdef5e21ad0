import type { Page } from 'playwright-core';
import { join } from 'node:path';
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
import { monthsAround } from '../../apps/console/src/pages/keuangan-input/report';

/**
 * Keuangan in the console, the inputs and the policy: BKPSDM checks an attendance file (its bad rows
 * listed, nothing written) and imports the fixed one, records a sanction and finds it in the register;
 * BPKAD sets an OPD's TPP budget and publishes a policy version after seeing how it differs from the
 * one in force. An employee is offered none of it.
 */
describe('the console: keuangan (impor, sanksi, anggaran, kebijakan)', () => {
  let h: ConsoleHarness;
  const users = new Map<string, TestUser>();
  // The months the import page offers, from the same clock the browser reads: the first is next month.
  const jakartaToday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(new Date());
  const MONTH = monthsAround(jakartaToday)[0];
  const count = async (like: string) =>
    Number((await h.app.rt.db.pool.query('SELECT count(*) AS n FROM events WHERE stream_id LIKE $1', [like])).rows[0].n);
  /** A small screenshot of the viewport for the README (docs/console), besides the run's own full page. */
  const shot = async (page: Page, name: string) => {
    await screenshot(page, name);
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-viewport.png`) });
  };
  const open = async (size: { width: number; height: number }, user: string) => {
    const page = await (await h.context(size)).newPage();
    const errors = watchErrors(page);
    await signInAs(page, user);
    return { page, errors };
  };

  beforeAll(async () => {
    h = await startConsole();
    const session = await h.app.call('GET', '/api/v1/session', undefined, {}, null);
    for (const u of session.body.demoUsers as Array<{ username: string; nip: string | null; roles: string[] }>)
      users.set(u.username, { sub: u.username, ...(u.nip ? { nip: u.nip } : {}), roles: u.roles });
  });
  afterAll(() => h?.close());

  it('an attendance file with bad rows shows its report and writes nothing; the fixed file imports', async () => {
    const nip = users.get('pegawai')!.nip!;
    const { page, errors } = await open(DESKTOP, 'admin.bkpsdm');
    await page.getByRole('link', { name: 'Impor kehadiran dan predikat' }).click();
    await page.getByRole('heading', { name: 'Impor kehadiran dan predikat' }).waitFor();
    await page.getByLabel('Bulan').selectOption(MONTH);
    const before = await count(`Attendance-${MONTH}.%`);
    await page.getByLabel('Isi berkas').fill(`nip,TL1,TK\n${nip},1,x\n12345,0,0\n`);
    await page.getByRole('button', { name: 'Periksa berkas' }).click();
    const report = page.getByTestId('laporan-periksa');
    await report.getByText('2 salah').waitFor();
    const bad = report.getByTestId('baris-salah');
    expect(await bad.count()).toBe(2);
    expect(await bad.nth(0).innerText()).toMatch(/^2\s+TK\s+\d{18}\s+Jumlah harus bilangan bulat/);
    expect(await bad.nth(1).innerText()).toMatch(/^3\s+nip\s+12345\s+NIP tidak sah/);
    expect(await page.getByRole('button', { name: 'Impor kehadiran' }).isDisabled()).toBe(true);
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot(page, 'keuangan-impor-desktop');
    expect(await count(`Attendance-${MONTH}.%`)).toBe(before);

    // The fixed file, chosen as a file this time.
    const fixed = `nip,TL1,TK\n${nip},1,0\n`;
    await page.locator('input[type=file]').setInputFiles({ name: 'kehadiran.csv', mimeType: 'text/csv', buffer: Buffer.from(fixed) });
    for (let tries = 0; (await page.getByLabel('Isi berkas').inputValue()) !== fixed; tries++) {
      if (tries > 50) throw new Error('the chosen file did not reach the form');
      await page.waitForTimeout(100);
    }
    await page.getByRole('button', { name: 'Periksa berkas' }).click();
    await report.getByText('Semua baris benar', { exact: false }).waitFor();
    expect(await count(`Attendance-${MONTH}.%`)).toBe(before);
    await page.getByRole('button', { name: 'Impor kehadiran' }).click();
    await page.getByText('Impor berhasil').waitFor();
    expect(await count(`Attendance-${MONTH}.%`)).toBe(before + 1);
    expect(errors).toEqual([]);
  });

  it('a sanction is recorded on a phone and listed in the register', async () => {
    const nip = users.get('pegawai')!.nip!;
    const { page, errors } = await open(PHONE, 'admin.bkpsdm');
    await page.goto('/keuangan/sanksi');
    await page.getByRole('heading', { name: 'Sanksi disiplin' }).waitFor();
    // The contract's checks before anything is sent.
    await page.getByRole('button', { name: 'Catat sanksi' }).click();
    await page.getByText('Wajib diisi').first().waitFor();
    await page.getByLabel('NIP', { exact: true }).fill(nip);
    await page.getByLabel('Jenis hukuman').selectOption('SEDANG');
    await page.getByLabel('Mulai bulan').selectOption(MONTH);
    await page.getByLabel('Lama (bulan)').fill('7');
    await page.getByLabel('Nomor SK').fill('800/UJI/2026');
    await page.getByLabel('Alasan').fill('Hukuman disiplin sedang (uji console)');
    await page.getByRole('button', { name: 'Catat sanksi' }).click();
    // Seven months is not a sedang sanction: the API's refusal, by its code.
    await page.locator('[data-error-code="INVALID_MONTHS"]').waitFor();
    await page.getByLabel('Lama (bulan)').fill('6');
    await page.getByRole('button', { name: 'Catat sanksi' }).click();
    await page.getByText(`Sanksi untuk NIP ${nip} tercatat.`).waitFor();
    await page.getByLabel('Cari NIP').fill(nip);
    await page.getByTestId('sanksi').filter({ hasText: '800/UJI/2026' }).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot(page, 'keuangan-sanksi-ponsel');
    const listed = await h.app.call('GET', `/api/v1/payroll/sanctions?nip=${nip}`, undefined, {}, users.get('admin.bkpsdm'));
    expect(listed.body.sanctions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ nip, type: 'SEDANG', startMonth: MONTH, months: 6, decreeNumber: '800/UJI/2026' }),
      ]),
    );
    expect(errors).toEqual([]);
  });

  it('bpkad sets an OPD’s budget and sees it in rupiah', async () => {
    const { page, errors } = await open(DESKTOP, 'bpkad');
    await page.getByRole('link', { name: 'Anggaran TPP' }).click();
    await page.getByRole('heading', { name: 'Anggaran TPP' }).waitFor();
    await page.getByLabel('OPD').selectOption('DINKES');
    await page.getByLabel('Bulan', { exact: true }).selectOption(MONTH);
    await page.getByLabel('Pagu (rupiah)').fill('Rp 987.654.321');
    await page.getByLabel('Dasar penetapan').fill('DPA uji console');
    await page.getByRole('button', { name: 'Tetapkan anggaran' }).click();
    await page.getByText(/Anggaran .* tersimpan\./).waitFor();
    await page
      .getByTestId('anggaran')
      .filter({ hasText: /Rp\s987\.654\.321/ })
      .waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot(page, 'keuangan-anggaran-desktop');
    const read = await h.app.call('GET', '/api/v1/payroll/opds/DINKES/budgets', undefined, {}, users.get('bendahara.dinkes'));
    expect(read.body.budgets).toEqual(expect.arrayContaining([{ month: MONTH, amount: '987654321' }]));
    expect(errors).toEqual([]);
  });

  it('bpkad publishes a policy version after seeing the diff, and the history lists it', async () => {
    const { page, errors } = await open(DESKTOP, 'bpkad');
    await page.getByRole('link', { name: 'Kebijakan TPP' }).click();
    await page.getByRole('heading', { name: 'Kebijakan TPP' }).waitFor();
    await page.getByTestId('versi-kebijakan').first().waitFor();
    const before = await page.getByTestId('versi-kebijakan').count();
    const inForce = JSON.parse(await page.getByLabel('Dokumen kebijakan').inputValue());
    const nextYear = Number(MONTH.slice(0, 4)) + 1;
    const version = `${inForce.policyVersion}-uji-${nextYear}`;
    const next = {
      ...inForce,
      policyVersion: version,
      effectiveFrom: `${nextYear}-01-01`,
      tpp: {
        ...inForce.tpp,
        ceilings: inForce.tpp.ceilings.map((c: { ceiling: string }, i: number) => (i === 0 ? { ...c, ceiling: '1900000' } : c)),
      },
    };
    await page.getByLabel('Dokumen kebijakan').fill(JSON.stringify(next, null, 2));
    await page.getByLabel('Alasan penerbitan').fill('Kenaikan pagu kelas jabatan 1 (uji console)');
    expect(await page.getByRole('button', { name: 'Terbitkan versi' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Lihat perbedaan' }).click();
    const diff = page.getByTestId('perbedaan');
    await diff.getByText('3 bagian berbeda', { exact: false }).waitFor();
    const ceiling = diff.getByTestId('baris-perbedaan').filter({ hasText: 'tpp.ceilings.0.ceiling' });
    expect(await ceiling.getAttribute('data-kind')).toBe('changed');
    expect(await ceiling.innerText()).toMatch(/"1800000"\s+"1900000"\s+Berubah/);
    expect(await accessibilityProblems(page)).toEqual([]);
    await diff.scrollIntoViewIfNeeded();
    await shot(page, 'kebijakan-desktop');
    await page.getByRole('button', { name: 'Terbitkan versi' }).click();
    await page.getByText(`Versi ${version} diterbitkan.`).waitFor();
    await page.getByTestId('versi-kebijakan').filter({ hasText: version }).waitFor();
    expect(await page.getByTestId('versi-kebijakan').count()).toBe(before + 1);
    expect(await page.getByTestId('versi-kebijakan').filter({ hasText: version }).innerText()).toMatch(
      /Alasan: Kenaikan pagu kelas jabatan 1 \(uji console\)[\s\S]*3 bagian berubah/,
    );
    const listed = await h.app.call('GET', '/api/v1/policies', undefined, {}, users.get('bpkad'));
    expect(listed.body.versions.map((v: { policyVersion: string }) => v.policyVersion)).toContain(version);
    // The same version again is refused by its code.
    await page.getByLabel('Dokumen kebijakan').fill(JSON.stringify(next, null, 2));
    await page.getByLabel('Alasan penerbitan').fill('Sekali lagi');
    await page.getByRole('button', { name: 'Lihat perbedaan' }).click();
    await page.getByRole('button', { name: 'Terbitkan versi' }).click();
    await page.locator('[data-error-code="POLICY_VERSION_EXISTS"]').waitFor();
    expect(errors).toEqual([]);
  });

  it('each page passes axe on a phone and a desktop; an employee is offered none of them', async () => {
    for (const [user, paths] of [
      ['admin.bkpsdm', ['/keuangan/impor', '/keuangan/sanksi']],
      ['bpkad', ['/keuangan/anggaran', '/kebijakan']],
    ] as const)
      for (const size of [PHONE, DESKTOP]) {
        const { page, errors } = await open(size, user);
        for (const path of paths) {
          await page.goto(path);
          await page.getByRole('heading', { level: 1 }).waitFor();
          await page.getByRole('status', { name: 'Memuat' }).waitFor({ state: 'detached' });
          expect({ path, size, problems: await accessibilityProblems(page) }).toEqual({ path, size, problems: [] });
          if (size === PHONE) await shot(page, `${path.slice(1).replace('/', '-')}-ponsel-awal`);
        }
        expect(errors).toEqual([]);
      }
    const { page } = await open(DESKTOP, 'pegawai');
    for (const label of ['Impor kehadiran dan predikat', 'Sanksi disiplin', 'Anggaran TPP', 'Kebijakan TPP'])
      expect(await page.getByRole('link', { name: label }).count()).toBe(0);
  }, 240_000); // eight pages, each with axe on two viewports: minutes on a loaded machine
});
