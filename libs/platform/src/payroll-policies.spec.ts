import { PostgresEventStore } from '@kinerja/event-store';
import { policyStreamId } from '@kinerja/domain/policy';
import { createTestDatabase, TestDatabase } from '../../../test/support/database';
import { payrollPolicies, shippedPolicies } from './payroll';

describe('the policy versions in force', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore({ pool: db.pool });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('are the shipped versions and those published in the event store, read through its port alone', async () => {
    const [sample] = shippedPolicies();
    const v2 = { ...sample, policyVersion: 'perkada-port-1-2026/v2', effectiveFrom: '2026-09-01' };
    await store.append(policyStreamId(v2.policyVersion), [
      {
        type: 'PolicyVersionPublished',
        data: { policyVersion: v2.policyVersion, document: v2, reason: 'Perkada 1/2026', at: '2026-08-20T00:00:00.000Z' },
      },
    ]);
    // An event of another type in another stream is not a policy.
    await store.append('Employee-199001012020011001', [{ type: 'EmployeeRegistered', data: {} }]);
    // Only the store is given: no database pool to read an events table with (as with KurrentDB).
    const documents = await payrollPolicies({ store })();
    expect(documents.map((d) => d.policyVersion)).toEqual([...shippedPolicies().map((d) => d.policyVersion), 'perkada-port-1-2026/v2']);
    expect(documents[documents.length - 1]).toEqual(v2);
  });
});
