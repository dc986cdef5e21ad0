import 'reflect-metadata';
import { Command, Option } from 'commander';
import { isKinerjaError } from '@kinerja/kernel';
import { migrate, START } from '@kinerja/event-store';
import { createLogger, createRuntime, demoStatus, loadConfig, loadDemoData, openDatabase } from '@kinerja/platform';
import { registerTppCommands } from './commands/tpp';
import { registerPeopleCommands } from './commands/people';
import { registerPayrollCommands } from './commands/payroll';
import { describeProjection } from './commands/projections';
import { progressBar } from './progress';
import { withRuntime } from './runtime';

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
    const rt = await createRuntime(config, log);
    const worker = opts.only !== 'api' ? await (await import('../../worker/src/main')).startWorker(rt) : undefined;
    if (worker && config.demoData)
      await loadDemoData(rt).then(
        (r) =>
          (r.loaded || r.payroll.loaded) &&
          log.info(
            { employees: r.loaded ? r.employees : undefined, users: r.loaded ? r.users.map((u) => u.username) : undefined, payroll: r.payroll },
            'demo Pemda loaded (kinerja token <username>)',
          ),
        (e) => log.error({ err: e }, 'demo data not loaded'),
      );
    const api = opts.only !== 'worker' ? await (await import('../../api/src/main')).startApi(rt) : undefined;
    if (api) {
      const up = { url: api.url, docs: `${api.url}/docs`, database: rt.db.embedded ? 'embedded' : 'external', queue: rt.queues.kind };
      // A half-loaded demo must not pass for a loaded one: say what is missing (as /health does) and that the next start completes it.
      const demo = await demoStatus(rt).catch(() => null);
      if (demo?.status === 'incomplete') log.warn({ demo }, `the demo is incomplete (missing: ${demo.missing.join(', ')}); /health says degraded until the next start completes it`);
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
    const db = await openDatabase(loadConfig());
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
  .action(async (opts: { json?: boolean }) => {
    const result = await withRuntime(async (rt) => {
      const bar = progressBar('verifying');
      const r = await rt.store.verifyIntegrity({ onProgress: (p) => bar.update(p.checked, p.total) });
      bar.done();
      return r;
    });
    if (opts.json) console.log(JSON.stringify(result));
    else {
      const b = result.firstBroken;
      if (b) console.log(`BROKEN: stream ${b.streamId} at position ${b.streamPosition} (global position ${b.globalPosition}): ${b.problem}`);
      else console.log(`ok: ${result.eventsChecked} events in ${result.streamsChecked} streams, ${result.summary}`);
      // What a pass proves on this store, and what no check of it can: one output, both said.
      for (const p of result.proves) console.log(`  proves: ${p}`);
      for (const p of result.cannotProve) console.log(`  cannot prove: ${p}`);
    }
    if (!result.ok) process.exitCode = 1;
  });

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

registerTppCommands(program);
registerPeopleCommands(program);
registerPayrollCommands(program);

program.parseAsync(process.argv).catch((e: unknown) => {
  // One clear line, no stack trace: these are the messages an operator acts on.
  if (isKinerjaError(e)) {
    process.stderr.write(`kinerja: ${e.code}: ${e.message}\n`);
    process.exitCode = e.code === 'CONFIG_INVALID' ? 78 : e.category === 'UNAVAILABLE' ? 69 : 1;
  } else {
    process.stderr.write(`kinerja: ${(e as Error)?.message ?? String(e)}\n`);
    process.exitCode = 1;
  }
});
