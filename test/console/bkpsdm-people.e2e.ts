import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { generateNips } from '../../libs/kernel/src';
import { IMPORT_COLUMNS } from '../../libs/domain/employee/import';
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
 * Kepegawaian in the console (BKPSDM): admin.bkpsdm imports a SIASN file with bad rows and reads the
 * report (line, column, reason) while nothing is written; imports the corrected file with its progress
 * and finds the new employees in the directory; does the same on a phone with a file of 1,000 rows
 * (more than the JSON import took), sent as the file and followed as a background job; reads one's record on a past date against today after
 * recording a change of position; registers one more; opens the org chart and sees the demo's Plt. An
 * employee without the role has none of these in the menu.
 */

// Dates derived from the clock: last year's, so every one is in the past whatever the day of the run.
const Y = new Date().getUTCFullYear() - 1;
const CREATED = `${Y}-01-01`;
const TMT = `${Y}-01-02`;
const MOVED = `${Y}-07-01`;
const BEFORE_MOVE = `${Y}-03-01`;
const POSITION = 'DINKES-BIDANG1-SUB1-PRANATA';
/** A post with a seat for each of the large file's rows. */
const BULK_POSITION = 'DINKES-BIDANG1-SUB1-MASSAL';
const BULK = 1_000;
const OTHER_POSITION = 'DINKES-BIDANG1-SUB2-STAF';

// The first five are the small files' (and the form's), the rest the large file's: one seed, no NIP twice.
const ALL_NIPS = generateNips(5 + BULK, 9_931);
const NIPS = ALL_NIPS.slice(0, 5);
const BULK_NIPS = ALL_NIPS.slice(5);
const NAMES = ['Uji Impor Satu', 'Uji Impor Dua', 'Uji Impor Tiga'];

type Row = Partial<Record<(typeof IMPORT_COLUMNS)[number], string>>;
function row(i: number, over: Row = {}): Row {
  return {
    NIP: NIPS[i],
    NAMA: NAMES[i] ?? `Uji ${i}`,
    STATUS_ASN: 'PNS',
    KEDUDUKAN_HUKUM: 'AKTIF',
    JABATAN_ID: POSITION,
    NAMA_JABATAN: 'Pranata Komputer',
    KELAS_JABATAN: '8',
    UNOR_ID: 'DINKES',
    NAMA_UNOR: 'Dinas Kesehatan',
    ATASAN_JABATAN_ID: 'DINKES-BIDANG1-SUB1',
    GAJI_POKOK: '3200000',
    TUNJ_KELUARGA: '320000',
    TUNJ_JABATAN: '185000',
    TUNJ_PROFESI: '0',
    GAJI_BRUTO: '3993000',
    STATUS_PTKP: 'K/1',
    KATEGORI_TER: '',
    NAMA_BANK: 'BANK JATENG',
    NO_REKENING: `30100${i}4321`,
    NAMA_REKENING: (NAMES[i] ?? `Uji ${i}`).toUpperCase(),
    TMT,
    ...over,
  };
}
const csvOf = (rows: Row[]) =>
  [IMPORT_COLUMNS.join(','), ...rows.map((r) => IMPORT_COLUMNS.map((c) => r[c] ?? '').join(','))].join('\n') + '\n';

const BAD = csvOf([
  row(0),
  row(1, { KELAS_JABATAN: 'delapan', NO_REKENING: '12ab' }),
  row(2, { NIP: NIPS[0] }), // line 4: the NIP of line 2 again
]);
const GOOD = csvOf([row(0), row(1), row(2)]);

const bulkName = (i: number) => `Pegawai Massal ${String(i + 1).padStart(4, '0')}`;
const bulkRow = (i: number, over: Row = {}): Row =>
  row(0, {
    NIP: BULK_NIPS[i],
    NAMA: bulkName(i),
    JABATAN_ID: BULK_POSITION,
    NAMA_JABATAN: 'Pengadministrasi Umum',
    NO_REKENING: `40${String(i).padStart(8, '0')}`,
    NAMA_REKENING: bulkName(i).toUpperCase(),
    ...over,
  });
