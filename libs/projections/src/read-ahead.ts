import { Checkpoint, compareCheckpoints, EventStore, ReadAllResult } from '@kinerja/event-store';

/**
 * A rebuild's reads, one page ahead: while a page is applied (the fold in this process, the writes in
 * the projection's transaction) the next is read on another connection, so PostgreSQL reads while
 * this process folds. The log only grows and a page is read from a checkpoint, so a page read ahead is
 * the page a read at that checkpoint would give (perhaps shorter, if the safe horizon moved since:
 * the rebuild's switch applies the rest). A page is used only for the checkpoint it was read from.
 * The live runner's probe uses it too: a page it read is offered back for the step that follows.
 */
export class ReadAhead {
  private next?: { after: Checkpoint; page: Promise<ReadAllResult> };

  constructor(
    private readonly store: EventStore,
    readonly limit: number,
    private readonly types: string[] | undefined,
  ) {}

  async read(after: Checkpoint): Promise<ReadAllResult> {
    const ahead = this.next && compareCheckpoints(this.next.after, after) === 0 ? this.next.page : undefined;
    this.next = undefined;
    const page = await (ahead ?? this.store.readAll({ after, limit: this.limit, types: this.types }));
    if (page.events.length === this.limit) {
      const next = this.store.readAll({ after: page.checkpoint, limit: this.limit, types: this.types });
      next.catch(() => undefined); // a page never asked for fails nobody; one asked for throws when awaited
      this.next = { after: page.checkpoint, page: next };
    }
    return page;
  }

  /** A page read from `after` (a probe's), for the next read from there to use instead of reading it again. */
  offer(after: Checkpoint, page: ReadAllResult): void {
    this.next = { after, page: Promise.resolve(page) };
  }
}
