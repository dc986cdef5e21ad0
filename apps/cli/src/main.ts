import 'reflect-metadata';
import { Command, Option } from 'commander';
import { isKinerjaError, KinerjaError, systemClock } from '@kinerja/kernel';
import { migrate, START, type Checkpoint } from '@kinerja/event-store';
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  ExportAuditTimeline,
  ExportLedger,
  exportChunks,
  ExportFormat,
  type ExportSeal,
  ReplayDecisions,
  timelineExportChunks,
  VerifyEventLog,
} from '@kinerja/application';
// The one value a command's definition needs, from its own module: the rest of the application
// layer (Nest, pg…) loads only when a command runs (scripts/build.js compiles the CLI's imports lazily).
import { EXPORT_FORMATS } from '@kinerja/application/audit/export';
import { LedgerExportQuery, ledgerFilterOf, parseInput, TimelineExportQuery, timelineFilterOf } from '@kinerja/contracts';
import {
  applicationContext,
  createLogger,
  createRuntime,
  databaseProblem,
  demoStatus,
  loadConfig,
  loadDemoData,
  openDatabase,
  Runtime,
  whileBusy,
} from '@kinerja/platform';
import type { RunningWorker } from '../../worker/src/main';
import { registerTppCommands } from './commands/tpp';
import { registerSimulateCommand } from './commands/simulate';
import { registerPeopleCommands } from './commands/people';
import { registerPayrollCommands } from './commands/payroll';
import { registerReconciliationCommands } from './commands/reconciliation';
import { registerDocumentCommands } from './commands/documents';
import { registerScanCommands } from './commands/attendance-scans';
import { registerSealCommands, verifyAgainstSeal } from './commands/audit-seal';
import { describeProjection } from './commands/projections';
import { describeReplay } from './commands/audit';
import { progressBar } from './progress';
import { commandLogger, withRuntime } from './runtime';

/**
 * However the database fails `start` (refusing connections, or a connection that never answers),
 * start-up ends within KINERJA_DATABASE_WAIT_S with one line and exit 69, never a silent hang.
 */
function startupDeadline(waitMs: number) {
  const at = systemClock.now().getTime() + waitMs;
  let problem = (): string => 'no answer';
  const timer = setTimeout(() => {
    process.stderr.write(`kinerja: DATABASE_UNREACHABLE: not started within ${waitMs / 1000} s (KINERJA_DATABASE_WAIT_S): ${problem()}\n`);
    process.exit(69);
  }, waitMs + 1000); // after the retries' own, more precise, verdict
  return {
    remainingMs: () => Math.max(0, at - systemClock.now().getTime()),
    explain: (what: () => string) => void (problem = what),
    done: () => clearTimeout(timer),
  };
}

const program = new Command('kinerja')
  .description('kinerja: performance management and TPP payroll for the ASN of a Pemda')
  .showHelpAfterError();

