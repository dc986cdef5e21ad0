import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { isKinerjaError, isValidNip, KinerjaError } from '@kinerja/kernel';
import { DEMO_USERS, GetEmployee, ImportEmployees } from '@kinerja/application';
import type { ImportError } from '@kinerja/domain/employee';
import { applicationContext, Auth, loadConfig, loadDemoData } from '@kinerja/platform';
import { progressBar } from '../progress';
import { CLI_ACTOR, withRuntime } from '../runtime';

/** The demo users with their roles and what each can do: a newcomer's cast for the whole cycle. */
const demoUsersHelp = () =>
  [
    '',
    'Demo users (loaded with the demo Pemda; pegawai -> kasi.dinkes -> kabid.dinkes -> kepala.dinkes is one supervisor chain):',
    ...DEMO_USERS.map((u) => `  ${u.username.padEnd(17)} ${u.roles.join(', ').padEnd(30)} ${u.description}`),
  ].join('\n');

export function registerPeopleCommands(program: Command): void {
  program
    .command('token <who>')
    .description('print a development token for a demo user (username) or an employee (NIP)')
    .option('--expires <duration>', 'lifetime, e.g. 8h or 30d', '8h')
    .addHelpText('after', demoUsersHelp)
    .action(async (who: string, opts: { expires: string }) => {
      const user = DEMO_USERS.find((u) => u.username === who || u.nip === who);
      if (user) {
        const auth = new Auth(loadConfig());
        console.log(
          await auth.sign({ sub: user.username, ...(user.nip ? { nip: user.nip } : {}), roles: user.roles }, { expiresIn: opts.expires }),
        );
        return;
      }
      if (!isValidNip(who))
        throw new KinerjaError(
          'UNKNOWN_USER',
          `"${who}" is neither a demo user (${DEMO_USERS.map((u) => u.username).join(', ')}) nor a valid NIP`,
          'NOT_FOUND',
        );
      const token = await withRuntime(async (rt) => {
        // The register as the API reads it (GetEmployee), asked as the console's operator.
        await (await applicationContext(rt)).queries.execute(new GetEmployee(who, undefined, CLI_ACTOR)).catch((e: unknown) => {
          throw isKinerjaError(e) && e.code === 'EMPLOYEE_NOT_FOUND'
            ? new KinerjaError('EMPLOYEE_NOT_FOUND', `no employee is registered with NIP ${who}`, 'NOT_FOUND')
            : e;
        });
        return rt.auth.sign({ sub: `pegawai:${who}`, nip: who, roles: ['pegawai'] }, { expiresIn: opts.expires });
      });
      console.log(token);
    });

  const imp = program.command('import').description('bulk imports');
  imp
    .command('employees <file>')
    .description(
      'import employees and their positions from a SIASN export (CSV; columns in libs/domain/employee/IMPORT.md); all or nothing',
    )
    .option('--dry-run', 'check every row and report, import nothing')
    .action(async (file: string, opts: { dryRun?: boolean }) => {
      const csv = readFileSync(file, 'utf8');
      const r = await withRuntime(async (rt) => {
        const bar = progressBar(opts.dryRun ? 'checking' : 'importing');
        const input = { csv, dryRun: !!opts.dryRun, reason: `kinerja import employees ${file}` };
        // The same command as POST /employees/import: a refused file is IMPORT_REJECTED with every bad row.
        const out = await (
          await applicationContext(rt)
        ).commands
          .execute(new ImportEmployees(input, CLI_ACTOR, { onProgress: (d, t) => bar.update(d, t) }))
          .catch((e: unknown) => {
            if (isKinerjaError(e) && e.code === 'IMPORT_REJECTED')
              return { ok: false as const, errors: (e.details as { errors: ImportError[] }).errors };
            throw e;
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
      // A rerun after a crash says what the earlier run had done and what this one wrote.
      const earlier = r.alreadyImported ? `; ${r.alreadyImported} already imported by an earlier run` : '';
      console.log(
        r.dryRun
          ? `dry run: ${r.imported} employees would be imported and placed${earlier}; nothing was written`
          : `imported ${r.imported} employees and ${r.assignments} placements${earlier} (batch ${r.batchId})`,
      );
    });

  program
    .command('demo')
    .description('load the demo Pemda (3 OPDs, ~150 employees, a demo user for every role) if the database has no organisation yet')
    .action(async () => {
      // No worker here: the demo payroll run needs the payroll projection, which `start` runs.
      const r = await withRuntime(async (rt) => {
        const bar = progressBar('loading demo Pemda');
        const out = await loadDemoData(rt, { payroll: false, onProgress: (d, t) => bar.update(d, t) });
        bar.done();
        return out;
      });
      if (!r.loaded)
        return console.log(
          r.workplans ? `the demo Pemda was loaded; its SKP for this year are now loaded too` : `nothing loaded: ${r.reason}`,
        );
      console.log(`loaded ${r.employees} employees in 3 OPDs. Demo users (kinerja token <username>):`);
      for (const u of r.users) console.log(`  ${u.username.padEnd(18)} ${u.roles.join(', ').padEnd(34)} ${u.nip ?? ''}`);
      console.log('the demo payroll month (DINKES, 2026-10) is loaded by the next `kinerja start`: it needs the worker');
    });
}
