import { Job, Processor, Queue, QueueEvents, Worker, createPostgresBackend } from 'bullmq';
import IORedis from 'ioredis';
import type { Config } from './config';

export const QUEUES = {
  maintenance: 'kinerja-maintenance',
  payroll: 'kinerja-payroll',
  reminders: 'kinerja-reminders',
  appraisal: 'kinerja-appraisal',
} as const;

/**
 * BullMQ on Redis when REDIS_URL is set, else on BullMQ's PostgreSQL backend in our own database
 * (schema `bullmq`), so the embedded default needs no Redis.
 */
export class QueueConnection {
  private redis?: IORedis;
  /** The connection the queues add and read jobs on: fails at once while Redis is down (no offline queue). */
  private producer?: IORedis;
  /** The queues' Redis was reachable and is not now (a queue made now would wait for it). */
  private lost = false;
  private readonly reconnected: Array<() => void> = [];
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];
  /** The latest error a queue or worker reported: what start-up names when it gives up. */
  lastError?: unknown;

  /**
   * `onError`: every error a queue or worker reports. BullMQ writes them to the console when
   * nobody listens, and a worker whose connection is refused reports one per turn of its loop:
   * gigabytes of "too many clients" in minutes.
   */
  constructor(
    private readonly config: Pick<Config, 'redisUrl' | 'queuePrefix'>,
    private readonly databaseUrl: string,
    private readonly onError: (queue: string, error: unknown) => void = () => undefined,
  ) {}

  get kind(): 'redis' | 'postgres' {
    return this.config.redisUrl ? 'redis' : 'postgres';
  }

  /** The workers' connection: its commands wait for Redis to come back (BullMQ's blocking reads need that). */
  private redisConnection(): IORedis {
    this.redis ??= new IORedis(this.config.redisUrl!, { maxRetriesPerRequest: null, lazyConnect: false });
    return this.redis;
  }

  /**
   * The queues' connection. Without an offline queue, adding a job while Redis is down fails at
   * once (QUEUE_UNAVAILABLE) instead of holding the request until Redis is back; ioredis reconnects
   * by itself, and each time it does the `onReconnect` callbacks run.
   */
  private producerConnection(): IORedis {
    if (!this.producer) {
      const producer = new IORedis(this.config.redisUrl!, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
      let ready = false;
      producer.on('close', () => (this.lost = ready));
      producer.on('error', () => undefined); // each queue reports its own; this one only reconnects
      producer.on('ready', () => {
        const back = this.lost;
        ready = true;
        this.lost = false;
        if (back) for (const fn of this.reconnected) fn();
      });
      this.producer = producer;
    }
    return this.producer;
  }

  /**
   * Runs `fn` each time the queue's Redis is reachable again after it was lost. A Redis that comes
   * back empty (restarted without persistence) has lost its jobs and schedulers: the worker puts
   * back what the event log says should be there.
   */
  onReconnect(fn: () => void): void {
    this.reconnected.push(fn);
  }
  // The callers use what both backends share (add, getJob, getJobState, close); BullMQ types a queue by its
  // backend, so the PostgreSQL one is viewed as the default Queue/Worker type where both meet in one field.
  private postgresConnection() {
    return { connectionString: this.databaseUrl, schema: 'bullmq', migrate: true };
  }

  queue(name: string): Queue {
    if (this.lost && this.producer?.status !== 'ready') throw new QueueUnavailable();
    let q = this.queues.get(name);
    if (!q) {
      const created: Queue = this.config.redisUrl
        ? new Queue(name, { connection: this.producerConnection(), prefix: this.config.queuePrefix })
        : (new Queue(name, { connection: this.postgresConnection() }, createPostgresBackend) as unknown as Queue);
      created.on('error', (e) => this.report(name, e));
      this.queues.set(name, created);
      q = created;
    }
    return q;
  }

  /** A worker that takes jobs after `run()`. */
  worker(name: string, processor: Processor, concurrency = 2, extra: { lockDuration?: number; stalledInterval?: number } = {}): Worker {
    const options = { ...extra, concurrency, autorun: false };
    const w: Worker = this.config.redisUrl
      ? new Worker(name, processor, { ...options, connection: this.redisConnection(), prefix: this.config.queuePrefix })
      : (new Worker(name, processor, { ...options, connection: this.postgresConnection() }, createPostgresBackend) as unknown as Worker);
    w.on('error', (e) => this.report(name, e));
    this.workers.push(w);
    return w;
  }

  private report(queue: string, e: unknown): void {
    this.lastError = e;
    this.onError(queue, e);
  }

  /**
   * Starts the workers made so far, once `ready()`: a worker running on a refused connection
   * spins without pause (the promise of its connection is rejected for good), starving the timers.
   */
  run(): void {
    for (const w of this.workers) if (!w.closing && !w.isRunning()) w.run().catch((e) => this.report(w.name, e));
  }

  /**
   * Resolves when every queue and worker made so far has its connections. BullMQ remembers a
   * failed connection for good, so after a failure the caller closes this (which forgets them)
   * and starts again with new ones.
   */
  async ready(): Promise<void> {
    if (this.kind === 'redis') return; // ioredis reconnects by itself; its errors go to onError
    await Promise.all([
      ...[...this.queues.values()].map((q) => q.waitUntilReady()),
      ...this.workers.filter((w) => !w.closing).map((w) => w.waitUntilReady()),
    ]);
  }

  async ping(): Promise<void> {
    if (this.kind === 'redis') await this.producerConnection().ping();
    else await this.queue(QUEUES.maintenance).getJobCounts();
  }

  /** Waits for running jobs to finish (SIGTERM drain), then closes connections; queues asked for later are new. */
  async close(): Promise<void> {
    const [workers, queues, redis, producer] = [this.workers.splice(0), [...this.queues.values()], this.redis, this.producer];
    this.queues.clear();
    this.redis = this.producer = undefined;
    this.lost = false;
    this.reconnected.length = 0;
    await Promise.all(workers.map((w) => w.close()));
    await Promise.all(queues.map((q) => q.close()));
    for (const c of [redis, producer]) if (c) await c.quit().catch(() => c.disconnect());
  }
}

/** The queues' Redis is lost for now: refused at once, rather than waiting in a new queue's start. */
class QueueUnavailable extends Error {
  constructor() {
    super('the job queue (Redis) is unreachable for now');
    this.name = 'QueueUnavailable';
  }
}

/**
 * The queue's Redis is down or reconnecting (a command refused at once by the queues' connection,
 * or cut with it): a request that needed the queue is answered 503 QUEUE_UNAVAILABLE.
 */
export function isQueueUnavailable(e: unknown): boolean {
  const message = String((e as Error)?.message);
  return (
    e instanceof QueueUnavailable ||
    (e as Error)?.name === 'MaxRetriesPerRequestError' ||
    /^(Stream isn't writeable and enableOfflineQueue options is false|Connection is closed)/.test(message)
  );
}

export type { Job, QueueEvents };
