import { readFileSync } from 'node:fs';
import { DEMO_PAYROLL } from '../../libs/platform/src/payroll-demo';
import type { TestUser } from '../support/app';
import { firstPageQr, pdfText } from '../support/documents';
import { accessibilityProblems, DESKTOP, PHONE, screenshot, signInAs, startConsole, watchErrors, type ConsoleHarness } from './browser';

/**
 * The documents in the console: the bendahara downloads the rekap TPP of the demo's calculated run
 * from the run page, and its QR code opens the public verification page (no sign-in) that says "Sah";
 * a changed code says "Tidak ditemukan". Both pages pass axe, on a phone.
 */
const OPD = DEMO_PAYROLL.opdId;
const MONTH = DEMO_PAYROLL.month;
const RUN = `/api/v1/payroll/opds/${OPD}/runs/${MONTH}`;

describe('the console: rekap TPP and its public verification', () => {
  let h: ConsoleHarness;
  const users = new Map<string, TestUser>();

  beforeAll(async () => {
    h = await startConsole();
    const session = await h.app.call('GET', '/api/v1/session', undefined, {}, null);
    for (const u of session.body.demoUsers as Array<{ username: string; nip: string | null; roles: string[] }>)
      users.set(u.username, { sub: u.username, ...(u.nip ? { nip: u.nip } : {}), roles: u.roles });
    for (let i = 0; i < 600; i++) {
      const r = await h.app.call('GET', RUN, undefined, {}, users.get('bpkad')!);
      if (r.body.status === 'CALCULATED' && r.body.calculationJob?.state === 'completed') break;
      await new Promise((res) => setTimeout(res, 200));
    }
  });
  afterAll(async () => {
    await h?.close();
  });

  it('downloads the rekap (PDF) from the run page; its QR code opens a public page that says it is valid, and a changed code is not found', async () => {
    const page = await (await h.context(DESKTOP)).newPage();
    const errors = watchErrors(page);
    await signInAs(page, 'bendahara.dinkes');
    await page.goto(`/keuangan/tpp/${OPD}/${MONTH}`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Unduh rekap (PDF)' }).click()]);
    expect(download.suggestedFilename()).toBe(`rekap-tpp-${OPD}-${MONTH}.pdf`);
    const pdf = readFileSync((await download.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf);
    expect(text).toContain('REKAPITULASI PEMBAYARAN TAMBAHAN PENGHASILAN PEGAWAI (TPP) ASN');
    expect(text).toContain('Dinas Kesehatan');
    const url = await firstPageQr(pdf);
    expect(url).toMatch(/\/verifikasi\/[0-9a-z]{24}$/);
    expect(errors).toEqual([]);

    const run = (await h.app.call('GET', RUN, undefined, {}, users.get('bpkad')!)).body;
    // Under CI's load the read models may still be catching up with the run the PDF was printed
    // from: ask the public API (about once a second, well inside its rate limit) until it answers,
    // so a wrong answer fails here with what it was, and the page below shows the settled one.
    const code = url!.split('/').pop()!;
    const verify = () => h.app.call('GET', `/api/v1/public/verification/${code}`, undefined, {}, null);
    let answer = await verify();
    for (let i = 0; i < 90 && answer.body?.result !== 'VALID'; i++) {
      await new Promise((res) => setTimeout(res, 1000));
      answer = await verify();
    }
    expect(answer.body).toMatchObject({ result: 'VALID' });
    // The public page, on a phone, with nobody signed in.
    const phone = await (await h.context(PHONE)).newPage();
    const phoneErrors = watchErrors(phone);
    await phone.goto(new URL(url!).pathname);
    const valid = phone.locator('[data-result="VALID"]');
    await valid.waitFor({ timeout: 30_000 }).catch(async (e) => {
      throw new Error(`${e}\nthe page said: ${await phone.locator('body').innerText()}\nerrors: ${JSON.stringify(phoneErrors)}`);
    });
    expect(await valid.textContent()).toMatch(/^Sah — Dinas Kesehatan, /);
    expect(await valid.textContent()).toContain(String(run.lineCount));
    expect(await accessibilityProblems(phone)).toEqual([]);
    await screenshot(phone, 'verifikasi-sah-ponsel');

    await phone.goto(`/verifikasi/${code.slice(0, -1)}${code.endsWith('0') ? '1' : '0'}`);
    await phone.locator('[data-result="NOT_FOUND"]').getByText('Tidak ditemukan', { exact: true }).waitFor();
    expect(await accessibilityProblems(phone)).toEqual([]);
    await screenshot(phone, 'verifikasi-tidak-ditemukan-ponsel');
    expect(phoneErrors).toEqual([]);
  });
});
