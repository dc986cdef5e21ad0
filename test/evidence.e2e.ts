import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVIDENCE_CONTENT_TYPES } from '../libs/domain/evidence';
import { EVIDENCE_SAMPLES, zipOf } from '../libs/domain/evidence/fixtures';
import { startTestApp, TestApp, TestUser } from './support/app';
import { ADMIN, ANALIS, ANALIS2, buildDinkes, KABID_B, KADIS, me, ok, rhk, until, wp, YEAR } from './support/people';
import { overLimitBody } from './support/uploads';

const PERIOD = `${YEAR}-03`;
const MAX = 64 * 1024;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('realisation with evidence over HTTP (real PostgreSQL, evidence on local disk)', () => {
  let app: TestApp;
  let dataDir: string;
  const eventCount = async () => Number((await app.db.pool.query('SELECT count(*) AS n FROM events')).rows[0].n);
  const storedFiles = async () =>
    (await readdir(join(dataDir, 'evidence'), { recursive: true }).catch(() => [] as string[])).filter((f) => /[0-9a-f]{64}$/.test(f));
  const upload = async (bytes: Buffer, contentType: string, as: TestUser) => {
    const res = await fetch(`${app.url}/api/v1/evidence`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await app.token(as)}`, 'content-type': contentType },
      body: new Uint8Array(bytes),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const download = async (hash: string, as: TestUser) => {
    const res = await fetch(`${app.url}/api/v1/evidence/${hash}`, { headers: { authorization: `Bearer ${await app.token(as)}` } });
    return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
  };
  const refused = async (method: string, path: string, body: unknown, as: TestUser, status: number, code: string) => {
    const before = await eventCount();
    const r = await app.call(method, path, body, {}, as);
    expect({ status: r.status, code: r.body?.error?.code }).toEqual({ status, code });
    expect(await eventCount()).toBe(before);
  };
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 256))]);
  const record = (evidence: unknown[], over: object = {}) => ({
    indicatorId: 'A-1-I1',
    quantity: 3,
    quality: 95,
    timeMonths: 1,
    evidence,
    ...over,
  });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kinerja-evidence-'));
    app = await startTestApp({ DATA_DIR: dataDir, KINERJA_EVIDENCE_MAX_BYTES: String(MAX) });
    await buildDinkes(app);
    await ok(app, 'POST', wp(KADIS, 'draft'), { results: [rhk('K-1')] }, me(KADIS));
    await ok(app, 'POST', wp(KADIS, 'submit'), {}, me(KADIS));
    await ok(app, 'POST', wp(KADIS, 'approve'), {}, ADMIN);
    await ok(app, 'POST', wp(KABID_B, 'draft'), { results: [rhk('B-1', 'K-1')] }, me(KABID_B));
    await ok(app, 'POST', wp(KABID_B, 'submit'), {}, me(KABID_B));
    await ok(app, 'POST', wp(KADIS, 'approve').replace(KADIS, KABID_B), {}, me(KADIS));
    await ok(app, 'POST', wp(ANALIS, 'draft'), { results: [rhk('A-1', 'B-1')] }, me(ANALIS));
    await ok(app, 'POST', wp(ANALIS, 'submit'), {}, me(ANALIS));
  });
  afterAll(async () => {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('uploads a file, records a realisation with it, the supervisor answers, the file comes back byte-identical', async () => {
    const up = await upload(pdf, 'application/pdf', me(ANALIS));
    expect(up).toEqual({ status: 201, body: { sha256: sha(pdf), size: pdf.length, contentType: 'application/pdf' } });
    expect(await storedFiles()).toEqual([join(sha(pdf).slice(0, 2), sha(pdf))]);

    // Not before the plan is approved.
    await refused(
      'POST',
      `/api/v1/realisations/${ANALIS}/${PERIOD}`,
      record([{ kind: 'FILE', sha256: sha(pdf) }]),
      me(ANALIS),
      422,
      'WORKPLAN_NOT_APPROVED',
    );
    await ok(app, 'POST', wp(ANALIS, 'approve'), {}, me(KABID_B));

    await refused(
      'POST',
      `/api/v1/realisations/${ANALIS}/${PERIOD}`,
      record([], { indicatorId: 'B-1-I1' }),
      me(ANALIS),
      400,
      'UNKNOWN_INDICATOR',
    );
    await refused('POST', `/api/v1/realisations/${ANALIS}/${PERIOD}`, record([]), me(ANALIS2), 403, 'NOT_OWN_RECORD');
    await refused(
      'POST',
      `/api/v1/realisations/${ANALIS}/${PERIOD}`,
      record([{ kind: 'FILE', sha256: 'c'.repeat(64) }]),
      me(ANALIS),
      404,
      'EVIDENCE_NOT_FOUND',
    );
    await refused(
      'POST',
      `/api/v1/realisations/${ANALIS}/${PERIOD}`,
      record([{ kind: 'LINK', url: 'ftp://x' }]),
      me(ANALIS),
      400,
      'INVALID_EVIDENCE_LINK',
    );
    await refused('POST', `/api/v1/realisations/${ANALIS}/2026-13`, record([]), me(ANALIS), 400, 'INVALID_PERIOD');

    const done = await ok(
      app,
      'POST',
      `/api/v1/realisations/${ANALIS}/${PERIOD}`,
      record([
        { kind: 'FILE', sha256: sha(pdf) },
        { kind: 'LINK', url: 'https://drive.example/rekap' },
      ]),
      me(ANALIS),
    );
    expect(done.events).toEqual(['RealisationRecorded']);
    const { rows } = await app.db.pool.query(`SELECT data FROM events WHERE event_type = 'RealisationRecorded'`);
    expect(rows[0].data.evidence[0]).toEqual({ kind: 'FILE', sha256: sha(pdf), size: pdf.length, contentType: 'application/pdf' });

    const inbox = await until(async () => {
      const b = (await app.call('GET', '/api/v1/inbox', undefined, {}, me(KABID_B))).body;
      return b.realisationsToAnswer?.length === 1 && b;
    }, 'realisation in the supervisor’s inbox');
    expect(inbox.realisationsToAnswer[0]).toMatchObject({
      nip: ANALIS,
      name: 'Siti Wulandari',
      period: PERIOD,
      indicatorId: 'A-1-I1',
      resultId: 'A-1',
    });

    await refused(
      'POST',
      `/api/v1/realisations/${ANALIS}/${PERIOD}/A-1-I1/answer`,
      { kind: 'ACKNOWLEDGED' },
      me(ANALIS2),
      403,
      'NOT_SUPERVISOR',
    );
    await refused(
      'POST',
      `/api/v1/realisations/${ANALIS}/${PERIOD}/Z-1/answer`,
      { kind: 'ACKNOWLEDGED' },
      me(KABID_B),
      404,
      'REALISATION_NOT_FOUND',
    );
    await ok(app, 'POST', `/api/v1/realisations/${ANALIS}/${PERIOD}/A-1-I1/answer`, { kind: 'NOTE', note: 'Lengkap' }, me(KABID_B));
    await refused(
      'POST',
      `/api/v1/realisations/${ANALIS}/${PERIOD}/A-1-I1/answer`,
      { kind: 'ACKNOWLEDGED' },
      me(KABID_B),
      409,
      'REALISATION_ALREADY_ANSWERED',
    );
    await refused('POST', `/api/v1/realisations/${ANALIS}/${PERIOD}`, record([]), me(ANALIS), 409, 'REALISATION_EXISTS');

    const list = await until(async () => {
      const b = (await app.call('GET', `/api/v1/realisations/${ANALIS}/${PERIOD}`, undefined, {}, me(KABID_B))).body;
      return b.realisations?.[0]?.answer && b;
    }, 'realisation read model');
    expect(list.realisations[0]).toMatchObject({
      indicatorId: 'A-1-I1',
      quantity: 3,
      quality: 95,
      timeMonths: 1,
      revision: 1,
      answer: { kind: 'NOTE', note: 'Lengkap', answeredBy: KABID_B },
    });
    expect(list.realisations[0].evidence).toHaveLength(2);
    await until(
      async () => (await app.call('GET', '/api/v1/inbox', undefined, {}, me(KABID_B))).body.realisationsToAnswer.length === 0,
      'answered realisation leaves the inbox',
    );
    expect((await app.call('GET', `/api/v1/realisations/${ANALIS}/${PERIOD}`, undefined, {}, me(ANALIS2))).status).toBe(403);

    // The file comes back byte-identical, with its hash, to the uploader, the supervisor, BKPSDM, the inspectorate; not to a colleague.
    for (const who of [me(ANALIS), me(KABID_B), ADMIN, { sub: 'insp', roles: ['inspektorat'] }]) {
      const d = await download(sha(pdf), who);
      expect({ status: d.status, type: d.headers.get('content-type'), hash: d.headers.get('x-content-sha256') }).toEqual({
        status: 200,
        type: 'application/pdf',
        hash: sha(pdf),
      });
      expect(d.bytes.equals(pdf)).toBe(true);
      expect(sha(d.bytes)).toBe(sha(pdf));
    }
    expect((await download(sha(pdf), me(ANALIS2))).status).toBe(403);
    expect((await download('d'.repeat(64), me(ANALIS))).status).toBe(404);
    expect((await download('nope', me(ANALIS))).status).toBe(400);
  });

  it('refuses an over-size and a refused-type upload with a code, storing and appending nothing', async () => {
    const before = { events: await eventCount(), files: await storedFiles() };
    const big = Buffer.alloc(MAX + 1, 7);
    const tooLarge = await upload(big, 'application/pdf', me(ANALIS));
    expect({ status: tooLarge.status, code: tooLarge.body.error?.code }).toEqual({ status: 413, code: 'EVIDENCE_TOO_LARGE' });
    // Without a Content-Length (chunked), the limit holds while reading: just over it, and far over
    // it (a client still sending long after the refusal receives the 413, not a reset).
    for (const chunks of [3, 1000]) {
      const chunked = await fetch(`${app.url}/api/v1/evidence`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await app.token(me(ANALIS))}`, 'content-type': 'image/png' },
        body: overLimitBody(new Uint8Array(MAX / 2), chunks).body,
        duplex: 'half',
      } as RequestInit);
      expect({ chunks, status: chunked.status, code: ((await chunked.json()) as any).error?.code }).toEqual({
        chunks,
        status: 413,
        code: 'EVIDENCE_TOO_LARGE',
      });
      // Refused mid-upload, the connection closes: the answer says so, or the client's next request
      // could go out on it as it closes and fail ("other side closed").
      if (chunks === 1000) expect(chunked.headers.get('connection')).toBe('close');
    }
    for (const type of ['text/html', 'application/zip', 'application/json', 'application/octet-stream']) {
      const r = await upload(Buffer.from(type === 'application/json' ? '{"file":"x"}' : '<script>alert(1)</script>'), type, me(ANALIS));
      expect({ type, status: r.status, code: r.body.error?.code }).toEqual({ type, status: 400, code: 'EVIDENCE_TYPE_REFUSED' });
    }
    const empty = await upload(Buffer.alloc(0), 'image/png', me(ANALIS));
    expect(empty.body.error?.code).toBe('EVIDENCE_EMPTY');
    const noNip = await upload(pdf, 'application/pdf', { sub: 'bendahara', roles: ['bendahara:DINKES'] });
    expect(noNip.status).toBe(403);
    expect({ events: await eventCount(), files: await storedFiles() }).toEqual(before);
    // Exactly at the limit is fine.
    const atLimit = Buffer.concat([
      Buffer.from(EVIDENCE_SAMPLES['image/png']),
      Buffer.alloc(MAX - EVIDENCE_SAMPLES['image/png'].length, 1),
    ]);
    expect((await upload(atLimit, 'image/png', me(ANALIS))).status).toBe(201);
  });

  it('a client still sending after its upload is refused, reading only when done, still gets the 413', async () => {
    // Closed at once after an answer that says `close`, the connection was reset under the bytes the
    // client was still sending, and a client that had not read the answer yet lost it (CI: fetch
    // failed, EPIPE). It lingers: half-closed after the answer, drained a while, then closed.
    const socket = connect(Number(new URL(app.url).port), '127.0.0.1');
    await once(socket, 'connect');
    const received: Buffer[] = [];
    let failed: Error | undefined;
    socket.on('error', (e) => (failed = e));
    socket.write(
      `POST /api/v1/evidence HTTP/1.1\r\nHost: kinerja\r\nAuthorization: Bearer ${await app.token(me(ANALIS))}\r\n` +
        'Content-Type: image/png\r\nTransfer-Encoding: chunked\r\n\r\n',
    );
    const chunk = Buffer.alloc(MAX / 4, 7);
    // Two and a half times the limit, a piece every 10 ms: the answer comes after the fifth piece, and
    // the last goes out well within the 2 s the connection lingers, even on a slow machine.
    for (let i = 0; i < 10 && !failed; i++) {
      socket.write(`${chunk.length.toString(16)}\r\n`);
      socket.write(chunk);
      socket.write('\r\n');
      await new Promise((r) => setTimeout(r, 10));
    }
    socket.on('data', (d: Buffer) => received.push(d));
    await new Promise((r) => (socket.destroyed ? r(undefined) : socket.once('close', r)));
    expect({ failed: failed?.message, answer: Buffer.concat(received).toString('latin1').split('\r\n')[0] }).toEqual({
      failed: undefined,
      answer: 'HTTP/1.1 413 Payload Too Large',
    });
  });

  it('accepts each type whose bytes are that type, and refuses bytes that are not what the Content-Type says, storing and appending nothing', async () => {
    for (const type of EVIDENCE_CONTENT_TYPES) {
      const r = await upload(Buffer.from(EVIDENCE_SAMPLES[type]), type, me(ANALIS));
      expect({ type, status: r.status }).toEqual({ type, status: 201 });
    }
    const before = { events: await eventCount(), files: await storedFiles() };
    const html = Buffer.from('<!doctype html><script>fetch("/api/v1/employees")</script>');
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);
    const zip = Buffer.from(zipOf({ 'payload.js': 'alert(1)' }));
    const cases: Array<[Buffer, string]> = [
      [html, 'application/pdf'],
      [exe, 'image/png'],
      [html, 'image/jpeg'],
      [Buffer.from(EVIDENCE_SAMPLES['image/png']), 'application/pdf'],
      [zip, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      [
        Buffer.from(EVIDENCE_SAMPLES['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']),
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      ],
    ];
    for (const [bytes, type] of cases) {
      const r = await upload(bytes, type, me(ANALIS));
      expect({ type, status: r.status, code: r.body.error?.code }).toEqual({ type, status: 422, code: 'EVIDENCE_CONTENT_MISMATCH' });
    }
    expect({ events: await eventCount(), files: await storedFiles() }).toEqual(before);
  });

  it('refuses a file changed on disk after upload with EVIDENCE_TAMPERED', async () => {
    const png = Buffer.concat([Buffer.from(EVIDENCE_SAMPLES['image/png']), Buffer.from(' bukti kegiatan')]);
    const up = await upload(png, 'image/png', me(ANALIS));
    expect(up.status).toBe(201);
    expect((await download(sha(png), me(ANALIS))).bytes.equals(png)).toBe(true);
    await writeFile(join(dataDir, 'evidence', sha(png).slice(0, 2), sha(png)), Buffer.from('\x89PNG\r\n\x1a\n bukti palsu'));
    const res = await fetch(`${app.url}/api/v1/evidence/${sha(png)}`, {
      headers: { authorization: `Bearer ${await app.token(me(KABID_B))}` },
    });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('EVIDENCE_TAMPERED');
  });
});
