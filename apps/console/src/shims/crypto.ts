// node:crypto in the browser: libs/kernel's ids use randomUUID (the browser has it) and a hash that
// only the server computes.
export const randomUUID = () => globalThis.crypto.randomUUID();
export function createHash(): never {
  throw new Error('node:crypto createHash is not available in the console');
}
