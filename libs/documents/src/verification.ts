import { createHmac, timingSafeEqual } from 'node:crypto';

// The verification code printed (as a QR code) on a rekap: it names one calculation of one run
// (the run id and the digest that was signed) and cannot be guessed without the server's secret.
// A changed calculation has another digest, so another code; the old code still names the old one.

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford's base 32, lower case

/** 24 characters (120 bits) of HMAC-SHA256(secret, runId + digest). */
export function verificationCode(secret: string, runId: string, digest: string): string {
  const mac = createHmac('sha256', secret).update(`kinerja-rekap-v1\n${runId}\n${digest}`).digest();
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of mac.subarray(0, 15)) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

/** A code as someone may type or scan it: 24 characters of the alphabet (case ignored), else null. */
export function normaliseCode(code: string): string | null {
  const c = code.trim().toLowerCase();
  return /^[0-9a-hjkmnp-tv-z]{24}$/.test(c) ? c : null;
}

/** Compares two codes in constant time. */
export function sameCode(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** The public page a code opens: `<base>/verifikasi/<code>`. */
export const verificationUrl = (publicBaseUrl: string, code: string): string => `${publicBaseUrl.replace(/\/+$/, '')}/verifikasi/${code}`;
