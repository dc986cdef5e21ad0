import { createHash } from 'node:crypto';
import { canonicalJson, sha256 } from '@kinerja/kernel';

/**
 * The tamper-evident chain, per stream:
 *   digest = sha256(canonical JSON of {data, eventId, metadata, schemaVersion, type})
 *   hash   = sha256(prev_hash || digest || "<streamId>/<streamPosition>/<recordedAt ISO, ms>")
 * The digest is computed by the appender (cheap in Node, costly in SQL); the chain step, which
 * needs the stream's head under its lock, by PostgreSQL. `audit verify` recomputes both from the
 * stored row, so nothing the appender claimed is taken on trust.
 */
export const GENESIS_HASH = Buffer.alloc(32);

/** Canonical JSON of an event's content, built from already-canonical data and metadata texts. */
export function canonicalContent(id: string, type: string, schemaVersion: number, dataJson: string, metadataJson: string): string {
  // Keys in code-point order, as canonicalJson would write them.
  return `{"data":${dataJson},"eventId":${JSON.stringify(id)},"metadata":${metadataJson},"schemaVersion":${schemaVersion},"type":${JSON.stringify(type)}}`;
}

export function contentDigest(content: string): Buffer {
  return sha256(content);
}

/** The digest of an event as read back from the store. */
export function digestOfStored(e: { id: string; type: string; schemaVersion: number; data: unknown; metadata: unknown }): Buffer {
  return contentDigest(canonicalContent(e.id, e.type, e.schemaVersion, canonicalJson(e.data ?? null), canonicalJson(e.metadata ?? {})));
}

export function chainHash(prev: Buffer, digest: Buffer, streamId: string, streamPosition: number, recordedAt: Date): Buffer {
  return createHash('sha256').update(prev).update(digest).update(`${streamId}/${streamPosition}/${recordedAt.toISOString()}`).digest();
}
