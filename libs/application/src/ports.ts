import type { Pool } from 'pg';
import type { Clock } from '@kinerja/kernel';
import type { EventStore } from '@kinerja/event-store';
import type { PolicyDocument } from '@kinerja/policies';
import type { ProjectionStatus } from '@kinerja/projections';
import type { EvidenceStore } from './evidence/store';
import type { PayrollQueue } from './payroll/calculation-job';
import type { AppraisalDeps } from './appraisal/reads';
import type { SealDeps } from './audit/seal-ports';

// Injection tokens of what the command and query handlers need from outside the application layer.
// The running system (libs/platform) builds an `ApplicationDeps` and hands it to `ApplicationModule`;
// the handlers ask for the ports one by one, so a test or a CLI can give them other adapters.

/** Where commands append and aggregates are loaded from (PostgreSQL or KurrentDB). */
export const EVENT_STORE = Symbol('EVENT_STORE');
/** "Now" for every handler: the machine's clock in production, a set one in tests and replays. */
export const CLOCK = Symbol('CLOCK');
/** The PostgreSQL pool the read models live in (whatever the event store is). */
export const READ_DB = Symbol('READ_DB');
/** Evidence files (DATA_DIR or an S3-compatible bucket). */
export const EVIDENCE_STORE = Symbol('EVIDENCE_STORE');
/** Counts requests per key in a time window, refusing over the limit (RATE_LIMITED). */
export const RATE_LIMITER = Symbol('RATE_LIMITER');
/** The configured limits the handlers apply (evidence size, public feedback rate). */
export const LIMITS = Symbol('LIMITS');

export interface RateLimiter {
  /** Counts one request on `key`; over `limit` in the window it throws RATE_LIMITED. */
  hit(key: string, limit: number, windowSeconds: number): Promise<void>;
  /** A client address as a key: hashed, so the table keeps no addresses. */
  clientKey(address: string): string;
}

export interface ApplicationLimits {
  /** The largest evidence file accepted, in bytes. */
  evidenceMaxBytes: number;
  publicFeedback: { perClient: number; perLink: number; windowSeconds: number };
}

/** The documents' settings (the Pemda's name, the public address, the verification secret and rate). */
export const DOCUMENTS = Symbol('DOCUMENTS');

export interface DocumentSettings {
  /** The Pemda's name as the documents' header shows it (KINERJA_PEMDA_NAME). */
  pemdaName: string;
  /** The public address the verification QR code opens (KINERJA_PUBLIC_URL); null: the request's own origin. */
  publicUrl: string | null;
  /** The secret the verification codes are derived with (read once, when first needed). */
  verificationSecret(): string;
  /** Public verification look-ups allowed per client address in each window. */
  verificationPerClient: number;
  windowSeconds: number;
}

/** The policy versions known: shipped and published (read when needed, so a new version applies at once). */
export const POLICIES = Symbol('POLICIES');
/** Where a payroll run's calculation job is queued and followed. */
export const PAYROLL_QUEUE = Symbol('PAYROLL_QUEUE');

/** The maintenance queue's background jobs (the audit verification): start one, read one back. */
export const MAINTENANCE_JOBS = Symbol('MAINTENANCE_JOBS');
/** Bulk import files between their upload and their job (table import_files). */
export const IMPORT_FILES = Symbol('IMPORT_FILES');

export interface ImportFiles {
  /** Keeps piece `piece` (0, 1, …) of the file `uploadId`. */
  write(uploadId: string, piece: number, bytes: Buffer): Promise<void>;
  /** The file, its pieces in order; undefined when there is none (never uploaded, or done and deleted). */
  read(uploadId: string): Promise<Buffer | undefined>;
  drop(uploadId: string): Promise<void>;
}

/** The projections' checkpoints and lag, as the projection runner reports them. */
export const PROJECTION_STATUS = Symbol('PROJECTION_STATUS');

/** A background job as a caller follows it. */
export interface JobView {
  id: string;
  name: string;
  state: string;
  progress: unknown;
  result: unknown;
  failedReason: string | null;
}

export interface MaintenanceJobs {
  /** Queues a job; its id. `jobId` names it (the same id again queues nothing); `attempts` retries a job whose worker died or failed. */
  start(name: string, data?: object, options?: { jobId?: string; attempts?: number }): Promise<string>;
  /** The job, or null when there is none with this id (never queued, or cleaned up). */
  status(id: string): Promise<JobView | null>;
}

export interface ProjectionStatusPort {
  status(): Promise<ProjectionStatus[]>;
}

export interface ApplicationDeps {
  store: EventStore;
  clock: Clock;
  readDb: Pool;
  evidence: EvidenceStore;
  rateLimiter: RateLimiter;
  limits: ApplicationLimits;
  policies: () => Promise<readonly PolicyDocument[]>;
  payrollQueue: PayrollQueue;
  jobs: MaintenanceJobs;
  importFiles: ImportFiles;
  projections: ProjectionStatusPort;
  /** The appraisal area's policies in force and the deadline queue (the objection timers). */
  appraisal: AppraisalDeps;
  signIn: SignInPort;
  /** The seal key and the background seal job (audit seals, issue 15). */
  seals: SealDeps;
  /** The SIASN exchange; absent: the file adapter (a download the Pemda uploads to SIASN). */
  siasn?: import('./reconciliation/siasn-exchange').SiasnExchange;
  documents: DocumentSettings;
}

export const SIGN_IN = Symbol('SIGN_IN');

/** Where kinerja's issued periodic appraisals go to SIASN: a file to upload now, a live adapter where the Pemda has credentials. */
export const SIASN_EXCHANGE = Symbol('SIASN_EXCHANGE');

export type { SiasnExchange, SiasnExport } from './reconciliation/siasn-exchange';

/**
 * How people sign in: on the embedded default kinerja signs development tokens itself (the demo
 * users' sign-in page); in production the identity provider issues them through the console's
 * authorization-code flow with PKCE, and kinerja only verifies.
 */
export interface SignInPort {
  mode: 'development' | 'oidc';
  /** Issuer, the console's client id, scope and audience; null in development or when no client id is configured. */
  oidc: { issuer: string; clientId: string; scope: string; audience: string } | null;
  /** A development token (refused in oidc mode). */
  sign(claims: { sub: string; nip?: string; roles: string[]; name?: string }, expiresIn: string): Promise<string>;
}
