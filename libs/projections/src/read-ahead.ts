import { Checkpoint, compareCheckpoints, EventStore, ReadAllOptions, ReadAllResult } from '@kinerja/event-store';

/**
 * A rebuild's reads, one page ahead: while a page is applied (the fold in this process, the writes in
 * the projection's transaction) the next is read on another connection, so PostgreSQL reads while
 * this process folds. The log only grows and a page is read from a checkpoint, so a page read ahead is
 * the page a read at that checkpoint would give (perhaps shorter, if the safe horizon moved since:
 * the rebuild's switch applies the rest). A page is used only for the checkpoint it was read from.
 * The live runner's probe looks at a page first (peek) and leaves it for the step that follows.
 */
export class ReadAhead {
  private next?: { after: Checkpoint; page: Promise<ReadAllResult> };

  constructor(
    private readonly store: EventStore,
    readonly limit: number,
    private readonly reading: Pick<ReadAllOptions, 'types' | 'fields'>,
  ) {}

  async read(after: Checkpoint): Promise<ReadAllResult> {
    const page = await this.take(after);
    if (page.events.length === this.limit) {
      const next = this.store.readAll({ ...this.reading, after: page.checkpoint, limit: this.limit });
      next.catch(() => undefined); // a page never asked for fails nobody; one asked for throws when awaited
      this.next = { after: page.checkpoint, page: next };
    }
    return page;
  }

  /**
   * The page from `after`, kept for the next `read` from there if it holds events (a probe's look
   * before a step): that read uses it instead of reading it again. No page beyond it is read.
   */
  async peek(after: Checkpoint): Promise<ReadAllResult> {
    const page = await this.take(after);
    if (page.events.length > 0) this.next = { after, page: Promise.resolve(page) };
    return page;
  }

  /** The page read ahead from `after`, or a read of it now; whatever was read ahead is used up. */
  private take(after: Checkpoint): Promise<ReadAllResult> {
    const ahead = this.next && compareCheckpoints(this.next.after, after) === 0 ? this.next.page : undefined;
    this.next = undefined;
    return ahead ?? this.store.readAll({ ...this.reading, after, limit: this.limit });
  }
}
