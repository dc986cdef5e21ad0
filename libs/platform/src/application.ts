import { NestFactory } from '@nestjs/core';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApplicationDeps, ApplicationModule, ImportFiles, MaintenanceJobs } from '@kinerja/application';
import type { EventStore } from '@kinerja/event-store';
import { QUEUES } from './queue';
import { clientKey, hitRateLimit } from './rate-limit';
import { payrollPolicies, payrollQueue } from './payroll';
import type { Runtime } from './runtime';
import { appraisalDeps } from './appraisal';
import { sealDeps } from './seal-keys';
import { documentSettings } from './documents';

/** The ports of `ApplicationModule`, from the running system. */
export function applicationDeps(rt: Runtime): ApplicationDeps {
  return {
    // Both through the runtime, so a store or a clock set later (tests) is the one used: the
    // application context lives as long as the runtime, not as long as the store it first saw.
    store: new Proxy({} as EventStore, {
      get(_, prop) {
        const v: unknown = Reflect.get(rt.store, prop, rt.store);
        return typeof v === 'function' ? v.bind(rt.store) : v;
      },
    }),
    clock: { now: () => rt.clock.now() },
    readDb: rt.db.pool,
    evidence: rt.evidence,
    rateLimiter: { hit: async (key, limit, windowSeconds) => void (await hitRateLimit(rt.db.pool, key, limit, windowSeconds)), clientKey },
    limits: { evidenceMaxBytes: rt.config.evidence.maxBytes, publicFeedback: rt.config.publicFeedback },
    policies: payrollPolicies(rt),
    payrollQueue: payrollQueue(rt),
    jobs: maintenanceJobs(rt),
    importFiles: importFiles(rt),
    projections: { status: () => rt.runner.status() },
    appraisal: appraisalDeps(rt),
    signIn: {
      mode: rt.auth.dev ? 'development' : 'oidc',
      oidc:
        !rt.auth.dev && rt.config.auth.oidcClientId
          ? {
              issuer: rt.config.auth.issuer,
              clientId: rt.config.auth.oidcClientId,
              scope: rt.config.auth.oidcScope,
              audience: rt.config.auth.audience,
            }
          : null,
      sign: (claims, expiresIn) => rt.auth.sign(claims, { expiresIn }),
    },
    seals: sealDeps(rt),
    documents: documentSettings(rt.config),
  };
}

/** The maintenance queue as the application layer's port (a finished job is kept for a day). */
function maintenanceJobs(rt: Runtime): MaintenanceJobs {
  const queue = () => rt.queues.queue(QUEUES.maintenance);
  return {
    async start(name, data = {}, options = {}) {
      const job = await queue().add(name, data, {
        ...options,
        ...(options.attempts ? { backoff: { type: 'exponential', delay: 1000 } } : {}),
        removeOnComplete: { age: 86400 },
        removeOnFail: { age: 86400 },
      });
      return job.id!;
    },
    async status(id) {
      // State first, then the job: a job seen completed is read with its result (the other order
      // can catch it completing in between and show "completed" with no result).
      const state = await queue().getJobState(id);
      const job = await queue().getJob(id);
      if (!job || state === 'unknown') return null;
      return {
        id: job.id!,
        name: job.name,
        state,
        progress: job.progress,
        result: job.returnvalue ?? null,
        failedReason: job.failedReason ?? null,
      };
    },
  };
}

/** Import files in the table import_files, in the runtime's database (shared by api and worker processes). */
function importFiles(rt: Runtime): ImportFiles {
  return {
    async write(uploadId, piece, bytes) {
      await rt.db.pool.query('INSERT INTO import_files (upload_id, piece, bytes) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
        uploadId,
        piece,
        bytes,
      ]);
    },
    async read(uploadId) {
      const { rows } = await rt.db.pool.query<{ bytes: Buffer }>('SELECT bytes FROM import_files WHERE upload_id = $1 ORDER BY piece', [
        uploadId,
      ]);
      return rows.length ? Buffer.concat(rows.map((r) => r.bytes)) : undefined;
    },
    async drop(uploadId) {
      await rt.db.pool.query('DELETE FROM import_files WHERE upload_id = $1', [uploadId]);
    },
  };
}

/** The buses of the application layer, for a process without HTTP (the CLI, the demo loader, a job). */
export interface Application {
  commands: CommandBus;
  queries: QueryBus;
}

const contexts = new WeakMap<Runtime, Promise<Application>>();

/**
 * The application layer without HTTP: the same `ApplicationModule` the API registers, in a Nest
 * application context, so the CLI, the demo loader and the jobs send the same commands to the same
 * handlers (there is no second path to the store). One per runtime, made on first use and closed
 * with it. `overrides` replaces ports (a test holding the calculation queue back): that makes a
 * context of its own, also closed with the runtime.
 */
export function applicationContext(rt: Runtime, overrides?: Partial<ApplicationDeps>): Promise<Application> {
  if (overrides) return createContext(rt, () => ({ ...applicationDeps(rt), ...overrides }));
  let app = contexts.get(rt);
  if (!app) {
    app = createContext(rt, () => applicationDeps(rt));
    contexts.set(rt, app);
  }
  return app;
}

async function createContext(rt: Runtime, deps: () => ApplicationDeps): Promise<Application> {
  const ctx = await NestFactory.createApplicationContext(ApplicationModule.register(deps), {
    // Nest's own lines would land on stdout, where a CLI command prints only its answer.
    logger: { log: () => {}, error: (m, trace) => rt.log.error({ trace }, String(m)), warn: (m) => rt.log.warn(String(m)) },
    // A failure to build the handlers is thrown to the caller, not a process.abort().
    abortOnError: false,
  });
  rt.onClose(() => ctx.close());
  return { commands: ctx.get(CommandBus), queries: ctx.get(QueryBus) };
}
