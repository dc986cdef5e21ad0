import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { isValidNip, KinerjaError } from '@kinerja/kernel';
import { DEMO_ACTOR, DEMO_USERS, importEmployees, loadDemo, PeopleService } from '@kinerja/application';
import { ORGANISATION_STREAM_ID } from '@kinerja/domain/organisation';
import { employeeStreamId } from '@kinerja/domain/employee';
import { Auth, loadConfig, loadPayrollDemo, Runtime } from '@kinerja/platform';
import { progressBar } from '../progress';
import { CLI_ACTOR, withRuntime } from '../runtime';


/** Loads the demo Pemda into an empty database (the first `npm start`, and `kinerja demo`). */
export async function loadDemoData(rt: Runtime, options: { showProgress?: boolean; payroll?: boolean } = {}) {
  const showProgress = options.showProgress ?? false;
  const bar = showProgress ? progressBar('loading demo Pemda') : undefined;
  const r = await loadDemo(new PeopleService(rt.store), { onProgress: bar && ((d, t) => bar.update(d, t)) });
  bar?.done();
  // The payroll month follows the people it pays; it needs the worker's projections (`start`,
  // or a running worker): without one it waits a minute and then loads no run.
  // Also when the people came earlier (`kinerja demo` has no worker), but only into the demo
  // Pemda, never into a real organisation.
  const demoPemda = r.loaded || (await rt.store.readStream(ORGANISATION_STREAM_ID, { to: 0 }))[0]?.metadata?.actor === DEMO_ACTOR.userId;
  const payroll = demoPemda && options.payroll !== false ? await loadPayrollDemo(rt) : { loaded: false };
  return { ...r, payroll };
}

export function registerPeopleCommands(program: Command): void {
  program
    .command('token <who>')
    .description('print a development token for a demo user (username) or an employee (NIP)')
    .option('--expires <duration>', 'lifetime, e.g. 8h or 30d', '8h')
    .action(async (who: string, opts: { expires: string }) => {
      const user = DEMO_USERS.find((u) => u.username === who || u.nip === who);
      if (user) {
        const auth = new Auth(loadConfig());
        console.log(await auth.sign({ sub: user.username, ...(user.nip ? { nip: user.nip } : {}), roles: user.roles }, { expiresIn: opts.expires }));
        return;
      }
      if (!isValidNip(who))
        throw new KinerjaError('UNKNOWN_USER', `"${who}" is neither a demo user (${DEMO_USERS.map((u) => u.username).join(', ')}) nor a valid NIP`, 'NOT_FOUND');
      const token = await withRuntime(async (rt) => {
        if ((await rt.store.streamVersion(employeeStreamId(who))) < 0) throw new KinerjaError('EMPLOYEE_NOT_FOUND', `no employee is registered with NIP ${who}`, 'NOT_FOUND');
        return rt.auth.sign({ sub: `pegawai:${who}`, nip: who, roles: ['pegawai'] }, { expiresIn: opts.expires });
      });
      console.log(token);
    });

  const imp = program.command('import').description('bulk imports');
  imp
    .command('employees <file>')
    .description('import employees and their positions from a SIASN export (CSV; columns in libs/domain/employee/IMPORT.md); all or nothing')
    .option('--dry-run', 'check every row and report, import nothing')
    .action(async (file: string, opts: { dryRun?: boolean }) => {
      const csv = readFileSync(file, 'utf8');
      const r = await withRuntime(async (rt) => {
        const bar = progressBar(opts.dryRun ? 'checking' : 'importing');
        const out = await importEmployees(new PeopleService(rt.store), csv, {
          by: CLI_ACTOR,
          now: new Date().toISOString(),
          dryRun: opts.dryRun,
          reason: `kinerja import employees ${file}`,
          onProgress: (d, t) => bar.update(d, t),
        });
        bar.done();
        return out;
      });
      if (!r.ok) {
        for (const e of r.errors) process.stderr.write(`${file}:${e.line}${e.column ? ` ${e.column}` : ''}: ${e.code}: ${e.message}\n`);
        process.stderr.write(`${r.errors.length} problem(s); nothing was imported\n`);
        process.exitCode = 1;
        return;
      }
      console.log(r.dryRun ? `dry run: ${r.employees} employees would be imported and placed; nothing was written` : `imported ${r.employees} employees and ${r.assignments} placements (batch ${r.batchId})`);
    });

  program
    .command('demo')
    .description('load the demo Pemda (3 OPDs, ~150 employees, a demo user for every role) if the database has no organisation yet')
    .action(async () => {
      // No worker here: the demo payroll run needs the payroll projection, which `start` runs.
      const r = await withRuntime((rt) => loadDemoData(rt, { showProgress: true, payroll: false }));
      if (!r.loaded) return console.log(`nothing loaded: ${r.reason}`);
      console.log(`loaded ${r.employees} employees in 3 OPDs. Demo users (kinerja token <username>):`);
      for (const u of r.users) console.log(`  ${u.username.padEnd(18)} ${u.roles.join(', ').padEnd(34)} ${u.nip ?? ''}`);
      console.log('the demo payroll month (DINKES, 2026-10) is loaded by the next `kinerja start`: it needs the worker');
    });
}
