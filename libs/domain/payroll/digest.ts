/**
 * The digest an approver signs: a multiset hash of the run's lines, the sum modulo 2^256 of the
 * SHA-256 of each line's canonical form. Order does not matter, and replacing one line (a slip
 * recalculated) updates it in O(1) without reading the other 100,000 lines.
 */
import { sha256Hex } from '@kinerja/kernel';

const MOD = 1n << 256n;
export const EMPTY_DIGEST = '0'.repeat(64);

/** The part of a line that is paid: who, which line, and every amount. */
export interface DigestedLine {
  nip: string;
  lineKey: string;
  amounts: Record<string, string>;
}

export function lineHash(line: DigestedLine): string {
  // A fixed, unambiguous text (amount keys sorted; values are digit strings): canonical JSON of
  // 100,000 lines costs more than the pay calculation itself.
  let text = `${line.nip}\u0000${line.lineKey}`;
  for (const k of Object.keys(line.amounts).sort()) text += `\u0000${k}=${line.amounts[k]}`;
  return sha256Hex(text);
}

const hex = (n: bigint) => n.toString(16).padStart(64, '0');

export function digestOf(hashes: Iterable<string>): string {
  let sum = 0n;
  for (const h of hashes) sum += BigInt('0x' + h);
  return hex(sum % MOD);
}

/** `digestOf`, one hash at a time: a calculation of 100,000 lines does not keep their hashes to digest them. */
export function digestAccumulator(): { add(hash: string): void; readonly count: number; digest(): string } {
  let sum = 0n;
  let count = 0;
  return {
    add(hash: string) {
      sum += BigInt('0x' + hash);
      count++;
    },
    get count() {
      return count;
    },
    digest: () => hex(sum % MOD),
  };
}

export function replaceInDigest(digest: string, removed: string, added: string): string {
  const d = BigInt('0x' + (digest || EMPTY_DIGEST));
  return hex((((d - BigInt('0x' + removed) + BigInt('0x' + added)) % MOD) + MOD) % MOD);
}
