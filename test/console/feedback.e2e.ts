import type { Page } from 'playwright-core';
import { accessibilityProblems, DESKTOP, PHONE, screenshot, signInAs, startConsole, watchErrors, type ConsoleHarness } from './browser';

/** How wide the page is laid out: wider than the screen means it scrolls sideways. */
const pageWidth = (page: Page) =>
  page.evaluate(
    () => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth,
  );

/** Umpan balik 360, the public feedback page, Pelatihan and Slip TPP in the console. */
describe('the console: feedback, training and pay slips', () => {
  let h: ConsoleHarness;
  const users = new Map<string, { nip: string; name: string | null }>();
  const nipOf = (u: string) => users.get(u)!.nip;

  beforeAll(async () => {
    // One answer per public link per window: the second shows the rate limit, explained.
    h = await startConsole({ KINERJA_PUBLIC_FEEDBACK_PER_LINK: '1' });
    const s = await h.app.call('GET', '/api/v1/session', undefined, {}, null);
    for (const u of s.body.demoUsers) if (u.nip) users.set(u.username, { nip: u.nip, name: u.name });
  }, 120_000);
  afterAll(() => h?.close());

  async function signedIn(username: string, viewport = DESKTOP): Promise<{ page: Page; errors: string[] }> {
    const page = await (await h.context(viewport)).newPage();
    const errors = watchErrors(page);
    await signInAs(page, username);
    return { page, errors };
  }

  /** An invited colleague opens the request from the inbox and answers on the seven values. */
  async function answer(username: string, score: number) {
    const { page, errors } = await signedIn(username, PHONE);
    const link = page.getByTestId('inbox-feedback').getByRole('link');
    await link.first().waitFor({ timeout: 20_000 });
    await link.first().click();
    await page.getByRole('heading', { name: 'Beri umpan balik 360' }).waitFor();
    // Sending with a value missing is refused in the page, by the API's own schema, next to the value.
    await page.getByRole('button', { name: 'Kirim umpan balik' }).click();
    expect(await page.getByText('Wajib diisi.').count()).toBe(7);
    for (const group of await page.getByRole('radiogroup').all())
      await group.getByRole('radio', { name: new RegExp(`^${score} `) }).click();
    await page.getByLabel('Komentar (tidak wajib)').fill('Sangat membantu tim.');
    if (username === 'kasi.dinkes') expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByRole('button', { name: 'Kirim umpan balik' }).click();
    await page.getByText('Umpan balik terkirim').waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  }

  it('the rater invites three colleagues; each answers in the console; the averages appear only after the third', async () => {
    const rated = nipOf('kabid.dinkes');
    const { page, errors } = await signedIn('kepala.dinkes');
    await page.goto(`/umpan-balik?pegawai=${rated}`);
    await page.getByRole('heading', { name: 'Umpan balik 360', level: 1 }).waitFor();
    const invite = page.getByTestId('feedback-invite');
    for (const u of ['kasi.dinkes', 'bendahara.dinkes', 'ppk.dinkes']) {
      await invite.getByLabel('Cari pegawai (nama atau NIP)').fill(nipOf(u));
      await invite.getByRole('button', { name: /^Pilih / }).click();
    }
    await invite.getByLabel(`Hubungan ${users.get('kasi.dinkes')!.name}`).selectOption('SUBORDINATE');
    await invite.getByRole('button', { name: 'Kirim undangan' }).click();
    await invite.getByText('Undangan terkirim').waitFor();
    const aggregate = page.getByTestId('feedback-aggregate');
    await aggregate.getByText('3 diundang').waitFor();
    await aggregate.getByText(/kurang 3 lagi/).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);

    await answer('kasi.dinkes', 4);
    await answer('bendahara.dinkes', 5);
    await page.reload();
    await aggregate.getByText(/Sudah 2 jawaban; kurang 1 lagi/).waitFor();
    expect(await aggregate.getByText('Akuntabel').count()).toBe(0);

    await answer('ppk.dinkes', 4);
    await page.reload();
    await aggregate.getByText('3 menjawab').waitFor();
    // (4 + 5 + 4) / 3, in the Indonesian way, for each of the seven values.
    expect(await aggregate.getByText('4,33').count()).toBe(7);
    await aggregate.getByText('Berorientasi Pelayanan').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'umpan-balik');
    expect(errors).toEqual([]);
  }, 120_000);

  it('a public link: opened by the rater, answered on a phone without signing in, then closed; the rate limit and an unknown link are explained', async () => {
    const { page, errors } = await signedIn('kepala.dinkes');
    await page.goto(`/umpan-balik?pegawai=${nipOf('kabid.dinkes')}`);
    const links = page.getByTestId('feedback-public-links');
    await links.getByLabel('Nama layanan').fill('Pelayanan imunisasi');
    await links.getByRole('button', { name: 'Buat tautan publik' }).click();
    const card = links.getByTestId('public-link');
    await card.getByText('Terbuka').waitFor();
    const href = await card.getByRole('link').getAttribute('href');
    expect(href).toMatch(/\/umpan-balik-publik\/[A-Za-z0-9_-]+$/);

    const phone = await (await h.context(PHONE)).newPage();
    const phoneErrors = watchErrors(phone);
    await phone.goto(new URL(href!).pathname);
    await phone.getByRole('heading', { name: 'Bagaimana pelayanan kami?' }).waitFor();
    await phone.getByText('Pelayanan imunisasi').waitFor();
    for (const group of await phone.getByRole('radiogroup').all()) await group.getByRole('radio', { name: /^5 / }).click();
    await phone.getByLabel('Saran atau komentar (tidak wajib)').fill('Petugas ramah dan cepat.');
    // Big tap targets: every score is at least 44 px tall on a 360 px screen, and nothing scrolls sideways.
    const box = await phone.getByRole('radio', { name: /^3 / }).first().boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);
    expect(await pageWidth(phone)).toBeLessThanOrEqual(PHONE.width);
    expect(await accessibilityProblems(phone)).toEqual([]);
    await screenshot(phone, 'umpan-balik-publik-ponsel');
    await phone.getByRole('button', { name: 'Kirim penilaian' }).click();
    await phone.getByText('Terima kasih!').waitFor();
    // A second answer on the link within the window is over its limit: explained, and what was chosen stays.
    await phone.reload();
    await phone.getByText('Pelayanan imunisasi').waitFor();
    for (const group of await phone.getByRole('radiogroup').all()) await group.getByRole('radio', { name: /^4 / }).click();
    await phone.getByRole('button', { name: 'Kirim penilaian' }).click();
    await phone.getByText('Terlalu banyak jawaban dalam waktu singkat').waitFor();
    expect(await phone.locator('[data-error-code="RATE_LIMITED"]').count()).toBe(1);
    expect(await phone.getByRole('radio', { name: /^4 /, checked: true }).count()).toBe(4);
    expect(await accessibilityProblems(phone)).toEqual([]);

    await page.reload();
    await card.getByText('1 jawaban dari masyarakat').waitFor();
    await card.getByText('“Petugas ramah dan cepat.”').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await card.getByRole('button', { name: 'Tutup tautan' }).click();
    await card.getByText('Ditutup').waitFor();

    // The closed link, and one that never existed, say so in Indonesian.
    await phone.goto(new URL(href!).pathname);
    await phone.getByText('Tautan ini tidak berlaku').waitFor();
    await phone.goto('/umpan-balik-publik/tidak-ada');
    await phone.getByText('Tautan ini tidak berlaku').waitFor();
    expect(await accessibilityProblems(phone)).toEqual([]);
    expect(errors).toEqual([]);
    expect(phoneErrors).toEqual([]);
  }, 90_000);

  it('Slip TPP: pegawai reads their slip of the demo payroll month with the explanation; a supervisor is refused by the API', async () => {
    const { page, errors } = await signedIn('pegawai', PHONE);
    await page.goto('/slip-tpp');
    await page.getByRole('heading', { name: 'Slip TPP', level: 1 }).waitFor();
    await page.getByRole('combobox', { name: 'Bulan' }).selectOption('2026-10');
    await page.getByTestId('slip-total').getByText(/^Rp/).waitFor({ timeout: 30_000 });
    const line = page.getByTestId('slip-line').first();
    await line.getByText('TPP diterima (neto)').waitFor();
    await line.getByText('Mengapa sebesar ini').waitFor();
    await line
      .getByTestId('slip-explanation')
      .getByText(/Pagu Rp/)
      .waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'slip-tpp');
    expect(errors).toEqual([]);
    // The page asks only for the signed-in person's own NIP; a supervisor asking for it is refused.
    const kasi = users.get('kasi.dinkes')!;
    const refused = await h.app.call(
      'GET',
      `/api/v1/employees/${nipOf('pegawai')}/pay/2026-10`,
      undefined,
      {},
      {
        sub: 'kasi.dinkes',
        nip: kasi.nip,
        roles: ['pegawai'],
      },
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('PAY_IS_PRIVATE');
  }, 90_000);

  it('Pelatihan: the training hours of the year and the recommendations', async () => {
    const nip = nipOf('pegawai');
    const recorded = await h.app.call(
      'POST',
      `/api/v1/trainings/${nip}`,
      { course: 'Pelayanan prima bagi ASN', hours: 24, completedOn: '2026-09-15' },
      { 'Idempotency-Key': 'e2e-training-1' },
      { sub: 'pegawai', nip, roles: ['pegawai'] },
    );
    expect(recorded.status).toBe(201);
    const { page, errors } = await signedIn('pegawai');
    await page.goto('/pelatihan');
    await page.getByRole('heading', { name: 'Pelatihan', level: 1 }).waitFor();
    const hours = page.getByTestId('training-hours');
    await hours.getByText('Pelayanan prima bagi ASN').waitFor({ timeout: 20_000 });
    await hours.getByText('24 JP').first().waitFor();
    await page.getByTestId('training-recommendations').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'pelatihan');
    expect(errors).toEqual([]);
  }, 60_000);
});
