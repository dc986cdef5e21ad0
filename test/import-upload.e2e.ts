import { PeopleService, syntheticPemda } from '../libs/application/src';
import { startTestApp, TestApp } from './support/app';
import { ADMIN } from './support/people';
import { overLimitBody } from './support/uploads';

/** Rows of the uploaded register (100,000 with KINERJA_UPLOAD_ROWS=100000; the default keeps the suite quick). */
const N = Number(process.env.KINERJA_UPLOAD_ROWS) || 4000;

describe(`employee import sent as the CSV file itself (${N.toLocaleString('en-US')} rows), a background job`, () => {
  let app: TestApp;
  const plan = syntheticPemda({ employees: N, seed: 4242 });
  const count = async (sql: string) => Number((await app.db.pool.query(sql)).rows[0].n);
  const eventCount = () => count('SELECT count(*) AS n FROM events');
  const keptFiles = () => count('SELECT count(*) AS n FROM import_files');
  const send = async (body: RequestInit['body'], contentType?: string, query = '') => {
    const r = await fetch(`${app.url}/api/v1/employees/import/file${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await app.token(ADMIN)}`, ...(contentType ? { 'content-type': contentType } : {}) },
      body,
      duplex: 'half',
    } as RequestInit);
    return { status: r.status, body: (await r.json()) as any };
  };
  /** Follows the job at its status address until it is done; every progress seen on the way. */
  const finished = async (status: string) => {
    const seen: any[] = [];
    const end = Date.now() + 600_000;
    for (;;) {
      const r = await app.call('GET', status, undefined, {}, ADMIN);
      expect(r.status).toBe(200);
      if (r.body.progress && typeof r.body.progress === 'object') seen.push(r.body.progress);
      if (r.body.state === 'completed' || r.body.state === 'failed') return { job: r.body, seen };
      if (Date.now() > end) throw new Error(`job ${status} not done: ${JSON.stringify(r.body)}`);
      await new Promise((ok) => setTimeout(ok, 100));
    }
  };

  beforeAll(async () => {
    app = await startTestApp();
    const people = new PeopleService(app.rt.store);
    let i = 0;
    for (const cmd of plan.structure)
      await people.organisationCommand({ ...cmd, now: new Date().toISOString() }, { idempotencyKey: `s-${i++}` });
  });
  afterAll(async () => {
    await app.close();
  });

  it('refuses a NUL or bytes that are not UTF-8 at the upload, with line and column, and keeps nothing', async () => {
    const before = await eventCount();
    const lines = plan.csv.split('\n');
    lines[3] = lines[3].replace(',PNS,', ',P\u0000NS,');
    const nul = await send(lines.join('\n'), 'text/csv');
    expect(nul.status).toBe(422);
    expect(nul.body.error).toMatchObject({
      code: 'IMPORT_REJECTED',
      details: { errors: [{ line: 4, column: 'STATUS_ASN', code: 'INVALID_CHARACTER' }] },
    });
    // A lone surrogate as it arrives in UTF-8 (ED A0 80): not UTF-8.
    const bytes = Buffer.concat([Buffer.from(plan.csv.split('\n').slice(0, 6).join('\n') + '\n' + 'x'), Buffer.from([0xed, 0xa0, 0x80])]);
    const lone = await send(bytes, 'text/csv');
    expect(lone.body.error.details.errors).toEqual([expect.objectContaining({ line: 7, column: 'NIP', code: 'INVALID_CHARACTER' })]);
    expect(await eventCount()).toBe(before);
    expect(await keptFiles()).toBe(0);
  });

  it('checks a file with bad rows in the job: every bad row in its result, nothing appended', async () => {
    const before = await eventCount();
    const lines = plan.csv.trimEnd().split('\n');
    const cells = lines[9].split(',');
    cells[4] = 'NO-SUCH-POSITION';
    lines[9] = cells.join(',');
    lines[19] = lines[19].replace(/^\d{18}/, '19900101201503300' + '1');
    const r = await send(lines.join('\n') + '\n', 'text/csv');
    expect(r).toMatchObject({ status: 202, body: { dryRun: false, rows: N } });
    const { job } = await finished(r.body.status);
    expect(job).toMatchObject({ state: 'completed', result: { ok: false, code: 'IMPORT_REJECTED', errorCount: 2 } });
    expect(job.result.errors.map(({ line, column, code }: any) => ({ line, column, code }))).toEqual([
      { line: 10, column: 'JABATAN_ID', code: 'UNKNOWN_POSITION' },
      { line: 20, column: 'NIP', code: 'INVALID_NIP' },
    ]);
    expect(await eventCount()).toBe(before);
    expect(await keptFiles()).toBe(0);
  }, 600_000);

  it('dry-runs the file sent in a multipart form, then imports it as text/csv with progress to done; the register is the file', async () => {
    const before = await eventCount();
    const form = new FormData();
    form.append('note', 'not the file');
    form.append('file', new Blob([plan.csv], { type: 'text/csv' }), 'siasn.csv');
    const dry = await send(form, undefined, '?dryRun=true');
    expect(dry).toMatchObject({ status: 202, body: { dryRun: true, rows: N, bytes: Buffer.byteLength(plan.csv) } });
    const checked = await finished(dry.body.status);
    expect(checked.job.result).toMatchObject({ ok: true, dryRun: true, employees: N, imported: N, alreadyImported: 0 });
    expect(await eventCount()).toBe(before);

    const r = await send(plan.csv, 'text/csv; charset=utf-8');
    expect(r.status).toBe(202);
    const { job, seen } = await finished(r.body.status);
    expect(job).toMatchObject({ state: 'completed', result: { ok: true, dryRun: false, employees: N, imported: N, assignments: N } });
    expect(job.progress).toMatchObject({ phase: 'importing', percent: 100, done: N + 1, total: N + 1 });
    // The progress only goes forward.
    const percents = seen.filter((p) => p.phase === 'importing').map((p) => p.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(await count(`SELECT count(*) AS n FROM streams WHERE stream_id LIKE 'Employee-%'`)).toBe(N);
    expect(await keptFiles()).toBe(0);
    const nips = plan.csv
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[0])
      .sort();
    const end = Date.now() + 120_000;
    while ((await count('SELECT count(*) AS n FROM employee_directory')) < N && Date.now() < end)
      await new Promise((ok) => setTimeout(ok, 200));
    const { rows } = await app.db.pool.query<{ nip: string }>('SELECT nip FROM employee_directory ORDER BY nip');
    expect(rows.map((x) => x.nip)).toEqual(nips);
  }, 900_000);

  it('refuses more than 100,000 rows and a chunked upload far over the limit (413), keeping nothing', async () => {
    const header = plan.csv.split('\n')[0];
    const many = await send(header + '\n' + 'x\n'.repeat(100_001), 'text/csv');
    expect(many).toMatchObject({ status: 413, body: { error: { code: 'IMPORT_TOO_MANY_ROWS' } } });
    // 1 MB a chunk, one line 256 MB long: four times the limit, with no Content-Length.
    const huge = overLimitBody(new TextEncoder().encode('x'.repeat(1 << 20)), 256);
    const refused = await send(huge.body, 'text/csv');
    expect(refused).toMatchObject({ status: 413, body: { error: { code: 'IMPORT_FILE_TOO_LARGE' } } });
    expect(huge.pulled()).toBeLessThan(256);
    expect(await keptFiles()).toBe(0);
    const type = await send('a,b\n', 'text/html');
    expect(type.body.error.code).toBe('IMPORT_FILE_TYPE_REFUSED');
  });
});
