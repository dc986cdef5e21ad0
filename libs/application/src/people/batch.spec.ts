import { inParallel } from './batch';

/** A call that settles when the test says so. */
function deferred() {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('inParallel', () => {
  it('runs every item, at most `limit` at once', async () => {
    let running = 0;
    let most = 0;
    const seen: number[] = [];
    await inParallel([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      most = Math.max(most, ++running);
      await new Promise((r) => setImmediate(r));
      seen.push(item);
      running--;
    });
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(3);
  });

  it('after a failure starts nothing more, and rejects only once the calls in flight have settled', async () => {
    const calls = [deferred(), deferred(), deferred()];
    const started: number[] = [];
    let settled = false;
    const run = inParallel([0, 1, 2, 3, 4], 3, (i) => {
      started.push(i);
      return calls[i].promise;
    }).finally(() => (settled = true));
    run.catch(() => undefined);

    calls[0].reject(new Error('sorry, too many clients already'));
    calls[1].resolve();
    await new Promise((r) => setImmediate(r));
    // Item 2 is still on its way: a rerun now would race it.
    expect(settled).toBe(false);
    expect(started).toEqual([0, 1, 2]);

    calls[2].resolve();
    await expect(run).rejects.toThrow('too many clients');
    expect(started).toEqual([0, 1, 2]);
  });

  it('rejects with the first error when several fail', async () => {
    await expect(
      inParallel([1, 2], 2, async (i) => {
        await new Promise((r) => setTimeout(r, i === 1 ? 5 : 0));
        throw new Error(`failed ${i}`);
      }),
    ).rejects.toThrow('failed 2');
  });
});
