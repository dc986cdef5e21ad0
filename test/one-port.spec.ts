import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Issue 12's "one port for every reader": outside the PostgreSQL adapter, no library or app reads
// (or writes) the log's tables by SQL. A reader that did would see nothing with EVENT_STORE=kurrentdb,
// where the log is not in PostgreSQL at all (the pay ledger's lines once did).

const ROOT = join(__dirname, '..');
const ADAPTER = 'libs/event-store/src/postgres/';
/** A statement naming the event store's own tables: `events` and `streams`. */
const LOG_SQL = /\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+(?:events|streams)\b/;

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .map((f) => `${dir}/${f}`)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'));
}

describe('one port for every reader', () => {
  it('no library or app source outside the PostgreSQL adapter runs SQL against the events or streams table', () => {
    const offenders = ['libs', 'apps']
      .flatMap(sources)
      .filter((f) => !f.startsWith(ADAPTER))
      .flatMap((f) =>
        readFileSync(join(ROOT, f), 'utf8')
          .split('\n')
          .flatMap((line, i) => (LOG_SQL.test(line) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
      );
    expect(offenders).toEqual([]);
  });

  it('would see such SQL', () => {
    const adapter = sources('libs/event-store/src/postgres').filter((f) => LOG_SQL.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(adapter).toContain(`${ADAPTER}postgres-event-store.ts`);
  });
});
