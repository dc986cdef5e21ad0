import { generateNips } from '@kinerja/kernel';
import { PostgresEventStore } from '@kinerja/event-store';
import { appraisalStreamId, calibrationStreamId, objectionIdOf } from '@kinerja/domain/appraisal';
import { dailyReportStreamId } from '@kinerja/domain/dailyreport';
import { workPlanStreamId } from '@kinerja/domain/workplan';
import { raterAnalytics, reportWorkload } from '@kinerja/domain/analytics';
import { createTestDatabase, TestDatabase } from '../../../test/support/database';
import { catchUp as sharedCatchUp } from '../../../test/support/catch-up';
import { ProjectionRunner } from './runner';
import { employeeDirectoryProjection } from './employee-directory';
import { ratingAnalyticsProjection, ratingFacts, reportFacts, unitIssues, workloadAnalyticsProjection } from './analytics';

const [LENIENT, TWO, ...STAFF] = generateNips(30, 1818);
const OTHERS = generateNips(4, 1919);
const RATED_BY_OTHERS = generateNips(20, 2020);
const OPD = 'DINKES';
const PERIOD = '2026-03';

const rated = (nip: string, rater: string, predikat: string, at: string, revision = 1) => ({
  type: 'AppraisalRated',
  data: {
    nip,
    period: PERIOD,
    at,
    opdId: OPD,
    rater: { nip: rater, positionId: `P-${rater}` },
    predikat,
    policyVersion: 'perkada-1/v1',
    revision,
    results: 'SESUAI_EKSPEKTASI',
    behaviour: 'SESUAI_EKSPEKTASI',
    reasons: {},
    behaviourValues: {},
    resultRatings: [],
  },
});

