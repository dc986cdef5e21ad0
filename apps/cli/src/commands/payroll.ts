import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ImportPayInputs } from '@kinerja/application';
import { parseMonth } from '@kinerja/domain/shared';
import { applicationContext } from '@kinerja/platform';
import { CLI_ACTOR, withRuntime } from '../runtime';

/**
 * `kinerja import attendance|predikat <month> <file.csv> [--dry-run]`: the month's attendance
 * summary or issued predikat. NIPs are checked against the payroll read model the worker keeps.
 */
export function registerPayrollCommands(program: Command): void {
  const imp = program.commands.find((c) => c.name() === 'import') ?? program.command('import').description('bulk imports');
  for (const kind of ['attendance', 'predikat'] as const)
    imp
      .command(`${kind} <month> <file>`)
      .description(
        kind === 'attendance'
          ? 'import a monthly attendance summary (CSV: nip,TL1..TL4,PSW1..PSW4,TK counts); all or nothing'
          : 'import the issued predikat of a month (CSV: nip,predikat); all or nothing',
      )
      .option('--dry-run', 'check every row and report, import nothing')
      .action(async (month: string, file: string, opts: { dryRun?: boolean }) => {
        const csv = readFileSync(file, 'utf8');
        const r = await withRuntime(async (rt) => {
          const app = await applicationContext(rt);
          try {
            return await app.commands.execute(new ImportPayInputs(kind, parseMonth(month), { csv, dryRun: !!opts.dryRun }, CLI_ACTOR));
          } catch (e) {
            const errors = (e as { details?: { errors?: Array<{ line: number; nip?: string; code: string; message: string }> } }).details
              ?.errors;
            if (!errors) throw e;
            return { errors, valid: 0, dryRun: false, appended: 0, refused: true };
          }
        });
        for (const e of r.errors) process.stderr.write(`${file}:${e.line || '-'}: ${e.nip ?? ''} ${e.code}: ${e.message}\n`);
        if (r.errors.length) {
          process.stderr.write(`${r.errors.length} bad row(s); nothing was imported\n`);
          process.exitCode = 1;
          return;
        }
        console.log(
          r.dryRun
            ? `dry run: ${r.valid} rows are good; nothing was written`
            : `imported ${r.valid} rows of ${kind} for ${month} (${r.appended} events)`,
        );
      });
}
