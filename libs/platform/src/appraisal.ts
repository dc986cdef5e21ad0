import { AppraisalDeps, AppraisalReads, Deadline, PeopleService, PlanningService } from '@kinerja/application';
import { deadlinesOf, runIssueFanOut } from '@kinerja/workflows';
import { payrollPolicies } from './payroll';
import { QUEUES } from './queue';
import type { Runtime } from './runtime';

export const DEADLINE_JOB = { OBJECTION_WINDOW: 'objection-window.close', OBJECTION_DECISION: 'objection-decision.escalate' } as const;

/** One job per deadline: the id is the deadline's, so scheduling it again (at start-up, on a retry) adds nothing. */
export const deadlineJobId = (d: Pick<Deadline, 'kind' | 'nip' | 'period'>) => `${d.kind.toLowerCase()}.${d.nip}.${d.period}`;

/** Puts a deadline on the queue as a delayed job, due at its instant by the runtime's clock. */
export async function scheduleDeadline(rt: Runtime, d: Deadline): Promise<void> {
  const delay = Math.max(0, Date.parse(d.dueAt) - rt.clock.now().getTime());
  await rt.queues.queue(QUEUES.appraisal).add(DEADLINE_JOB[d.kind], d, {
    jobId: deadlineJobId(d),
    delay,
    attempts: 10,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: { age: 30 * 86400 },
    removeOnFail: { age: 30 * 86400 },
  });
}

/** The appraisal reads on this runtime's store and policies (the commands go through `applicationContext(rt)`). */
export function appraisalReads(
  rt: Runtime,
  planning: PlanningService = new PlanningService(rt.store, new PeopleService(rt.store)),
): AppraisalReads {
  return new AppraisalReads(rt.store, planning, appraisalDeps(rt));
}

/** The appraisal area's ports from the running system: policies, the process managers (deadline queue). */
export function appraisalDeps(rt: Runtime): AppraisalDeps {
  return {
    policies: payrollPolicies(rt),
    processes: {
      fanOutIssue: runIssueFanOut,
      startDeadlines: async (events) => {
        for (const d of deadlinesOf(events)) await scheduleDeadline(rt, d);
      },
    },
  };
}
