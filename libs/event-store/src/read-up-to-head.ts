import { compareCheckpoints, START, type EventStore, type RecordedEvent } from './port';

/**
 * Every event (of `types`) recorded before this call, in log order: for a reader that needs all
 * of them now (the policy versions in force), not a checkpoint to follow. A store may show a
 * committed event to readers a moment later (PostgreSQL's safe horizon waits for an older
 * appender still running), so it reads until none of them lies between the last one read and the
 * log's head as it was at the call.
 */
export async function readUpToHead(
  store: Pick<EventStore, 'head' | 'readAll' | 'backlog'>,
  options: { types?: string[]; pollMs?: number } = {},
): Promise<RecordedEvent[]> {
  const head = await store.head();
  const out: RecordedEvent[] = [];
  if (compareCheckpoints(head, START) === 0) return out;
  let after = START;
  for (;;) {
    const page = await store.readAll({ after, limit: 1000, types: options.types });
    out.push(...page.events);
    after = page.checkpoint;
    if (page.events.length > 0) continue;
    if ((await store.backlog({ after, upTo: head, types: options.types, max: 1 })).events === 0) return out;
    await new Promise((r) => setTimeout(r, options.pollMs ?? 20));
  }
}
