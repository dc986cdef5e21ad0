/**
 * Waits `ms`, or until `signal` aborts, whichever comes first. The abort listener goes when the
 * time is up: a loop that waited on a long-lived signal (the worker's) with a listener that stayed
 * added one at every try, for as long as the process ran, and Node warned of a leak past ten.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
