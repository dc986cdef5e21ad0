import { CONTRACT_STORE_OPTIONS, eventStoreContract } from '../testing/contract';
import { createKurrentDbEventStore } from './kurrentdb-event-store';

// Runs against a real KurrentDB (`KURRENTDB_URL`, e.g. kurrentdb://localhost:2113?tls=false);
// without one the contract prints why it did not run.
eventStoreContract('KurrentDB', async () => {
  const connectionString = process.env.KURRENTDB_URL;
  if (!connectionString) return { skip: 'KURRENTDB_URL is not set' };
  const store = createKurrentDbEventStore({ connectionString, ...CONTRACT_STORE_OPTIONS, pollIntervalMs: 50 });
  return { store, teardown: () => store.close() };
});
