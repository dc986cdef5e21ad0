import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { Runtime } from '@kinerja/platform';

const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'kinerja_' });
let current: Runtime | undefined;

// Read at scrape time, so the figure is never older than the scrape.
new Gauge({
  name: 'kinerja_projection_lag_events',
  help: 'Events recorded but not yet applied by the projection',
  labelNames: ['projection'],
  registers: [registry],
  async collect() {
    if (!current) return;
    for (const p of await current.runner.status()) this.set({ projection: p.name }, p.lagEvents);
  },
});

export async function metricsText(rt: Runtime): Promise<{ contentType: string; body: string }> {
  current = rt;
  return { contentType: registry.contentType, body: await registry.metrics() };
}
