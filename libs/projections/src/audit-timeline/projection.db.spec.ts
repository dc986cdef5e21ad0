import { PostgresEventStore, RecordedEvent, START } from '@kinerja/event-store';
import { accessLogStreamId } from '@kinerja/domain/accesslog';
import { appraisalStreamId, calibrationStreamId } from '@kinerja/domain/appraisal';
import { employeeStreamId } from '@kinerja/domain/employee';
import { payLinesStreamId, payrollRunStreamId, runId } from '@kinerja/domain/payroll';
import { createTestDatabase, TestDatabase } from '../../../../test/support/database';
import { registeredEvent } from '../../../../test/fixtures/payroll';
import { ProjectionRunner } from '../runner';
import { auditTimelineProjection } from './projection';

const ANI = '198501012010012001';
const BUDI = '199002022015021002';
const INSPECTOR = '197003032000031003';
const meta = (extra: Record<string, unknown> = {}) => ({
  actor: 'u-admin',
  role: 'admin_kepegawaian',
  policyVersion: 'perkada-2026-1',
  ...extra,
});

/**
 * The audit timeline reads a few keys of each event's data (`dataKeys`), the access log's reads
 * whole. Every way it finds an event's employee and OPD is here: the NIP in the stream id or in the
 * data, the OPD in the data, in the stream id, or from the register as it stood; a reason in the
 * data or in the metadata; a large pay line it reads four keys of.
 */
async function appendYearOfDecisions(store: PostgresEventStore): Promise<void> {
  const ani = registeredEvent({
    nip: ANI,
    name: 'Ani',
    opdId: 'DISDIK',
    positionGrade: 9,
    salaryBase: '4000000',
    salaryGross: '5000000',
    terCategory: 'A',
  });
  await store.append(employeeStreamId(ANI), [{ ...ani, data: { ...ani.data, reason: 'pengangkatan CPNS' } }]);
  const budi = registeredEvent({
    nip: BUDI,
    name: 'Budi',
    opdId: 'DINKES',
    positionGrade: 7,
    salaryBase: '3500000',
    salaryGross: '4200000',
    terCategory: 'B',
  });
  await store.append(employeeStreamId(BUDI), [budi]);
  await store.append(appraisalStreamId(ANI, '2026-01'), [
    {
      type: 'AppraisalRated',
      data: { nip: ANI, period: '2026-01', results: 'SESUAI_EKSPEKTASI', note: 'x'.repeat(3000) },
      metadata: meta({ correlationId: 'c-1' }),
    },
  ]);
  await store.append(employeeStreamId(ANI), [
    {
      type: 'OrgUnitTransferred',
      data: { nip: ANI, effectiveDate: '2026-02-01', at: '2026-02-01T08:00:00+07:00', orgUnitId: 'BAPPEDA', fromOrgUnitId: 'DISDIK' },
      metadata: meta({ reason: 'mutasi antar OPD' }),
    },
  ]);
  await store.append(appraisalStreamId(ANI, '2026-02'), [
    { type: 'AppraisalRated', data: { nip: ANI, period: '2026-02' }, metadata: meta() },
  ]);
  await store.append(calibrationStreamId('DINKES', '2026-02'), [
    { type: 'UnitAppraisalsIssued', data: { period: '2026-02', issued: [BUDI] }, metadata: meta() },
  ]);
  await store.append(payrollRunStreamId('DINKES', '2026-02'), [{ type: 'PayrollRunOpened', data: { month: '2026-02' }, metadata: meta() }]);
  await store.append(payLinesStreamId(runId('DINKES', '2026-02'), 1, BUDI), [
    {
      type: 'PayLineCalculated',
      data: { nip: BUDI, gross: '1250000', components: Array.from({ length: 40 }, (_, i) => ({ i, amount: '1000' })) },
      metadata: meta(),
    },
    { type: 'PayLineCalculated', data: { nip: ANI, opdId: 'BAPPEDA', gross: '990000' }, metadata: meta() },
  ]);
  await store.append(accessLogStreamId(BUDI, '2026-02-10T03:00:00Z'), [
    {
      type: 'DataAccessed',
      data: {
        nip: BUDI,
        what: 'pay.ledger',
        scope: '2026-02',
        reader: { userId: 'u-insp', nip: INSPECTOR },
        via: 'role:inspektorat',
        reason: 'pemeriksaan',
        at: '2026-02-10T03:00:00Z',
      },
      metadata: meta({ correlationId: 'c-2' }),
    },
  ]);
}

