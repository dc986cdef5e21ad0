/**
 * `npm run bench -- replay [employees]`: decision replay over a year of one OPD (1,000 employees by
 * default: every month each one rated and issued, the unit's issue, a payroll run with a line each),
 * beside the plain read of the same events through the EventStore port. Goal (issue 15): at least
 * 20,000 decisions/s, read and replayed end to end as `kinerja audit replay` does it.
 */
import { Pool } from 'pg';
import { migrate } from '../libs/event-store/src/postgres/migrate';
import { PostgresEventStore } from '../libs/event-store/src/postgres/postgres-event-store';
import { START, type RecordedEvent } from '../libs/event-store/src';
import { DecisionReplayer, REPLAY_EVENT_TYPES, ReplayDecisions, ReplayDecisionsHandler } from '../libs/application/src';
import { loadPolicyDocuments } from '../libs/policies/src';
import { appendAuditYear } from './audit-log';
import { startServer } from './server';
import { goal, printTable } from './table';

const MONTHS = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);

export default async function (args: string[]): Promise<void> {
  const employees = Number(args[0] ?? 1000);
  const policies = loadPolicyDocuments();
  const server = await startServer();
  const pool = new Pool({ connectionString: server.url, max: 20 });
  pool.on('error', () => undefined);
  const store = new PostgresEventStore({ pool });
  try {
    await migrate(pool);
    const t0 = performance.now();
    const log = await appendAuditYear(store, policies[0], employees, MONTHS);
    console.error(`appended ${log.events.toLocaleString('en-US')} events in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    // The plain read of the same events (what a replay reads).
    const t1 = performance.now();
    const events: RecordedEvent[] = [];
    for (let after = START; ;) {
      const page = await store.readAll({ after, limit: 2000, types: REPLAY_EVENT_TYPES });
      if (!page.events.length) break;
      after = page.checkpoint;
      events.push(...page.events);
    }
    const readMs = performance.now() - t1;

    // The replay alone, in memory, over the events read.
    const t2 = performance.now();
    const replayer = new DecisionReplayer(policies);
    let decisions = 0;
    let different = 0;
    for (const e of events) {
      const v = replayer.apply(e);
      if (v) decisions++;
      if (v && v.verdict !== 'same') different++;
    }
    const replayMs = performance.now() - t2;

    // End to end: the query `kinerja audit replay` sends (read the log through the port, replay, tally).
    const t3 = performance.now();
    const r = await new ReplayDecisionsHandler(store, async () => policies).execute(new ReplayDecisions({}));
    const e2eMs = performance.now() - t3;
    if (different || r.different || r.notReplayable)
      throw new Error(`the replay found differences: ${JSON.stringify(r.differences.slice(0, 2))}`);

    const perS = (n: number, ms: number) => Math.floor(n / (ms / 1000));
    console.log(
      `\n${server.label}; ${employees.toLocaleString('en-US')} employees × 12 months, ${events.length.toLocaleString('en-US')} events read, ${r.checked.toLocaleString('en-US')} decisions`,
    );
    printTable('Decision replay (ratings, unit issues, objection decisions, pay lines)', [
      {
        case: 'plain read of the same events (readAll, 2,000 a page)',
        events: events.length,
        seconds: readMs / 1000,
        'events/s': perS(events.length, readMs),
        'decisions/s': '',
      },
      {
        case: 'replay in memory (deciders + calculator + field diff)',
        events: events.length,
        seconds: replayMs / 1000,
        'events/s': perS(events.length, replayMs),
        'decisions/s': perS(decisions, replayMs),
      },
      {
        case: 'kinerja audit replay end to end (read + replay + tally)',
        events: r.eventsRead,
        seconds: e2eMs / 1000,
        'events/s': perS(r.eventsRead, e2eMs),
        'decisions/s': perS(r.checked, e2eMs),
      },
    ]);
    goal(
      'decision replay end to end at least 20,000 decisions/s',
      perS(r.checked, e2eMs) >= 20_000,
      `${perS(r.checked, e2eMs).toLocaleString('en-US')} decisions/s (plain read ${perS(events.length, readMs).toLocaleString('en-US')} events/s)`,
    );
  } finally {
    await store.close();
    await pool.end();
    await server.stop();
  }
}
