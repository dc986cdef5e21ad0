/**
 * The evidence store port: files kept by the sha256 of their content. Adapters: local disk
 * (embedded mode, `DATA_DIR/evidence`) and an S3-compatible bucket (production), in @kinerja/platform.
 */
export interface EvidenceStore {
  /** Stores the bytes under their hash (idempotent: the same bytes land in the same place). */
  put(sha256: string, bytes: Buffer, contentType: string): Promise<void>;
  has(sha256: string): Promise<boolean>;
  /** The bytes, checked against the hash: a changed file is refused with EVIDENCE_TAMPERED; missing: undefined. */
  get(sha256: string): Promise<Buffer | undefined>;
}
