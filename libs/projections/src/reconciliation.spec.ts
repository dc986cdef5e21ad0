import type { Pool, PoolClient } from 'pg';
import { generateNips } from '@kinerja/kernel';
import { PostgresEventStore } from '@kinerja/event-store';
import { bknExportStreamId } from '@kinerja/domain/reconciliation';
import { createTestDatabase, TestDatabase } from '../../../test/support/database';
import { catchUp as sharedCatchUp } from '../../../test/support/catch-up';
import { ProjectionRunner } from './runner';
import { payrollProjection } from './payroll';
import { predikatReconciliation, reconciliationProjection } from './reconciliation';

const [X, Y, Z] = generateNips(3, 91);

const imported = (period: string, rows: Array<{ nip: string; predikat: string }>) => ({
  type: 'BknExportImported',
  data: {
    period,
    months: [period],
    importId: `import-${period}`,
    fileName: `ekinerja-${period}.csv`,
    chunk: 0,
    chunks: 1,
    rowCount: rows.length,
    rows: rows.map((r) => ({ ...r, name: `Pegawai ${r.nip.slice(-4)}`, periodText: period, results: null, behaviour: null })),
    at: '2026-11-02T02:00:00.000Z',
  },
});

describe('the reconciliation read (differences and the exports in force)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let runner: ProjectionRunner;

  const catchUp = () => sharedCatchUp(db.pool, runner, [reconciliationProjection, payrollProjection]);

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore({ pool: db.pool, pollIntervalMs: 50 });
    // The differences are joined with the payroll register (names, OPD, what is paid): its tables are needed, empty here.
    runner = new ProjectionRunner(db.pool, store, [reconciliationProjection, payrollProjection]);
    await runner.ensure(reconciliationProjection);
    await runner.ensure(payrollProjection);
    // October: BKN has two predikat kinerja does not (no appraisal projected): two differences.
    await store.append(bknExportStreamId('2026-10'), [
      imported('2026-10', [
        { nip: X, predikat: 'BAIK' },
        { nip: Y, predikat: 'SANGAT_BAIK' },
      ]),
    ]);
    await catchUp();
  });
  afterAll(() => db?.drop());

  it('gives every export with its differences, even when an import is projected between the two reads', async () => {
    // A pool whose connection lets the projection commit November's import right after the
    // differences are read and before the exports are: on two snapshots the answer would name
    // November's export without its difference, the "all resolved" a waiting page kept.
    let between: Promise<void> | undefined;
    const racing = {
      connect: async () => {
        const client = await db.pool.connect();
        let reads = 0;
        return new Proxy(client, {
          get(target, key) {
            if (key !== 'query') {
              const v = Reflect.get(target, key) as unknown;
              return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
            }
            return async (...args: Parameters<PoolClient['query']>) => {
              const result = await (target.query as (...a: unknown[]) => Promise<unknown>)(...args);
              if (/FROM bkn_predikat/.test(String(args[0])) && reads++ === 0) {
                between = (async () => {
                  await store.append(bknExportStreamId('2026-11'), [imported('2026-11', [{ nip: Z, predikat: 'BAIK' }])]);
                  await catchUp();
                })();
                await between;
              }
              return result;
            };
          },
        });
      },
    } as unknown as Pool;

    const seen = await predikatReconciliation(racing, { status: 'unresolved', limit: 50, offset: 0 });
    expect(between).toBeDefined();
    // The snapshot taken before November's import: October's export and its two differences, nothing of November.
    expect(seen.imports.map((i) => i.month)).toEqual(['2026-10']);
    expect(seen.total).toBe(2);
    expect(seen.differences.map((d) => [d.month, d.nip, d.kind])).toEqual(
      [
        ['2026-10', X, 'BKN_ONLY'],
        ['2026-10', Y, 'BKN_ONLY'],
      ].sort((a, b) => a[1].localeCompare(b[1])),
    );

    // Read again: November's export and its difference together.
    const now = await predikatReconciliation(db.pool, { status: 'unresolved', limit: 50, offset: 0 });
    expect(now.imports.map((i) => i.month)).toEqual(['2026-11', '2026-10']);
    expect(now.total).toBe(3);
    expect(now.differences.filter((d) => d.month === '2026-11').map((d) => d.nip)).toEqual([Z]);
  });

  it('gives its connection back to the pool, and a refused read leaves none behind', async () => {
    // The test before may still be giving its last connection back (its interposed commit): counted
    // then, it was 1 before and 0 after (a CI failure). Wait until none is out, so a leak shows as 1.
    const inUse = () => db.pool.totalCount - db.pool.idleCount;
    for (let i = 0; i < 200 && inUse() > 0; i++) await new Promise((r) => setTimeout(r, 10));
    const before = inUse();
    expect(before).toBe(0);
    await predikatReconciliation(db.pool, { month: '2026-10', status: 'all', limit: 1, offset: 0 });
    // A negative LIMIT is refused by PostgreSQL inside the transaction: that connection is closed, not leaked.
    await expect(predikatReconciliation(db.pool, { status: 'all', limit: -1, offset: 0 })).rejects.toThrow();
    expect(inUse()).toBe(before);
  });
});
