import { createTestDatabase } from '../../../../test/support/database';
import { CONTRACT_STORE_OPTIONS, eventStoreContract } from '../testing/contract';
import { createPostgresEventStore } from './postgres-event-store';

eventStoreContract('PostgreSQL', async () => {
  const db = await createTestDatabase({ poolSize: 30 });
  const store = createPostgresEventStore({ pool: db.pool, ...CONTRACT_STORE_OPTIONS, pollIntervalMs: 50 });
  return {
    store,
    async teardown() {
      await store.close();
      await db.drop();
    },
  };
});