describe('audit timeline read from a few keys of the data', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore({ pool: db.pool, pollIntervalMs: 50 });
    await appendYearOfDecisions(store);
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('holds the rows the same events read whole give, through the runner as a rebuild fills it (COPY) and applied by hand (INSERT)', async () => {
    const runner = new ProjectionRunner(db.pool, store, [auditTimelineProjection]);
    const { eventsApplied } = await runner.rebuild('audit_timeline');

    // The same events read whole, applied by hand into tables of their own, in two batches.
    const whole: RecordedEvent[] = (await store.readAll({ after: START, limit: 1000 })).events;
    expect(eventsApplied).toBe(whole.length);
    expect(whole.some((e) => e.type === 'PayLineCalculated' && JSON.stringify(e.data).length > 1000)).toBe(true);
    const client = await db.pool.connect();
    try {
      for (const [t, columns] of Object.entries(auditTimelineProjection.tables)) await client.query(`CREATE TABLE whole_${t} (${columns})`);
      const ctx = {
        client,
        table: (t: string) => `whole_${t}`,
        readStream: () => Promise.reject(new Error('not read')),
        logSql: undefined,
      };
      await auditTimelineProjection.apply(whole.slice(0, 4), ctx as never);
      await auditTimelineProjection.apply(whole.slice(4), ctx as never);
    } finally {
      client.release();
    }

    const rows = async (t: string, key: string) => (await db.pool.query(`SELECT * FROM ${t} ORDER BY ${key}`)).rows;
    for (const [t, key] of [
      ['audit_timeline', 'global_position'],
      ['access_log', 'global_position'],
      ['audit_timeline_employee_opd', 'nip'],
    ])
      expect([t, await rows(t, key)]).toEqual([t, await rows(`whole_${t}`, key)]);

    // Each row carries its event as the log holds it, every column in its type.
    const columns = (
      await db.pool
        .query(`SELECT global_position::text AS gp, transaction_id::text AS tx, stream_id, stream_type, stream_position, event_id,
         event_type, actor, role, policy_version, correlation_id, recorded_at FROM audit_timeline ORDER BY transaction_id, global_position`)
    ).rows;
    const metaOf = (e: RecordedEvent, k: string) => (e.metadata[k] as string | undefined) ?? null;
    expect(columns).toEqual(
      whole.map((e) => ({
        gp: e.checkpoint.globalPosition,
        tx: e.checkpoint.transactionId,
        stream_id: e.streamId,
        stream_type: e.streamType,
        stream_position: e.streamPosition,
        event_id: e.id,
        event_type: e.type,
        actor: metaOf(e, 'actor'),
        role: metaOf(e, 'role'),
        policy_version: metaOf(e, 'policyVersion'),
        correlation_id: metaOf(e, 'correlationId'),
        recorded_at: e.recordedAt,
      })),
    );
    expect(columns.filter((r) => r.correlation_id !== null)).toHaveLength(2);

    // And what those rows say: each way of finding the employee, the OPD and the reason was taken.
    const timeline = (await db.pool.query(`SELECT event_type, subject_nip, opd_id, reason FROM audit_timeline ORDER BY global_position`))
      .rows;
    expect(timeline).toEqual([
      { event_type: 'EmployeeRegistered', subject_nip: ANI, opd_id: 'DISDIK', reason: 'pengangkatan CPNS' },
      { event_type: 'EmployeeRegistered', subject_nip: BUDI, opd_id: 'DINKES', reason: null },
      { event_type: 'AppraisalRated', subject_nip: ANI, opd_id: 'DISDIK', reason: null },
      { event_type: 'OrgUnitTransferred', subject_nip: ANI, opd_id: 'BAPPEDA', reason: 'mutasi antar OPD' },
      { event_type: 'AppraisalRated', subject_nip: ANI, opd_id: 'BAPPEDA', reason: null },
      { event_type: 'UnitAppraisalsIssued', subject_nip: null, opd_id: 'DINKES', reason: null },
      { event_type: 'PayrollRunOpened', subject_nip: null, opd_id: 'DINKES', reason: null },
      { event_type: 'PayLineCalculated', subject_nip: BUDI, opd_id: 'DINKES', reason: null },
      { event_type: 'PayLineCalculated', subject_nip: ANI, opd_id: 'BAPPEDA', reason: null },
      { event_type: 'DataAccessed', subject_nip: BUDI, opd_id: 'DINKES', reason: 'pemeriksaan' },
    ]);
    const reads = (await db.pool.query(`SELECT nip, what, scope, reader, reader_nip, via, reason, correlation_id FROM access_log`)).rows;
    expect(reads).toEqual([
      {
        nip: BUDI,
        what: 'pay.ledger',
        scope: '2026-02',
        reader: 'u-insp',
        reader_nip: INSPECTOR,
        via: 'role:inspektorat',
        reason: 'pemeriksaan',
        correlation_id: 'c-2',
      },
    ]);
  });
});
