import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { DEMO_USERS } from '../../libs/application/src';
import { accessibilityProblems, PHONE, startConsole, watchErrors, type ConsoleHarness } from './browser';

/**
 * A small identity provider of our own, speaking the parts of OpenID Connect the console uses:
 * discovery, the authorization endpoint (it approves at once, as a signed-in SSO session would) and
 * the token endpoint, which redeems a code only with the PKCE verifier whose S256 challenge came with
 * it. Its access tokens are RS256 JWTs the API verifies against its JWKS, as in production.
 */
async function identityProvider(user: { sub: string; nip: string; roles: string[] }) {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const codes = new Map<string, { challenge: string; redirectUri: string; clientId: string }>();
  const seen = { authorize: [] as Record<string, string>[], refused: [] as string[] };
  let issuer = '';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Headers', 'Content-Type');
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    const json = (status: number, body: unknown) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    if (url.pathname === '/.well-known/openid-configuration')
      return json(200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
      });
    if (url.pathname === '/jwks') return json(200, { keys: [jwk] });
    if (url.pathname === '/authorize') {
      const q = Object.fromEntries(url.searchParams);
      seen.authorize.push(q);
      const code = randomBytes(16).toString('hex');
      codes.set(code, { challenge: q.code_challenge, redirectUri: q.redirect_uri, clientId: q.client_id });
      const back = new URL(q.redirect_uri);
      back.searchParams.set('code', code);
      back.searchParams.set('state', q.state);
      return void res.writeHead(302, { Location: back.toString() }).end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', async () => {
        const p = new URLSearchParams(body);
        const grant = codes.get(p.get('code') ?? '');
        codes.delete(p.get('code') ?? '');
        const verified =
          grant &&
          p.get('grant_type') === 'authorization_code' &&
          p.get('client_id') === grant.clientId &&
          p.get('redirect_uri') === grant.redirectUri &&
          createHash('sha256')
            .update(p.get('code_verifier') ?? '')
            .digest('base64url') === grant.challenge;
        if (!verified) {
          seen.refused.push(body);
          return json(400, { error: 'invalid_grant' });
        }
        const token = await new SignJWT({ nip: user.nip, roles: user.roles })
          .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
          .setSubject(user.sub)
          .setIssuer(issuer)
          .setAudience('kinerja')
          .setIssuedAt()
          .setExpirationTime('1h')
          .sign(privateKey);
        json(200, { access_token: token, token_type: 'Bearer', expires_in: 3600 });
      });
      return;
    }
    json(404, { error: 'not_found' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { issuer, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('the console signs in with the identity provider (OIDC authorization code with PKCE)', () => {
  const kasi = DEMO_USERS.find((u) => u.username === 'kasi.dinkes')!;
  let idp: Awaited<ReturnType<typeof identityProvider>>;
  let h: ConsoleHarness;
  beforeAll(async () => {
    idp = await identityProvider({ sub: 'sso:ahmad', nip: kasi.nip!, roles: ['pegawai'] });
    h = await startConsole({ AUTH_JWKS_URL: `${idp.issuer}/jwks`, AUTH_ISSUER: idp.issuer, AUTH_OIDC_CLIENT_ID: 'kinerja-console' });
  });
  afterAll(async () => {
    await h?.close();
    await idp?.close();
  });

  it('offers no demo users, refuses a demo sign-in, and lets the page reach only itself and the provider', async () => {
    const options = await h.app.call('GET', '/api/v1/session', undefined, {}, null);
    expect(options.body).toEqual({
      mode: 'oidc',
      oidc: { issuer: idp.issuer, clientId: 'kinerja-console', scope: 'openid profile', audience: 'kinerja' },
      demoUsers: [],
    });
    const demo = await h.app.call('POST', '/api/v1/session/demo', { username: 'kasi.dinkes' }, {}, null);
    expect(demo.status).toBe(404);
    expect(demo.body.error.code).toBe('DEMO_SIGN_IN_DISABLED');
    const csp = (await fetch(`${h.app.url}/`)).headers.get('content-security-policy');
    expect(csp).toContain(`connect-src 'self' ${idp.issuer}`);
  });

  it('goes to the provider with an S256 challenge and comes back signed in with its token', async () => {
    const page = await (await h.context(PHONE)).newPage();
    const errors = watchErrors(page);
    await page.goto('/skp');
    await page.getByRole('button', { name: 'Masuk dengan akun Pemda' }).click();
    // Signed in (the account menu), back where the user wanted to go before signing in.
    await page.getByRole('button', { name: /menu akun$/ }).waitFor();
    // (/skp itself goes on to the plan of this year: /skp/<nip>/<year>.)
    await page.waitForURL((u) => /^\/skp(\/|$)/.test(u.pathname));
    expect(new URL(page.url()).pathname).toMatch(/^\/skp(\/|$)/);
    const asked = idp.seen.authorize.at(-1)!;
    expect(asked).toMatchObject({
      response_type: 'code',
      client_id: 'kinerja-console',
      code_challenge_method: 'S256',
      audience: 'kinerja',
    });
    expect(asked.code_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(idp.seen.refused).toEqual([]);
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('refuses a callback this tab did not start, in Indonesian, and signs nobody in', async () => {
    const page = await (await h.context()).newPage();
    await page.goto('/masuk/callback?code=forged&state=forged');
    await page.getByRole('alert').getByText('Proses masuk tidak dimulai dari tab ini').waitFor();
    expect(
      await page.evaluate(() =>
        (globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } }).sessionStorage.getItem('kinerja.session'),
      ),
    ).toBeNull();
  });
});
