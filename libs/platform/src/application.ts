import type { ApplicationDeps } from '@kinerja/application';
import type { Runtime } from './runtime';
import { appraisalDeps } from './appraisal';

/** The ports of `ApplicationModule`, from the running system. */
export function applicationDeps(rt: Runtime): ApplicationDeps {
  return {
    store: rt.store,
    // Through the runtime, so a clock set later (tests) is the one used.
    clock: { now: () => rt.clock.now() },
    readDb: rt.db.pool,
    evidence: rt.evidence,
    appraisal: appraisalDeps(rt),
  };
}
