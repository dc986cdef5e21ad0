import Redis from 'ioredis';

/**
 * Deletes the job queues' keys under `prefix` (a deployment's KINERJA_QUEUE_PREFIX) on Redis. A test
 * app's prefix is its database's name, and a bench run's its own: when the database goes, its
 * queues go with it. Each test file left its queues behind in the Redis it was given: a run of the
 * CI left about 5,000 keys in the developer's Redis, under the names of databases long dropped.
 * Redis not answering (a fault suite stopped it) ends the attempt at once: nothing to delete there.
 */
export async function dropQueueKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null, connectTimeout: 2000 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
