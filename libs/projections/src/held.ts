/**
 * Rows a projection keeps in memory from one batch of a rebuild's fill to the next instead of
 * writing them, because a later batch is sure to change them (ProjectionContext.held): written once
 * when they settle, instead of written and then rewritten.
 *
 * A batch's changes are staged and kept only when its transaction commits (`commit`); a batch that
 * fails leaves the rows as the last committed batch left them (`rollback`), so what is held always
 * matches the checkpoint. At most `limit` rows are held: `excess` names the oldest beyond it, for the
 * projection to write now.
 */
export class HeldRows<T = unknown> {
  /** As of the last committed batch, oldest change first (a Map keeps its insertion order). */
  private readonly kept = new Map<string, T>();
  /** This batch's changes: a row, or undefined for one let go (written by the batch). */
  private readonly staged = new Map<string, T | undefined>();
  private stagedSize = 0;

  constructor(readonly limit = 50_000) {
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`a limit of held rows must be a whole number ≥ 0, not ${limit}`);
  }

  /** How many rows would be held if the batch committed now. */
  get size(): number {
    return this.kept.size + this.stagedSize;
  }

  get(key: string): T | undefined {
    return this.staged.has(key) ? this.staged.get(key) : this.kept.get(key);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  set(key: string, row: T): void {
    if (row === undefined) throw new TypeError('a held row cannot be undefined');
    this.stage(key, row);
  }

  /** Lets a row go: the batch writes it. */
  delete(key: string): void {
    this.stage(key, undefined);
  }

  /**
   * The oldest rows held beyond the limit, by their last change (none this batch touched): the
   * projection writes them and lets them go. A stream that goes on later finds its row in the table.
   */
  excess(): Array<[string, T]> {
    const out: Array<[string, T]> = [];
    let over = this.size - this.limit;
    for (const [key, row] of this.kept) {
      if (over <= 0) break;
      if (this.staged.has(key)) continue;
      out.push([key, row]);
      over--;
    }
    return out;
  }

  /** The batch committed: its changes are kept (a row changed moves to the newest end). */
  commit(): void {
    for (const [key, row] of this.staged) {
      this.kept.delete(key);
      if (row !== undefined) this.kept.set(key, row);
    }
    this.rollback();
  }

  /** The batch failed: what it changed is forgotten. */
  rollback(): void {
    this.staged.clear();
    this.stagedSize = 0;
  }

  /** Every row held as of the last committed batch, oldest first; emptied by the flush that writes them. */
  drain(): T[] {
    if (this.staged.size) throw new Error('held rows drained with a batch not committed');
    const rows = [...this.kept.values()];
    this.kept.clear();
    return rows;
  }

  private stage(key: string, row: T | undefined): void {
    const before = this.get(key) !== undefined;
    this.staged.set(key, row);
    this.stagedSize += (row !== undefined ? 1 : 0) - (before ? 1 : 0);
  }
}
