import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newId } from '@kinerja/kernel';
import { PostgresEventStore } from '@kinerja/event-store';
import { auditTimelineProjection, ProjectionRunner } from '@kinerja/projections';
import { kinerja } from './support/cli';
import { createTestDatabase, TestDatabase } from './support/database';

/** Changes one byte of a file at `index` (to another character of the same kind). */
function changeOneByte(file: string, index: number): void {
  const b = readFileSync(file);
  b[index] = b[index] === 0x30 ? 0x31 : b[index] === 0x61 ? 0x62 : b[index] >= 0x30 && b[index] <= 0x39 ? 0x30 : 0x61;
  writeFileSync(file, b);
}

// Each test runs several `kinerja` processes (a few seconds each on a busy machine).
jest.setTimeout(240_000);

describe('audit seals on the console: seal, export, verify, prove, check-proof', () => {
  let db: TestDatabase;
  let env: Record<string, string>;
  let dir: string;
  const streams = [`Employee-${newId()}`, `PayrollRun-${newId()}`, `Appraisal-${newId()}`];
  const [victim, other, third] = streams;
  const file = (name: string) => join(dir, name);

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'kinerja-seal-'));
    // The seal key is generated into DATA_DIR on first use (the embedded default's way).
    env = { DATABASE_URL: db.url, DATA_DIR: file('data') };
    const store = new PostgresEventStore({ pool: db.pool });
    for (const s of streams)
      await store.append(
        s,
        [0, 1, 2].map((i) => ({ type: 'Changed', data: { i, amount: '3900000' } })),
      );
    await store.close();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('seals the log, lists the seal and exports it as a signed text file', async () => {
    const made = await kinerja(['audit', 'seal', '--json'], env);
    expect(made).toMatchObject({ code: 0 });
    const seal = JSON.parse(made.stdout);
    expect(seal).toMatchObject({
      seal: 1,
      trigger: 'ON_DEMAND',
      streams: 3,
      root: expect.stringMatching(/^[0-9a-f]{64}$/),
      replayed: false,
    });
    const list = await kinerja(['audit', 'seals', '--json'], env);
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ seal: 1, streams: 3, root: seal.root })]);
    expect((await kinerja(['audit', 'export-seal', '1', '--out', file('seal-1.txt')], env)).code).toBe(0);
    const text = readFileSync(file('seal-1.txt'), 'utf8');
    expect(text).toMatch(
      new RegExp(`^kinerja-audit-seal v1\nseal: 1\n[^]*\nstreams: 3\nroot: ${seal.root}\nkey: ed25519:[0-9a-f]{64}\nsignature: \\S{88}\n$`),
    );
    const key = await kinerja(['audit', 'seal-key', '--out', file('key.pem')], env);
    expect(key.code).toBe(0);
    expect(readFileSync(file('key.pem'), 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(text).toContain(`key: ${key.stderr.trim()}`);
    // A second seal covers the first seal's own event (its stream) too.
    expect(JSON.parse((await kinerja(['audit', 'seal', '--json'], env)).stdout)).toMatchObject({ seal: 2, streams: 4 });
  });

  it('an export of the timeline names the last seal it is consistent with', async () => {
    // The timeline is a projection: bring it up to the log's end first.
    const store = new PostgresEventStore({ pool: db.pool });
    const runner = new ProjectionRunner(db.pool, store, [auditTimelineProjection]);
    const ac = new AbortController();
    const running = runner.run(auditTimelineProjection, ac.signal);
    const total = (await db.pool.query('SELECT count(*)::int AS n FROM events')).rows[0].n;
    for (let n = 0; n < total; await new Promise((r) => setTimeout(r, 50)))
      n = (await db.pool.query('SELECT count(*)::int AS n FROM audit_timeline').catch(() => ({ rows: [{ n: 0 }] }))).rows[0].n;
    ac.abort();
    await running;
    await store.close();
    const seals = JSON.parse((await kinerja(['audit', 'seals', '--json'], env)).stdout);
    const last = seals[seals.length - 1];
    const jsonl = await kinerja(['audit', 'export', 'timeline'], env);
    expect(jsonl.code).toBe(0);
    expect(JSON.parse(jsonl.stdout.split('\n')[0]).seal).toEqual({
      seal: last.seal,
      sealedAt: last.sealedAt,
      cut: last.cut,
      root: last.root,
    });
    const csv = await kinerja(['audit', 'export', 'timeline', '--format', 'csv'], env);
    expect(csv.stdout.split('\n')[0]).toContain(`; seal ${last.seal} (sealed ${last.sealedAt}, cut ${last.cut}, root ${last.root});`);
  });

  it('verifies that the log still extends the seal, also after later appends', async () => {
    const store = new PostgresEventStore({ pool: db.pool });
    await store.append(other, [{ type: 'Changed', data: { i: 3 } }]);
    await store.close();
    const r = await kinerja(['audit', 'verify', '--seal', file('seal-1.txt')], env);
    expect(r.stdout).toMatch(/^ok: the log extends seal 1: 3 streams give its root/);
    expect(r.code).toBe(0);
    const withKey = await kinerja(['audit', 'verify', '--seal', file('seal-1.txt'), '--key', file('key.pem'), '--json'], env);
    expect(JSON.parse(withKey.stdout)).toMatchObject({ ok: true, rootMatches: true, sealedStreams: 3, streamsAtCut: 3, failures: [] });
  });

  it('refuses a seal file with one byte changed, saying so, with a non-zero exit', async () => {
    const text = readFileSync(file('seal-1.txt'), 'utf8');
    writeFileSync(file('forged.txt'), text);
    changeOneByte(file('forged.txt'), text.indexOf('root: ') + 10);
    const forged = await kinerja(['audit', 'verify', '--seal', file('forged.txt')], env);
    expect(forged.code).toBe(1);
    expect(forged.stderr).toMatch(
      /^kinerja: SEAL_SIGNATURE_INVALID: seal 1: the signature does not verify with the Pemda's key .* it is refused\n$/,
    );
    writeFileSync(file('forged.txt'), text.replace('seal: 1\n', 'seal:  1\n'));
    expect((await kinerja(['audit', 'verify', '--seal', file('forged.txt')], env)).stderr).toMatch(/^kinerja: SEAL_MALFORMED: /);
    const proof = await kinerja(['audit', 'prove', third, '--seal', file('forged.txt')], env);
    expect(proof).toMatchObject({ code: 1, stderr: expect.stringMatching(/^kinerja: SEAL_MALFORMED/) });
  });

  it('prints an inclusion proof that check-proof checks without a database, and refuses after a one-byte change', async () => {
    const proof = await kinerja(['audit', 'prove', third, '--seal', file('seal-1.txt'), '--out', file('proof.txt')], env);
    expect(proof).toMatchObject({ code: 0, stderr: '' });
    const text = readFileSync(file('proof.txt'), 'utf8');
    expect(text).toMatch(new RegExp(`^kinerja-inclusion-proof v1\nstream: ${third}\nversion: 2\n`));
    // No database: nothing in the environment names one, and DATA_DIR holds no PostgreSQL.
    const offline = { DATA_DIR: file('nothing-here') };
    const ok = await kinerja(['audit', 'check-proof', file('proof.txt'), '--key', file('key.pem'), '--seal', file('seal-1.txt')], offline);
    expect(ok.stdout).toMatch(new RegExp(`^ok: ${third} at version 2 \\(head [0-9a-f]{64}\\) is in seal 1 of `));
    expect(ok.code).toBe(0);
    const forged = [text.indexOf('head-hash: ') + 20, text.indexOf('path: ') + 7, text.indexOf('version: ') + 9].map((at, i) => {
      writeFileSync(file(`forged-proof-${i}.txt`), text);
      changeOneByte(file(`forged-proof-${i}.txt`), at);
      return file(`forged-proof-${i}.txt`);
    });
    for (const bad of await Promise.all(forged.map((f) => kinerja(['audit', 'check-proof', f, '--key', file('key.pem')], offline)))) {
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/^kinerja: PROOF_(INVALID|MALFORMED): .*it is refused\n$/);
    }
    const otherSeal = await kinerja(['audit', 'export-seal', '2', '--out', file('seal-2.txt')], env);
    expect(otherSeal.code).toBe(0);
    expect(
      (await kinerja(['audit', 'check-proof', file('proof.txt'), '--key', file('key.pem'), '--seal', file('seal-2.txt')], offline)).stderr,
    ).toMatch(/^kinerja: PROOF_SEAL_MISMATCH/);
  });

  it('fails verification against the seal after a row is altered with the trigger disabled, naming the stream', async () => {
    await db.pool.query('ALTER TABLE events DISABLE TRIGGER USER');
    await db.pool.query(`UPDATE events SET data = '{"i": 1, "amount": "9900000"}' WHERE stream_id = $1 AND stream_position = 1`, [victim]);
    await db.pool.query('ALTER TABLE events ENABLE TRIGGER USER');
    const r = await kinerja(['audit', 'verify', '--seal', file('seal-1.txt')], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^FAILED: the log no longer extends seal 1: ${victim} \\(HASH_MISMATCH at 1\\)`));
    expect(r.stdout).toContain(`  ${victim}: HASH_MISMATCH at position 1`);
    expect(r.stdout).not.toContain(other);
    // A head rewritten with its hash recomputed no longer gives the sealed root, and no proof is made from it.
    await db.pool.query('ALTER TABLE events DISABLE TRIGGER USER');
    await db.pool.query(`UPDATE events SET hash = sha256(hash) WHERE stream_id = $1 AND stream_position = 2`, [third]);
    await db.pool.query('ALTER TABLE events ENABLE TRIGGER USER');
    const rewritten = await kinerja(['audit', 'verify', '--seal', file('seal-1.txt'), '--json'], env);
    expect(JSON.parse(rewritten.stdout)).toMatchObject({ ok: false, rootMatches: false });
    expect(rewritten.code).toBe(1);
    const proof = await kinerja(['audit', 'prove', third, '--seal', file('seal-1.txt')], env);
    expect(proof).toMatchObject({ code: 1, stderr: expect.stringMatching(/^kinerja: SEAL_NOT_REPRODUCED/) });
  });
});
