import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { DailyReportsView, RealisationsView } from '../../libs/contracts/src';
import { EVIDENCE_SAMPLES } from '../../libs/domain/evidence/fixtures';
import {
  accessibilityProblems,
  DESKTOP,
  PHONE,
  screenshot as save,
  signInAs,
  startConsole,
  watchErrors,
  type ConsoleHarness,
} from './browser';
import type { TestUser } from '../support/app';

/**
 * Laporan harian on a phone, answered in bulk by the supervisor from the inbox; the sign-in expiring
 * mid-form without losing a typed field; a realisation with its evidence checked before upload,
 * uploaded, and answered.
 */
describe('the console: daily reports, their answers, realisation', () => {
  let h: ConsoleHarness;
  let kasi: TestUser & { name: string };
  let kabid: TestUser;
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(),
  );
  const month = today.slice(0, 7);

  beforeAll(async () => {
    h = await startConsole();
    const users = (await h.app.call('GET', '/api/v1/session', undefined, {}, null)).body.demoUsers as Array<{
      username: string;
      nip: string;
      name: string;
      roles: string[];
    }>;
    const user = (u: string) => users.find((x) => x.username === u)!;
    kasi = { sub: 'kasi.dinkes', nip: user('kasi.dinkes').nip, roles: user('kasi.dinkes').roles, name: user('kasi.dinkes').name };
    kabid = { sub: 'kabid.dinkes', nip: user('kabid.dinkes').nip, roles: user('kabid.dinkes').roles };
  });
  afterAll(() => h?.close());

  /** A full-page screenshot from the top (the fixed header is drawn where the page was scrolled to). */
  async function screenshot(page: Page, name: string) {
    await page.evaluate('window.scrollTo(0, 0)');
    await save(page, name);
  }

  const reportsOf = async (m = month) => {
    const r = await h.app.call('GET', `/api/v1/daily-reports/${kasi.nip}/${m}`, undefined, {}, kasi);
    expect(r.status).toBe(200);
    // The tightened response contract holds for every answer the screens read (filed, answered, revised).
    DailyReportsView.parse(r.body);
    return r.body.reports as Array<{ reportId: string; date: string; output: string; answer: { kind: string } | null }>;
  };

  /** Reloads the inbox until `text` shows (the read models follow the events within a moment). */
  async function inboxShows(page: Page, text: string | RegExp) {
    for (let i = 0; i < 40; i++) {
      await page.goto('/');
      await page.getByRole('heading', { name: /^Selamat datang/ }).waitFor();
      await page.waitForLoadState('networkidle');
      if (await page.getByText(text).count()) return;
      await page.waitForTimeout(250);
    }
    throw new Error(`the inbox never showed ${String(text)}`);
  }

  it('files today’s report on a phone, the supervisor answers it in bulk from the inbox, the calendar shows the answer', async () => {
    const phone = await (await h.context(PHONE)).newPage();
    const errors = watchErrors(phone);
    await signInAs(phone, 'kasi.dinkes');
    // From the menu, as a person would.
    await phone.getByRole('button', { name: 'Menu', exact: true }).click();
    await phone.getByRole('link', { name: 'Laporan harian' }).click();
    await phone.getByRole('heading', { name: 'Laporan harian', level: 1 }).waitFor();
    await phone.locator('select option:nth-child(2)').waitFor({ state: 'attached' });
    expect(await phone.getByLabel('Tanggal').inputValue()).toBe(today);
    // Nothing typed: the API's schema names the missing fields, and nothing is sent.
    await phone.getByRole('button', { name: 'Simpan laporan' }).click();
    await phone.getByText('Ada isian yang belum sesuai').waitFor();
    expect(await phone.getByText('Wajib diisi.').count()).toBeGreaterThan(0);
    expect(await reportsOf()).toHaveLength(0);

    await phone.getByLabel('Durasi (menit)').fill('90');
    const rhk = await phone.locator('select option:nth-child(2)').getAttribute('value');
    await phone.getByLabel('RHK').selectOption(rhk!);
    await phone.getByLabel('Hasil kerja').fill('Rekapitulasi cakupan imunisasi puskesmas');
    expect(await accessibilityProblems(phone)).toEqual([]);
    await phone.getByRole('button', { name: 'Simpan laporan' }).click();
    await phone.getByText('Laporan tersimpan').waitFor();
    const [filed] = await reportsOf();
    expect(filed).toMatchObject({ date: today, output: 'Rekapitulasi cakupan imunisasi puskesmas', answer: null });
    await phone.locator(`[data-date="${today}"][data-state="FILLED"]`).waitFor();
    // The form is empty again (its draft cleared), the date back on today.
    expect(await phone.getByLabel('Hasil kerja').inputValue()).toBe('');
    await screenshot(phone, 'laporan-harian-ponsel');

    // A second report (an earlier working day, through the API) to answer in the same bulk action.
    // The inbox groups by month: on the month's first working day the previous one is last month's, so today serves.
    const previous = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000 * (new Date(`${today}T00:00:00Z`).getUTCDay() === 1 ? 3 : 1))
      .toISOString()
      .slice(0, 10);
    const earlier = previous.slice(0, 7) === today.slice(0, 7) ? previous : today;
    const second = await h.app.call(
      'POST',
      `/api/v1/daily-reports/${kasi.nip}`,
      { date: earlier, durationMinutes: 60, resultId: rhk, output: 'Verifikasi data posyandu' },
      { 'Idempotency-Key': 'e2e-second-report' },
      kasi,
    );
    expect(second.status).toBe(201);
    const third = await h.app.call(
      'POST',
      `/api/v1/daily-reports/${kasi.nip}`,
      { date: earlier, durationMinutes: 30, resultId: rhk, output: 'Rapat evaluasi mingguan' },
      { 'Idempotency-Key': 'e2e-third-report' },
      kasi,
    );
    expect(third.status).toBe(201);

    const desk = await (await h.context(DESKTOP)).newPage();
    const deskErrors = watchErrors(desk);
    await signInAs(desk, 'kabid.dinkes');
    await inboxShows(desk, /3 laporan .* tanggapi sekaligus/);
    await desk.getByRole('link', { name: /3 laporan .* tanggapi sekaligus/ }).click();
    await desk.getByRole('heading', { name: 'Tanggapi laporan harian' }).waitFor();
    expect(desk.url()).toContain(`/laporan-harian/tanggapi?bulan=${month}`);
    await desk.getByText('Rekapitulasi cakupan imunisasi puskesmas').waitFor();
    await desk.getByRole('checkbox', { name: /^Pilih semua/ }).check();
    expect(await accessibilityProblems(desk)).toEqual([]);
    await screenshot(desk, 'tanggapi-laporan');
    // Meanwhile the third report is answered elsewhere: its answer is refused, the other two go.
    const elsewhere = await h.app.call(
      'POST',
      `/api/v1/daily-reports/${kasi.nip}/${month}/${third.body.reportId}/answer`,
      { kind: 'NOTE', note: 'Sudah dibahas' },
      {},
      kabid,
    );
    expect(elsewhere.status).toBe(201);
    await desk.getByRole('button', { name: 'Tanggapi 3 laporan' }).click();
    await desk.getByText('2 laporan telah ditanggapi.').waitFor();
    const failures = desk.getByTestId('bulk-failures');
    await failures.waitFor();
    expect(await failures.textContent()).toContain('REPORT_ALREADY_ANSWERED');
    expect(await failures.textContent()).toContain('sudah ditanggapi');
    const answered = await reportsOf();
    expect(answered.map((r) => r.answer?.kind).sort()).toEqual(['ACKNOWLEDGED', 'ACKNOWLEDGED', 'NOTE']);

    // The employee sees the answer in the calendar and on the report.
    await phone.reload();
    await phone.locator(`[data-date="${today}"][data-state="ANSWERED"]`).waitFor();
    await phone.getByLabel(new RegExp(`: Ditanggapi$`)).first().waitFor();
    await phone.getByTestId(`laporan-${filed.reportId}`).getByText('Diterima').waitFor();

    // A report sent back opens from the inbox's link with its fields, and is filed again under its id.
    const back = await h.app.call(
      'POST',
      `/api/v1/daily-reports/${kasi.nip}`,
      { date: earlier, durationMinutes: 20, resultId: rhk, output: 'Input data' },
      { 'Idempotency-Key': 'e2e-sent-back' },
      kasi,
    );
    const answer = { kind: 'NEEDS_REVISION', note: 'Sebutkan puskesmasnya' };
    expect(
      (await h.app.call('POST', `/api/v1/daily-reports/${kasi.nip}/${month}/${back.body.reportId}/answer`, answer, {}, kabid)).status,
    ).toBe(201);
    await inboxShows(phone, 'Laporan harian saya yang perlu diperbaiki');
    await phone.getByTestId('inbox-revise').getByRole('link').first().click();
    await phone.getByRole('heading', { name: /^Perbaiki laporan/ }).waitFor();
    await phone.locator(`[data-date="${earlier}"][data-state="SENT_BACK"]`).waitFor();
    expect(await phone.getByLabel('Hasil kerja').inputValue()).toBe('Input data');
    expect(await phone.getByLabel('Durasi (menit)').inputValue()).toBe('20');
    await phone.getByLabel('Hasil kerja').fill('Input data imunisasi Puskesmas Sukamaju');
    await phone.getByRole('button', { name: 'Simpan laporan' }).click();
    await phone.getByText('Laporan tersimpan').waitFor();
    const revised = (await reportsOf()).find((r) => r.reportId === back.body.reportId) as unknown as {
      revision: number;
      output: string;
      answer: null;
    };
    expect(revised).toMatchObject({ revision: 2, output: 'Input data imunisasi Puskesmas Sukamaju', answer: null });
    await phone.getByRole('heading', { name: 'Isi laporan' }).waitFor();
    expect(errors).toEqual([]);
    expect(deskErrors).toEqual([]);
  });

  it('keeps every typed field when the sign-in expires mid-form, and saves once after signing in again', async () => {
    const context = await h.context(PHONE);
    await context.clock.install();
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInAs(page, 'kasi.dinkes');
    await page.goto('/laporan-harian');
    await page.locator('select option:nth-child(2)').waitFor({ state: 'attached' });
    const options = await page.locator('select option').evaluateAll((o) => o.map((x) => (x as unknown as { value: string }).value));
    const rhk = options[options.length - 1];
    const typed = { date: today, minutes: '45', output: 'Koordinasi lintas program gizi', link: 'https://contoh.go.id/notulen-gizi' };
    await page.getByLabel('Tanggal').fill(typed.date);
    await page.getByLabel('Durasi (menit)').fill(typed.minutes);
    await page.getByLabel('RHK').selectOption(rhk);
    await page.getByLabel('Hasil kerja').fill(typed.output);
    await page.getByLabel('Tautan bukti dukung (opsional)').fill(typed.link);
    const before = (await reportsOf()).length;

    // The token's 8 hours pass while the form is open: the save goes nowhere, the sign-in page says why.
    await page.clock.setSystemTime(Date.now() + 9 * 3600_000);
    await page.getByRole('button', { name: 'Simpan laporan' }).click();
    await page.getByRole('heading', { name: 'Masuk ke kinerja' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/masuk');
    await page.getByText('Sesi berakhir').waitFor();
    expect(await reportsOf()).toHaveLength(before);

    // Signed in again as the same person: back on the form, every field as typed.
    await page.clock.setSystemTime(Date.now());
    await page.getByRole('button', { name: 'Masuk sebagai kasi.dinkes' }).click();
    await page.getByRole('heading', { name: 'Laporan harian', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/laporan-harian');
    await page.locator('select option:nth-child(2)').waitFor({ state: 'attached' });
    expect(await page.getByLabel('Tanggal').inputValue()).toBe(typed.date);
    expect(await page.getByLabel('Durasi (menit)').inputValue()).toBe(typed.minutes);
    expect(await page.getByLabel('RHK').inputValue()).toBe(rhk);
    expect(await page.getByLabel('Hasil kerja').inputValue()).toBe(typed.output);
    expect(await page.getByLabel('Tautan bukti dukung (opsional)').inputValue()).toBe(typed.link);

    await page.getByRole('button', { name: 'Simpan laporan' }).click();
    await page.getByText('Laporan tersimpan').waitFor();
    const after = await reportsOf();
    expect(after).toHaveLength(before + 1);
    expect(after.filter((r) => r.output === typed.output)).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('explains a refused evidence file before sending it, uploads one with its progress, and the supervisor answers the realisation', async () => {
    const page = await (await h.context(PHONE)).newPage();
    const errors = watchErrors(page);
    const uploads: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/v1/evidence') uploads.push(r.method());
    });
    await signInAs(page, 'kasi.dinkes');
    await page.goto('/realisasi');
    await page.getByRole('heading', { name: 'Realisasi', level: 1 }).waitFor();
    const form = page.locator('form').first();
    await form.getByLabel('Kuantitas').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);

    const picker = form.getByLabel('Berkas bukti dukung');
    await picker.setInputFiles({ name: 'besar.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(11 * 1024 * 1024, 0x25) });
    await form
      .getByTestId('evidence-refused')
      .getByText(/melebihi batas 10 MB/)
      .waitFor();
    await picker.setInputFiles({ name: 'catatan.txt', mimeType: 'text/plain', buffer: Buffer.from('catatan') });
    await form
      .getByTestId('evidence-refused')
      .getByText(/tidak diterima/)
      .waitFor();
    await picker.setInputFiles({ name: 'palsu.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<script>alert(1)</script>') });
    await form
      .getByTestId('evidence-refused')
      .getByText(/bukan PDF/)
      .waitFor();
    expect(uploads).toEqual([]);

    await picker.setInputFiles({
      name: 'notulen.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(EVIDENCE_SAMPLES['application/pdf']),
    });
    await form
      .getByTestId('evidence-uploaded')
      .getByText(/notulen\.pdf .* terunggah/)
      .waitFor();
    expect(uploads).toEqual(['POST']);
    await form.getByLabel('Kuantitas').fill('2');
    await form.getByLabel('Kualitas (%)').fill('95');
    await form.getByLabel('Waktu (bulan)').fill('1');
    await form.getByRole('button', { name: 'Simpan realisasi' }).click();
    await page.getByText('Menunggu tanggapan').first().waitFor();
    await page.getByText(/Berkas PDF/).waitFor();
    await screenshot(page, 'realisasi');
    const realisationsOf = async () =>
      RealisationsView.parse((await h.app.call('GET', `/api/v1/realisations/${kasi.nip}/${month}`, undefined, {}, kasi)).body);
    const recorded = (await realisationsOf()).realisations;
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({
      quantity: 2,
      quality: 95,
      timeMonths: 1,
      evidence: [{ kind: 'FILE', contentType: 'application/pdf' }],
    });

    const desk = await (await h.context(DESKTOP)).newPage();
    const deskErrors = watchErrors(desk);
    await signInAs(desk, 'kabid.dinkes');
    await inboxShows(desk, 'Realisasi untuk ditanggapi');
    await desk.getByTestId('inbox-realisations').getByRole('link').first().click();
    await desk.getByRole('heading', { name: 'Realisasi bawahan' }).waitFor();
    expect(new URL(desk.url()).pathname).toBe(`/realisasi/${kasi.nip}/${month}`);
    expect(await accessibilityProblems(desk)).toEqual([]);
    // The supervisor downloads the evidence file: fetched with the token, the same bytes as uploaded.
    const [file] = await Promise.all([desk.waitForEvent('download'), desk.getByRole('button', { name: /Berkas PDF/ }).click()]);
    expect(readFileSync((await file.path())!)).toEqual(Buffer.from(EVIDENCE_SAMPLES['application/pdf']));
    await desk.getByRole('radio', { name: 'Minta perbaikan' }).check();
    await desk.getByRole('button', { name: 'Kirim tanggapan' }).click();
    await desk.getByText('Wajib diisi untuk catatan atau permintaan perbaikan.').waitFor();
    await desk.getByLabel('Catatan', { exact: true }).fill('Lampirkan daftar hadir');
    await desk.getByRole('button', { name: 'Kirim tanggapan' }).click();
    await desk.getByText('Perlu diperbaiki').waitFor();

    // The employee sees it sent back, with the note, and may record it again.
    await page.reload();
    await page.getByText('Tanggapan atasan: Lampirkan daftar hadir').waitFor();
    await page.locator('[data-testid^="iki-"]').first().getByRole('button', { name: 'Simpan realisasi' }).waitFor();
    expect((await realisationsOf()).realisations[0].answer).toMatchObject({
      kind: 'NEEDS_REVISION',
      note: 'Lampirkan daftar hadir',
      answeredBy: kabid.nip,
    });
    expect(errors).toEqual([]);
    expect(deskErrors).toEqual([]);
  });
});
