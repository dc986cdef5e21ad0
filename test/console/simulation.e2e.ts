import { accessibilityProblems, DESKTOP, PHONE, screenshot, signInAs, startConsole, watchErrors, type ConsoleHarness } from './browser';

/**
 * Simulasi TPP in the console: BPKAD pastes a draft raising one kelas jabatan's ceiling, sees how it
 * differs from the version in force (the Kebijakan page's table), runs it against the demo's
 * October and reads the totals, the charts' text, the largest changes and the budget projection; the
 * only thing written is the simulation's record. It works on a phone too.
 */
describe('the console: simulasi TPP', () => {
  let h: ConsoleHarness;
  const count = async () =>
    Number((await h.app.rt.db.pool.query(`SELECT count(*) AS n FROM events WHERE stream_id LIKE 'PolicySimulation-%'`)).rows[0].n);
  const all = async () => Number((await h.app.rt.db.pool.query('SELECT count(*) AS n FROM events')).rows[0].n);
  beforeAll(async () => {
    h = await startConsole();
  });
  afterAll(() => h?.close());

  for (const [name, size] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const)
    it(`BPKAD simulates a draft against October and sees the difference (${name})`, async () => {
      // The demo's run is calculated before October is simulated from its lines.
      for (let i = 0; i < 600; i++) {
        const r = await h.app.call('GET', '/api/v1/payroll/opds/DINKES/runs/2026-10');
        if (r.status === 200 && r.body.status === 'CALCULATED') break;
        await new Promise((res) => setTimeout(res, 200));
      }
      const page = await (await h.context(size)).newPage();
      const errors = watchErrors(page);
      await signInAs(page, 'bpkad');
      await page.goto('/simulasi-tpp');
      await page.getByRole('heading', { name: 'Simulasi TPP' }).waitFor();
      const text = await page.getByLabel('Dokumen rancangan').inputValue();
      await page.getByText('Tidak ada perbedaan dengan versi yang berlaku.').waitFor();
      const draft = JSON.parse(text);
      draft.tpp.ceilings = draft.tpp.ceilings.map((c: { positionGrade: number; ceiling: string }) =>
        c.positionGrade === 7 ? { ...c, ceiling: '4400000' } : c,
      );
      await page.getByLabel('Dokumen rancangan').fill(JSON.stringify(draft, null, 2));
      const row = page.getByTestId('baris-perbedaan').filter({ hasText: 'tpp.ceilings.6.ceiling' });
      expect(await row.innerText()).toMatch(/"3900000"\s+"4400000"\s+Berubah/);
      await page.getByLabel('Dari bulan').fill('2026-10');
      await page.getByLabel('Sampai bulan').fill('2026-10');
      const [before, beforeAll] = [await count(), await all()];
      await page.getByRole('button', { name: 'Jalankan simulasi' }).click();
      await page.getByTestId('hasil-simulasi').waitFor();
      const october = page.getByTestId('baris-simulasi').filter({ hasText: 'DINKES' });
      expect(await october.innerText()).toMatch(/dari penggajian/i);
      expect(await page.getByTestId('selisih-total').innerText()).toMatch(/selisih Rp\s?[1-9]/);
      expect(await page.getByTestId('perubahan-pegawai').count()).toBeGreaterThan(0);
      expect(await page.getByTestId('proyeksi-anggaran').filter({ hasText: 'DINKES' }).innerText()).toMatch(/Rp/);
      expect([await count(), await all()]).toEqual([before + 1, beforeAll + 1]);
      expect(await accessibilityProblems(page)).toEqual([]);
      await screenshot(page, `simulasi-${name}`);
      expect(errors).toEqual([]);
    });
});
