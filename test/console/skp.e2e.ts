import type { Page } from 'playwright-core';
import { CascadeView, ParentResultsView, WorkPlanView } from '@kinerja/contracts';
import { accessibilityProblems, DESKTOP, PHONE, screenshot, signInAs, startConsole, watchErrors, type ConsoleHarness } from './browser';

/** SKP: an employee drafts and submits, the rater approves from the inbox; the cascade; a phone-sized plan page. */
describe('the console: SKP', () => {
  let h: ConsoleHarness;
  let pegawai: { nip: string; name: string };
  let kasi: { nip: string; name: string };
  beforeAll(async () => {
    h = await startConsole();
    const users = (await h.app.call('GET', '/api/v1/session', undefined, {}, null)).body.demoUsers as Array<{
      username: string;
      nip: string;
      name: string;
    }>;
    pegawai = users.find((u) => u.username === 'pegawai')!;
    kasi = users.find((u) => u.username === 'kasi.dinkes')!;
  });
  afterAll(() => h?.close());

  const pageWidth = (page: Page) =>
    page.evaluate(
      () => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth,
    );

  it('pegawai drafts an RHK cascading from the kasi’s RHK with one IKI and submits; a missing target is refused next to the action; kasi approves from the inbox', async () => {
    const page = await (await h.context(DESKTOP)).newPage();
    const errors = watchErrors(page);
    await signInAs(page, 'pegawai');
    await page.goto('/skp');
    await page.waitForURL(`**/skp/${pegawai.nip}/2026`);
    await page.getByRole('heading', { name: 'SKP 2026' }).waitFor();

    await page.getByLabel('Rencana hasil kerja (RHK)').fill('Terlaksananya pendataan ibu hamil di wilayah puskesmas');
    await page.getByRole('combobox', { name: 'RHK atasan yang diintervensi' }).click();
    await page.getByRole('option', { name: 'Tersedianya data dan pembinaan kesehatan ibu dan anak' }).click();
    await page.getByLabel('Indikator kinerja individu (IKI)').fill('Laporan pendataan ibu hamil');
    await page.getByLabel('Satuan').fill('laporan');

    // No quantity target: the contract's zod check refuses before anything is sent, in Indonesian, by the field and the action.
    await page.getByRole('button', { name: 'Ajukan SKP' }).click();
    const actions = page.getByTestId('plan-actions');
    await actions.getByRole('alert').waitFor();
    expect(await actions.getByRole('alert').getAttribute('data-error-code')).toBe('VALIDATION_FAILED');
    expect(await actions.textContent()).toContain('Ada isian yang belum sesuai');
    await page.getByText('Wajib diisi.').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    expect((await h.app.call('GET', `/api/v1/workplans/${pegawai.nip}/2026`)).body.versions).toEqual([]);

    await page.getByLabel('Target kuantitas').fill('12');
    await screenshot(page, 'skp-desktop');
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByRole('button', { name: 'Ajukan SKP' }).click();
    await page.getByTestId('plan-status').filter({ hasText: 'Diajukan' }).waitFor();
    await page.getByText('Menunggu persetujuan').waitFor();
    const sent = WorkPlanView.parse((await h.app.call('GET', `/api/v1/workplans/${pegawai.nip}/2026`)).body);
    expect(sent.versions).toHaveLength(1);
    expect(sent.versions[0]).toMatchObject({
      status: 'SUBMITTED',
      results: [
        {
          text: 'Terlaksananya pendataan ibu hamil di wilayah puskesmas',
          parentResultId: 'RHK-KESGA-1',
          indicators: [{ text: 'Laporan pendataan ibu hamil', quantity: 12, unit: 'laporan', quality: 100, timeMonths: 12 }],
        },
      ],
    });

    // The kasi opens it from the inbox and approves.
    const rater = await (await h.context(DESKTOP)).newPage();
    const raterErrors = watchErrors(rater);
    await signInAs(rater, 'kasi.dinkes');
    const plans = rater.getByTestId('inbox-plans');
    await plans.getByRole('heading', { name: 'SKP bawahan untuk disetujui' }).waitFor();
    await plans.getByRole('link', { name: new RegExp(`^${pegawai.name} — SKP 2026`) }).click();
    await rater.waitForURL(`**/skp/${pegawai.nip}/2026`);
    await rater.getByText('Terlaksananya pendataan ibu hamil di wilayah puskesmas').waitFor();
    await rater.getByText('Mendukung RHK atasan: Tersedianya data dan pembinaan kesehatan ibu dan anak').waitFor();
    expect(await accessibilityProblems(rater)).toEqual([]);

    // First returned with a note (a return without one is refused by the form); the employee sees it and submits again.
    const decide = rater.getByTestId('rater-actions');
    await decide.getByRole('button', { name: 'Kembalikan dengan catatan' }).click();
    await decide.getByText('Tuliskan catatan perbaikan untuk pegawai.').waitFor();
    await decide.getByLabel('Catatan perbaikan').fill('Target laporan dibuat bulanan: 24 laporan.');
    await decide.getByRole('button', { name: 'Kembalikan dengan catatan' }).click();
    await rater.getByTestId('plan-status').filter({ hasText: 'Dikembalikan' }).waitFor();
    await page.reload();
    await page.getByTestId('return-notes').getByText('Target laporan dibuat bulanan: 24 laporan.').waitFor();
    await page.getByLabel('Target kuantitas').fill('24');
    await page.getByRole('button', { name: 'Ajukan SKP' }).click();
    await page.getByTestId('plan-status').filter({ hasText: 'Diajukan' }).waitFor();

    await rater.reload();
    await rater.getByRole('button', { name: 'Setujui SKP' }).click();
    await rater.getByTestId('plan-status').filter({ hasText: 'Disetujui' }).waitFor();

    // The employee sees it approved, with its history.
    await page.reload();
    await page.getByTestId('plan-status').filter({ hasText: 'Disetujui' }).waitFor();
    await page.getByText('Versi 1: Disetujui').waitFor();

    // The answers the screens read hold to their (tightened) contracts.
    const approved = WorkPlanView.parse((await h.app.call('GET', `/api/v1/workplans/${pegawai.nip}/2026`)).body);
    expect(approved.versions.map((v) => [v.version, v.status])).toEqual([[1, 'APPROVED']]);
    const parents = ParentResultsView.parse((await h.app.call('GET', `/api/v1/workplans/${pegawai.nip}/2026/parent-results`)).body);
    expect(parents.results.map((r) => r.resultId)).toEqual(['RHK-KESGA-1', 'RHK-KESGA-2']);
    const me = await h.app.call('GET', '/api/v1/me', undefined, {}, { sub: 'kasi.dinkes', nip: kasi.nip, roles: ['pegawai'] });
    const cascade = CascadeView.parse((await h.app.call('GET', `/api/v1/org-units/${me.body.position.orgUnitId}/cascade?year=2026`)).body);
    expect(cascade.plans.map((p) => p.nip)).toContain(pegawai.nip);

    // The cascade of the kasi's unit shows the new RHK under the kasi's.
    await rater.goto('/skp/kaskade');
    await rater.getByRole('heading', { name: 'Kaskade SKP unit saya' }).waitFor();
    await rater.getByText('Terlaksananya pendataan ibu hamil di wilayah puskesmas').waitFor();
    expect(await accessibilityProblems(rater)).toEqual([]);
    await screenshot(rater, 'skp-kaskade');
    await rater.getByLabel('Cari RHK atau pegawai').fill('ibu hamil');
    await rater.getByText('Tersedianya data dan pembinaan kesehatan ibu dan anak').waitFor();
    expect(await rater.getByText('Terlaksananya pemantauan status gizi balita').count()).toBe(0);

    // Handing an RHK to a subordinate whose plan is approved: the API's refusal, in Indonesian, next to the action.
    await rater.goto('/skp/bagikan');
    await rater.getByRole('heading', { name: 'Bagikan RHK ke bawahan' }).waitFor();
    await rater.getByRole('combobox', { name: 'RHK saya yang diintervensi' }).click();
    await rater.getByRole('option', { name: 'Terlaksananya pemantauan status gizi balita' }).click();
    await rater.getByLabel('Rencana hasil kerja (RHK) bawahan').fill('Terlaksananya penimbangan balita di posyandu');
    await rater.getByLabel('Indikator kinerja individu (IKI)').fill('Posyandu yang melapor');
    await rater.getByLabel('Satuan').fill('posyandu');
    await rater.getByRole('checkbox', { name: new RegExp(pegawai.name) }).check();
    await rater.getByLabel(new RegExp(`^Target IKI 1 \\(posyandu\\) untuk ${pegawai.name}`)).fill('8');
    expect(await accessibilityProblems(rater)).toEqual([]);
    await rater.getByRole('button', { name: 'Bagikan RHK' }).click();
    const refusal = rater.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-error-code')).toBe('WORKPLAN_ALREADY_APPROVED');
    expect(await refusal.textContent()).toContain('SKP ini sudah disetujui');
    expect(errors).toEqual([]);
    expect(raterErrors).toEqual([]);
  });

  it('at phone size the plan page, its revision form and the cascade fit 360 px without page scroll, with no serious accessibility problem', async () => {
    const page = await (await h.context(PHONE)).newPage();
    const errors = watchErrors(page);
    await signInAs(page, 'pegawai');
    await page.goto('/skp');
    await page.getByTestId('plan-status').filter({ hasText: 'Disetujui' }).waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(360);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByRole('button', { name: 'Revisi SKP' }).click();
    await page.getByLabel('Alasan revisi').waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(360);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'skp-ponsel');
    await page.goto('/skp/kaskade');
    await page.getByText('Terlaksananya pendataan ibu hamil di wilayah puskesmas').waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(360);
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
