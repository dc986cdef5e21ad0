import { PostgresEventStore } from '@kinerja/event-store';
import { directReportsOf, ORGANISATION_STREAM_ID, orgHistoryOf } from '@kinerja/domain/organisation';
import { dinkesPeople, dinkesStructure, movePosition, people as P, run } from '../../../domain/organisation/fixtures';
import { createTestDatabase, TestDatabase } from '../../../../test/support/database';
import { OrgHistoryReader } from './org-history';

describe('OrgHistoryReader: direct reports from an index kept per version and day', () => {
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

  it('answers as the domain does on a fresh fold, before and after a post moves under another', async () => {
    const staffed = run([...dinkesStructure(), ...dinkesPeople()]);
    await store.append(ORGANISATION_STREAM_ID, staffed);
    const reader = new OrgHistoryReader(store);
    const day = '2026-06-01';
    const everyone = Object.values(P);
    const asFresh = async () => {
      const fresh = orgHistoryOf((await store.readStream(ORGANISATION_STREAM_ID)).map((e) => ({ type: e.type, data: e.data }) as never));
      for (const nip of everyone)
        expect({ nip, reports: await reader.directReportsOf(nip, day) }).toEqual({ nip, reports: directReportsOf(nip, day, fresh) });
    };
    await asFresh();
    const before = await reader.directReportsOf(P.SEKRETARIS, day);
    expect(before).not.toContain(P.KABID);

    // The P2P division moves under the secretariat from May: its head now reports to the secretary.
    const moved = run([movePosition('KABID-P2P', 'DINKES-P2P', 'SEKRETARIS', '2026-05-01')], staffed).slice(staffed.length);
    expect(moved.length).toBeGreaterThan(0);
    await store.append(ORGANISATION_STREAM_ID, moved);
    expect(await reader.directReportsOf(P.SEKRETARIS, day)).toEqual([...before, P.KABID].sort());
    await asFresh();
    // Another day is another index: before the move the head still reported to the head of the agency.
    expect(await reader.directReportsOf(P.SEKRETARIS, '2026-04-30')).toEqual(before);
  });

  it('builds the index anew for a history that is not the one it keeps', async () => {
    const reader = new OrgHistoryReader(store);
    const other = orgHistoryOf(run([...dinkesStructure(), ...dinkesPeople()]));
    const day = '2026-06-01';
    expect(directReportsOf(P.SEKRETARIS, day, other, reader.childrenOn(day, other))).not.toContain(P.KABID);
    const current = await reader.current();
    expect(directReportsOf(P.SEKRETARIS, day, current, reader.childrenOn(day, current))).toContain(P.KABID);
  });
});
