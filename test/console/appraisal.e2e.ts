import type { Page } from 'playwright-core';
import type { z } from 'zod';
import { AppraisalRulesView, AppraisalView, EmployeeLedgerView, TeamAppraisalsView } from '../../libs/contracts/src/responses';
import type { TestUser } from '../support/app';
import { accessibilityProblems, DESKTOP, PHONE, screenshot, signInAs, startConsole, watchErrors, type ConsoleHarness } from './browser';

/**
 * Penilaian in the console: a supervisor rates nine direct reports for a period, seeing the matrix and
 * each predikat before saving; the employee files an objection to the issued October appraisal (the
 * demo's, with its window open) on a phone; the rater's supervisor decides it, amending the rating.
 */

const NOVEMBER = '2026-11';
const OCTOBER = '2026-10';

type Combo = { results: string; behaviour: string; predikat: string; label: string };
// The default matrix (libs/policies): every cell a supervisor is likely to meet.
const COMBOS: Combo[] = [
  { results: 'SESUAI_EKSPEKTASI', behaviour: 'SESUAI_EKSPEKTASI', predikat: 'BAIK', label: 'Baik' },
  { results: 'DI_ATAS_EKSPEKTASI', behaviour: 'DI_ATAS_EKSPEKTASI', predikat: 'SANGAT_BAIK', label: 'Sangat Baik' },
  { results: 'DI_BAWAH_EKSPEKTASI', behaviour: 'SESUAI_EKSPEKTASI', predikat: 'BUTUH_PERBAIKAN', label: 'Butuh Perbaikan' },
  { results: 'SESUAI_EKSPEKTASI', behaviour: 'DI_BAWAH_EKSPEKTASI', predikat: 'KURANG', label: 'Kurang' },
  { results: 'DI_ATAS_EKSPEKTASI', behaviour: 'SESUAI_EKSPEKTASI', predikat: 'BAIK', label: 'Baik' },
  { results: 'DI_BAWAH_EKSPEKTASI', behaviour: 'DI_BAWAH_EKSPEKTASI', predikat: 'SANGAT_KURANG', label: 'Sangat Kurang' },
  { results: 'SESUAI_EKSPEKTASI', behaviour: 'SESUAI_EKSPEKTASI', predikat: 'BAIK', label: 'Baik' },
  { results: 'SESUAI_EKSPEKTASI', behaviour: 'DI_ATAS_EKSPEKTASI', predikat: 'BAIK', label: 'Baik' },
  { results: 'DI_ATAS_EKSPEKTASI', behaviour: 'DI_ATAS_EKSPEKTASI', predikat: 'SANGAT_BAIK', label: 'Sangat Baik' },
];

/** The answer as its (tightened) response contract describes it: the issues, if any. */
const offContract = (schema: z.ZodType, body: unknown) => schema.safeParse(body).error?.issues ?? [];

