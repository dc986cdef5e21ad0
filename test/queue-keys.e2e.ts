import Redis from 'ioredis';
import { Queue } from 'bullmq';
import { createTestDatabase } from './support/database';
import { privateRedis, PrivateRedis } from './support/faults';

/**
 * A developer's Redis after `npm test`: every test app's queues are named after its database
 * (test/support/app.ts), and go when the database is dropped. A Redis of the test's own, so the
 * count of keys left is this test's alone.
 */
describe('a test database dropped takes its queues on Redis with it', () => {
  let redis: PrivateRedis;
  beforeAll(async () => {
    redis = await privateRedis();
  });
  afterAll(async () => {
    await redis?.kill();
  });

  it("deletes every key of the database's queues and none of another deployment's", async () => {
    const given = process.env.REDIS_URL;
    process.env.REDIS_URL = redis.url; // what drop() cleans; put back below
    const db = await createTestDatabase({ migrate: false });
    const prefix = new URL(db.url).pathname.slice(1);
    const connection = { url: redis.url };
    const ours = new Queue('payroll-calc', { connection, prefix });
    const theirs = new Queue('payroll-calc', { connection, prefix: 'kinerja' });
    const client = new Redis(redis.url);
    try {
      // More keys than one SCAN page: each job is a key of its own.
      await ours.addBulk(Array.from({ length: 1500 }, (_, i) => ({ name: 'calc', data: { i } })));
      await theirs.add('calc', { i: 0 });
      const keysOf = async (p: string) => (await client.keys(`${p}:*`)).length;
      expect(await keysOf(prefix)).toBeGreaterThan(1500);
      await db.drop();
      expect(await keysOf(prefix)).toBe(0);
      expect(await keysOf('kinerja')).toBeGreaterThan(0);
      expect(await theirs.getJobCounts('waiting')).toEqual({ waiting: 1 });
    } finally {
      await Promise.all([ours.close(), theirs.close()]);
      client.disconnect();
      if (given === undefined) delete process.env.REDIS_URL;
      else process.env.REDIS_URL = given;
    }
  });
});
