import { EventStore, migrate, PostgresEventStore } from '@kinerja/event-store';
import {
  appraisalsProjection,
  attendanceProjection,
  attendanceScansProjection,
  auditTimelineProjection,
  dailyReportsProjection,
  employeeDirectoryProjection,
  feedbackInvitationsProjection,
  orgStructureProjection,
  payrollProjection,
  Projection,
  ProjectionRunner,
  realisationsProjection,
  reconciliationProjection,
  remindersProjection,
  workPlansProjection,
} from '@kinerja/projections';
import type { EvidenceStore } from '@kinerja/application';
import { Clock, systemClock } from '@kinerja/kernel';
import { createEvidenceStore } from './evidence-store';
import type { Config } from './config';
import { Database, databaseProblem, openDatabase } from './database';
import { createLogger, Logger, throttledWarn } from './logger';
import { QueueConnection } from './queue';
import { Auth } from './auth';

/** Every projection the system runs, in one list: the worker runs them, the CLI lists them. */
export const PROJECTIONS: Projection[] = [
  auditTimelineProjection,
  employeeDirectoryProjection,
  orgStructureProjection,
  payrollProjection,
  workPlansProjection,
  dailyReportsProjection,
  feedbackInvitationsProjection,
  realisationsProjection,
  remindersProjection,
  appraisalsProjection,
  attendanceProjection,
  attendanceScansProjection,
  reconciliationProjection,
];

export interface Runtime {
  config: Config;
  log: Logger;
  db: Database;
  /** The event store (PostgreSQL's or KurrentDB's): every reader of events goes through it. The
   * read models, their checkpoints and the queue's bookkeeping live in PostgreSQL whatever it is. */
  store: EventStore;
  runner: ProjectionRunner;
  queues: QueueConnection;
  auth: Auth;
  /** Evidence files: DATA_DIR/evidence, or the S3-compatible bucket of EVIDENCE_S3_*. */
  evidence: EvidenceStore;
  /** "Now" for deadlines and for the appraisal commands; tests set one to walk a window's edges. */
  clock: Clock;
  /** Runs `fn` when the runtime closes, before the stores it uses are (e.g. the application context). */
  onClose(fn: () => Promise<void>): void;
  close(): Promise<void>;
}

/**
 * Opens the database (embedded or given), migrates it, and wires the stores and the queue.
 * `attach`: a one-shot command, which uses the embedded PostgreSQL a running `kinerja start` owns.
 */
export async function createRuntime(
  config: Config,
  log: Logger = createLogger(config),
  options: { attach?: boolean } = {},
): Promise<Runtime> {
  const db = await openDatabase(config, { log: (m) => log.info(m), warn: (m) => log.warn(m), attach: options.attach });
  try {
    const migrated = await migrate(db.pool);
    if (migrated.applied.length) log.info({ applied: migrated.applied }, 'migrations applied');
  } catch (e) {
    await db.stop();
    throw e;
  }
  let store: EventStore;
  if (config.eventStore === 'kurrentdb') {
    // Loaded only when chosen: the gRPC client is heavy and most installations never need it.
    const { createKurrentDbEventStore } = require('@kinerja/event-store/kurrentdb/kurrentdb-event-store');
    store = createKurrentDbEventStore({ connectionString: config.kurrentdbUrl!, maxEventBytes: config.eventMaxBytes });
  } else store = new PostgresEventStore({ pool: db.pool, maxEventBytes: config.eventMaxBytes });
  const runner = new ProjectionRunner(db.pool, store, PROJECTIONS, { logger: log });
  const queueError = throttledWarn(log);
  const queues = new QueueConnection(config, db.url, (queue, e) =>
    queueError(queue, { queue, error: databaseProblem(e) }, 'job queue error'),
  );
  const closing: Array<() => Promise<void>> = [];
  return {
    config,
    log,
    db,
    store,
    runner,
    queues,
    auth: new Auth(config, systemClock),
    evidence: createEvidenceStore(config),
    clock: systemClock,
    onClose: (fn) => void closing.push(fn),
    async close() {
      for (const fn of closing.splice(0).reverse()) await fn().catch((e) => log.warn({ err: e }, 'close failed'));
      await queues.close().catch((e) => log.warn({ err: e }, 'queue close failed'));
      await store.close();
      await db.stop();
    },
  };
}
