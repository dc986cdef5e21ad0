import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closedToOthers, embeddedPostgresBlocked } from '../libs/platform/src/reachable';
import { kinerja } from './support/cli';

/**
 * Run as root in a directory only root may enter (a clone in /root, a 0700 temp dir), the embedded
 * PostgreSQL — which runs as user `postgres` — cannot reach its data: one line naming the
 * directory and what to do, a non-zero exit, no stack trace (issue 17, item 6).
 */
describe('the embedded PostgreSQL under a directory only root may enter', () => {
  let closed: string;
  beforeAll(() => {
    closed = mkdtempSync(join(tmpdir(), 'kinerja-root-only-'));
    chmodSync(closed, 0o700);
    mkdirSync(join(closed, 'clone'));
  });
  afterAll(() => rmSync(closed, { recursive: true, force: true }));

  it('names the first directory on the way that others may not enter', () => {
    const POSTGRES = 105;
    const modes = new Map([
      ['/root', { mode: 0o40700, uid: 0 }],
      ['/home/dev', { mode: 0o40700, uid: 1000 }],
      ['/var/lib/postgresql', { mode: 0o40700, uid: POSTGRES }],
    ]);
    const stat = (p: string) => modes.get(p) ?? { mode: 0o40755, uid: 0 };
    expect(closedToOthers('/root/kinerja/.data/pg', stat, POSTGRES)).toBe('/root');
    // Another user's 0700 home is as closed to `postgres` as root's.
    expect(closedToOthers('/home/dev/kinerja/.data', stat, POSTGRES)).toBe('/home/dev');
    // PostgreSQL's own home is its own to enter.
    expect(closedToOthers('/var/lib/postgresql/kinerja/.data', stat, POSTGRES)).toBeUndefined();
    expect(closedToOthers('/srv/kinerja/.data', stat, POSTGRES)).toBeUndefined();
  });

  it('`kinerja migrate` with its data there: one line, exit non-zero, nothing started', async () => {
    const dataDir = join(closed, 'clone', '.data');
    const r = await kinerja(['migrate'], { DATA_DIR: dataDir });
    if (process.getuid?.() === 0) {
      expect(embeddedPostgresBlocked(join(dataDir, 'pg'))).toContain(closed);
      expect(r.code).not.toBe(0);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^kinerja: DATABASE_UNREACHABLE: .*cannot enter /);
      expect(lines[0]).toContain(closed);
      expect(r.stderr).not.toMatch(/EACCES|\n\s+at /);
    } else {
      // Not root: PostgreSQL runs as this user, who may enter its own directory; it just works.
      expect(embeddedPostgresBlocked(join(dataDir, 'pg'))).toBeUndefined();
      expect(r).toMatchObject({ code: 0 });
    }
  }, 120_000);

  it("the tests' own server, when PostgreSQL will not start: its reason in one line, exit 78, its temp dir removed", () => {
    // A setting PostgreSQL does not know stops the server after initdb, as a /tmp it may not write did
    // (jest printed only "reason: undefined" then).
    const code = `require('./test/support/postgres-server').startTestPostgres({ flags: ['-c', 'no_such_setting_kinerja=1'] })`;
    const r = spawnSync(process.execPath, ['-r', '@swc-node/register', '-e', code], {
      cwd: join(__dirname, '..'),
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status).toBe(78);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^kinerja tests: DATABASE_UNREACHABLE: the embedded PostgreSQL in (\S+) did not start: .*no_such_setting_kinerja/,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const dir = /embedded PostgreSQL in (\S+) did not start/.exec(lines[0])![1];
    expect(existsSync(dir)).toBe(false);
  }, 120_000);
});
