import { Command, Query } from '@nestjs/cqrs';
import type { Actor, Instant } from '@kinerja/kernel';
import type { SealFields, SealTrigger } from '@kinerja/domain/seal';

// Sealed log heads (issue 15, item 4): a seal is a Merkle root over every stream's head, signed by
// the Pemda's key and kept by outsiders as a small file; the log is later checked against it.

export interface SealMade extends SealFields {
  /** True when a seal with this key was made already (nothing appended): its fields. */
  replayed: boolean;
}

/**
 * Seals the log now: every stream's head through the event store port, the Merkle root, signed,
 * recorded as `AuditSealed`. Sent by the daily job, the job a disbursement asks for, and
 * `kinerja audit seal` (all trusted: it names no actor). `key`: one seal per key.
 */
export class SealAuditLog extends Command<SealMade> {
  constructor(
    readonly trigger: SealTrigger,
    readonly runId: string | null = null,
    readonly key?: string,
  ) {
    super();
  }
}

export interface SealListItem extends SealFields {
  /** The seal file's name when downloaded. */
  fileName: string;
  eventId: string;
}

/** Every seal, oldest first. `actor` null: the console (trusted); else the inspectorate only. */
export class ListAuditSeals extends Query<{ seals: SealListItem[] }> {
  constructor(readonly actor: Actor | null) {
    super();
  }
}

/** One seal's file, as an outsider keeps it. */
export class GetAuditSealFile extends Query<{ seal: number; fileName: string; text: string }> {
  constructor(
    readonly seal: number,
    readonly actor: Actor | null,
  ) {
    super();
  }
}

/** The public key that checks the seals (PEM) and its fingerprint. Public: it is published. */
export class GetSealKey extends Query<{ algorithm: 'Ed25519'; fingerprint: string; publicKeyPem: string }> {}

export interface SealFailure {
  streamId: string;
  streamPosition: number;
  problem: string;
}

export interface SealVerification {
  ok: boolean;
  seal: number;
  sealedAt: Instant;
  cut: string;
  sealedStreams: number;
  /** Streams with events below the seal's cut in today's log. */
  streamsAtCut: number;
  /** Today's log below the cut gives the sealed root. */
  rootMatches: boolean;
  /** Streams whose sealed part no longer verifies (changed, removed or cut), first problem of each. */
  failures: SealFailure[];
  /** Problems in events appended after the seal (not part of what was sealed). */
  afterSeal: SealFailure[];
  eventsChecked: number;
  message: string;
}

/**
 * Proves that the log still extends what a seal file sealed: the file's signature (with the Pemda's
 * key, or `publicKeyPem`), then every stream's head at the seal's cut, read from the events, gives
 * the sealed root and count, and every hash chain below those heads verifies. Trusted (the console).
 */
export class VerifyAgainstSeal extends Query<SealVerification> {
  constructor(
    readonly sealText: string,
    readonly publicKeyPem?: string,
    readonly onProgress?: (p: { checked: number; total: number }) => void,
  ) {
    super();
  }
}

/** An inclusion proof of one stream's sealed head (a text file `kinerja audit check-proof` checks offline). */
export class ProveStreamInSeal extends Query<{ streamId: string; seal: number; text: string }> {
  constructor(
    readonly streamId: string,
    readonly sealText: string,
    readonly publicKeyPem?: string,
  ) {
    super();
  }
}
