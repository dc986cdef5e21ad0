// What the console reads from its own bearer token: only the expiry and the display claims. The API
// verifies the signature; the console never trusts these for anything but what to show.

export interface TokenClaims {
  sub: string;
  nip?: string;
  name?: string;
  roles: string[];
  /** Seconds since the epoch. */
  exp?: number;
}

function base64UrlDecode(part: string): string {
  const b64 = part
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(part.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** The claims of a JWT, or null when it is not one. */
export function claimsOf(token: string): TokenClaims | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const p = JSON.parse(base64UrlDecode(parts[1])) as Record<string, unknown>;
    if (typeof p.sub !== 'string') return null;
    return {
      sub: p.sub,
      nip: typeof p.nip === 'string' ? p.nip : undefined,
      name: typeof p.name === 'string' ? p.name : undefined,
      roles: Array.isArray(p.roles) ? p.roles.filter((r): r is string => typeof r === 'string') : [],
      exp: typeof p.exp === 'number' ? p.exp : undefined,
    };
  } catch {
    return null;
  }
}

/** Whether the token has expired at `at` (with a few seconds' margin for the request on its way). */
export function isExpired(claims: TokenClaims, at: Date, marginSeconds = 5): boolean {
  return claims.exp !== undefined && claims.exp * 1000 <= at.getTime() + marginSeconds * 1000;
}