const BULK_ROWS = Array.from({ length: BULK }, (_, i) => bulkRow(i));
const BULK_GOOD = csvOf(BULK_ROWS);
// Row 500 (line 501) with a kelas jabatan other than its post's, row 900 (line 901) with a NIP that is none.
const BULK_BAD = csvOf(
  BULK_ROWS.map((r, i) => (i === 499 ? { ...r, KELAS_JABATAN: '9' } : i === 899 ? { ...r, NIP: '19900101201503300X' } : r)),
);

/** The visible part only (small, for docs/console/): `<name>.viewport.png` beside the full-page shots. */
async function viewportShot(page: Page, name: string) {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.viewport.png`) });
}

async function chooseFile(page: Page, name: string, text: string) {
  await page.locator('input[type="file"]').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
}

describe('the console: Kepegawaian (BKPSDM)', () => {
  let h: ConsoleHarness;
  const users = new Map<string, TestUser>();
  const admin = () => users.get('admin.bkpsdm')!;
  /** Nothing of the file is in the register or the org chart. */
  const nothingWritten = async () => {
    for (const nip of NIPS.slice(0, 3))
      expect((await h.app.call('GET', `/api/v1/employees/${nip}`, undefined, {}, admin())).status).toBe(404);
    const chart = await h.app.call('GET', `/api/v1/org-chart?date=${TMT}&opd=DINKES`, undefined, {}, admin());
    const json = JSON.stringify(chart.body);
    for (const nip of NIPS) expect(json).not.toContain(nip);
  };

  beforeAll(async () => {
    h = await startConsole();
    const session = await h.app.call('GET', '/api/v1/session', undefined, {}, null);
    for (const u of session.body.demoUsers as Array<{ username: string; nip: string | null; roles: string[] }>)
      users.set(u.username, { sub: u.username, ...(u.nip ? { nip: u.nip } : {}), roles: u.roles });
    // A new post with free seats for the people the file brings (every demo post is full).
    const created = await h.app.call(
      'POST',
      '/api/v1/positions',
      {
        positionId: POSITION,
        unitId: 'DINKES-BIDANG1',
        name: 'Pranata Komputer',
        grade: 8,
        parentPositionId: 'DINKES-BIDANG1-SUB1',
        seats: 5,
        effectiveDate: CREATED,
        reason: 'Formasi baru (uji)',
      },
      {},
      admin(),
    );
    expect(created.status).toBe(201);
    const bulk = await h.app.call(
      'POST',
      '/api/v1/positions',
      {
        positionId: BULK_POSITION,
        unitId: 'DINKES-BIDANG1',
        name: 'Pengadministrasi Umum',
        grade: 8,
        parentPositionId: 'DINKES-BIDANG1-SUB1',
        seats: BULK,
        effectiveDate: CREATED,
        reason: 'Formasi baru untuk impor massal (uji)',
      },
      {},
      admin(),
    );
    expect(bulk.status).toBe(201);
  });
  afterAll(() => h?.close());

  it('imports a SIASN file: the bad rows reported before anything is written, then the corrected file with its progress', async () => {
    const page = await (await h.context(DESKTOP)).newPage();
    const errors = watchErrors(page);
    await signInAs(page, 'admin.bkpsdm');
    await page.getByRole('link', { name: 'Impor pegawai' }).click();
    await page.getByRole('heading', { name: 'Impor pegawai' }).waitFor();
    // The menu lights the page's own item only, not "Pegawai" above it.
    const menu = page.getByRole('navigation', { name: 'Navigasi utama' });
    expect(await menu.getByRole('link', { name: 'Impor pegawai' }).getAttribute('data-active')).not.toBeNull();
    expect(await menu.getByRole('link', { name: 'Pegawai', exact: true }).getAttribute('data-active')).toBeNull();
    expect(await menu.getByRole('link', { name: 'Pegawai', exact: true }).getAttribute('aria-current')).toBeNull();
    expect(await page.getByRole('button', { name: 'Impor', exact: true }).isDisabled()).toBe(true);

    // A NUL in a cell: refused as the file arrives, with its line and column, before any job.
    await chooseFile(page, 'siasn-rusak.csv', GOOD.replace(`${NIPS[1]},${NAMES[1]},PNS`, `${NIPS[1]},${NAMES[1]},P\u0000NS`));
    await page.getByText('3 baris data').waitFor();
    await page.getByRole('button', { name: 'Periksa berkas' }).click();
    await page.getByTestId('import-report').getByText('1 kesalahan dalam berkas').waitFor();
    expect((await page.getByTestId('import-problem').innerText()).split('\t').map((c) => c.trim())).toEqual([
      '3',
      'STATUS_ASN',
      expect.stringMatching(/bukan UTF-8/),
      'INVALID_CHARACTER',
    ]);
    await nothingWritten();

    await chooseFile(page, 'siasn-salah.csv', BAD);
    await page.getByText('3 baris data').waitFor();
    expect(await page.getByTestId('import-report').count()).toBe(0);
    await page.getByRole('button', { name: 'Periksa berkas' }).click();
    const report = page.getByTestId('import-report');
    await report.waitFor();
    // Followed as a job: its address is kept in the page's (a reload follows it still).
    expect(new URL(page.url()).searchParams.get('proses')).toMatch(/^employees-import-/);
    const rows = await report.getByTestId('import-problem').allInnerTexts();
    const cells = rows.map((r) => r.split('\t').map((c) => c.trim()));
    expect(cells.map((c) => `${c[0]} ${c[1]} ${c[3]}`)).toEqual(
      expect.arrayContaining(['3 KELAS_JABATAN INVALID_POSITION_GRADE', '3 NO_REKENING INVALID_BANK_ACCOUNT', '4 NIP DUPLICATE_NIP']),
    );
    // Every reason in Indonesian.
    expect(cells.find((c) => c[3] === 'DUPLICATE_NIP')![2]).toMatch(/sudah tercantum di baris lain/);
    expect(cells.every((c) => c[2].length > 5 && !/ is | not /.test(c[2]))).toBe(true);
    expect(await page.getByRole('button', { name: 'Impor', exact: true }).isDisabled()).toBe(true);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'impor-laporan');
    await viewportShot(page, 'impor-desktop');
    await nothingWritten();

    // The corrected file: checked (a dry run, still nothing written), then imported.
    await chooseFile(page, 'siasn.csv', GOOD);
    await page.getByRole('button', { name: 'Periksa berkas' }).click();
    await page
      .getByTestId('import-checked')
      .getByText(/3 pegawai siap diimpor/)
      .waitFor();
    await nothingWritten();
    await page.getByRole('button', { name: 'Impor', exact: true }).click();
    await page.getByTestId('import-progress').getByRole('progressbar').waitFor();
    await page
      .getByTestId('import-done')
      .getByText(/3 pegawai diimpor/)
      .waitFor();
    expect(await page.getByTestId('import-progress').getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'impor-selesai');
    for (const nip of NIPS.slice(0, 3)) {
      const r = await h.app.call('GET', `/api/v1/employees/${nip}`, undefined, {}, admin());
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ positionId: POSITION, positionGrade: 8, orgUnitId: 'DINKES', registeredFrom: TMT });
    }

    // The new employees in the directory (its search reads a projection: wait for it).
    await page.getByRole('link', { name: 'Lihat daftar pegawai' }).click();
    await page.getByRole('heading', { name: 'Pegawai', exact: true }).waitFor();
    await page.getByLabel('Cari pegawai').fill('Uji Impor');
    await page.getByRole('button', { name: 'Cari', exact: true }).click();
    for (let i = 0; i < 30 && !(await page.getByTestId(`employee-${NIPS[2]}`).isVisible()); i++) {
      await page.waitForTimeout(500);
      await page.reload();
    }
    for (const nip of NIPS.slice(0, 3)) await page.getByTestId(`employee-${nip}`).waitFor();
    await page.getByTestId('directory').getByText('3 pegawai').waitFor();
    // The OPD filter: none of them in BPKAD, all three in Dinas Kesehatan.
    await page.getByLabel('OPD', { exact: true }).selectOption('BPKAD');
    await page.getByText('Tidak ada pegawai yang cocok.').waitFor();
    await page.getByLabel('OPD', { exact: true }).selectOption('DINKES');
    await page.getByTestId('directory').getByText('3 pegawai').waitFor();
    expect(new URL(page.url()).searchParams.get('opd')).toBe('DINKES');
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'pegawai-desktop');
    expect(errors).toEqual([]);
  });

  it('imports a file of 1,000 rows on a phone: the bad rows reported, then the file sent, checked and imported as a job', async () => {
    const phone = await (await h.context(PHONE)).newPage();
    const errors = watchErrors(phone);
    const polls: string[] = [];
    phone.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/v1/jobs/')) polls.push(r.url());
    });
    await signInAs(phone, 'admin.bkpsdm');
    await phone.goto('/pegawai/impor');
    await phone.getByRole('heading', { name: 'Impor pegawai' }).waitFor();

    // Two bad rows among a thousand: both listed by line, column and reason, nothing written.
    await chooseFile(phone, 'siasn-massal-salah.csv', BULK_BAD);
    await phone.getByText('1.000 baris data').waitFor();
    await phone.getByRole('button', { name: 'Periksa berkas' }).click();
    const report = phone.getByTestId('import-report');
    await report.getByText('2 kesalahan dalam berkas').waitFor();
    const cells = (await report.getByTestId('import-problem').allInnerTexts()).map((r) => r.split('\t').map((c) => c.trim()));
    expect(cells.map((c) => `${c[0]} ${c[1]} ${c[3]}`)).toEqual(['501 KELAS_JABATAN GRADE_MISMATCH', '901 NIP INVALID_NIP']);
    expect(cells.every((c) => c[2].length > 5 && !/ is | not /.test(c[2]))).toBe(true);
    expect(await phone.getByRole('button', { name: 'Impor', exact: true }).isDisabled()).toBe(true);
    const width = () =>
      phone.evaluate(
        () => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth,
      );
    expect(await width()).toBeLessThanOrEqual(PHONE.width);
    expect(await accessibilityProblems(phone)).toEqual([]);
    const listed = await h.app.call('GET', '/api/v1/employees?q=Pegawai%20Massal', undefined, {}, admin());
    expect(listed.body.page.total).toBe(0);

    // The corrected file, checked by keyboard (a dry run: still nothing written), then imported.
    await chooseFile(phone, 'siasn-massal.csv', BULK_GOOD);
    await phone.getByText('1.000 baris data').waitFor();
    expect(await report.count()).toBe(0);
    await phone.getByRole('button', { name: 'Periksa berkas' }).focus();
    await phone.keyboard.press('Enter');
    await phone
      .getByTestId('import-checked')
      .getByText(/1\.000 pegawai siap diimpor dan 1\.000 penempatan jabatan/)
      .waitFor();
    const dryRunJob = new URL(phone.url()).searchParams.get('proses');
    expect(await h.app.call('GET', `/api/v1/employees/${BULK_NIPS[0]}`, undefined, {}, admin())).toMatchObject({ status: 404 });
    // A slow connection (100 KB/s up): the upload's progress is shown before the job's.
    const cdp = await phone.context().newCDPSession(phone);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 100 * 1024,
    });
    await phone.getByRole('button', { name: 'Impor', exact: true }).focus();
    await phone.keyboard.press('Enter');
    const progress = phone.getByTestId('import-progress');
    await progress.getByText('Mengirim berkas untuk diimpor…').waitFor();
    await progress.getByRole('progressbar', { name: 'Kemajuan pengiriman berkas' }).waitFor();
    expect(await progress.getByTestId('import-upload-progress').innerText()).toMatch(/^\d+%: .+ dari 228,7 KB$/);
    await screenshot(phone, 'impor-unggah-ponsel');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    const done = phone.getByTestId('import-done');
    await done.getByText(/1\.000 pegawai diimpor dan 1\.000 penempatan jabatan dicatat/).waitFor();
    const importJob = new URL(phone.url()).searchParams.get('proses');
    expect(importJob).toMatch(/^employees-import-/);
    expect(importJob).not.toBe(dryRunJob);
    const bar = phone.getByTestId('import-progress').getByRole('progressbar');
    expect(await bar.getAttribute('aria-valuenow')).toBe('100');
    // Both jobs were followed at /api/v1/jobs/{id}, and the polling stopped once the import was done.
    expect(polls.some((u) => u.endsWith(`/jobs/${dryRunJob}`)) && polls.some((u) => u.endsWith(`/jobs/${importJob}`))).toBe(true);
    const polled = polls.length;
    await phone.waitForTimeout(3_000);
    expect(polls.length).toBe(polled);
    expect(await width()).toBeLessThanOrEqual(PHONE.width);
    expect(await accessibilityProblems(phone)).toEqual([]);
    await screenshot(phone, 'impor-massal-ponsel');

    // Every one of them in the directory (its search reads a projection: wait for it).
    await done.getByRole('link', { name: 'Lihat daftar pegawai' }).click();
    await phone.getByRole('heading', { name: 'Pegawai', exact: true }).waitFor();
    await phone.getByLabel('Cari pegawai').fill('Pegawai Massal');
    await phone.getByRole('button', { name: 'Cari', exact: true }).click();
    const all = phone.getByTestId('directory').getByText('1.000 pegawai', { exact: false });
    for (let i = 0; i < 60 && !(await all.isVisible()); i++) {
      await phone.waitForTimeout(500);
      await phone.reload();
    }
    await all.waitFor();
    await phone.getByTestId(`employee-card-${BULK_NIPS[0]}`).waitFor();
    const r = await h.app.call('GET', `/api/v1/employees/${BULK_NIPS[BULK - 1]}`, undefined, {}, admin());
    expect(r.body).toMatchObject({ name: bulkName(BULK - 1), positionId: BULK_POSITION, orgUnitId: 'DINKES', registeredFrom: TMT });
    expect(errors).toEqual([]);
  });

  it('reads a record on a past date against today after a change of position, on a phone', async () => {
    const nip = NIPS[0];
    const phone = await (await h.context(PHONE)).newPage();
    const errors = watchErrors(phone);
    await signInAs(phone, 'admin.bkpsdm');
    await phone.goto('/pegawai?q=Uji%20Impor%20Satu');
    await phone.getByTestId(`employee-card-${nip}`).getByRole('link', { name: 'Uji Impor Satu' }).click();
    await phone.getByRole('heading', { name: 'Uji Impor Satu' }).waitFor();
    await phone
      .getByTestId('record-position')
      .getByText(/Pranata Komputer/)
      .waitFor();
    await phone.getByTestId('record-supervisor').getByRole('link').waitFor();
    expect(await accessibilityProblems(phone)).toEqual([]);

    // The contract's rule, checked before sending: a reason of more than 500 characters is refused by the
    // textarea itself, an empty date by the schema.
    const form = phone.getByTestId('change-position');
    await form.getByLabel('Jabatan baru').selectOption(OTHER_POSITION);
    expect(await form.getByLabel('Kelas jabatan').inputValue()).toBe('7');
    await form.getByLabel('Berlaku mulai (TMT)').fill('');
    await form.getByRole('button', { name: 'Simpan perubahan' }).click();
    await form.getByText('Format isian tidak sesuai.').waitFor();
    await form.getByLabel('Berlaku mulai (TMT)').fill(MOVED);
    await form.getByLabel(/^Alasan/).fill('SK Bupati 821/45 mutasi jabatan (uji)');
    await screenshot(phone, 'pegawai-ubah-ponsel');
    await form.getByRole('button', { name: 'Simpan perubahan' }).click();
    await phone.getByTestId('change-saved').waitFor();
    const now = await h.app.call('GET', `/api/v1/employees/${nip}`, undefined, {}, admin());
    const then = await h.app.call('GET', `/api/v1/employees/${nip}?date=${BEFORE_MOVE}`, undefined, {}, admin());
    expect(now.body).toMatchObject({ positionId: OTHER_POSITION, positionGrade: 7, lastChangedOn: MOVED });
    expect(then.body).toMatchObject({ positionId: POSITION, positionGrade: 8 });

    // The history lists the move with its reason; its date opens the record as of that day.
    const moved = phone.getByTestId('history').getByTestId('history-PositionChanged');
    await moved.getByText(/SK Bupati 821\/45/).waitFor();
    await moved.getByText(/Jabatan: Pengelola/).waitFor();
    await phone
      .getByTestId('history')
      .getByTestId('history-EmployeeRegistered')
      .getByRole('button', { name: /^berlaku/ })
      .click();
    await phone.getByRole('heading', { name: /^Keadaan pada 2 Januari/ }).waitFor();
    // The record as it was before the move, with what changed since.
    await phone.getByLabel('Keadaan pada tanggal').fill(BEFORE_MOVE);
    await phone
      .getByTestId('record')
      .getByText(/Pranata Komputer/)
      .waitFor();
    const changes = phone.getByTestId('changes-since');
    await changes
      .getByTestId('change-row-positionId')
      .getByText(/Pengelola/)
      .waitFor();
    await changes.getByTestId('change-row-positionGrade').waitFor();
    expect(await changes.getByTestId('change-row-positionGrade').innerText()).toMatch(/8\s+7/);
    expect(await accessibilityProblems(phone)).toEqual([]);
    await screenshot(phone, 'pegawai-catatan-ponsel');
    await changes.scrollIntoViewIfNeeded();
    await viewportShot(phone, 'pegawai-catatan-ponsel');
    expect(errors).toEqual([]);
  });

  it('registers a new employee with the form checked before sending', async () => {
    const page = await (await h.context(DESKTOP)).newPage();
    const errors = watchErrors(page);
    await signInAs(page, 'admin.bkpsdm');
    await page.goto('/pegawai');
    await page.getByRole('link', { name: 'Daftarkan pegawai' }).click();
    await page.getByRole('heading', { name: 'Daftarkan pegawai' }).waitFor();
    await page.getByRole('button', { name: 'Daftarkan pegawai' }).click();
    await page.getByText('Periksa isian yang ditandai.').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    const nip = NIPS[3];
    await page.getByLabel('NIP (18 angka)').fill(nip);
    await page.getByLabel('Nama lengkap dengan gelar').fill('Uji Daftar Empat, S.Kom.');
    await page.getByLabel('Berlaku mulai (TMT)').fill(TMT);
    await page.getByLabel('Jabatan', { exact: true }).selectOption(POSITION);
    expect(await page.getByLabel('OPD (pembayar TPP)').inputValue()).toBe('DINKES');
    await page.getByLabel(/^Gaji dasar BPJS/).fill('3705000');
    await page.getByLabel(/^Penghasilan bruto/).fill('3993000');
    await page.getByLabel('Nama bank').fill('BANK JATENG');
    await page.getByLabel('Nomor rekening').fill('3010009876');
    await page.getByLabel('Nama pemilik rekening').fill('UJI DAFTAR EMPAT');
    await page.getByLabel('Status PTKP').selectOption('TK/0');
    await page.getByLabel('Kategori TER').selectOption('A');
    await screenshot(page, 'pegawai-baru');
    await page.getByRole('button', { name: 'Daftarkan pegawai' }).click();
    await page.getByRole('heading', { name: 'Uji Daftar Empat, S.Kom.' }).waitFor();
    const r = await h.app.call('GET', `/api/v1/employees/${nip}`, undefined, {}, admin());
    expect(r.body).toMatchObject({ name: 'Uji Daftar Empat, S.Kom.', positionId: POSITION, orgUnitId: 'DINKES', registeredFrom: TMT });
    // …and placed in the post from the TMT (the form's second command).
    const post = await h.app.call('GET', `/api/v1/positions/${POSITION}?date=${TMT}`, undefined, {}, admin());
    expect(post.body.holders).toContainEqual(expect.objectContaining({ nip, acting: false, validFrom: TMT }));
    expect(errors).toEqual([]);
  });

  it('draws the org chart with the demo’s Plt marked, on a desktop and a phone', async () => {
    const chart = await h.app.call('GET', '/api/v1/org-chart?opd=DINKES', undefined, {}, admin());
    const json = JSON.stringify(chart.body);
    expect(json).toContain('"acting":true');
    for (const viewport of [DESKTOP, PHONE]) {
      const page = await (await h.context(viewport)).newPage();
      const errors = watchErrors(page);
      await signInAs(page, 'admin.bkpsdm');
      await page.goto('/struktur');
      await page.getByRole('heading', { name: 'Struktur organisasi' }).waitFor();
      await page.getByText(/1 jabatan dijabat Plt/).waitFor();
      await page.getByRole('button', { name: /Dinas Kesehatan/ }).click();
      await page.getByTestId('position-DINKES-KEPALA').waitFor();
      await page.getByRole('button', { name: /Bidang Pelayanan Kesehatan/ }).click();
      await page.getByTestId('position-DINKES-KABID2').getByTestId('plt-badge').waitFor();
      expect(await accessibilityProblems(page)).toEqual([]);
      await screenshot(page, viewport === PHONE ? 'struktur-ponsel' : 'struktur-desktop');
      await viewportShot(page, viewport === PHONE ? 'struktur-ponsel' : 'struktur-desktop');
      // A search opens the units it matches.
      await page.getByLabel('Cari unit, jabatan atau pegawai').fill('Pranata');
      await page.getByTestId(`position-${POSITION}`).waitFor();
      expect(errors).toEqual([]);
    }
  });

  it('the pages at a phone’s width, and an employee without the role sees none of them in the menu', async () => {
    const phone = await (await h.context(PHONE)).newPage();
    await signInAs(phone, 'admin.bkpsdm');
    for (const [path, heading] of [
      ['/pegawai', 'Pegawai'],
      ['/pegawai/impor', 'Impor pegawai'],
      ['/pegawai/baru', 'Daftarkan pegawai'],
    ]) {
      await phone.goto(path === '/pegawai' ? '/pegawai?q=Uji' : path);
      await phone.getByRole('heading', { name: heading, exact: true }).waitFor();
      if (path === '/pegawai') await phone.getByTestId(`employee-card-${NIPS[1]}`).waitFor();
      expect(await accessibilityProblems(phone)).toEqual([]);
      const width = await phone.evaluate(
        () => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth,
      );
      expect(width).toBeLessThanOrEqual(PHONE.width);
      if (path === '/pegawai') await screenshot(phone, 'pegawai-ponsel');
      if (path === '/pegawai') await viewportShot(phone, 'pegawai-ponsel');
      if (path === '/pegawai/impor') await screenshot(phone, 'impor-ponsel');
    }

    const desk = await (await h.context(DESKTOP)).newPage();
    await signInAs(desk, 'pegawai');
    await desk.getByRole('link', { name: 'SKP', exact: true }).waitFor();
    for (const name of ['Pegawai', 'Struktur organisasi', 'Impor pegawai'])
      expect(await desk.getByRole('link', { name, exact: true }).count()).toBe(0);
    expect(await desk.getByText('Kepegawaian', { exact: true }).count()).toBe(0);
    // The API remains the judge: the import is refused with its code.
    const refused = await fetch(`${h.app.url}/api/v1/employees/import/file?dryRun=true`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await h.app.token(users.get('pegawai')!)}`, 'content-type': 'text/csv' },
      body: GOOD,
    });
    expect(refused.status).toBe(403);
  });
});
