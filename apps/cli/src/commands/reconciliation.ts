import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { ExportSiasnPerformance, ImportBknExport, ListPredikatDifferences, ResolvePredikatDifference } from '@kinerja/application';
import { parseMonth, parseNip } from '@kinerja/domain/shared';
import { applicationContext } from '@kinerja/platform';
import { CLI_ACTOR, withRuntime } from '../runtime';

type RowErrors = Array<{ line: number; column: string; nip?: string; code: string; message: string }>;

/**
 * `kinerja bkn import|differences|resolve` (reconciliation with e-Kinerja BKN) and `kinerja siasn
 * export` (kinerja's issued appraisals as SIASN periodic-performance rows): the same commands and
 * queries as the API's, as the CLI's actor (admin_kepegawaian).
 */
export function registerReconciliationCommands(program: Command): void {
  const bkn = program.command('bkn').description('reconciliation with e-Kinerja BKN');
  bkn
    .command('import <file>')
    .description('import the predikat export of e-Kinerja BKN (CSV or .xlsx) for a month or a period; all or nothing')
    .option('--month <YYYY-MM>', 'the month the export is of')
    .option('--period <YYYY-MM|YYYY-Qn>', 'the period the export is of (a month or a quarter)')
    .option('--dry-run', 'check every row and report, import nothing')
    .action(async (file: string, opts: { month?: string; period?: string; dryRun?: boolean }) => {
      const period = opts.period ?? opts.month;
      if (!period) {
        process.stderr.write('say which month (--month YYYY-MM) or period (--period YYYY-Qn) the export is of\n');
        process.exitCode = 2;
        return;
      }
      const content = readFileSync(file);
      const r = await withRuntime(async (rt) => {
        const app = await applicationContext(rt);
        try {
          return await app.commands.execute(
            new ImportBknExport(period, { fileName: basename(file), content, dryRun: !!opts.dryRun }, CLI_ACTOR, {}),
          );
        } catch (e) {
          const errors = (e as { details?: { errors?: RowErrors } }).details?.errors;
          if (!errors) throw e;
          return { errors, valid: 0, dryRun: false, appended: 0, rows: 0, months: [] as string[] };
        }
      });
      for (const e of r.errors) process.stderr.write(`${file}:${e.line || '-'}: ${e.column} ${e.nip ?? ''} ${e.code}: ${e.message}\n`);
      if (r.errors.length) {
        process.stderr.write(`${r.errors.length} bad row(s); nothing was imported\n`);
        process.exitCode = 1;
        return;
      }
      console.log(
        r.dryRun
          ? `dry run: ${r.valid} rows are good; nothing was written`
          : r.appended
            ? `imported ${r.valid} BKN predikat for ${period} (${r.months.join(', ')}; ${r.appended} events)`
            : `this file is already the export in force for ${period}; nothing was appended`,
      );
    });
  bkn
    .command('differences')
    .description('list the differences between kinerja’s predikat and BKN’s (unresolved unless --status)')
    .option('--month <YYYY-MM>')
    .option('--opd <opdId>')
    .option('--status <unresolved|resolved|all>', 'which', 'unresolved')
    .option('--limit <n>', 'rows', '100')
    .option('--offset <n>', 'rows skipped', '0')
    .option('--json', 'the answer as JSON')
    .action(async (opts: { month?: string; opd?: string; status: string; limit: string; offset: string; json?: boolean }) => {
      const status = (['unresolved', 'resolved', 'all'].includes(opts.status) ? opts.status : 'unresolved') as 'unresolved';
      const r = await withRuntime(async (rt) =>
        (await applicationContext(rt)).queries.execute(
          new ListPredikatDifferences(
            { ...(opts.month ? { month: parseMonth(opts.month) } : {}), ...(opts.opd ? { opdId: opts.opd } : {}), status },
            { limit: Math.min(500, Math.max(1, Number(opts.limit) || 100)), offset: Math.max(0, Number(opts.offset) || 0) },
            CLI_ACTOR,
          ),
        ),
      );
      if (opts.json) return void console.log(JSON.stringify(r, null, 2));
      for (const d of r.differences)
        console.log(
          [
            d.month,
            d.nip,
            d.name,
            d.opdId ?? '-',
            d.kind,
            d.kinerja ?? '-',
            d.bkn ?? '-',
            d.resolved ? `resolved:${d.resolution?.choice}` : `proposal:${d.proposal}`,
          ].join('\t'),
        );
      console.log(`${r.differences.length} of ${r.total} difference(s)`);
    });
  bkn
    .command('resolve <month> <nip>')
    .description('record which predikat to pay for an employee in a month (KINERJA or BKN) and why')
    .option('--choice <KINERJA|BKN>', 'the predikat to pay (default: the policy’s predikatSource)')
    .requiredOption('--reason <text>', 'why')
    .action(async (month: string, nip: string, opts: { choice?: string; reason: string }) => {
      const r = await withRuntime(async (rt) =>
        (await applicationContext(rt)).commands.execute(
          new ResolvePredikatDifference(parseMonth(month), parseNip(nip), { choice: opts.choice, reason: opts.reason }, CLI_ACTOR, {}),
        ),
      );
      console.log(
        `${nip} ${month}: ${r.choice} (policy proposes ${r.governingSource}); ${r.events.length ? 'recorded' : 'already recorded'}`,
      );
    });

  const siasn = program.command('siasn').description('the exchange with SIASN (BKN)');
  siasn
    .command('export <period>')
    .description('kinerja’s issued appraisals of a period as SIASN periodic-performance rows (JSON or CSV)')
    .option('--format <json|csv>', 'the file format', 'csv')
    .option('--opd <opdId>')
    .option('-o, --out <file>', 'write to this file (default: stdout)')
    .action(async (period: string, opts: { format: string; opd?: string; out?: string }) => {
      const format = opts.format === 'json' ? 'json' : 'csv';
      const r = await withRuntime(async (rt) =>
        (await applicationContext(rt)).queries.execute(
          new ExportSiasnPerformance(period, { format, ...(opts.opd ? { opdId: opts.opd } : {}) }, CLI_ACTOR),
        ),
      );
      if (r.delivered !== 'FILE') return void console.log(`sent ${r.accepted} of ${r.rowCount} row(s) to SIASN: ${r.receipt}`);
      if (opts.out) {
        writeFileSync(opts.out, r.body);
        process.stderr.write(`${r.rowCount} row(s) written to ${opts.out}\n`);
      } else process.stdout.write(r.body);
    });
}
