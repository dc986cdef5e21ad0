import { authorizationUrl, challengeOf, discoveryUrl, randomToken, tokenRequestBody } from './pkce';

const client = { issuer: 'https://sso.pemda.go.id/realms/asn/', clientId: 'kinerja-console', scope: 'openid profile', audience: 'kinerja' };

describe('PKCE (RFC 7636) in the browser', () => {
  it('derives the S256 challenge of the RFC’s example verifier', async () => {
    // RFC 7636 appendix B.
    expect(await challengeOf('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes fresh verifiers of 43 unreserved characters', () => {
    const a = randomToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomToken()).not.toBe(a);
  });

  it('sends the code request with the challenge and never a secret; redeems the code with the verifier', () => {
    const u = new URL(
      authorizationUrl(
        { authorization_endpoint: 'https://sso.pemda.go.id/auth?kc=1', token_endpoint: 'https://sso.pemda.go.id/token' },
        client,
        {
          redirectUri: 'https://kinerja.pemda.go.id/masuk/callback',
          state: 'S',
          challenge: 'C',
          nonce: 'N',
        },
      ),
    );
    expect(Object.fromEntries(u.searchParams)).toEqual({
      kc: '1',
      response_type: 'code',
      client_id: 'kinerja-console',
      redirect_uri: 'https://kinerja.pemda.go.id/masuk/callback',
      scope: 'openid profile',
      state: 'S',
      nonce: 'N',
      code_challenge: 'C',
      code_challenge_method: 'S256',
      audience: 'kinerja',
    });
    const body = Object.fromEntries(tokenRequestBody(client, { code: 'K', redirectUri: 'https://x/masuk/callback', verifier: 'V' }));
    expect(body).toEqual({
      grant_type: 'authorization_code',
      code: 'K',
      redirect_uri: 'https://x/masuk/callback',
      client_id: 'kinerja-console',
      code_verifier: 'V',
    });
    expect(discoveryUrl(client.issuer)).toBe('https://sso.pemda.go.id/realms/asn/.well-known/openid-configuration');
  });
});
