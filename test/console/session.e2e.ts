import { DEMO_USERS } from '../../libs/application/src';
import { startConsole, signInAs, screenshot, accessibilityProblems, watchErrors, PHONE, type ConsoleHarness } from './browser';

/** Signing in, the frame of the console, and what the API serves at `/`. */
describe('the console: sign-in and the inbox', () => {
  let h: ConsoleHarness;
  beforeAll(async () => {
    h = await startConsole();
  });
  afterAll(() => h?.close());

  it('is served at / with its own CSP, and a reload of a console path opens the console; /api stays the API', async () => {
    const root = await fetch(`${h.app.url}/`);
    expect(root.status).toBe(200);
    expect(root.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await root.text()).toContain('<div id="root">');
    const deep = await fetch(`${h.app.url}/skp/196904281989022361/2026`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<div id="root">');
    const unknown = await fetch(`${h.app.url}/api/v1/nothing-here`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: expect.any(String) } });
    expect((await fetch(`${h.app.url}/docs/openapi.json`)).headers.get('content-type')).toContain('json');
  });

  it('lists the demo users by role and signs in as one, on a phone; the inbox shows what waits', async () => {
    const page = await (await h.context(PHONE)).newPage();
    const errors = watchErrors(page);
    await page.goto('/');
    await page.getByRole('heading', { name: 'Masuk ke kinerja' }).waitFor();
    // The heading shows before the list of demo users has come from GET /api/v1/session: wait for the list.
    await page
      .getByRole('button', { name: /^Masuk sebagai / })
      .first()
      .waitFor();
    expect(await page.getByRole('button', { name: /^Masuk sebagai / }).count()).toBe(DEMO_USERS.length);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'masuk-ponsel');
    await signInAs(page, 'kabid.dinkes');
    // kabid.dinkes has the kasi's submitted work to see and an appraisal issued to them.
    await page.getByText('Penilaian saya yang ditetapkan').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'beranda-ponsel');
    // Sign-out from the account menu returns to the sign-in page, and / asks to sign in again.
    await page.getByRole('button', { name: /menu akun$/ }).click();
    await page.getByRole('menuitem', { name: 'Keluar' }).click();
    await page.getByRole('heading', { name: 'Masuk ke kinerja' }).waitFor();
    await page.goto('/');
    await page.getByRole('heading', { name: 'Masuk ke kinerja' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('answers the session API: options, demo sign-in, me; an unknown user is a coded 404 and nothing is signed', async () => {
    const options = await h.app.call('GET', '/api/v1/session', undefined, {}, null);
    expect(options.status).toBe(200);
    expect(options.body).toMatchObject({ mode: 'development', oidc: null });
    expect(options.body.demoUsers.map((u: { username: string }) => u.username)).toContain('pegawai');
    const bad = await h.app.call('POST', '/api/v1/session/demo', { username: '__proto__' }, {}, null);
    expect(bad.status).toBe(404);
    expect(bad.body.error.code).toBe('UNKNOWN_USER');
    const empty = await h.app.call('POST', '/api/v1/session/demo', { username: '' }, {}, null);
    expect(empty.status).toBe(400);
    const ok = await h.app.call('POST', '/api/v1/session/demo', { username: 'kasi.dinkes' }, {}, null);
    expect(ok.status).toBe(200);
    const me = await fetch(`${h.app.url}/api/v1/me`, { headers: { Authorization: `Bearer ${ok.body.token}` } });
    const body: any = await me.json();
    expect(body).toMatchObject({ userId: 'kasi.dinkes', nip: ok.body.user.nip, roles: ['pegawai'] });
    expect(body.team.length).toBeGreaterThan(0);
    expect(body.supervisor).toMatchObject({ nip: expect.stringMatching(/^\d{18}$/) });
  });
});
