/**
 * The environment a PostgreSQL server of kinerja's should run with (README "PostgreSQL server
 * settings"); the embedded server gets it from us.
 *
 * glibc's malloc gives memory back to the system whenever more than 128 KB lie free at the top of
 * the heap (its default M_TRIM_THRESHOLD). A backend running `kinerja_append` takes and frees a
 * 16 KB tuplestore array for each function scan and CTE of the statement, at the top of its heap,
 * so the heap grew and shrank by 144 KB (two `brk` calls) on every append; on a virtual machine each
 * shrink is a TLB shootdown across the cores. `npm run bench -- append` on PostgreSQL 15 (2 cores):
 * 17% of the backends' CPU went there, and a 2 MB threshold doubled 8 writers' appends
 * (1,519–1,681 → 2,802–3,077 events/s, PostgreSQL's CPU per event 654–750 → 344–352 µs). A backend
 * then keeps at most 2 MB of free heap.
 */
export const POSTGRES_SERVER_ENV: ReadonlyMap<string, string> = new Map([['MALLOC_TRIM_THRESHOLD_', '2097152']]);

/**
 * Runs `start` (which spawns a PostgreSQL server, inheriting this process's environment) with
 * POSTGRES_SERVER_ENV set, then puts the environment back. A value the user set is kept. Starts that
 * overlap (servers started side by side) share the setting until the last of them is done.
 */
export async function withPostgresServerEnv<T>(start: () => Promise<T>): Promise<T> {
  if (starting++ === 0) {
    for (const [name, value] of POSTGRES_SERVER_ENV) {
      if (process.env[name] !== undefined) continue;
      process.env[name] = value;
      added.push(name);
    }
  }
  try {
    return await start();
  } finally {
    if (--starting === 0) for (const name of added.splice(0)) delete process.env[name];
  }
}

/** How many starts are under way, and what they added to the environment. */
let starting = 0;
const added: string[] = [];
