import type { Pool } from 'pg';
import type { Clock } from '@kinerja/kernel';
import type { EventStore } from '@kinerja/event-store';
import type { EvidenceStore } from './evidence/store';
import type { AppraisalDeps } from './appraisal/service';

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

export interface ApplicationDeps {
  store: EventStore;
  clock: Clock;
  readDb: Pool;
  evidence: EvidenceStore;
  /** The appraisal area's policies in force and the deadline queue (the objection timers). */
  appraisal: AppraisalDeps;
}
