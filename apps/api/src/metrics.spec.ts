import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Runtime } from '@kinerja/platform';
import { ApiMetrics } from './metrics';

// A full collection on demand, so that whether the closed API is still reachable can be asked.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** The one part of the runtime the metrics read: the projections' lag. */
const runtime = (lag: number) => ({ runner: { status: async () => [{ name: 'audit_timeline', lagEvents: lag }] } }) as unknown as Runtime;

describe('ApiMetrics', () => {
  it('reports the process (CPU, memory, GC, event-loop delay) and each projection’s lag', async () => {
    const metrics = new ApiMetrics(runtime(3));
    try {
      // A garbage collection to count, and a moment for the event-loop monitor to sample.
      const garbage = Array.from({ length: 200_000 }, (_, i) => ({ i }));
      expect(garbage.length).toBe(200_000);
      collectGarbage();
      await new Promise((r) => setTimeout(r, 50));
      const { contentType, body } = await metrics.text();
      expect(contentType).toMatch(/^text\/plain/);
      expect(body).toMatch(/^kinerja_projection_lag_events\{projection="audit_timeline"\} 3$/m);
      expect(body).toMatch(/^kinerja_process_cpu_seconds_total \d/m);
      expect(body).toMatch(/^kinerja_process_resident_memory_bytes \d/m);
      expect(body).toMatch(/^kinerja_nodejs_heap_size_used_bytes \d/m);
      expect(body).toMatch(/^kinerja_nodejs_gc_duration_seconds_count\{kind="major"\} [1-9]/m);
      expect(body).toMatch(/^kinerja_nodejs_eventloop_lag_p99_seconds \d/m);
      expect(body).toMatch(/^kinerja_nodejs_eventloop_lag_seconds \d/m);
    } finally {
      metrics.onModuleDestroy();
    }
  });

  it('lets go of the API once it is closed: nothing of the process keeps it reachable', async () => {
    // The regression: prom-client's GC collector never disconnects its observer, so every API a
    // process made (a jest worker makes one per test file) stayed in memory with all it loaded.
    let rt: Runtime | undefined = runtime(0);
    const gone = new WeakRef(rt);
    let metrics: ApiMetrics | undefined = new ApiMetrics(rt);
    await metrics.text();
    metrics.onModuleDestroy();
    metrics = rt = undefined;
    for (let i = 0; i < 5 && gone.deref(); i++) {
      await new Promise((r) => setImmediate(r));
      collectGarbage();
    }
    expect(gone.deref()).toBeUndefined();
  });
});