program
  .command('start')
  .description('run the system: API (with /docs) and worker in one process, or one of them')
  .addOption(new Option('--only <part>', 'run only the api or only the worker').choices(['api', 'worker']))
  .action(async (opts: { only?: 'api' | 'worker' }) => {
    const config = loadConfig();
    const log = createLogger(config);
    const deadline = startupDeadline(config.databaseWaitMs);
    let rt: Runtime | undefined;
    let worker: RunningWorker | undefined;
    try {
      const opened = (rt = await createRuntime(config, log));
      deadline.explain(() => (opened.queues.lastError ? databaseProblem(opened.queues.lastError) : 'no answer'));
      const { startWorker } = await import('../../worker/src/main');
      // A server with too few free connections for the job queue: retried as the database is, then given up.
      if (opts.only !== 'api')
        worker = await whileBusy(() => startWorker(opened), {
          what: 'the job queue on the database',
          waitMs: deadline.remainingMs(),
          warn: (m) => log.warn(m),
        });
    } catch (e) {
      await rt?.close();
      throw e;
    } finally {
      deadline.done();
    }
    if (worker && config.demoData)
      await loadDemoData(rt).then(
        (r) =>
          (r.loaded || r.payroll.loaded) &&
          log.info(
            {
              employees: r.loaded ? r.employees : undefined,
              users: r.loaded ? r.users.map((u) => u.username) : undefined,
              payroll: r.payroll,
            },
            'demo Pemda loaded (kinerja token <username>)',
          ),
        (e) => log.error({ err: e }, 'demo data not loaded'),
      );
    const api = opts.only !== 'worker' ? await (await import('../../api/src/main')).startApi(rt) : undefined;
    if (api) {
      const up = { url: api.url, docs: `${api.url}/docs`, database: rt.db.embedded ? 'embedded' : 'external', queue: rt.queues.kind };
      // A half-loaded demo must not pass for a loaded one: say what is missing (as /health does) and that the next start completes it.
      const demo = await demoStatus(rt).catch(() => null);
      if (demo?.status === 'incomplete')
        log.warn(
          { demo },
          `the demo is incomplete (missing: ${demo.missing.join(', ')}); /health says degraded until the next start completes it`,
        );
      log.info({ ...up, ...(demo ? { demo: demo.status } : {}) }, 'kinerja is up');
    }
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'draining: no new requests or jobs; waiting for those in flight');
      const force = setTimeout(() => {
        log.error('drain timed out; exiting');
        process.exit(1);
      }, config.shutdownTimeoutMs);
      force.unref();
      await api?.close();
      await worker?.close();
      await rt.close();
      log.info('stopped');
      process.exit(0);
    };
    process.on('SIGTERM', () => void stop('SIGTERM'));
    process.on('SIGINT', () => void stop('SIGINT'));
  });

program
  .command('migrate')
  .description('apply database migrations (safe to run twice, and from two processes at once)')
  .action(async () => {
    const config = loadConfig();
    const log = commandLogger(config);
    const db = await openDatabase(config, { attach: true, warn: (m) => log.warn(m) });
    try {
      const r = await migrate(db.pool);
      console.log(r.applied.length ? `applied: ${r.applied.join(', ')}` : `up to date (${r.skipped.length} migrations)`);
    } finally {
      await db.stop();
    }
  });

const audit = program.command('audit').description('integrity of the event log');
audit
  .command('verify')
  .description('check the event log with what its store keeps (PostgreSQL: every hash chain); exit 1 and name the first problem')
  .option('--json', 'print the result as JSON')
  .option('--seal <file>', 'instead: prove that the log still extends what this seal file sealed; exit 1 naming the streams that fail')
  .option('--key <file>', 'with --seal: the public key (PEM) to check it with (default: the Pemda key)')
  .action(async (opts: { json?: boolean; seal?: string; key?: string }) => {
    if (opts.seal) return verifyAgainstSeal({ seal: opts.seal, key: opts.key, json: opts.json });
    const result = await withRuntime(async (rt) => {
      const bar = progressBar('verifying');
      const r = await (await applicationContext(rt)).queries.execute(new VerifyEventLog((p) => bar.update(p.checked, p.total)));
      bar.done();
      return r;
    });
    if (opts.json) console.log(JSON.stringify(result));
    else {
      const b = result.firstBroken;
      if (b)
        console.log(`BROKEN: stream ${b.streamId} at position ${b.streamPosition} (global position ${b.globalPosition}): ${b.problem}`);
      else console.log(`ok: ${result.eventsChecked} events in ${result.streamsChecked} streams, ${result.summary}`);
      // What a pass proves on this store, and what no check of it can: one output, both said.
      for (const p of result.proves) console.log(`  proves: ${p}`);
      for (const p of result.cannotProve) console.log(`  cannot prove: ${p}`);
    }
    if (!result.ok) process.exitCode = 1;
  });

