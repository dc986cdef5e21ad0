/**
 * `npm run bench -- streams [employees] [years]`: a command on a long stream (issue 17). The
 * organisation stream of a Pemda of 10,000 employees over five years (about 31,000 events, appended
 * directly) and an employee's stream over a career (1,500 events): each command (load, decide,
 * append) timed three ways in the same run — without snapshots (the whole stream read and folded, as
 * before), from the stored snapshot (a process with no copy of its own: this process's copy dropped
 * before each command) and from this process's copy (the steady state). "Decided": from the call
 * until the decider has returned (read and fold included); "command": with the append. Goal: a
 * command decides in under 20 ms.
 */
import { loadavg } from 'node:os';
import { Pool } from 'pg';
import { Decider, generateNips, isKinerjaError } from '../libs/kernel/src';
import { migrate } from '../libs/event-store/src/postgres/migrate';
import { PostgresEventStore } from '../libs/event-store/src/postgres/postgres-event-store';
import { handleCommand, stateCacheOf } from '../libs/application/src';
import {
  ORGANISATION_STREAM_ID,
  OrganisationCommand,
  OrganisationEvent,
  organisationDecider,
  OrganisationState,
} from '../libs/domain/organisation';
import { longOrganisationHistory } from '../libs/domain/organisation/long-history';
import { EmployeeCommand, EmployeeEvent, employeeDecider, EmployeeState, employeeStreamId } from '../libs/domain/employee';
import { startServer } from './server';
import { goal, printTable } from './table';

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const actor = { userId: 'bench', roles: ['admin_kepegawaian'] };
const at = '2026-01-05T08:00:00+07:00';

