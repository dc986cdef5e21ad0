import type { KeyObject } from 'node:crypto';
import type { SealFields, SealTrigger } from '@kinerja/domain/seal';

/** The Pemda's seal key: signs seals; the private key never leaves the adapter. */
export const SEAL_KEYS = Symbol('SEAL_KEYS');
/** Where a seal is asked for in the background (the maintenance queue), e.g. when a run is disbursed. */
export const SEAL_JOBS = Symbol('SEAL_JOBS');

export interface SealKeys {
  publicKey(): KeyObject;
  /** The base64 Ed25519 signature over the seal's lines (file.ts `sealSignedText`). */
  sign(fields: SealFields): string;
}

export interface SealRequest {
  trigger: SealTrigger;
  runId: string | null;
  /** One seal per key, however often it is asked for (the job's and the command's idempotency key). */
  key: string;
}

export interface SealJobs {
  request(r: SealRequest): Promise<void>;
}

export interface SealDeps {
  keys: SealKeys;
  jobs: SealJobs;
}
