import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { isKinerjaError, KinerjaError } from '@kinerja/kernel';
import { ImportScanFile, type ScanImportReport, SetAttendanceDevice } from '@kinerja/application';
import type { ScanLineError } from '@kinerja/domain/attendance';
import { parseMonth } from '@kinerja/domain/shared';
import { applicationContext } from '@kinerja/platform';
import { progressBar } from '../progress';
import { CLI_ACTOR, withRuntime } from '../runtime';

// `kinerja attendance devices set` and `kinerja attendance scans import`: the same commands as
// POST /api/v1/attendance/devices/{id} and POST /api/v1/attendance/scans/{month}, sent on the
// application context's CommandBus as the console's operator (admin_kepegawaian).

/** The `attendance` command group, shared with the other attendance commands (made once). */
export function attendanceGroup(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === 'attendance') ??
    program.command('attendance').description('attendance: machines, scans, summaries')
  );
}

const printLineErrors = (file: string, errors: readonly ScanLineError[]) => {
  for (const e of errors) process.stderr.write(`${file}:${e.line} ${e.column}: ${e.code}: ${e.message}\n`);
};

function printReport(file: string, r: ScanImportReport) {
  const c = r.comparison;
  console.log(
    [
      `${r.dryRun ? 'dry run' : 'imported'} ${file} for ${r.month} (${r.format})${r.correction ? `, correction: ${r.correction}` : ''}`,
      `lines ${r.lines}, scans ${r.scans}, duplicates ${r.duplicates}, bad lines ${r.errors.length}`,
      `against what is recorded: added ${c.added}, removed ${c.removed}, unchanged ${c.unchanged}`,
      ...r.sources.map(
        (s) =>
          `  ${s.source} (${s.opdId}): scans ${s.scans}, added ${s.added}, removed ${s.removed}, unchanged ${s.unchanged}, events ${s.appended}`,
      ),
      ...c.samples.removed.map((s) => `  - ${s.nip} ${s.at} ${s.device}`),
      ...c.samples.added.map((s) => `  + ${s.nip} ${s.at} ${s.device}`),
      r.dryRun ? 'nothing was written' : `${r.appended} event(s) appended`,
    ].join('\n'),
  );
}

export function registerScanCommands(program: Command): void {
  const attendance = attendanceGroup(program);
  const devices = attendance.command('devices').description('attendance machines and their PIN-to-NIP maps');
  devices
    .command('set <deviceId> <pins.csv>')
    .description('register a device of an OPD with its PIN-to-NIP map (pin,nip CSV), or replace the map; prints what changed')
    .requiredOption('--opd <opdId>', 'the OPD the device belongs to')
    .option('--dry-run', 'check and print what would change; record nothing')
    .action(async (deviceId: string, file: string, opts: { opd: string; dryRun?: boolean }) => {
      const csv = readFileSync(file, 'utf8');
      const r = await withRuntime(async (rt) =>
        (await applicationContext(rt)).commands
          .execute(new SetAttendanceDevice(deviceId, { opdId: opts.opd, csv, dryRun: !!opts.dryRun }, CLI_ACTOR, {}))
          .catch((e: unknown) => {
            if (isKinerjaError(e) && e.code === 'PIN_MAP_HAS_ERRORS') {
              printLineErrors(file, (e.details as { errors: ScanLineError[] }).errors);
              process.stderr.write(`${(e.details as { errors: unknown[] }).errors.length} problem(s); nothing was recorded\n`);
              process.exitCode = 1;
              return null;
            }
            throw e;
          }),
      );
      if (!r) return;
      const ch = r.changes;
      console.log(
        [
          `${r.dryRun ? 'dry run: ' : ''}device ${r.deviceId} of ${r.opdId}: ${r.pins} PINs${r.recorded ? '' : r.dryRun ? '' : ' (unchanged)'}`,
          ...(r.previousOpdId ? [`moved from ${r.previousOpdId}`] : []),
          `added ${ch.added.length}, removed ${ch.removed.length}, changed ${ch.changed.length}`,
          ...ch.added.map((x) => `  + ${x.pin} ${x.nip}`),
          ...ch.removed.map((x) => `  - ${x.pin} ${x.nip}`),
          ...ch.changed.map((x) => `  ~ ${x.pin} ${x.from} -> ${x.to}`),
        ].join('\n'),
      );
    });

  const scans = attendance.command('scans').description('the attendance machines’ scan logs');
  scans
    .command('import <file>')
    .description('import a month of scans: a ZKTeco attendance log of one device (--device) or the CSV nip|pin,timestamp,device (--csv)')
    .requiredOption('--month <YYYY-MM>', 'the month of the scans')
    .option('--device <id>', 'the device of a ZKTeco attendance log')
    .option('--csv', 'the file is the generic CSV (nip or pin, timestamp, device)')
    .option('--dry-run', 'check every line and compare with what is recorded; import nothing')
    .option('--correction <reason>', 'a corrected file that drops recorded scans: why')
    .action(async (file: string, opts: { month: string; device?: string; csv?: boolean; dryRun?: boolean; correction?: string }) => {
      const month = parseMonth(opts.month);
      if (!!opts.csv === (opts.device !== undefined))
        throw new KinerjaError('FORMAT_REQUIRED', 'say what the file is: --device <id> for a ZKTeco log, or --csv', 'BAD_INPUT');
      const content = readFileSync(file);
      const outcome = await withRuntime(async (rt) => {
        const bar = progressBar(opts.dryRun ? 'checking' : 'importing');
        const cmd = new ImportScanFile(
          month,
          {
            format: opts.csv ? 'csv' : 'zkteco',
            ...(opts.device !== undefined ? { device: opts.device } : {}),
            content,
            dryRun: !!opts.dryRun,
            ...(opts.correction !== undefined ? { correction: { reason: opts.correction } } : {}),
          },
          CLI_ACTOR,
          {},
          { onProgress: (d, t) => bar.update(d, t) },
        );
        const r = await (await applicationContext(rt)).commands.execute(cmd).catch((e: unknown) => {
          if (isKinerjaError(e) && (e.code === 'SCAN_IMPORT_HAS_ERRORS' || e.code === 'SCANS_WOULD_BE_REMOVED')) return e;
          throw e;
        });
        bar.done();
        return r;
      });
      if (isKinerjaError(outcome)) {
        const d = outcome.details as {
          errors?: ScanLineError[];
          removed?: number;
          first?: Array<{ nip: string; at: string; device: string }>;
        };
        if (d.errors) printLineErrors(file, d.errors);
        for (const s of d.first ?? []) process.stderr.write(`  - ${s.nip} ${s.at} ${s.device}\n`);
        process.stderr.write(`kinerja: ${outcome.code}: ${outcome.message}\n`);
        process.exitCode = 1;
        return;
      }
      printLineErrors(file, outcome.errors);
      printReport(file, outcome);
    });
}
