import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { AttendanceMonthView, LeaveListView } from '../../libs/contracts/src';
import type { TestUser } from '../support/app';
import { until } from '../support/people';
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

/** How wide the page is laid out: wider than the screen means it scrolls sideways. */
const pageWidth = (page: Page) =>
  page.evaluate(
    () => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth,
  );

/** YYYY-MM-DD `n` days after `date`. */
const plusDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

/**
 * Presensi and Cuti in the console, with the demo Pemda (no machine scans): the employee requests
 * leave, the supervisor approves it from the inbox, the employee sees it approved and the day excused
 * on the Presensi page; the month is shown as the API computes it; a peer is refused a colleague's month.
 */
describe('the console: presensi dan cuti', () => {
  let h: ConsoleHarness;
  const users = new Map<string, TestUser & { name: string }>();
  const user = (u: string) => users.get(u)!;
  // The dates from the clock the app and the browser both read (the console's clock is the browser's).
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(new Date());
  const thisMonth = today.slice(0, 7);
  const lastMonth = plusDays(`${thisMonth}-01`, -1).slice(0, 7);
  // A weekday of last month (the 10th or the next weekday): passed, so an approved leave excuses it.
  let leaveDay = `${lastMonth}-10`;
  while (weekday(leaveDay) === 0 || weekday(leaveDay) === 6) leaveDay = plusDays(leaveDay, 1);
  const letter = 'ST/094/DINKES/E2E';

  const monthOf = async (nip: string, month: string) => {
    const r = await h.app.call('GET', `/api/v1/attendance/employees/${nip}/${month}`, undefined, {}, user('pegawai'));
    expect(r.status).toBe(200);
    return AttendanceMonthView.parse(r.body);
  };
  const leaveOf = async (nip: string) => {
    const r = await h.app.call('GET', `/api/v1/leave/${nip}`, undefined, {}, user('pegawai'));
    expect(r.status).toBe(200);
    return LeaveListView.parse(r.body).items;
  };
  /** The request `seen` picks, once the list shows it: the list is a read model, a moment behind a command's answer. */
  const leaveShown = (nip: string, seen: (r: Awaited<ReturnType<typeof leaveOf>>[number]) => boolean) =>
    until(async () => (await leaveOf(nip)).find(seen), `the leave list of ${nip} showing the request looked for`);
  const open = async (size: { width: number; height: number }, username: string) => {
    const page = await (await h.context(size)).newPage();
    const errors = watchErrors(page);
    await signInAs(page, username);
    return { page, errors };
  };
  /** Reloads the inbox until `text` shows (the read models follow the events within a moment). */
  async function inboxShows(page: Page, testId: string) {
    for (let i = 0; i < 40; i++) {
      await page.goto('/');
      await page.getByRole('heading', { name: /^Selamat datang/ }).waitFor();
      await page.waitForLoadState('networkidle');
      if (await page.getByTestId(testId).count()) return;
      await page.waitForTimeout(250);
    }
    throw new Error(`the inbox never showed ${testId}`);
  }
  /** The days of the page (desktop rows or phone cards) as the API answered them. */
  async function expectDays(page: Page, days: readonly { date: string; status: string }[], prefix: 'hari' | 'hari-kartu') {
    await page.getByTestId(`${prefix}-${days[days.length - 1].date}`).waitFor();
    const shown = (
      await page
        .locator(`[data-testid^="${prefix}-"][data-status]`)
        .evaluateAll((els) => els.map((e) => [e.getAttribute('data-testid')!, e.getAttribute('data-status')!]))
    ).filter(([id]) => new RegExp(`^${prefix}-\\d`).test(id));
    expect(shown).toEqual(days.map((d) => [`${prefix}-${d.date}`, d.status]));
  }

  beforeAll(async () => {
    h = await startConsole();
    const s = await h.app.call('GET', '/api/v1/session', undefined, {}, null);
    for (const u of s.body.demoUsers as Array<{ username: string; nip: string | null; name: string; roles: string[] }>)
      if (u.nip) users.set(u.username, { sub: u.username, nip: u.nip, roles: u.roles, name: u.name });
  });
  afterAll(() => h?.close());

  it('the employee requests leave, the supervisor approves it from the inbox, the employee sees it approved and the day excused', async () => {
    const pegawai = user('pegawai').nip!;
    const { page, errors } = await open(PHONE, 'pegawai');
    await page.getByRole('button', { name: 'Menu', exact: true }).click();
    await page.getByRole('link', { name: 'Cuti dan dinas luar' }).click();
    await page.getByRole('heading', { name: 'Cuti dan dinas luar', level: 1 }).waitFor();
    await page.getByText('Belum ada permohonan.').waitFor();
    // Nothing chosen: the fields say what is missing, nothing is sent.
    await page.getByRole('button', { name: 'Ajukan' }).click();
    await page.getByText('Ada isian yang belum sesuai').waitFor();
    await page.getByText('Pilih jenis cuti.').waitFor();
    expect(await leaveOf(pegawai)).toHaveLength(0);

    await page.getByLabel('Jenis').selectOption('DINAS_LUAR');
    await page.getByLabel('Mulai tanggal').fill(leaveDay);
    await page.getByLabel('Sampai tanggal').fill(leaveDay);
    await page.getByLabel('Nomor surat').fill(letter);
    await page.getByLabel('Alasan').fill('Pendampingan posyandu di Puskesmas Sukamaju');
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByRole('button', { name: 'Ajukan' }).click();
    await page.getByText('Permohonan terkirim').waitFor();
    const asked = await leaveShown(pegawai, (r) => r.kind === 'DINAS_LUAR');
    expect(asked).toMatchObject({ kind: 'DINAS_LUAR', from: leaveDay, to: leaveDay, document: letter, status: 'DIAJUKAN' });
    const card = page.getByTestId(`cuti-${asked.leaveId}`);
    await card.getByText('Diajukan', { exact: true }).waitFor();

    // The same days again (another kind): refused, the dates name the request they overlap.
    await page.getByLabel('Jenis').selectOption('CUTI_TAHUNAN');
    await page.getByLabel('Mulai tanggal').fill(leaveDay);
    await page.getByLabel('Sampai tanggal').fill(plusDays(leaveDay, 1));
    await page.getByLabel('Nomor surat').fill('800/CT/1');
    await page.getByLabel('Alasan').fill('Keperluan keluarga');
    await page.getByRole('button', { name: 'Ajukan' }).click();
    await page.locator('[data-error-code="LEAVE_OVERLAPS"]').waitFor();
    expect(await page.getByText(/^Bertumpang tindih dengan Dinas luar \(diajukan\)/).count()).toBe(2);
    expect(await leaveOf(pegawai)).toHaveLength(1);
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    // Moved to days to come, it goes; a third (through the API) waits for the supervisor too.
    const later = plusDays(today, 14);
    await page.getByLabel('Mulai tanggal').fill(later);
    await page.getByLabel('Sampai tanggal').fill(plusDays(later, 1));
    await page.getByRole('button', { name: 'Ajukan' }).click();
    await page.getByText('Permohonan terkirim').waitFor();
    const annual = await leaveShown(pegawai, (r) => r.kind === 'CUTI_TAHUNAN');
    expect(annual).toMatchObject({ from: later, status: 'DIAJUKAN' });
    const sick = await h.app.call(
      'POST',
      `/api/v1/leave/${pegawai}`,
      { kind: 'CUTI_SAKIT', from: plusDays(later, 7), to: plusDays(later, 7), document: 'SKD/77', reason: 'Kontrol pascaoperasi' },
      { 'Idempotency-Key': 'e2e-sick' },
      user('pegawai'),
    );
    expect(sick.status).toBe(201);

    // The supervisor approves it from the inbox, and opens the person's month from there.
    const desk = await open(DESKTOP, 'kasi.dinkes');
    await inboxShows(desk.page, `inbox-leave-${asked.leaveId}`);
    const item = desk.page.getByTestId(`inbox-leave-${asked.leaveId}`);
    await item.getByText(letter, { exact: false }).waitFor();
    await item.getByText('Pendampingan posyandu di Puskesmas Sukamaju').waitFor();
    expect(await accessibilityProblems(desk.page)).toEqual([]);
    await screenshot(desk.page, 'cuti-kotak-masuk');
    await item.getByRole('button', { name: /^Setujui/ }).click();
    await desk.page.getByText(/untuk .* disetujui\./).waitFor();
    const byId = (id: string, status: string) => leaveShown(pegawai, (r) => r.leaveId === id && r.status === status);
    expect(await byId(asked.leaveId, 'DISETUJUI')).toMatchObject({ decidedBy: user('kasi.dinkes').nip });
    expect(await desk.page.getByTestId(`inbox-leave-${asked.leaveId}`).count()).toBe(0);
    // A refusal says why: without a note nothing is sent.
    await inboxShows(desk.page, `inbox-leave-${sick.body.leaveId}`);
    const refused = desk.page.getByTestId(`inbox-leave-${sick.body.leaveId}`);
    await refused.getByRole('button', { name: /^Tolak/ }).click();
    await refused.getByRole('button', { name: 'Kirim penolakan' }).click();
    await refused.getByText('Wajib diisi untuk menolak.').waitFor();
    await byId(sick.body.leaveId, 'DIAJUKAN');
    await refused.getByLabel('Alasan penolakan').fill('Lampirkan surat keterangan dokter yang asli');
    expect(await accessibilityProblems(desk.page)).toEqual([]);
    await refused.getByRole('button', { name: 'Kirim penolakan' }).click();
    await desk.page.getByText(/untuk .* ditolak\./).waitFor();
    expect(await byId(sick.body.leaveId, 'DITOLAK')).toMatchObject({ note: 'Lampirkan surat keterangan dokter yang asli' });

    // The employee sees it approved (no Batalkan: its day has passed) and the day excused.
    await page.reload();
    await card.getByText('Disetujui', { exact: true }).waitFor();
    expect(await card.getByRole('button', { name: /^Batalkan/ }).count()).toBe(0);
    const sickCard = page.getByTestId(`cuti-${sick.body.leaveId}`);
    await sickCard.getByText('Ditolak', { exact: true }).waitFor();
    await sickCard.getByText('Catatan atasan: Lampirkan surat keterangan dokter yang asli').waitFor();
    // The annual leave still waiting is withdrawn, with a reason asked in a dialog.
    const annualCard = page.getByTestId(`cuti-${annual.leaveId}`);
    await annualCard.getByRole('button', { name: /^Batalkan/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Batalkan permohonan' });
    await dialog.getByRole('button', { name: 'Batalkan permohonan' }).click();
    await dialog.getByText('Wajib diisi.').waitFor();
    await dialog.getByLabel('Alasan pembatalan').fill('Acara keluarga diundur');
    expect(await accessibilityProblems(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Batalkan permohonan' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await annualCard.getByText('Dibatalkan', { exact: true }).waitFor();
    await byId(annual.leaveId, 'DIBATALKAN');
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'cuti-ponsel');
    const month = await monthOf(pegawai, lastMonth);
    const excused = month.days.find((d) => d.date === leaveDay)!;
    expect(['DIKECUALIKAN', 'LIBUR']).toContain(excused.status);
    await page.goto(`/presensi?bulan=${lastMonth}`);
    const day = page.getByTestId(`hari-kartu-${leaveDay}`);
    await day.waitFor();
    expect(await day.getAttribute('data-status')).toBe(excused.status);
    await day.getByText(excused.why).waitFor();
    if (excused.status === 'DIKECUALIKAN') expect(excused.why).toContain(letter);
    expect(errors).toEqual([]);
    expect(desk.errors).toEqual([]);
  });

  it('shows a month as the API computes it, on a desktop and on a phone, and the supervisor opens a staff member’s month', async () => {
    const pegawai = user('pegawai').nip!;
    const { page, errors } = await open(DESKTOP, 'pegawai');
    await page.getByRole('link', { name: 'Presensi', exact: true }).click();
    await page.getByRole('heading', { name: 'Presensi', level: 1 }).waitFor();
    // This month by default: the days to come are not counted yet.
    const now = await monthOf(pegawai, thisMonth);
    await expectDays(page, now.days, 'hari');
    expect(now.days.filter((d) => d.date > today).every((d) => d.status === 'BELUM_TERJADI' || d.status === 'LIBUR')).toBe(true);

    // Last month, chosen in the picker, kept in the address: every day and every count as the API answers.
    await page.getByLabel('Bulan').selectOption(lastMonth);
    expect(new URL(page.url()).search).toBe(`?bulan=${lastMonth}`);
    const last = await monthOf(pegawai, lastMonth);
    await expectDays(page, last.days, 'hari');
    expect(last.days.every((d) => ['TIDAK_HADIR', 'LIBUR', 'DIKECUALIKAN'].includes(d.status))).toBe(true);
    const counts: Array<[string, number]> = [
      ['workingDays', last.workingDays],
      ['presentDays', last.presentDays],
      ['excusedDays', last.excusedDays],
      ['absentDays', last.absentDays],
      ...Object.entries(last.counts),
    ];
    for (const [key, n] of counts) expect(await page.getByTestId(`count-${key}`).locator('p').nth(1).textContent()).toBe(String(n));
    expect(last.counts.TK).toBe(last.absentDays);
    await page.getByTestId('count-TK').getByText('tanpa keterangan').waitFor();
    const absent = last.days.find((d) => d.status === 'TIDAK_HADIR');
    if (absent) await page.getByTestId(`hari-${absent.date}`).getByText(absent.why).waitFor();
    expect((await page.getByTestId('calendar-missing').count()) > 0).toBe(last.calendarMissing);
    // The pointer off the menu item it clicked (its hover shade is not the page's colours).
    await page.mouse.move(DESKTOP.width - 10, DESKTOP.height - 10);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'presensi');
    await page.screenshot({ path: join(SCREENSHOTS, 'presensi-viewport.png') });

    // On a phone: cards, no sideways scroll of the page.
    const phone = await open(PHONE, 'pegawai');
    await phone.page.goto(`/presensi?bulan=${lastMonth}`);
    await expectDays(phone.page, last.days, 'hari-kartu');
    expect(await pageWidth(phone.page)).toBeLessThanOrEqual(PHONE.width);
    expect(await accessibilityProblems(phone.page)).toEqual([]);

    // The supervisor opens the staff member's month (from the address the inbox links to).
    const kasi = await open(DESKTOP, 'kasi.dinkes');
    await kasi.page.goto(`/presensi/${pegawai}?bulan=${lastMonth}`);
    await kasi.page.getByRole('heading', { name: `Presensi ${user('pegawai').name}`, level: 1 }).waitFor();
    await expectDays(kasi.page, last.days, 'hari');
    expect(errors).toEqual([]);
    expect(phone.errors).toEqual([]);
    expect(kasi.errors).toEqual([]);
  });

  it('a peer opening a colleague’s month is told, in Indonesian, that it is not theirs to see', async () => {
    const kasi = user('kasi.dinkes').nip!;
    expect(
      (await h.app.call('GET', `/api/v1/attendance/employees/${kasi}/${thisMonth}`, undefined, {}, user('bendahara.dinkes'))).status,
    ).toBe(403);
    const { page, errors } = await open(PHONE, 'bendahara.dinkes');
    await page.goto(`/presensi/${kasi}`);
    const refused = page.getByTestId('presensi-refused');
    await refused.getByText('Anda tidak berwenang melihat presensi ini').waitFor();
    expect(await page.locator('[data-testid^="hari-"]').count()).toBe(0);
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    expect(errors).toEqual([]);
  });
});