describe('the analytics read models', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let runner: ProjectionRunner;
  // The directory too: the workload puts each report beside its employee's unit.
  const projections = [ratingAnalyticsProjection, workloadAnalyticsProjection, employeeDirectoryProjection];

  const catchUp = () => sharedCatchUp(db.pool, runner, projections);

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore({ pool: db.pool, pollIntervalMs: 50 });
    runner = new ProjectionRunner(db.pool, store, projections);
    for (const p of projections) await runner.ensure(p);
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('keeps each rater’s own predikat, the first rating’s instant and the objection’s outcome, and flags the lenient rater', async () => {
    // LENIENT rates ten people SANGAT_BAIK; four others rate five each, mostly BAIK; TWO rates two.
    const lenientStaff = STAFF.slice(0, 10);
    for (const nip of lenientStaff)
      await store.append(appraisalStreamId(nip, PERIOD), [rated(nip, LENIENT, 'SANGAT_BAIK', '2026-04-02T01:00:00.000Z')]);
    let k = 0;
    for (const rater of OTHERS)
      for (const p of ['BAIK', 'BAIK', 'BAIK', 'BAIK', 'BUTUH_PERBAIKAN']) {
        const nip = RATED_BY_OTHERS[k++];
        await store.append(appraisalStreamId(nip, PERIOD), [rated(nip, rater, p, '2026-04-03T01:00:00.000Z')]);
      }
    for (const nip of STAFF.slice(26, 28))
      await store.append(appraisalStreamId(nip, PERIOD), [rated(nip, TWO, 'SANGAT_BAIK', '2026-04-05T01:00:00.000Z')]);
    // A rating revised later keeps its first instant; an objection amended.
    const first = lenientStaff[0];
    await store.append(appraisalStreamId(first, PERIOD), [rated(first, LENIENT, 'SANGAT_BAIK', '2026-04-09T01:00:00.000Z', 2)]);
    await store.append(appraisalStreamId(first, PERIOD), [
      {
        type: 'ObjectionFiled',
        data: { nip: first, period: PERIOD, at: '2026-04-10T01:00:00.000Z', objectionId: objectionIdOf(first, PERIOD) },
      },
    ]);
    const second = lenientStaff[1];
    await store.append(appraisalStreamId(second, PERIOD), [
      {
        type: 'ObjectionFiled',
        data: { nip: second, period: PERIOD, at: '2026-04-10T01:00:00.000Z', objectionId: objectionIdOf(second, PERIOD) },
      },
      {
        type: 'ObjectionDecided',
        data: { nip: second, period: PERIOD, at: '2026-04-12T01:00:00.000Z', outcome: 'AMEND', predikat: 'BAIK', decidedBy: OTHERS[0] },
      },
    ]);
    await store.append(calibrationStreamId(OPD, PERIOD), [
      {
        type: 'UnitAppraisalsIssued',
        data: {
          opdId: OPD,
          period: PERIOD,
          nips: [],
          counts: { SANGAT_BAIK: 12, BAIK: 16, BUTUH_PERBAIKAN: 4, KURANG: 0, SANGAT_KURANG: 0 },
          organisationResult: 'BAIK',
          checks: [{ predikat: ['SANGAT_BAIK'], kind: 'max', percent: '20', limit: 6, actual: 12, ok: false }],
          exempt: false,
          withinCurve: false,
          justification: 'Capaian unit luar biasa',
          issuedOn: '2026-04-15',
          policyVersion: 'perkada-1/v1',
          at: '2026-04-15T01:00:00.000Z',
        },
      },
    ]);
    await catchUp();

    const facts = await ratingFacts(db.pool, { year: 2026 });
    expect(facts).toHaveLength(32);
    const f = facts.find((x) => x.nip === first)!;
    expect(f).toMatchObject({ raterNip: LENIENT, firstRatedAt: '2026-04-02T01:00:00.000Z', objection: 'PENDING' });
    expect(facts.find((x) => x.nip === second)).toMatchObject({ predikat: 'SANGAT_BAIK', objection: 'AMEND' });

    const rows = raterAnalytics(facts);
    expect(rows[0]).toMatchObject({
      raterNip: LENIENT,
      n: 10,
      flag: 'LENIENT',
      objections: { filed: 2, pending: 1, amended: 1, confirmed: 0 },
    });
    expect(rows.find((r) => r.raterNip === TWO)).toMatchObject({ n: 2, flag: null });
    expect(rows.filter((r) => r.flag !== null).map((r) => r.raterNip)).toEqual([LENIENT]);

    expect(await unitIssues(db.pool, { opdId: OPD })).toEqual([
      expect.objectContaining({ opdId: OPD, period: PERIOD, withinCurve: false, justified: true, issuedOn: '2026-04-15' }),
    ]);
    expect(await ratingFacts(db.pool, { year: 2027 })).toEqual([]);
  });

  it('keeps each daily report with the supervisor of the plan it was filed under, and its answer', async () => {
    const [P, S, S2] = generateNips(3, 2929);
    const plan = (type: string, supervisorNip: string, at: string) => ({
      type,
      data: {
        nip: P,
        year: 2026,
        version: type === 'WorkPlanDrafted' ? 1 : 2,
        at,
        results: [],
        supervisorNip,
        ...(type === 'WorkPlanDrafted' ? {} : { reason: 'pindah' }),
      },
    });
    const filedReport = (reportId: string, at: string, revision = 1) => ({
      type: 'DailyReportFiled',
      data: {
        nip: P,
        month: '2026-03',
        at,
        reportId,
        date: at.slice(0, 10),
        durationMinutes: 60,
        resultId: 'R1',
        output: 'laporan',
        revision,
      },
    });
    const answer = (reportId: string, at: string, kind = 'ACKNOWLEDGED') => ({
      type: 'DailyReportAnswered',
      data: { nip: P, month: '2026-03', at, reportId, kind, answeredBy: S },
    });
    await store.append(workPlanStreamId(P, 2026), [plan('WorkPlanDrafted', S, '2026-01-02T01:00:00.000Z')]);
    const stream = dailyReportStreamId(P, '2026-03');
    await store.append(stream, [filedReport('D1', '2026-03-02T01:00:00.000Z'), filedReport('D2', '2026-03-03T01:00:00.000Z')]);
    await store.append(stream, [answer('D1', '2026-03-02T05:00:00.000Z'), answer('D2', '2026-03-03T02:00:00.000Z', 'NEEDS_REVISION')]);
    // Revised: waits again from its new filing, still in the first supervisor's queue.
    await store.append(stream, [filedReport('D2', '2026-03-04T01:00:00.000Z', 2)]);
    // A new supervisor from a revision of the plan: the next report is theirs.
    await store.append(workPlanStreamId(P, 2026), [plan('WorkPlanRevisionStarted', S2, '2026-03-05T00:00:00.000Z')]);
    await store.append(stream, [filedReport('D3', '2026-03-06T01:00:00.000Z')]);
    await catchUp();

    const facts = await reportFacts(db.pool, { from: '2026-03', to: '2026-03' });
    expect(facts.map((r) => [r.supervisorNip, r.filedAt, r.lastFiledAt, r.answeredAt])).toEqual([
      [S, '2026-03-02T01:00:00.000Z', '2026-03-02T01:00:00.000Z', '2026-03-02T05:00:00.000Z'],
      [S, '2026-03-03T01:00:00.000Z', '2026-03-04T01:00:00.000Z', null],
      [S2, '2026-03-06T01:00:00.000Z', '2026-03-06T01:00:00.000Z', null],
    ]);
    const w = reportWorkload(facts, '2026-03-10T01:00:00.000Z');
    expect(w.oldestQueues.map((l) => [l.key, l.waiting, l.oldestWaitingDays])).toEqual([
      [S, 1, 6],
      [S2, 1, 4],
    ]);
  });
});