export default async function (args: string[]): Promise<void> {
  const employees = Number(args[0] ?? 10_000);
  const years = Number(args[1] ?? 5);
  const server = await startServer();
  const pool = new Pool({ connectionString: server.url, max: 10 });
  pool.on('error', () => undefined);
  const store = new PostgresEventStore({ pool });
  try {
    await migrate(pool);
    const { events, nips } = longOrganisationHistory(employees, years);
    for (let i = 0; i < events.length; i += 2000) await store.append(ORGANISATION_STREAM_ID, events.slice(i, i + 2000));
    const [nip] = generateNips(1, 4242);
    const career = careerOf(nip, 1500);
    for (let i = 0; i < career.length; i += 2000) await store.append(employeeStreamId(nip), career.slice(i, i + 2000));

    let n = 0;
    let decidedAt = 0;
    // The decision ends when the decider returns (what follows is the append).
    const noting = <C, E, S>(d: Decider<C, E, S>): Decider<C, E, S> => ({
      ...d,
      decide: (c, st) => {
        try {
          return d.decide(c, st);
        } finally {
          decidedAt = performance.now();
        }
      },
    });
    const orgCommand = (d: Decider<OrganisationCommand, OrganisationEvent, OrganisationState>) => {
      const i = ++n;
      const cmd: OrganisationCommand = {
        type: 'AssignHolder',
        assignmentId: `BENCH-PLT-${i}`,
        positionId: `JAB-S-${i % employees}`,
        nip: nips[(i * 7919 + 1) % employees],
        acting: true,
        validFrom: `2026-${String(1 + (Math.floor(i / employees) % 12)).padStart(2, '0')}-01`,
        by: actor,
        now: at,
      };
      // A refusal (the person already holds that post) is a decision too.
      return handleCommand(store, ORGANISATION_STREAM_ID, d, cmd, { actor }).catch((e: unknown) => {
        if (!isKinerjaError(e)) throw e;
      });
    };
    const employeeCommand = (d: Decider<EmployeeCommand, EmployeeEvent, EmployeeState>) => {
      const i = ++n;
      const cmd: EmployeeCommand = {
        type: 'ChangeSalary',
        nip,
        effectiveDate: '2026-01-01',
        salaryBase: String(5_000_000 + i),
        salaryGross: String(6_000_000 + i),
        by: actor,
        now: at,
      };
      return handleCommand(store, employeeStreamId(nip), d, cmd, { actor });
    };
    const time = async (samples: number, run: () => Promise<unknown>, before?: () => void) => {
      await run(); // warm up (and leave a snapshot)
      const ms: number[] = [];
      const decide: number[] = [];
      for (let s = 0; s < samples; s++) {
        before?.();
        const t = performance.now();
        await run();
        ms.push(performance.now() - t);
        decide.push(decidedAt - t);
      }
      return { p50: percentile(ms, 50), p95: percentile(ms, 95), d50: percentile(decide, 50), d95: percentile(decide, 95), samples };
    };
    const drop = () => stateCacheOf(store).clear();
    const orgWhole = noting({ ...organisationDecider, snapshot: undefined });
    const org = noting(organisationDecider);
    const empWhole = noting({ ...employeeDecider, snapshot: undefined });
    const emp = noting(employeeDecider);

    const load0 = loadavg()[0];
    const results = [
      ['organisation: whole stream read and folded (before)', await time(15, () => orgCommand(orgWhole))],
      ['organisation: stored snapshot + the events after it', await time(15, () => orgCommand(org), drop)],
      ['organisation: this process’s copy + the events after it', await time(200, () => orgCommand(org))],
      ['employee: whole stream read and folded (before)', await time(50, () => employeeCommand(empWhole))],
      ['employee: stored snapshot + the events after it', await time(100, () => employeeCommand(emp), drop)],
      ['employee: this process’s copy + the events after it', await time(200, () => employeeCommand(emp))],
    ] as const;
    const load1 = loadavg()[0];
    console.log(
      `\n${server.label}; organisation stream ${events.length.toLocaleString('en-US')} events (${employees.toLocaleString('en-US')} employees, ${years} years), employee stream ${career.length.toLocaleString('en-US')} events; load average ${load0.toFixed(1)} → ${load1.toFixed(1)}`,
    );
    printTable(
      'One command (load, decide, append) on a long stream',
      results.map(([c, t]) => ({
        case: c,
        samples: t.samples,
        'decided p50 ms': t.d50,
        'decided p95 ms': t.d95,
        'command p50 ms': t.p50,
        'command p95 ms': t.p95,
      })),
    );
    const warmOrg = results[2][1];
    const warmEmp = results[5][1];
    goal(
      'a command on the organisation stream decides in under 20 ms',
      warmOrg.d95 < 20,
      `decided p50 ${warmOrg.d50.toFixed(1)} ms, p95 ${warmOrg.d95.toFixed(1)} ms; with the append p50 ${warmOrg.p50.toFixed(1)} ms (whole stream: decided p50 ${results[0][1].d50.toFixed(1)} ms)`,
    );
    goal(
      'a command on an employee stream of a career decides in under 20 ms',
      warmEmp.d95 < 20,
      `decided p50 ${warmEmp.d50.toFixed(1)} ms, p95 ${warmEmp.d95.toFixed(1)} ms; with the append p50 ${warmEmp.p50.toFixed(1)} ms (whole stream: decided p50 ${results[3][1].d50.toFixed(1)} ms)`,
    );
  } finally {
    await store.close();
    await pool.end();
    await server.stop();
  }
}

/** A career: registered in 1991, then `count - 1` salary changes (the stream's usual growth). */
function careerOf(nip: string, count: number): EmployeeEvent[] {
  const events: EmployeeEvent[] = [
    {
      type: 'EmployeeRegistered',
      data: {
        nip,
        at,
        effectiveDate: '1991-03-01',
        name: 'Siti Aminah',
        asnStatus: 'PNS',
        employmentState: 'ACTIVE',
        positionId: 'JAB-1',
        positionGrade: 5,
        orgUnitId: 'OPD-1',
        salaryBase: '1500000',
        salaryGross: '1800000',
        terCategory: 'A',
        ptkpStatus: 'K/1',
        bankAccount: { bankName: 'BANK JATENG', accountNumber: '123', accountName: 'SITI AMINAH' },
      },
    },
  ];
  for (let i = 1; i < count; i++) {
    const effectiveDate = `${1991 + Math.floor(i / 45)}-${String(1 + (i % 12)).padStart(2, '0')}-01`;
    events.push({
      type: 'SalaryChanged',
      data: { nip, at, effectiveDate, salaryBase: String(1_500_000 + i * 1000), salaryGross: String(1_800_000 + i * 1000) },
    });
  }
  return events;
}