/** The console's operator exporting the log: an auditor's read, as the inspectorate's export over the API. */
const CLI_AUDITOR = { userId: 'system:cli', roles: ['inspektorat'] };

audit
  .command('export <what>')
  .description(
    'export the audit timeline (what: timeline) or a ledger (appraisals, pay) as JSON Lines or CSV, streamed, with a progress bar',
  )
  .addOption(new Option('--format <format>', 'jsonl or csv').choices([...EXPORT_FORMATS]).default('jsonl'))
  .option(
    '--from <date>',
    'timeline: recorded at or after YYYY-MM-DD (a day in WIB) or a date-time with offset; a ledger: from this month YYYY-MM',
  )
  .option(
    '--to <date>',
    'timeline: recorded at or before YYYY-MM-DD (to the end of that day, WIB) or a date-time; a ledger: to this month YYYY-MM',
  )
  .option('--opd <opd>', 'only the events (rows) of this OPD')
  .option('--nip <nip>', 'timeline: only the events about this employee')
  .option('--type <type>', 'timeline: only this event type')
  .option('--out <file>', 'write to this file (default: stdout)')
  .action(
    async (
      what: string,
      opts: { format: ExportFormat; from?: string; to?: string; opd?: string; nip?: string; type?: string; out?: string },
    ) => {
      if (what !== 'timeline' && what !== 'appraisals' && what !== 'pay')
        throw new KinerjaError('UNKNOWN_EXPORT', `no export "${what}" (there are: timeline, appraisals, pay)`, 'BAD_INPUT');
      const defined = (o: Record<string, string | undefined>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
      if (what !== 'timeline' && (opts.nip || opts.type))
        throw new KinerjaError('UNKNOWN_EXPORT_OPTION', '--nip and --type filter the timeline only', 'BAD_INPUT');
      const r = await withRuntime(async (rt) => {
        const queries = (await applicationContext(rt)).queries;
        /** Writes an export's chunks to the file or stdout with a progress bar over its rows. */
        const write = async (
          x: { total: number },
          unit: string,
          chunksOf: (onProgress: (n: number) => void) => AsyncIterable<string>,
        ): Promise<void> => {
          const bar = progressBar(`exporting ${x.total} ${unit}`);
          const out = opts.out ? createWriteStream(opts.out) : process.stdout;
          await pipeline(
            Readable.from(
              chunksOf((n) => bar.update(n, x.total)),
              { highWaterMark: 1 },
            ),
            out,
          );
          bar.update(x.total, x.total);
          bar.done();
        };
        const headerOf = (x: { head: Checkpoint | null; total: number; seal: ExportSeal | null; generatedAt: string }, filter: object) => ({
          format: opts.format,
          filter,
          logHead: x.head,
          events: x.total,
          seal: x.seal,
          generatedAt: x.generatedAt,
        });
        if (what === 'timeline') {
          const filter = timelineFilterOf(
            parseInput(TimelineExportQuery, defined({ from: opts.from, to: opts.to, opd: opts.opd, nip: opts.nip, type: opts.type })),
          );
          const x = await queries.execute(new ExportAuditTimeline(filter, CLI_AUDITOR));
          const header = { export: 'audit-timeline' as const, ...headerOf(x, filter) };
          await write(x, 'events', (onProgress) => timelineExportChunks(header, x.batches, onProgress));
          return { ...x, unit: 'events' };
        }
        const filter = ledgerFilterOf(parseInput(LedgerExportQuery, defined({ opd: opts.opd, from: opts.from, to: opts.to })));
        const x = await queries.execute(new ExportLedger(what, filter, CLI_AUDITOR));
        try {
          const header = {
            export: what === 'appraisals' ? ('appraisal-ledger' as const) : ('pay-ledger' as const),
            ...headerOf(x, filter),
          };
          await write(x, 'rows', (onProgress) => exportChunks(header, x.columns, (row) => row, x.batches, onProgress));
        } finally {
          await x.close();
        }
        return { ...x, unit: 'rows' };
      });
      const head = r.head ? `${r.head.transactionId}.${r.head.globalPosition}` : 'none (empty log)';
      const seal = r.seal ? `seal ${r.seal.seal}` : 'no seal yet';
      process.stderr.write(
        `exported ${r.total} ${r.unit}${opts.out ? ` to ${opts.out}` : ''}, consistent with log head ${head} (${seal})\n`,
      );
    },
  );

audit
  .command('replay')
  .description(
    're-run every recorded decision (ratings, calibration, objection decisions, pay lines) through today’s code on its recorded inputs and policy version; exit 1 on any difference',
  )
  .option('--from <date>', 'only decisions recorded on or after this day (YYYY-MM-DD, the Pemda’s calendar)')
  .option('--to <date>', 'only decisions recorded on or before this day')
  .option('--stream <streamId>', 'only the decisions of this stream')
  .option('--json', 'print the summary as JSON')
  .action(async (opts: { from?: string; to?: string; stream?: string; json?: boolean }) => {
    const result = await withRuntime(async (rt) => {
      const bar = progressBar('replaying');
      const r = await (
        await applicationContext(rt)
      ).queries.execute(new ReplayDecisions({ from: opts.from, to: opts.to, stream: opts.stream }, (p) => bar.update(p.read, p.total)));
      bar.done();
      return r;
    });
    if (opts.json) console.log(JSON.stringify(result));
    else for (const line of describeReplay(result)) console.log(line);
    if (result.different > 0) process.exitCode = 1;
  });

registerSealCommands(audit);

const projections = program.command('projections').description('read models built from the event log');
projections
  .command('list')
  .description('each projection with its version, generation, lag and the event it stopped at, if any')
  .option('--json', 'print as JSON')
  .action(async (opts: { json?: boolean }) => {
    const list = await withRuntime(async (rt) => {
      for (const p of rt.runner.projections) await rt.runner.ensure(p);
      return rt.runner.status();
    });
    if (opts.json) return console.log(JSON.stringify(list));
    for (const p of list) console.log(describeProjection(p));
  });
projections
  .command('rebuild <name>')
  .description('rebuild into new tables while the old ones keep serving, then switch')
  .action(async (name: string) => {
    const r = await withRuntime(async (rt) => {
      const p = rt.runner.find(name);
      const bar = progressBar(`rebuilding ${name}`);
      const total = (await rt.store.backlog({ after: START, types: p.eventTypes, max: Number.MAX_SAFE_INTEGER })).events;
      const out = await rt.runner.rebuild(name, (n) => bar.update(n, Math.max(total, n)));
      bar.done();
      return out;
    });
    console.log(`${name}: generation ${r.generation} active, ${r.eventsApplied} events applied`);
  });

registerSimulateCommand(registerTppCommands(program));
registerPeopleCommands(program);
registerPayrollCommands(program);
registerReconciliationCommands(program);
registerDocumentCommands(program);
registerScanCommands(program);

program.parseAsync(process.argv).catch((e: unknown) => {
  // One clear line, no stack trace: these are the messages an operator acts on.
  if (isKinerjaError(e)) {
    process.stderr.write(`kinerja: ${e.code}: ${e.message}\n`);
    process.exitCode = e.code === 'CONFIG_INVALID' ? 78 : e.category === 'UNAVAILABLE' ? 69 : 1;
  } else {
    // Never a bare "undefined": a library that rejects without a reason still gets a line.
    const message = e instanceof Error && e.message ? e.message : `failed without a reason (${String(e)})`;
    process.stderr.write(`kinerja: ${message.split('\n')[0]}\n`);
    process.exitCode = 1;
  }
  // What the failed command opened is closed; a library's leftover timer or socket must not keep
  // a failed `start` (or a scheduled command) hanging after its one line.
  process.exit();
});
