import { ApiError } from '../api/errors';
import { authorizationUrl, challengeOf, Discovery, discoveryUrl, OidcClient, randomToken, tokenRequestBody } from './pkce';

// The two halves of the browser's authorization-code flow: leave for the identity provider with a
// PKCE challenge, and come back to /masuk/callback with a code that only the same tab's verifier redeems.

const FLOW_KEY = 'kinerja.oidc';

interface Flow {
  state: string;
  verifier: string;
  client: OidcClient;
}

async function discover(issuer: string): Promise<Discovery> {
  const r = await fetch(discoveryUrl(issuer));
  if (!r.ok) throw new ApiError(0, 'NETWORK_ERROR', `discovery answered ${r.status}`, {});
  return (await r.json()) as Discovery;
}

const redirectUri = () => `${location.origin}/masuk/callback`;

export async function startOidcSignIn(client: OidcClient): Promise<void> {
  const d = await discover(client.issuer);
  const flow: Flow = { state: randomToken(), verifier: randomToken(), client };
  sessionStorage.setItem(FLOW_KEY, JSON.stringify(flow));
  location.assign(
    authorizationUrl(d, client, {
      redirectUri: redirectUri(),
      state: flow.state,
      challenge: await challengeOf(flow.verifier),
      nonce: randomToken(),
    }),
  );
}

/** The callback: checks the state, redeems the code with the verifier, answers the access token. */
export async function finishOidcSignIn(params: URLSearchParams): Promise<string> {
  const raw = sessionStorage.getItem(FLOW_KEY);
  sessionStorage.removeItem(FLOW_KEY);
  const flow = raw ? (JSON.parse(raw) as Flow) : null;
  if (params.get('error')) throw new ApiError(401, 'SIGN_IN_REFUSED', params.get('error_description') ?? params.get('error')!, {});
  const code = params.get('code');
  if (!flow || !code || params.get('state') !== flow.state)
    throw new ApiError(400, 'SIGN_IN_STATE_MISMATCH', 'the sign-in did not start in this tab', {});
  const d = await discover(flow.client.issuer);
  const r = await fetch(d.token_endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: tokenRequestBody(flow.client, { code, redirectUri: redirectUri(), verifier: flow.verifier }),
  });
  const body = (await r.json().catch(() => ({}))) as { access_token?: unknown };
  if (!r.ok || typeof body.access_token !== 'string') throw new ApiError(401, 'SIGN_IN_REFUSED', `token endpoint answered ${r.status}`, {});
  return body.access_token;
}
