import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRemoteJWKSet, errors, jwtVerify, JWTPayload, SignJWT } from 'jose';
import { Actor, Clock, KinerjaError, systemClock } from '@kinerja/kernel';
import type { Config } from './config';

/** What verifying and signing tokens needs of the configuration (the console's OIDC client is not its concern). */
type AuthConfig = Pick<Config, 'dataDir'> & { auth: Pick<Config['auth'], 'jwksUrl' | 'issuer' | 'audience' | 'devSecret'> };

const unauthenticated = (code: string, message: string) => new KinerjaError(code, message, 'UNAUTHENTICATED');

/** How many verified tokens are remembered, and for how long at most (a key withdrawn from the JWKS takes effect within it). */
const VERIFIED_MAX = 10_000;
const VERIFIED_TTL_S = 60;

/**
 * Bearer JWT. Production verifies against the identity provider's JWKS (issuer and audience
 * checked); the embedded default signs and verifies HS256 with a secret kept in DATA_DIR.
 * A token says who you are and your roles; supervisor rights never come from it (they are
 * derived from org history at the moment of the action).
 */
export class Auth {
  private readonly key: Uint8Array | ReturnType<typeof createRemoteJWKSet>;
  readonly dev: boolean;
  /**
   * Tokens already verified, by the token itself: a client sends the same token with every
   * request for hours, and checking its signature again (WebCrypto, a key import and a job per
   * call) was a tenth of the API's CPU under load. Kept until the token expires, at most
   * VERIFIED_TTL_S; the oldest is dropped when full.
   */
  private readonly verified = new Map<string, { actor: Actor; until: number }>();

  constructor(
    private readonly config: AuthConfig,
    private readonly clock: Clock = systemClock,
  ) {
    this.dev = !config.auth.jwksUrl;
    this.key = config.auth.jwksUrl ? createRemoteJWKSet(new URL(config.auth.jwksUrl)) : new TextEncoder().encode(devSecret(config));
  }

  async verify(header: string | undefined): Promise<Actor> {
    if (!header) throw unauthenticated('TOKEN_MISSING', 'send Authorization: Bearer <token>');
    const m = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/.exec(header.trim());
    if (!m) throw unauthenticated('TOKEN_MALFORMED', 'the Authorization header is not a bearer JWT');
    const now = this.clock.now();
    const nowS = Math.floor(now.getTime() / 1000);
    const known = this.verified.get(m[1]);
    if (known && known.until > nowS) return { ...known.actor, roles: [...known.actor.roles] };
    if (known) this.verified.delete(m[1]);
    let payload: JWTPayload;
    try {
      const options = {
        issuer: this.config.auth.issuer,
        audience: this.config.auth.audience,
        algorithms: this.dev ? ['HS256'] : undefined,
        currentDate: now,
      };
      // jose overloads jwtVerify by key kind: a secret, or a key set resolved per token.
      ({ payload } = this.key instanceof Uint8Array ? await jwtVerify(m[1], this.key, options) : await jwtVerify(m[1], this.key, options));
    } catch (e) {
      if (e instanceof errors.JWTExpired) throw unauthenticated('TOKEN_EXPIRED', 'the token has expired');
      if (e instanceof errors.JWSSignatureVerificationFailed)
        throw unauthenticated('TOKEN_INVALID_SIGNATURE', 'the token signature does not verify');
      if (e instanceof errors.JWTClaimValidationFailed) {
        if (e.claim === 'aud') throw unauthenticated('TOKEN_WRONG_AUDIENCE', 'the token is for another audience');
        if (e.claim === 'iss') throw unauthenticated('TOKEN_WRONG_ISSUER', 'the token is from another issuer');
        throw unauthenticated('TOKEN_INVALID', `token claim ${e.claim} is invalid`);
      }
      throw unauthenticated('TOKEN_INVALID', 'the token cannot be verified');
    }
    if (typeof payload.sub !== 'string' || !payload.sub) throw unauthenticated('TOKEN_INVALID', 'the token has no subject');
    const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is string => typeof r === 'string') : [];
    const actor: Actor = { userId: payload.sub, nip: typeof payload.nip === 'string' ? payload.nip : undefined, roles };
    if (this.verified.size >= VERIFIED_MAX) this.verified.delete(this.verified.keys().next().value!);
    // jose refuses a token once exp <= now: so does the cache.
    this.verified.set(m[1], { actor, until: Math.min(payload.exp ?? Infinity, nowS + VERIFIED_TTL_S) });
    return { ...actor, roles: [...roles] };
  }

  /** Development tokens (`kinerja token`, tests). Refused in production: the IdP issues those. */
  async sign(
    claims: { sub: string; nip?: string; roles: string[]; name?: string },
    options: { expiresIn?: string | number; audience?: string } = {},
  ) {
    if (!this.dev)
      throw new KinerjaError('DEV_TOKENS_DISABLED', 'tokens come from the identity provider when AUTH_JWKS_URL is set', 'RULE');
    return new SignJWT({ roles: claims.roles, ...(claims.nip ? { nip: claims.nip } : {}), ...(claims.name ? { name: claims.name } : {}) })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.sub)
      .setIssuer(this.config.auth.issuer)
      .setAudience(options.audience ?? this.config.auth.audience)
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? '8h')
      .sign(this.key as Uint8Array);
  }
}

function devSecret(config: AuthConfig): string {
  if (config.auth.devSecret) return config.auth.devSecret;
  const file = join(config.dataDir, 'jwt-secret');
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    try {
      writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e; // another process made it first
    }
  }
  return readFileSync(file, 'utf8').trim();
}
