import { CONTRACT_STORE_OPTIONS, eventStoreContract } from '../testing/contract';
import { createKurrentDbEventStore } from './kurrentdb-event-store';

// The contract runs against a real KurrentDB (`KURRENTDB_URL`, e.g. kurrentdb://localhost:2113?tls=false);
// without one it prints why and registers nothing.
const connectionString = process.env.KURRENTDB_URL;
eventStoreContract(
  'KurrentDB',
  async () => {
    const store = createKurrentDbEventStore({ connectionString: connectionString!, ...CONTRACT_STORE_OPTIONS, pollIntervalMs: 50 });
    return { store, teardown: () => store.close() };
  },
  connectionString ? undefined : 'KURRENTDB_URL is not set',
);

describe('KurrentDB adapter without a server', () => {
  // Validation happens before any I/O, so a bad append is refused even when no server is reachable.
  const store = createKurrentDbEventStore({ connectionString: 'kurrentdb://127.0.0.1:1?tls=false', maxEventBytes: 1024 });
  afterAll(() => store.close());
  it.each([
    ['no dash', [{ type: 'A', data: {} }], {}, 'INVALID_STREAM_NAME'],
    ['Test-1', [{ type: 'A', data: {} }], { expectedVersion: -2 }, 'INVALID_EXPECTED_VERSION'],
    ['Test-1', [], {}, 'NO_EVENTS'],
    ['Test-1', [{ type: 'A', data: { x: 'y'.repeat(2000) } }], {}, 'EVENT_TOO_LARGE'],
  ])('refuses %s / %j / %j with %s', async (stream, events, options, code) => {
    await expect(store.append(stream, events as any, options as any)).rejects.toMatchObject({ code });
  });

  it('refuses to read stream heads for a seal: KurrentDB keeps no hash chain', async () => {
    await expect(store.streamHeads()).rejects.toMatchObject({ code: 'STREAM_HEADS_NOT_SUPPORTED' });
  });
});
