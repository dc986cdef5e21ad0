import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDemoData } from '../libs/platform/src';
import { startTestApp, type TestApp, type TestUser } from './support/app';
import { kinerja } from './support/cli';

/**
 * The ledgers' exports for an auditor (issue 15, item 5): the appraisal ledger and the pay ledger of
 * an OPD over months, as JSON Lines and CSV, from the API and the CLI, each naming the log head and
 * the seal it is consistent with; the rows are those the ledgers' own endpoints serve.
 */

/** The body's lines: a one-line body (the header alone) arrives parsed by the test client. */
const jsonl = (body: unknown) =>
  (typeof body === 'string' ? body : JSON.stringify(body))
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));

describe('exports of the appraisal and pay ledgers', () => {
  let app: TestApp;
  let period: string;
  let month: string;
  beforeAll(async () => {
    app = await startTestApp();
    // The demo's payroll month waits a minute for the worker's projections; on a loaded machine that can
    // pass, and the next load completes the missing step (as the next `npm start` would).
    for (let attempt = 0; attempt < 3; attempt++) {
      await loadDemoData(app.rt);
      if ((await app.db.pool.query(`SELECT 1 FROM pay_run WHERE opd_id = 'DINKES'`)).rowCount) break;
    }
    // What the demo holds (found, not assumed: the demo follows today's date). Its run calculates in
    // the worker after the load: wait for its lines, then for the ledgers to have applied everything.
    month = (await app.db.pool.query(`SELECT max(month) AS m FROM pay_run WHERE opd_id = 'DINKES'`)).rows[0].m;
    await until(async () => {
      const run = await app.call('GET', `/api/v1/payroll/opds/DINKES/runs/${month}`);
      return run.body.status === 'CALCULATED' && run.body.lineCount > 0 ? run : null;
    }, 240_000);
    await ledgersCaughtUp(app);
    period = (
      await app.db.pool.query(`SELECT max(period) AS p FROM appraisal_ledger WHERE opd_id = 'DINKES' AND issued_predikat IS NOT NULL`)
    ).rows[0].p;
    expect(period).toMatch(/^\d{4}-\d{2}$/);
    expect(month).toMatch(/^\d{4}-\d{2}$/);
  }, 600_000);
  afterAll(() => app?.close());

  it('the appraisal ledger of an OPD and months: every row the unit ledger serves, with its decision', async () => {
    const r = await app.call('GET', `/api/v1/audit/exports/appraisals.jsonl?opd=DINKES&from=${period}&to=${period}`);
    expect(r.status).toBe(200);
    const [header, ...rows] = jsonl(r.body);
    expect(header).toMatchObject({
      export: 'appraisal-ledger',
      format: 'jsonl',
      filter: { opdId: 'DINKES', fromMonth: period, toMonth: period },
      seal: null,
    });
    expect(header.events).toBe(rows.length);
    expect(r.headers.get('x-kinerja-log-head')).toBe(`${header.logHead.transactionId}.${header.logHead.globalPosition}`);
    const unit = await app.call('GET', `/api/v1/appraisal-units/DINKES/${period}?limit=500`);
    expect(unit.status).toBe(200);
    const served = unit.body.appraisals as Array<{ nip: string; predikat: string | null }>;
    expect(rows.map((x) => x.nip).sort()).toEqual(served.map((x) => x.nip).sort());
    for (const x of rows) expect(x).toMatchObject({ period, opdId: 'DINKES', policyVersion: expect.any(String) });
    expect(new Map(rows.map((x) => [x.nip, x.predikat]))).toEqual(new Map(served.map((x) => [x.nip, x.predikat])));
  });

  it('the pay ledger of a month: the run’s current lines in whole rupiah, with the run’s digest', async () => {
    const r = await app.call('GET', `/api/v1/audit/exports/pay.jsonl?opd=DINKES&from=${month}&to=${month}`);
    expect(r.status).toBe(200);
    const [header, ...rows] = jsonl(r.body);
    expect(header).toMatchObject({ export: 'pay-ledger', events: rows.length });
    const run = await app.call('GET', `/api/v1/payroll/opds/DINKES/runs/${month}`);
    const lines = await app.call('GET', `/api/v1/payroll/opds/DINKES/runs/${month}/lines?limit=1000`);
    expect(lines.status).toBe(200);
    const served = lines.body.lines as Array<{ nip: string; amounts: { net: string } }>;
    expect(rows).toHaveLength(served.length);
    expect(rows.map((x) => [x.nip, x.net])).toEqual(served.map((l) => [l.nip, l.amounts.net]));
    for (const x of rows)
      expect(x).toMatchObject({ month, opdId: 'DINKES', runDigest: run.body.digest, gross: expect.stringMatching(/^\d+$/) });
  });

  it('CSV from the CLI names the seal the export is consistent with once the log is sealed', async () => {
    // The seal key is made in DATA_DIR on first use: a directory of the test's own.
    const env = { DATABASE_URL: app.db.url, DATA_DIR: mkdtempSync(join(tmpdir(), 'kinerja-ledger-export-')) };
    const sealed = await kinerja(['audit', 'seal', '--json'], env);
    expect(sealed.code).toBe(0);
    const seal = JSON.parse(sealed.stdout);
    // The seal is an event: the ledgers' projections move past it as they apply what follows.
    await app.call('POST', '/api/v1/payroll/opds/DINKES/budgets/2099-01', { amount: '1000', reason: 'uji ekspor' }, {}, BPKAD);
    const payCsv = await until(async () => {
      const out = await kinerja(['audit', 'export', 'pay', '--format', 'csv', '--opd', 'DINKES', '--from', month, '--to', month], env);
      return out.stdout.split('\n')[0].includes(`; seal ${seal.seal} (`) ? out : null;
    });
    // The pay ledger applied an event after the seal's cut: its export names the seal.
    expect(payCsv.stdout.split('\n')[0]).toContain(`; seal ${seal.seal} (sealed ${seal.sealedAt}, cut ${seal.cut}, root ${seal.root});`);
    expect(payCsv.stderr).toMatch(new RegExp(`exported \\d+ rows, consistent with log head \\d+\\.\\d+ \\(seal ${seal.seal}\\)`));
    // The appraisal ledger applied nothing since, and nothing of its kinds came between its position
    // and the cut: it holds every sealed event of its kinds, and names the seal too.
    const out = await kinerja(
      ['audit', 'export', 'appraisals', '--format', 'csv', '--opd', 'DINKES', '--from', period, '--to', period],
      env,
    );
    expect(out.code).toBe(0);
    const text = out.stdout.split('\n');
    expect(text[0]).toMatch(/^"?# kinerja appraisal ledger export: consistent with log head \d+\.\d+; \d+ rows; seal \d+ \(/);
    expect(text[0]).toContain(`; seal ${seal.seal} (sealed ${seal.sealedAt}`);
    expect(text[1]).toBe(
      'nip,period,opdId,raterNip,raterSupervisorNip,results,behaviour,predikat,issuedPredikat,state,revision,policyVersion,calibrationId,issuedOn,objectionFiledOn,decisionOutcome,finalisedAt,streamVersion,updatedAt',
    );
  }, 180_000);

  it('refuses a bad range or month with a coded 400, another role with 403, an unknown export by name', async () => {
    expect(await app.call('GET', '/api/v1/audit/exports/pay.csv?from=2026-11&to=2026-10')).toMatchObject({
      status: 400,
      body: { error: { code: 'INVALID_DATE_RANGE' } },
    });
    expect(await app.call('GET', '/api/v1/audit/exports/pay.csv?from=2026-13')).toMatchObject({
      status: 400,
      body: { error: { code: 'INVALID_MONTH' } },
    });
    expect(await app.call('GET', '/api/v1/audit/exports/appraisals.csv?nip=1')).toMatchObject({ status: 400 });
    const pegawai: TestUser = { sub: 'p', nip: '199001012015011001', roles: ['pegawai'] };
    expect((await app.call('GET', '/api/v1/audit/exports/appraisals.jsonl', undefined, {}, pegawai)).status).toBe(403);
    const cli = await kinerja(['audit', 'export', 'appraisals', '--nip', '199001012015011001'], { DATABASE_URL: app.db.url });
    expect(cli).toMatchObject({ code: 1, stderr: expect.stringContaining('kinerja: UNKNOWN_EXPORT_OPTION') });
  }, 120_000);
});

/** The ledgers' projections have no event of their kinds left to apply (the demo's last events included). */
async function ledgersCaughtUp(app: TestApp): Promise<void> {
  await until(async () => {
    const r = await app.call('GET', '/api/v1/projections');
    const lag = (r.body.projections as Array<{ name: string; lagEvents: number }>).filter((p) =>
      ['appraisals', 'payroll'].includes(p.name),
    );
    return lag.length === 2 && lag.every((p) => p.lagEvents === 0) ? lag : null;
  });
}

const BPKAD: TestUser = { sub: 'bpkad', roles: ['bpkad'] };

async function until<T>(probe: () => Promise<T | null>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const r = await probe();
    if (r) return r;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((d) => setTimeout(d, 300));
  }
}