describe('the console: penilaian', () => {
  let h: ConsoleHarness;
  const users = new Map<string, TestUser>();
  beforeAll(async () => {
    h = await startConsole();
    const session = await h.app.call('GET', '/api/v1/session', undefined, {}, null);
    for (const u of session.body.demoUsers as Array<{ username: string; nip: string | null; roles: string[] }>)
      users.set(u.username, { sub: u.username, ...(u.nip ? { nip: u.nip } : {}), roles: u.roles });
    // A kasi of the demo supervises six or seven analysts; nine to rate take a second team: the other
    // seksi's staff post moves under kasi.dinkes from November (an org change as BKPSDM records it).
    const moved = await h.app.call(
      'POST',
      '/api/v1/positions/DINKES-BIDANG1-SUB2-STAF/move',
      {
        unitId: 'DINKES-BIDANG1',
        parentPositionId: 'DINKES-BIDANG1-SUB1',
        effectiveDate: '2026-11-01',
        reason: 'Penggabungan seksi (uji)',
      },
      {},
      users.get('admin.bkpsdm'),
    );
    expect(moved.status).toBe(201);
  });
  afterAll(() => h?.close());

  it('serves the rules of the period and the team of the signed-in supervisor', async () => {
    const rules = await h.app.call('GET', `/api/v1/appraisal-rules/${NOVEMBER}`, undefined, {}, users.get('pegawai'));
    expect(rules.status).toBe(200);
    expect(rules.body).toMatchObject({ period: NOVEMBER, periodLength: 'MONTHLY', objectionWindowDays: 14 });
    expect(rules.body.matrix.DI_ATAS_EKSPEKTASI.DI_ATAS_EKSPEKTASI).toBe('SANGAT_BAIK');
    expect(offContract(AppraisalRulesView, rules.body)).toEqual([]);
    expect((await h.app.call('GET', '/api/v1/appraisal-rules/2026-13', undefined, {}, users.get('pegawai'))).status).toBe(400);
    const team = await h.app.call('GET', `/api/v1/team-appraisals/${OCTOBER}`, undefined, {}, users.get('kasi.dinkes'));
    expect(team.status).toBe(200);
    expect(team.body.periodEnded).toBe(true);
    expect(offContract(TeamAppraisalsView, team.body)).toEqual([]);
    // October, before the move: the kasi's own analysts, each rated and issued by the demo.
    expect(team.body.team.map((m: { nip: string }) => m.nip)).toContain(users.get('pegawai')!.nip);
    expect(team.body.team.every((m: { appraisal: { state: string } | null }) => m.appraisal?.state === 'ISSUED')).toBe(true);
    const mine = await h.app.call('GET', `/api/v1/team-appraisals/${NOVEMBER}`, undefined, {}, users.get('pegawai'));
    expect(mine.body.team).toEqual([]);
  });

  it('a supervisor rates nine direct reports, each predikat shown before and after saving', async () => {
    const page = await (await h.context(DESKTOP)).newPage();
    const errors = watchErrors(page);
    await signInAs(page, 'kasi.dinkes');
    await page.goto(`/penilaian?periode=${NOVEMBER}`);
    await page.getByRole('heading', { name: 'Penilaian kinerja tim' }).waitFor();
    const team = await h.app.call('GET', `/api/v1/team-appraisals/${NOVEMBER}`, undefined, {}, users.get('kasi.dinkes'));
    const members = team.body.team as Array<{ nip: string; name: string; appraisal: unknown }>;
    expect(members.length).toBeGreaterThanOrEqual(9);
    expect(members.every((m) => m.appraisal === null)).toBe(true);
    await page.getByTestId(`member-${members[0].nip}`).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);

    // The decider's rule, applied before sending: a rating above expectation needs a written reason.
    const first = page.getByTestId(`member-${members[0].nip}`);
    await first.getByRole('button', { name: `Nilai ${members[0].name}` }).click();
    await first.getByLabel(/^Hasil kerja/).selectOption('DI_ATAS_EKSPEKTASI');
    await first.getByLabel(/^Perilaku kerja/).selectOption('SESUAI_EKSPEKTASI');
    await first.getByRole('button', { name: 'Simpan penilaian' }).click();
    await first.getByText(/Alasan wajib diisi/).waitFor();
    await first.getByRole('button', { name: 'Batal' }).click();

    for (const [i, m] of members.slice(0, 9).entries()) await rate(page, m, COMBOS[i], i === 2);
    await page.getByTestId('team-progress').getByText(`9 dari ${members.length} sudah dinilai`).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'penilaian-tim');

    const after = await h.app.call('GET', `/api/v1/team-appraisals/${NOVEMBER}`, undefined, {}, users.get('kasi.dinkes'));
    const byNip = new Map(
      (after.body.team as Array<{ nip: string; appraisal: { predikat: string; state: string } | null }>).map((m) => [m.nip, m.appraisal]),
    );
    members.slice(0, 9).forEach((m, i) => expect(byNip.get(m.nip)).toMatchObject({ predikat: COMBOS[i].predikat, state: 'DRAFT' }));
    expect(members.slice(9).every((m) => byNip.get(m.nip) === null)).toBe(true);
    expect(offContract(TeamAppraisalsView, after.body)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('an employee files an objection on a phone, with the days left shown; the rater’s supervisor decides it', async () => {
    const pegawai = users.get('pegawai')!;
    const issued = await h.app.call('GET', `/api/v1/appraisals/${pegawai.nip}/${OCTOBER}`, undefined, {}, pegawai);
    expect(issued.body).toMatchObject({ state: 'ISSUED', objection: null });
    expect(offContract(AppraisalView, issued.body)).toEqual([]);
    const phone = await (await h.context(PHONE)).newPage();
    const errors = watchErrors(phone);
    await signInAs(phone, 'pegawai');
    await phone
      .getByTestId('inbox-appraisals')
      .getByRole('link', { name: /Oktober 2026/ })
      .click();
    await phone.getByRole('heading', { name: 'Ajukan keberatan' }).waitFor();
    await phone
      .getByTestId('objection-days-left')
      .getByText(/hari lagi|hari terakhir/)
      .waitFor();
    expect(await accessibilityProblems(phone)).toEqual([]);
    // Reasons are required, as the decider requires them.
    await phone.getByRole('button', { name: 'Ajukan keberatan' }).click();
    await phone.getByText(/Alasan wajib diisi/).waitFor();
    await phone.getByLabel('Alasan keberatan').fill('Keempat IKI tercapai 100%; laporan kegiatan terlampir.');
    await phone.getByLabel('Tautan bukti dukung').fill('ftp://salah');
    await phone.getByRole('button', { name: 'Tambah tautan' }).click();
    await phone.getByText(/diawali http/).waitFor();
    await phone.getByLabel('Tautan bukti dukung').fill('https://drive.example.id/laporan-oktober');
    await phone.getByRole('button', { name: 'Tambah tautan' }).click();
    await phone.getByText('https://drive.example.id/laporan-oktober').waitFor();
    expect(await accessibilityProblems(phone)).toEqual([]);
    await screenshot(phone, 'keberatan-ajukan');
    await phone.getByRole('button', { name: 'Ajukan keberatan' }).click();
    await phone.getByTestId('objection').waitFor();
    await phone.getByText('Menunggu keputusan', { exact: true }).waitFor();
    const filed = await h.app.call('GET', `/api/v1/appraisals/${pegawai.nip}/${OCTOBER}`, undefined, {}, pegawai);
    expect(filed.body).toMatchObject({
      state: 'OBJECTED',
      objection: { reasons: expect.stringContaining('IKI'), evidence: [{ kind: 'LINK', url: 'https://drive.example.id/laporan-oktober' }] },
    });
    expect(filed.body.objection.decider).toBe(users.get('kabid.dinkes')!.nip);
    expect(offContract(AppraisalView, filed.body)).toEqual([]);

    const desk = await (await h.context(DESKTOP)).newPage();
    const deskErrors = watchErrors(desk);
    await signInAs(desk, 'kabid.dinkes');
    await desk
      .getByTestId('inbox-objections')
      .getByRole('link', { name: new RegExp(pegawai.nip!) })
      .click();
    await desk.getByRole('heading', { name: 'Putuskan keberatan' }).waitFor();
    await desk.getByTestId('ratings').getByText('Penilaian awal pejabat penilai').waitFor();
    await desk
      .getByTestId('objection')
      .getByText(/IKI tercapai/)
      .waitFor();
    expect(await accessibilityProblems(desk)).toEqual([]);
    await desk.getByLabel('Mengubah penilaian').check();
    await desk.getByLabel('Hasil kerja (baru)').selectOption('DI_ATAS_EKSPEKTASI');
    await desk.getByLabel('Perilaku kerja (baru)').selectOption('DI_ATAS_EKSPEKTASI');
    await desk.getByTestId('decision-preview').getByText('Sangat Baik').waitFor();
    await desk.getByLabel('Alasan keputusan').fill('Bukti laporan kegiatan menunjukkan semua IKI tercapai.');
    expect(await accessibilityProblems(desk)).toEqual([]);
    await screenshot(desk, 'keberatan-putus');
    await desk.getByRole('button', { name: 'Putuskan keberatan' }).click();
    await desk.getByTestId('decision').getByText('Penilaian diubah', { exact: false }).waitFor();
    const decided = await h.app.call('GET', `/api/v1/appraisals/${pegawai.nip}/${OCTOBER}`, undefined, {}, pegawai);
    expect(decided.body).toMatchObject({
      state: 'DECIDED',
      predikat: 'SANGAT_BAIK',
      decision: { outcome: 'AMEND', results: 'DI_ATAS_EKSPEKTASI', behaviour: 'DI_ATAS_EKSPEKTASI', predikat: 'SANGAT_BAIK' },
    });

    expect(offContract(AppraisalView, decided.body)).toEqual([]);
    const ledger = await h.app.call('GET', `/api/v1/appraisals/${pegawai.nip}?year=2026`, undefined, {}, pegawai);
    expect(offContract(EmployeeLedgerView, ledger.body)).toEqual([]);

    // The employee sees the decision when it comes.
    await phone.reload();
    await phone.getByTestId('decided-predikat').getByText('Sangat Baik').waitFor();
    expect(await accessibilityProblems(phone)).toEqual([]);
    // …and in the list of their appraisals, with the predikat as decided.
    await phone.getByRole('link', { name: /Semua penilaian saya/ }).click();
    await phone.getByTestId(`appraisal-${OCTOBER}`).getByText('Sangat Baik').waitFor();
    await phone.getByTestId(`appraisal-${OCTOBER}`).getByText('Keberatan diputus').waitFor();
    expect(await accessibilityProblems(phone)).toEqual([]);
    // Someone with nobody to rate opening Penilaian lands on their own appraisals.
    await phone.goto('/penilaian');
    await phone.getByRole('heading', { name: 'Penilaian saya' }).waitFor();
    expect(errors).toEqual([]);
    expect(deskErrors).toEqual([]);
  });
});

async function rate(page: Page, m: { nip: string; name: string }, c: Combo, withValues: boolean): Promise<void> {
  const card = page.getByTestId(`member-${m.nip}`);
  await card.getByRole('button', { name: `Nilai ${m.name}` }).click();
  await card.getByLabel(/^Hasil kerja/).selectOption(c.results);
  await card.getByLabel(/^Perilaku kerja/).selectOption(c.behaviour);
  if (c.results !== 'SESUAI_EKSPEKTASI')
    await card.getByLabel('Alasan penilaian hasil kerja').fill(`Hasil kerja ${m.name}: lihat realisasi IKI.`);
  if (c.behaviour !== 'SESUAI_EKSPEKTASI')
    await card.getByLabel('Alasan penilaian perilaku kerja').fill(`Perilaku kerja ${m.name}: catatan atasan.`);
  if (withValues) {
    await card.getByRole('button', { name: 'Rincian perilaku BerAKHLAK (opsional)' }).click();
    await card.getByLabel('Kompeten').selectOption('DI_BAWAH_EKSPEKTASI');
  }
  // The predikat is visible before saving.
  await card.getByTestId(`preview-${m.nip}`).getByText(c.label, { exact: true }).waitFor();
  await card.getByRole('button', { name: 'Simpan penilaian' }).click();
  await card
    .getByTestId(`predikat-${m.nip}`)
    .getByText(c.label, { exact: true })
    .waitFor({ timeout: 8000 })
    .catch(async (e) => {
      throw new Error(`${String(e)}\n${await card.innerText()}`);
    });
}
