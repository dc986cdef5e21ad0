import type { ApplicationDeps } from '@kinerja/application';
import { clientKey, hitRateLimit } from './rate-limit';
import { payrollPolicies, payrollQueue } from './payroll';
import type { Runtime } from './runtime';

/** The ports of `ApplicationModule`, from the running system. */
export function applicationDeps(rt: Runtime): ApplicationDeps {
  return {
    store: rt.store,
    // Through the runtime, so a clock set later (tests) is the one used.
    clock: { now: () => rt.clock.now() },
    readDb: rt.db.pool,
    evidence: rt.evidence,
    rateLimiter: { hit: async (key, limit, windowSeconds) => void (await hitRateLimit(rt.db.pool, key, limit, windowSeconds)), clientKey },
    limits: { evidenceMaxBytes: rt.config.evidence.maxBytes, publicFeedback: rt.config.publicFeedback },
    policies: payrollPolicies(rt),
    payrollQueue: payrollQueue(rt),
  };
}
