/**
 * A chunked request body (no Content-Length) far past a server's limit: `chunk`, `times` times over,
 * then the end. Finite on purpose: an endless one is pumped by the test process itself for as long as
 * the connection lives, so a server that failed to cut it would take the test's worker down with it
 * instead of failing one assertion. `pulled()` counts the chunks the client was asked for: a refusal
 * that comes before the last of them was made as the bytes arrived, not after reading them all.
 */
export function overLimitBody(chunk: Uint8Array, times: number): { body: ReadableStream<Uint8Array>; pulled: () => number } {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      if (pulled === times) return c.close();
      pulled++;
      c.enqueue(chunk);
    },
  });
  return { body, pulled: () => pulled };
}
