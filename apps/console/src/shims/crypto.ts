// node:crypto in the browser: libs/kernel's ids use randomUUID (the browser has it) and a hash that
// only the server computes.
export const randomUUID = () => globalThis.crypto.randomUUID();
export function createHash(): never {
  throw new Error('node:crypto createHash is not available in the console');
}
// Node's one-shot `crypto.hash` (libs/kernel/src/merkle.ts falls back when it is absent, as here).
export const hash: undefined = undefined;
