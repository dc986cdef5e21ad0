/**
 * `npm run bench -- import [employees]`: a SIASN export of 10,000 employees (by default) imported
 * end to end, as `kinerja import employees` does it: parse and validate, check every row against
 * the organisation and the register, then append the placements and one registration stream per
 * employee. Goal (issue 4): under 30 s on this machine.
 *
 * With DATABASE_URL set, a fresh database is created on that server (and dropped afterwards);
 * otherwise an embedded PostgreSQL with durable settings runs in a temporary directory.
 */
import { Pool } from 'pg';
import { migrate } from '../libs/event-store/src/postgres/migrate';
import { PostgresEventStore } from '../libs/event-store/src/postgres/postgres-event-store';
import { parseEmployeeCsv } from '../libs/domain/employee';
import { DEMO_ACTOR, importEmployees, PeopleService, syntheticPemda } from '../libs/application/src';
import { startServer } from './server';
import { goal, printTable } from './table';

export default async function (args: string[]): Promise<void> {
  const employees = Number(args[0] ?? 10_000);
  const plan = syntheticPemda({ employees, seed: 10_000 });
  const server = await startServer();
  const pool = new Pool({ connectionString: server.url, max: 40 });
  pool.on('error', () => undefined); // the server stopping at the end
  const store = new PostgresEventStore({ pool });
  try {
    await migrate(pool);
    const people = new PeopleService(store);
    const now = new Date().toISOString();
    let i = 0;
    for (const cmd of plan.structure) await people.organisationCommand({ ...cmd, now }, { idempotencyKey: `bench-${i++}` });

    const t0 = performance.now();
    const parsed = parseEmployeeCsv(plan.csv);
    const parseMs = performance.now() - t0;
    if (!parsed.ok) throw new Error(`the generated file does not parse: ${JSON.stringify(parsed.errors.slice(0, 3))}`);

    const t1 = performance.now();
    const dry = await importEmployees(people, plan.csv, { by: DEMO_ACTOR, now, dryRun: true });
    const dryMs = performance.now() - t1;
    if (!dry.ok) throw new Error(`dry run refused: ${JSON.stringify(dry.errors.slice(0, 3))}`);

    const t2 = performance.now();
    const r = await importEmployees(people, plan.csv, { by: DEMO_ACTOR, now });
    const fullMs = performance.now() - t2;
    if (!r.ok) throw new Error(`import refused: ${JSON.stringify(r.errors.slice(0, 3))}`);
    const events = Number((await pool.query('SELECT count(*) AS n FROM events')).rows[0].n);

    console.log(
      `\n${server.label}; ${employees.toLocaleString('en-US')} employees, ${(plan.csv.length / 1e6).toFixed(1)} MB CSV, ${events.toLocaleString('en-US')} events in the store after the import`,
    );
    printTable('Employee import (parse + checks + append)', [
      { case: 'parse and validate the CSV only', seconds: parseMs / 1000, 'rows/s': Math.floor(employees / (parseMs / 1000)) },
      {
        case: 'dry run (parse + organisation and register checks)',
        seconds: dryMs / 1000,
        'rows/s': Math.floor(employees / (dryMs / 1000)),
      },
      {
        case: 'import end to end (checks + append placements and registrations)',
        seconds: fullMs / 1000,
        'rows/s': Math.floor(employees / (fullMs / 1000)),
      },
    ]);
    goal(`import of ${employees.toLocaleString('en-US')} employees under 30 s`, fullMs < 30_000, `${(fullMs / 1000).toFixed(1)} s`);
  } finally {
    await store.close();
    await pool.end();
    await server.stop();
  }
}
