import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { demoStatus, type Runtime } from '@kinerja/platform';
import { metricsText } from './metrics';
import { RUNTIME } from './runtime.token';
import { Public } from './auth.guard';

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(@Inject(RUNTIME) private readonly rt: Runtime) {}

  @Public()
  @Get('health')
  @ApiOperation({ summary: 'Database, queue, projection lag and, with the demo on, which demo steps are missing; 503 when a dependency is down' })
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
    const projections = database === 'ok' ? await this.rt.runner.status() : [];
    const ok = database === 'ok' && queue === 'ok';
    // A half-loaded demo degrades the status but is no dependency down: it stays a 200.
    const demo = database === 'ok' ? await demoStatus(this.rt).catch(() => null) : null;
    res.status(ok ? 200 : 503).json({
      status: ok && demo?.status !== 'incomplete' ? 'ok' : 'degraded',
      database,
      queue: { backend: this.rt.queues.kind, status: queue },
      eventStore: this.rt.config.eventStore,
      projections: projections.map((p) => ({ name: p.name, version: p.version, lagEvents: p.lagEvents, eventsApplied: p.eventsApplied })),
      ...(demo ? { demo } : {}),
    });
  }

  @Get('metrics')
  @ApiOperation({ summary: 'Prometheus metrics, including projection lag' })
  async metrics(@Res() res: Response) {
    const { contentType, body } = await metricsText(this.rt);
    res.setHeader('Content-Type', contentType);
    res.send(body);
  }
}
