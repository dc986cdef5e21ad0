import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { constants, type IntervalHistogram, monitorEventLoopDelay, type PerformanceEntry, PerformanceObserver } from 'node:perf_hooks';
import { Gauge, Histogram, Registry } from 'prom-client';
import type { Runtime } from '@kinerja/platform';
import { RUNTIME } from './runtime.token';

const PREFIX = 'kinerja_';

// prom-client's collectors that only read the process when scraped. Its other two, the GC and the
// event-loop delay, watch the process all the time and are ours below, because prom-client's GC
// collector registers a PerformanceObserver it never disconnects: in a process that makes more than
// one API (a jest worker makes one per test file) each API stayed reachable from it with every module
// it loaded, about 40 MB a file, until a CI worker ran out of heap.
const SCRAPED = [
  'processCpuTotal',
  'processStartTime',
  'osMemoryHeap',
  'processOpenFileDescriptors',
  'processMaxFileDescriptors',
  'processResources',
  'processHandles',
  'processRequests',
  'heapSizeAndUsed',
  'heapSpacesSizeAndUsed',
  'version',
] as const;

type Collector = (registry: Registry, config: { prefix: string }) => void;
const collector = (name: (typeof SCRAPED)[number]): Collector => require(`prom-client/lib/metrics/${name}`);

const GC_KINDS = new Map<number, string>([
  [constants.NODE_PERFORMANCE_GC_MAJOR, 'major'],
  [constants.NODE_PERFORMANCE_GC_MINOR, 'minor'],
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL, 'incremental'],
  [constants.NODE_PERFORMANCE_GC_WEAKCB, 'weakcb'],
]);

/** The API's Prometheus metrics: the process's own figures and the projections' lag, read at scrape time. Stops watching with the API. */
@Injectable()
export class ApiMetrics implements OnModuleDestroy {
  private readonly registry = new Registry();
  private readonly gc: PerformanceObserver;
  private readonly loop: IntervalHistogram;

  constructor(@Inject(RUNTIME) rt: Runtime) {
    for (const name of SCRAPED) collector(name)(this.registry, { prefix: PREFIX });
    const registers = [this.registry];
    // Read at scrape time, so the figure is never older than the scrape.
    new Gauge({
      name: `${PREFIX}projection_lag_events`,
      help: 'Events recorded but not yet applied by the projection',
      labelNames: ['projection'],
      registers,
      async collect() {
        for (const p of await rt.runner.status()) this.set({ projection: p.name }, p.lagEvents);
      },
    });

    const gcSeconds = new Histogram({
      name: `${PREFIX}nodejs_gc_duration_seconds`,
      help: 'Garbage collection duration by kind, one of major, minor, incremental or weakcb.',
      labelNames: ['kind'],
      buckets: [0.001, 0.01, 0.1, 1, 2, 5],
      registers,
    });
    this.gc = new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        gcSeconds.observe(
          { kind: GC_KINDS.get((entry as PerformanceEntry & { detail?: { kind: number } }).detail?.kind ?? -1) ?? 'other' },
          entry.duration / 1000,
        );
    });
    this.gc.observe({ entryTypes: ['gc'] });

    // The delays since the last scrape, in seconds: the gauges prom-client reports. The first gauge
    // registered sets them all when scraped, before they are read.
    const loop = (this.loop = monitorEventLoopDelay({ resolution: 10 }));
    loop.enable();
    const delays: Array<[string, string, (h: IntervalHistogram) => number]> = [
      ['min', 'The minimum recorded event loop delay.', (h) => h.min],
      ['max', 'The maximum recorded event loop delay.', (h) => h.max],
      ['mean', 'The mean of the recorded event loop delays.', (h) => h.mean],
      ['stddev', 'The standard deviation of the recorded event loop delays.', (h) => h.stddev],
      ['p50', 'The 50th percentile of the recorded event loop delays.', (h) => h.percentile(50)],
      ['p90', 'The 90th percentile of the recorded event loop delays.', (h) => h.percentile(90)],
      ['p99', 'The 99th percentile of the recorded event loop delays.', (h) => h.percentile(99)],
    ];
    const gauges: Array<{ read: (h: IntervalHistogram) => number; gauge: Gauge }> = [];
    new Gauge({
      name: `${PREFIX}nodejs_eventloop_lag_seconds`,
      help: 'Lag of event loop in seconds: the largest delay since the last scrape.',
      registers,
      collect() {
        for (const { read, gauge } of gauges) gauge.set(read(loop) / 1e9);
        this.set(loop.max / 1e9);
        loop.reset();
      },
    });
    for (const [stat, help, read] of delays)
      gauges.push({ read, gauge: new Gauge({ name: `${PREFIX}nodejs_eventloop_lag_${stat}_seconds`, help, registers }) });
  }

  async text(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  onModuleDestroy(): void {
    this.gc.disconnect();
    this.loop.disable();
  }
}
