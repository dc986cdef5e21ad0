import type { ApplicationDeps } from '@kinerja/application';
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
    policies: payrollPolicies(rt),
    payrollQueue: payrollQueue(rt),
  };
}
