import { execFileSync } from 'node:child_process';
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
import { lastEndedMonth } from '../../apps/console/src/pages/kehadiran/attendance';

/**
 * Kehadiran OPD in the console: DINKES's admin registers a machine with the PIN map of two demo
 * employees, checks a month's ZKTeco log (its report, nothing written) and imports it, is held at a
 * corrected file that drops a scan until a reason is given, declares a machine-fault day, sees the
 * recap the API computes and records it for TPP (the second time: already recorded).
 */
describe('the console: kehadiran OPD (mesin, impor log, gangguan, rekap)', () => {
  let h: ConsoleHarness;
  const users = new Map<string, TestUser>();
  // An ended month, from the clock the browser and the server read (late 2026 on the test machine: October or November).
  const jakartaToday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(new Date());
  const MONTH = lastEndedMonth(jakartaToday);
  // Its first two weekdays.
  const [DAY1, DAY2] = Array.from({ length: 28 }, (_, i) => `${MONTH}-${String(i + 1).padStart(2, '0')}`)
    .filter((d) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()))
    .slice(0, 2);
  const DEVICE = 'MESIN-UJI';
  /** A ZKTeco attendance log: the PIN right-aligned, date time, verify, status, work code; CRLF. */
  const zk = (rows: Array<[string, string]>) => rows.map(([pin, at]) => `${pin.padStart(9)}\t${at}\t1\t0\t1\t0`).join('\r\n') + '\r\n';
  const scanEvents = async () =>
    Number((await h.app.rt.db.pool.query("SELECT count(*) AS n FROM events WHERE stream_id LIKE 'AttendanceScans-%'")).rows[0].n);
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
  const pageWidth = (page: Page) =>
    page.evaluate(
      () => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth,
    );
  const chooseFile = (page: Page, name: string, text: string) =>
    page.locator('input[type=file]').setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(text) });
  const nip = (u: string) => users.get(u)!.nip!;

  beforeAll(async () => {
    h = await startConsole();
    const session = await h.app.call('GET', '/api/v1/session', undefined, {}, null);
    for (const u of session.body.demoUsers as Array<{ username: string; nip: string | null; roles: string[] }>)
      users.set(u.username, { sub: u.username, ...(u.nip ? { nip: u.nip } : {}), roles: u.roles });
  });
  afterAll(() => h?.close());

  it('registers a machine with a PIN map: bad rows named by line, then the map of two DINKES employees', async () => {
    const { page, errors } = await open(DESKTOP, 'admin.dinkes');
    await page.getByRole('link', { name: 'Mesin presensi' }).click();
    await page.getByRole('heading', { name: 'Mesin presensi', level: 1 }).waitFor();
    // The demo's own machine of Dinas Kesehatan is listed already.
    await page.getByTestId('mesin-DINKES-PINTU-1').waitFor();
    await page.getByLabel('Kode mesin').fill(DEVICE);
    await page
      .getByRole('textbox', { name: 'Peta PIN' })
      .fill(`pin,nip\n1,${nip('pegawai')}\n2,${nip('pegawai')}\nx,${nip('kasi.dinkes')}\n`);
    await page.getByRole('button', { name: 'Simpan peta PIN' }).click();
    const bad = page.getByTestId('baris-peta-salah');
    await bad.first().waitFor();
    expect(await bad.count()).toBe(2);
    expect(await bad.nth(0).innerText()).toMatch(/^3\s+nip\s+NIP ini sudah memiliki PIN pada mesin ini \(baris 2\)/);
    expect(await bad.nth(1).innerText()).toMatch(/^4\s+pin\s+PIN tidak valid/);

    await page.getByRole('textbox', { name: 'Peta PIN' }).fill(`pin,nip\n1,${nip('pegawai')}\n2,${nip('kasi.dinkes')}\n`);
    await page.getByRole('button', { name: 'Simpan peta PIN' }).click();
    await page.getByTestId('hasil-peta').getByText('Peta PIN tersimpan').waitFor();
    await page.getByTestId('hasil-peta').getByText('2 ditambah', { exact: true }).waitFor();
    await page.getByTestId(`mesin-${DEVICE}`).getByText('2', { exact: true }).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot(page, 'kehadiran-mesin-desktop');

    // A replaced map says what it changes before it is saved.
    await page.getByRole('textbox', { name: 'Peta PIN' }).fill(`pin,nip\n1,${nip('pegawai')}\n3,${nip('kasi.dinkes')}\n`);
    await page.getByRole('button', { name: 'Periksa peta' }).click();
    const check = page.getByTestId('hasil-peta');
    await check.getByText('belum disimpan', { exact: false }).waitFor();
    await check.getByText(`PIN 3 ditambahkan: NIP ${nip('kasi.dinkes')}`).waitFor();
    await check.getByText(`PIN 2 dihapus (sebelumnya NIP ${nip('kasi.dinkes')})`).waitFor();
    const device = await h.app.call('GET', `/api/v1/attendance/devices/${DEVICE}`, undefined, {}, users.get('admin.dinkes'));
    expect(device.body.pins).toEqual([
      { pin: '1', nip: nip('pegawai') },
      { pin: '2', nip: nip('kasi.dinkes') },
    ]);
    expect(errors).toEqual([]);
  });

  it('checks a ZKTeco log first (every bad line, the comparison), imports it, and holds a dropping correction until a reason is given', async () => {
    const { page, errors } = await open(DESKTOP, 'admin.dinkes');
    await page.getByRole('link', { name: 'Impor log presensi' }).click();
    await page.getByRole('heading', { name: 'Impor log presensi' }).waitFor();
    await page.getByLabel('Bulan').selectOption(MONTH);
    await page.getByLabel('Mesin', { exact: true }).selectOption(DEVICE);
    const before = await scanEvents();

    // A log with a PIN the map lacks: named by its line, nothing imported.
    const good: Array<[string, string]> = [
      ['1', `${DAY1} 07:25:10`],
      ['1', `${DAY1} 07:25:10`], // the machine sent it twice
      ['2', `${DAY1} 08:10:00`],
      ['1', `${DAY1} 16:05:00`],
      ['2', `${DAY1} 16:02:00`],
      ['1', `${DAY2} 07:20:00`],
      ['1', `${DAY2} 16:10:00`],
    ];
    await chooseFile(page, 'log.dat', zk([...good, ['99', `${DAY2} 07:00:00`]]));
    await page.getByRole('button', { name: 'Periksa' }).click();
    const report = page.getByTestId('laporan-log');
    await report.getByText('1 salah').waitFor();
    const bad = page.getByTestId('baris-log-salah');
    expect(await bad.count()).toBe(1);
    expect(await bad.nth(0).innerText()).toMatch(/^8\s+PIN\s+PIN 99 belum dipetakan ke NIP/);
    expect(await page.getByRole('button', { name: 'Impor', exact: true }).isDisabled()).toBe(true);

    // The fixed log: lines, scans, duplicates and what it adds.
    await chooseFile(page, 'log.dat', zk(good));
    await page.getByRole('button', { name: 'Periksa' }).click();
    await report.getByText('7 baris').waitFor();
    await report.getByText('6 presensi').waitFor();
    await report.getByText('1 ganda').waitFor();
    await report.getByText('6 ditambah').waitFor();
    await report.getByText('0 dihapus').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot(page, 'kehadiran-impor-desktop');
    expect(await scanEvents()).toBe(before);
    await page.getByRole('button', { name: 'Impor', exact: true }).click();
    await page.getByTestId('hasil-impor').getByText('6 presensi ditambahkan', { exact: false }).waitFor();
    expect(await scanEvents()).toBeGreaterThan(before);

    // A corrected log without the second day's check-out: it drops a recorded scan.
    const imported = await scanEvents();
    await chooseFile(page, 'log-koreksi.dat', zk(good.slice(0, 6)));
    await page.getByRole('button', { name: 'Periksa' }).click();
    await report.getByText('1 dihapus').waitFor();
    const correction = page.getByTestId('koreksi');
    await correction.getByText('1 presensi yang sudah tercatat tidak ada dalam berkas ini', { exact: false }).waitFor();
    expect(await page.getByRole('button', { name: 'Impor', exact: true }).isDisabled()).toBe(true);
    const asCorrection = page.getByRole('button', { name: 'Impor sebagai koreksi' });
    expect(await asCorrection.isDisabled()).toBe(true);
    // Without a reason the API refuses it too, naming what it drops.
    const refused = await fetch(`${h.app.url}/api/v1/attendance/scans/${MONTH}?format=zkteco&device=${DEVICE}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await h.app.token(users.get('admin.dinkes')!)}`, 'content-type': 'text/plain' },
      body: zk(good.slice(0, 6)),
    });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('SCANS_WOULD_BE_REMOVED');
    expect(await scanEvents()).toBe(imported);
    await correction.getByLabel('Alasan koreksi').fill('Pulang hari kedua tercatat ganda oleh mesin');
    await asCorrection.click();
    await page.getByTestId('hasil-impor').getByText('1 ditarik sebagai koreksi', { exact: false }).waitFor();
    expect(await scanEvents()).toBeGreaterThan(imported);
    expect(errors).toEqual([]);
  });

  it('declares a fault day, shows the recap the API computes, and records it for TPP once', async () => {
    const admin = users.get('admin.dinkes')!;
    const { page, errors } = await open(DESKTOP, 'admin.dinkes');
    await page.getByRole('link', { name: 'Rekap kehadiran' }).click();
    await page.getByRole('heading', { name: 'Rekap kehadiran' }).waitFor();
    await page.getByLabel('Bulan').selectOption(MONTH);
    const gangguan = page.getByTestId('gangguan');
    await gangguan.getByText('Tidak ada gangguan mesin', { exact: false }).waitFor();
    await gangguan.getByLabel('Tanggal').fill(DAY2);
    await gangguan.getByLabel('Alasan').fill('Mesin presensi mati karena listrik padam');
    await gangguan.getByRole('button', { name: 'Nyatakan gangguan' }).click();
    await gangguan.getByRole('status').getByText('tercatat', { exact: false }).waitFor();
    await gangguan.getByTestId('hari-gangguan').getByText('Mesin presensi mati karena listrik padam').waitFor();

    // The scans and the fault day reach the read models; then the page shows what the API answers.
    const recapOf = async () =>
      (await h.app.call('GET', `/api/v1/attendance/opds/DINKES/months/${MONTH}?limit=500`, undefined, {}, admin)).body as {
        employees: number;
        totals: Record<string, number>;
        items: Array<{ nip: string; workingDays: number; presentDays: number; excusedDays: number; absentDays: number }>;
      };
    for (let tries = 0; ; tries++) {
      const r = await recapOf();
      const row = r.items.find((i) => i.nip === nip('pegawai'));
      if (row && row.presentDays >= 1 && row.excusedDays >= 1) break;
      if (tries > 100) throw new Error(`the recap did not catch up: ${JSON.stringify(row)}`);
      await new Promise((res) => setTimeout(res, 200));
    }
    const api = await recapOf();
    await page.reload();
    const row = page.getByTestId(`rekap-${nip('pegawai')}`);
    await row.waitFor();
    const mine = api.items.find((i) => i.nip === nip('pegawai'))!;
    const cells = (await row.locator('td').allInnerTexts()).map((t) => t.trim());
    expect(cells.slice(1, 6)).toEqual([
      nip('pegawai'),
      ...[mine.workingDays, mine.presentDays, mine.excusedDays, mine.absentDays].map(String),
    ]);
    expect(await page.getByTestId('total-pegawai').innerText()).toContain(String(api.employees));
    for (const code of ['TL2', 'TK'])
      expect(await page.getByTestId(`total-${code}`).innerText()).toContain(api.totals[code].toLocaleString('id-ID'));
    expect(await row.getByRole('link').getAttribute('href')).toBe(`/presensi/${nip('pegawai')}?bulan=${MONTH}`);
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot(page, 'kehadiran-rekap-desktop');

    // The recap as a PDF, fetched with the token: its text names the employee.
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Unduh rekap (PDF)' }).click()]);
    expect(pdf.suggestedFilename()).toBe(`rekap-kehadiran-DINKES-${MONTH}.pdf`);
    expect(execFileSync('pdftotext', ['-layout', (await pdf.path())!, '-']).toString()).toContain(nip('pegawai'));

    // Recorded for TPP, after a confirmation that says what it does; the second time appends nothing.
    await page.getByRole('button', { name: 'Catat untuk TPP' }).click();
    await page.getByTestId('konfirmasi-catat').getByText('dicatat sebagai masukan kehadiran penggajian TPP', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Ya, catat untuk TPP' }).click();
    const answer = page.getByTestId('hasil-catat');
    await answer.getByText(/^\d+ pegawai tercatat sebagai masukan TPP/).waitFor();
    await page.getByRole('button', { name: 'Catat untuk TPP' }).click();
    await page.getByRole('button', { name: 'Ya, catat untuk TPP' }).click();
    await answer.getByText('sudah tercatat sebelumnya', { exact: false }).waitFor();

    // The month still running: MONTH_NOT_OVER, in Indonesian.
    await page.goto(`/kehadiran?opd=DINKES&bulan=${jakartaToday.slice(0, 7)}`);
    await page.getByRole('button', { name: 'Catat untuk TPP' }).click();
    await page.getByRole('button', { name: 'Ya, catat untuk TPP' }).click();
    await page.locator('[data-error-code="MONTH_NOT_OVER"]').getByText('Bulan itu belum berakhir', { exact: false }).waitFor();
    expect(errors).toEqual([]);
  });

  it('on a 360 px phone the pages fit: the recap as cards, the import form, the machines; axe clean', async () => {
    const { page, errors } = await open(PHONE, 'admin.dinkes');
    await page.goto(`/kehadiran?opd=DINKES&bulan=${MONTH}`);
    await page.getByTestId(`rekap-kartu-${nip('pegawai')}`).waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot(page, 'kehadiran-rekap-ponsel');
    for (const [path, heading] of [
      ['/kehadiran/mesin', 'Mesin presensi'],
      ['/kehadiran/impor', 'Impor log presensi'],
    ]) {
      await page.goto(path);
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      if (path.endsWith('mesin')) await page.getByTestId(`mesin-kartu-${DEVICE}`).waitFor();
      expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
      expect(await accessibilityProblems(page)).toEqual([]);
    }
    expect(errors).toEqual([]);
  });
});
