import { deterministicId, DomainEvent, newId } from '@kinerja/kernel';
import type { EventStore } from '@kinerja/event-store';
import { CommandContext, metadataOf } from '../command-handler';

/**
 * Appends events already decided (a batch: an import, the demo) to one stream in chunks, each
 * chunk pinned to the version the previous one left, so nobody's write slips in between unseen.
 * `idSeed` makes the ids deterministic: a retried batch re-appends the same ids, which is a no-op.
 */
export async function appendDecided(
  store: EventStore,
  streamId: string,
  events: DomainEvent<string, unknown>[],
  ctx: CommandContext,
  options: { expectedVersion: number; idSeed?: string; chunk?: number },
): Promise<number> {
  const metadata = metadataOf(ctx);
  const size = options.chunk ?? 500;
  let version = options.expectedVersion;
  for (let i = 0; i < events.length; i += size) {
    const slice = events.slice(i, i + size);
    const r = await store.append(
      streamId,
      slice.map((e, j) => ({
        id: options.idSeed ? deterministicId('batch', streamId, options.idSeed, i + j) : newId(),
        type: e.type,
        data: e.data,
        metadata,
      })),
      { expectedVersion: version < 0 ? 'no_stream' : version },
    );
    version = r.nextExpectedVersion;
  }
  return version;
}

/**
 * Runs `fn` over `items` with at most `limit` in flight; resolves when all are done. After a
 * failure no further item starts, and the promise rejects (with the first error) only once every
 * call already in flight has settled: a caller that retries after the rejection, as a rerun of a
 * cut-off import does, must not race appends of the failed run that are still on their way.
 */
export async function inParallel<T>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failed: { error: unknown } | undefined;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        await fn(items[i], i);
      } catch (error) {
        failed ??= { error };
      }
    }
  });
  await Promise.all(workers);
  if (failed) throw failed.error;
}
