import type { DomainEvent, Instant } from '@kinerja/kernel';

export const SEAL_TRIGGERS = ['DAILY', 'PAYROLL_DISBURSED', 'ON_DEMAND'] as const;
export type SealTrigger = (typeof SEAL_TRIGGERS)[number];

/** What a seal says, and what its file carries (file.ts). */
export interface SealFields {
  /** 1, 2, 3, … in the order seals were made. */
  seal: number;
  sealedAt: Instant;
  trigger: SealTrigger;
  /** The payroll run whose disbursement asked for the seal (PAYROLL_DISBURSED), else null. */
  runId: string | null;
  /** The cut of the log the heads were read at (PostgreSQL: the safe horizon); reading the heads again at it gives the same leaves. */
  cut: string;
  /** How many streams (leaves). */
  streams: number;
  /** The Merkle root over the leaves, hex. */
  root: string;
  /** `ed25519:` and the hex SHA-256 of the raw public key that signed. */
  key: string;
}

export type AuditSealed = DomainEvent<'AuditSealed', SealFields & { /** base64 Ed25519 over the file's signed lines */ signature: string }>;
export type SealEvent = AuditSealed;
export const SEAL_EVENT_TYPES = ['AuditSealed'] as const satisfies readonly SealEvent['type'][];

/** One stream holds every seal, in order. */
export const SEAL_STREAM_TYPE = 'AuditSeal';
export const SEAL_STREAM_ID = `${SEAL_STREAM_TYPE}-pemda`;
