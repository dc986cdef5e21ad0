import { Job, Processor, Queue, QueueEvents, Worker, createPostgresBackend } from 'bullmq';
import IORedis from 'ioredis';
import type { Config } from './config';

export const QUEUES = { maintenance: 'kinerja-maintenance', payroll: 'kinerja-payroll', reminders: 'kinerja-reminders', appraisal: 'kinerja-appraisal' } as const;

/**
 * BullMQ on Redis when REDIS_URL is set, else on BullMQ's PostgreSQL backend in our own database
 * (schema `bullmq`), so the embedded default needs no Redis.
 */
export class QueueConnection {
  private redis?: IORedis;
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];

  constructor(
    private readonly config: Pick<Config, 'redisUrl' | 'queuePrefix'>,
    private readonly databaseUrl: string,
  ) {}

  get kind(): 'redis' | 'postgres' {
    return this.config.redisUrl ? 'redis' : 'postgres';
  }

  private args(): [any, any?] {
    if (this.config.redisUrl) {
      this.redis ??= new IORedis(this.config.redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
      return [{ connection: this.redis, prefix: this.config.queuePrefix }];
    }
    return [{ connection: { connectionString: this.databaseUrl, schema: 'bullmq', migrate: true } }, createPostgresBackend];
  }

  queue(name: string): Queue {
    let q = this.queues.get(name);
    if (!q) {
      const [opts, backend] = this.args();
      q = backend ? new (Queue as any)(name, opts, backend) : new Queue(name, opts);
      this.queues.set(name, q!);
    }
    return q!;
  }

  worker(name: string, processor: Processor, concurrency = 2, extra: { lockDuration?: number; stalledInterval?: number } = {}): Worker {
    const [opts, backend] = this.args();
    const w: Worker = backend
      ? new (Worker as any)(name, processor, { ...opts, ...extra, concurrency }, backend)
      : new Worker(name, processor, { ...opts, ...extra, concurrency });
    this.workers.push(w);
    return w;
  }

  async ping(): Promise<void> {
    if (this.redis) await this.redis.ping();
    else await this.queue(QUEUES.maintenance).getJobCounts();
  }

  /** Waits for running jobs to finish (SIGTERM drain), then closes connections. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    if (this.redis) await this.redis.quit().catch(() => undefined);
  }
}

export type { Job, QueueEvents };
