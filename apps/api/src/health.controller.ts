import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { demoStatus, type Runtime } from '@kinerja/platform';
import { projectionHealth, ProjectionStatus } from '@kinerja/projections';
import { ApiMetrics } from './metrics';
import { RUNTIME } from './runtime.token';
import { Public } from './auth.guard';

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(
    @Inject(RUNTIME) private readonly rt: Runtime,
    private readonly metricsOfApi: ApiMetrics,
  ) {}

  @Public()
  @Get('health')
  @ApiOperation({
    summary:
      'Database, queue and projections, and with the demo on which demo steps are missing; degraded when a projection is behind or stopped at an event or the demo is incomplete, 503 when a dependency is down',
  })
  async health(@Res() res: Response) {
    const check = async (fn: () => Promise<unknown>) => {
      try {
        await fn();
        return 'ok';
      } catch (e) {
        return `down: ${(e as Error).message}`;
      }
    };
    const database = await check(() => this.rt.db.pool.query('SELECT 1'));
    const queue = await check(() => this.rt.queues.ping());
    const projections =
      database === 'ok' ? (await this.rt.runner.status()).map((p) => projectionReport(p, this.rt.config.projectionMaxLagSeconds)) : [];
    const up = database === 'ok' && queue === 'ok';
    // A half-loaded demo, or read models behind or stopped, leave the API up (a restart would not
    // help them): 200, degraded.
    const demo = database === 'ok' ? await demoStatus(this.rt).catch(() => null) : null;
    const ok = up && projections.every((p) => p.status === 'ok') && demo?.status !== 'incomplete';
    res.status(up ? 200 : 503).json({
      status: ok ? 'ok' : 'degraded',
      database,
      queue: { backend: this.rt.queues.kind, status: queue },
      eventStore: this.rt.config.eventStore,
      projections,
      ...(demo ? { demo } : {}),
    });
  }

  @Get('metrics')
  @ApiOperation({ summary: 'Prometheus metrics, including projection lag' })
  async metrics(@Res() res: Response) {
    const { contentType, body } = await this.metricsOfApi.text();
    res.setHeader('Content-Type', contentType);
    res.send(body);
  }
}

/**
 * One projection in /health: behind shows its lag and the age of its oldest unapplied event;
 * stopped names the event (of the live generation, or of a new version's build) and the error.
 */
function projectionReport(p: ProjectionStatus, maxLagSeconds: number) {
  return {
    name: p.name,
    version: p.version,
    status: projectionHealth(p, maxLagSeconds),
    lagEvents: p.lagEvents,
    oldestUnappliedAgeSeconds: p.oldestUnappliedAgeSeconds,
    eventsApplied: p.eventsApplied,
    ...(p.failure ? { failure: p.failure } : {}),
    ...(p.building ? { building: p.building } : {}),
  };
}
