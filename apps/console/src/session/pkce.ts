// The OIDC authorization-code flow with PKCE (RFC 7636), in the browser: the console is a public
// client, so it proves with a one-time verifier, never a secret, that it asked for the code.

const base64Url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** A fresh random string of 43+ unreserved characters (32 random bytes). */
export function randomToken(): string {
  return base64Url(globalThis.crypto.getRandomValues(new Uint8Array(32)));
}

/** S256: base64url(sha256(verifier)). */
export async function challengeOf(verifier: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

export interface OidcClient {
  issuer: string;
  clientId: string;
  scope: string;
  audience: string;
}

export interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
  end_session_endpoint?: string;
}

export function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
}

/** Where the browser goes to sign in. */
export function authorizationUrl(
  d: Discovery,
  c: OidcClient,
  p: { redirectUri: string; state: string; challenge: string; nonce: string },
): string {
  const u = new URL(d.authorization_endpoint);
  u.searchParams.set('response_type', 'code');
  u.searchParams.set('client_id', c.clientId);
  u.searchParams.set('redirect_uri', p.redirectUri);
  u.searchParams.set('scope', c.scope);
  u.searchParams.set('state', p.state);
  u.searchParams.set('nonce', p.nonce);
  u.searchParams.set('code_challenge', p.challenge);
  u.searchParams.set('code_challenge_method', 'S256');
  // Keycloak, Auth0 and others take the API's audience as a parameter; the rest ignore it.
  u.searchParams.set('audience', c.audience);
  return u.toString();
}

/** The token request's form body: the code and the verifier that proves who asked for it. */
export function tokenRequestBody(c: OidcClient, p: { code: string; redirectUri: string; verifier: string }): URLSearchParams {
  return new URLSearchParams({
    grant_type: 'authorization_code',
    code: p.code,
    redirect_uri: p.redirectUri,
    client_id: c.clientId,
    code_verifier: p.verifier,
  });
}
