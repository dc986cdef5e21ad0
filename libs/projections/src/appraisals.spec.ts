import { generateNips } from '@kinerja/kernel';
import { PostgresEventStore, RecordedEvent, START } from '@kinerja/event-store';
import { appraisalStreamId, calibrationStreamId, isAppraisalStream, objectionIdOf, trainingStreamId } from '@kinerja/domain/appraisal';
import { createTestDatabase, TestDatabase } from '../../../test/support/database';
import { catchUp as sharedCatchUp } from '../../../test/support/catch-up';
import { projectionWays } from '../../../test/support/projection-ways';
import { HeldRows } from './held';
import { ProjectionRunner } from './runner';
import { payrollProjection } from './payroll';
import { applyAppraisalsIssued } from './payroll/inputs';
import { attendanceProjection } from './attendance';
import { employeeDirectoryProjection } from './employee-directory';
import { inboxOf } from './inbox';
import { dailyReportsProjection, feedbackInvitationsProjection, remindersProjection, workPlansProjection } from './planning';
import { realisationsProjection } from './realisations';
import {
  appraisalLedgerRowOf,
  appraisalOf,
  appraisalsOf,
  appraisalsProjection,
  competenceHours,
  escalatedObjections,
  escalatedObjectionsConcerning,
  openTrainingRecommendations,
  pendingDeadlines,
  promotionEligibility,
  rewardList,
  sanctionCases,
  trainingRecommendationsOf,
  unitCalibration,
  unitLedger,
} from './appraisals';

const [A, B, C, D, E, F, G, RATER, BOSS] = generateNips(9, 77);
const OPD = 'DINKES';
const rater = { nip: RATER, positionId: 'KABID' };
const boss = { nip: BOSS, positionId: 'KADIS' };
const AT = '2026-04-01T02:00:00.000Z';

const rated = (nip: string, period: string, predikat: string, extra: object = {}) => ({
  type: 'AppraisalRated',
  data: {
    nip,
    period,
    at: AT,
    opdId: OPD,
    rater,
    predikat,
    policyVersion: 'perkada-1/v1',
    revision: 1,
    results: 'SESUAI_EKSPEKTASI',
    behaviour: 'SESUAI_EKSPEKTASI',
    reasons: {},
    behaviourValues: {},
    resultRatings: [],
    ...extra,
  },
});
const issued = (nip: string, period: string, predikat: string, issuedOn = '2026-04-01', windowClosesAt = '2026-04-15T17:00:00.000Z') => ({
  type: 'AppraisalIssued',
  data: {
    nip,
    period,
    at: AT,
    opdId: OPD,
    predikat,
    rater,
    raterSupervisor: boss,
    issuedOn,
    objectionDeadline: '2026-04-15',
    windowClosesAt,
    decisionDays: 14,
    timeZone: 'Asia/Jakarta',
    calibrationId: calibrationStreamId(OPD, period),
    policyVersion: 'perkada-1/v1',
  },
});
const finalised = (nip: string, period: string, predikat: string) => ({
  type: 'AppraisalFinalised',
  data: { nip, period, at: AT, predikat, objectionDeadline: '2026-04-15' },
});
const filed = (nip: string, period: string, decisionDueAt = '2026-04-16T17:00:00.000Z') => ({
  type: 'ObjectionFiled',
  data: {
    nip,
    period,
    at: AT,
    objectionId: objectionIdOf(nip, period),
    reasons: 'Target tercapai',
    evidence: [{ kind: 'LINK', url: 'https://example.org/bukti' }],
    filedOn: '2026-04-02',
    decider: boss,
    decisionDue: '2026-04-16',
    decisionDueAt,
  },
});
const escalated = (nip: string, period: string) => ({
  type: 'ObjectionEscalated',
  data: {
    nip,
    period,
    at: '2026-04-16T17:00:01.000Z',
    objectionId: objectionIdOf(nip, period),
    to: 'BKPSDM',
    decisionDue: '2026-04-16',
    decider: boss,
  },
});

describe('appraisal ledger projection', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let runner: ProjectionRunner;
  const projections = [appraisalsProjection, payrollProjection];

  const catchUp = () => sharedCatchUp(db.pool, runner, projections);
  const pay = async (sql: string, args: unknown[]) => (await db.pool.query(sql, args)).rows;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore({ pool: db.pool, pollIntervalMs: 50 });
    runner = new ProjectionRunner(db.pool, store, projections);
    for (const p of projections) await runner.ensure(p);
    // The other read models the inbox reads (empty here): its statement names them all.
    const inboxToo = [workPlansProjection, dailyReportsProjection, feedbackInvitationsProjection, remindersProjection];
    for (const p of [...inboxToo, realisationsProjection, attendanceProjection, employeeDirectoryProjection]) await runner.ensure(p);

    // A: monthly, BUTUH_PERBAIKAN, final, training recommended and then done.
    await store.append(appraisalStreamId(A, '2026-03'), [
      rated(A, '2026-03', 'BUTUH_PERBAIKAN', {
        results: 'DI_BAWAH_EKSPEKTASI',
        reasons: { results: 'Target tidak tercapai' },
        behaviourValues: { KOMPETEN: 'DI_BAWAH_EKSPEKTASI' },
        resultRatings: [{ resultId: 'R-1', rating: 'DI_BAWAH_EKSPEKTASI' }],
      }),
      issued(A, '2026-03', 'BUTUH_PERBAIKAN'),
    ]);
    await store.append(appraisalStreamId(A, '2026-03'), [
      finalised(A, '2026-03', 'BUTUH_PERBAIKAN'),
      {
        type: 'TrainingRecommended',
        data: {
          nip: A,
          period: '2026-03',
          at: AT,
          recommendationId: `TR-${A}-2026-03`,
          predikat: 'BUTUH_PERBAIKAN',
          weakestBehaviours: ['KOMPETEN'],
          missedResults: ['R-1'],
          proposal: 'bimtek',
        },
      },
    ]);
    await store.append(trainingStreamId(A), [
      {
        type: 'TrainingRecorded',
        data: {
          nip: A,
          trainingId: 'T-1',
          course: 'Bimtek',
          hours: 24,
          completedOn: '2026-05-10',
          year: 2026,
          recommendationId: `TR-${A}-2026-03`,
          at: AT,
        },
      },
      {
        type: 'TrainingRecorded',
        data: {
          nip: A,
          trainingId: 'T-2',
          course: 'Seminar',
          hours: 8,
          completedOn: '2026-06-01',
          year: 2026,
          recommendationId: null,
          at: AT,
        },
      },
      {
        type: 'TrainingRecorded',
        data: {
          nip: A,
          trainingId: 'T-0',
          course: 'Lama',
          hours: 5,
          completedOn: '2025-06-01',
          year: 2025,
          recommendationId: null,
          at: AT,
        },
      },
    ]);

    // B: quarterly, issued BAIK (three months of TPP), objected, escalated, then amended to SANGAT_BAIK late.
    const q = '2026-Q1';
    await store.append(appraisalStreamId(B, q), [rated(B, q, 'BAIK'), issued(B, q, 'BAIK'), filed(B, q), escalated(B, q)]);
    await store.append(appraisalStreamId(B, q), [
      {
        type: 'ObjectionDecided',
        data: {
          nip: B,
          period: q,
          at: '2026-04-20T03:00:00.000Z',
          objectionId: objectionIdOf(B, q),
          outcome: 'AMEND',
          reasons: 'Bukti kuat',
          decidedBy: BOSS,
          results: 'DI_ATAS_EKSPEKTASI',
          behaviour: 'DI_ATAS_EKSPEKTASI',
          previousPredikat: 'BAIK',
          predikat: 'SANGAT_BAIK',
          decidedOn: '2026-04-20',
          late: true,
        },
      },
      { type: 'RewardListed', data: { nip: B, period: q, at: '2026-04-20T03:00:00.000Z', predikat: 'SANGAT_BAIK' } },
    ]);

    // C: two SANGAT_KURANG in a row: a sanction case.
    await store.append(appraisalStreamId(C, '2026-02'), [
      rated(C, '2026-02', 'SANGAT_KURANG'),
      issued(C, '2026-02', 'SANGAT_KURANG'),
      finalised(C, '2026-02', 'SANGAT_KURANG'),
    ]);
    await store.append(appraisalStreamId(C, '2026-03'), [
      rated(C, '2026-03', 'SANGAT_KURANG'),
      issued(C, '2026-03', 'SANGAT_KURANG'),
      finalised(C, '2026-03', 'SANGAT_KURANG'),
      {
        type: 'SanctionCaseFlagged',
        data: { nip: C, period: '2026-03', at: AT, caseId: `SK-${C}-2026-02-2026-03`, periods: ['2026-02', '2026-03'], to: 'BKPSDM' },
      },
    ]);

    // D: December, promotion eligibility.
    await store.append(appraisalStreamId(D, '2025-12'), [
      rated(D, '2025-12', 'BAIK'),
      issued(D, '2025-12', 'BAIK'),
      finalised(D, '2025-12', 'BAIK'),
      {
        type: 'PromotionEligibilityDetermined',
        data: { nip: D, period: '2025-12', at: AT, year: 2025, eligible: true, yearPredikat: { '2024': 'BAIK', '2025': 'BAIK' } },
      },
    ]);

    // E: issued, window open. F: objected, not escalated. G: objected and escalated.
    await store.append(appraisalStreamId(E, '2026-03'), [
      rated(E, '2026-03', 'BAIK'),
      issued(E, '2026-03', 'BAIK', '2026-04-02', '2026-04-16T17:00:00.000Z'),
    ]);
    await store.append(appraisalStreamId(F, '2026-03'), [
      rated(F, '2026-03', 'BAIK'),
      issued(F, '2026-03', 'BAIK'),
      filed(F, '2026-03', '2026-04-17T17:00:00.000Z'),
    ]);
    await store.append(appraisalStreamId(G, '2026-03'), [
      rated(G, '2026-03', 'KURANG'),
      issued(G, '2026-03', 'KURANG'),
      filed(G, '2026-03'),
      escalated(G, '2026-03'),
    ]);
    // A draft: rated only.
    await store.append(appraisalStreamId(RATER, '2026-03'), [rated(RATER, '2026-03', 'BAIK')]);

    await store.append(calibrationStreamId(OPD, '2026-03'), [
      { type: 'OrganisationResultSet', data: { opdId: OPD, period: '2026-03', result: 'BAIK', reason: 'LKjIP', at: AT } },
      {
        type: 'UnitAppraisalsIssued',
        data: {
          opdId: OPD,
          period: '2026-03',
          nips: [A, C, E, F, G],
          counts: { SANGAT_BAIK: 0, BAIK: 2, BUTUH_PERBAIKAN: 1, KURANG: 1, SANGAT_KURANG: 1 },
          organisationResult: 'BAIK',
          checks: [],
          exempt: false,
          withinCurve: true,
          justification: null,
          issuedOn: '2026-04-01',
          policyVersion: 'perkada-1/v1',
          at: AT,
        },
      },
    ]);
    await catchUp();
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('keeps one row per employee and period with its state, ratings, and the events behind it', async () => {
    const a = await appraisalOf(db.pool, A, '2026-03');
    const events = await store.readStream(appraisalStreamId(A, '2026-03'));
    expect(a).toMatchObject({
      nip: A,
      period: '2026-03',
      year: 2026,
      opdId: OPD,
      raterNip: RATER,
      raterSupervisorNip: BOSS,
      results: 'DI_BAWAH_EKSPEKTASI',
      behaviour: 'SESUAI_EKSPEKTASI',
      reasons: { results: 'Target tidak tercapai' },
      behaviourValues: { KOMPETEN: 'DI_BAWAH_EKSPEKTASI' },
      resultRatings: [{ resultId: 'R-1', rating: 'DI_BAWAH_EKSPEKTASI' }],
      predikat: 'BUTUH_PERBAIKAN',
      issuedPredikat: 'BUTUH_PERBAIKAN',
      state: 'FINAL',
      revision: 1,
      policyVersion: 'perkada-1/v1',
      issuedOn: '2026-04-01',
      objectionDeadline: '2026-04-15',
      windowClosesAt: '2026-04-15T17:00:00.000Z',
      objection: null,
      decision: null,
      finalisedAt: AT,
      version: 3,
    });
    // Two appends, two batches or one: the list has each event once, in stream order, with its id and stream.
    expect(a!.events).toEqual(
      events.map((e) => ({
        eventId: e.id,
        streamId: e.streamId,
        type: e.type,
        streamPosition: e.streamPosition,
        recordedAt: e.recordedAt.toISOString(),
      })),
    );
    expect(a!.events.map((e) => e.type)).toEqual(['AppraisalRated', 'AppraisalIssued', 'AppraisalFinalised', 'TrainingRecommended']);
    expect(await appraisalOf(db.pool, A, '2026-02')).toBeNull();
    expect((await appraisalOf(db.pool, RATER, '2026-03'))!.state).toBe('DRAFT');
  });

  it('shows an objection through escalation and an amending decision; the issued predikat stays beside the decided one', async () => {
    const b = (await appraisalOf(db.pool, B, '2026-Q1'))!;
    expect(b).toMatchObject({
      state: 'DECIDED',
      predikat: 'SANGAT_BAIK',
      issuedPredikat: 'BAIK',
      results: 'DI_ATAS_EKSPEKTASI',
      behaviour: 'DI_ATAS_EKSPEKTASI',
    });
    expect(b.objection).toEqual({
      id: objectionIdOf(B, '2026-Q1'),
      reasons: 'Target tercapai',
      evidence: [{ kind: 'LINK', url: 'https://example.org/bukti' }],
      filedOn: '2026-04-02',
      decider: BOSS,
      deciderPositionId: 'KADIS',
      decisionDue: '2026-04-16',
      decisionDueAt: '2026-04-16T17:00:00.000Z',
      escalated: true,
      escalatedAt: '2026-04-16T17:00:01.000Z',
    });
    expect(b.decision).toEqual({
      outcome: 'AMEND',
      reasons: 'Bukti kuat',
      decidedBy: BOSS,
      previousPredikat: 'BAIK',
      predikat: 'SANGAT_BAIK',
      results: 'DI_ATAS_EKSPEKTASI',
      behaviour: 'DI_ATAS_EKSPEKTASI',
      decidedOn: '2026-04-20',
      late: true,
    });
    expect(b.events.map((e) => [e.streamPosition, e.type])).toEqual([
      [0, 'AppraisalRated'],
      [1, 'AppraisalIssued'],
      [2, 'ObjectionFiled'],
      [3, 'ObjectionEscalated'],
      [4, 'ObjectionDecided'],
      [5, 'RewardListed'],
    ]);
  });

  it('answers the inbox questions: objections to decide, escalated ones, and the deadlines still to fire', async () => {
    // The decider's inbox reads the ledger's objections as the fold wrote them.
    const toDecide = async (nip: string) =>
      (await inboxOf(db.pool, { nip, team: [], remindersSince: '2026-01-01', allEscalated: false })).objectionsToDecide;
    expect((await toDecide(BOSS)).map((r) => r.nip).sort()).toEqual([F, G].sort());
    expect((await toDecide(BOSS)).find((r) => r.nip === G)).toMatchObject({ period: '2026-03', escalated: true });
    expect(await toDecide(RATER)).toEqual([]);
    expect((await escalatedObjections(db.pool)).map((r) => [r.nip, r.objection!.escalated])).toEqual([[G, true]]);
    // An escalated objection concerns its employee, the rater and the decider; BKPSDM (null) sees them all.
    for (const [who, shown] of [
      [G, [G]],
      [RATER, [G]],
      [BOSS, [G]],
      [A, []],
      [F, []],
      [null, [G]],
    ] as const)
      expect({ who, shown: (await escalatedObjectionsConcerning(db.pool, who)).map((r) => r.nip) }).toEqual({ who, shown });
    expect(await pendingDeadlines(db.pool)).toEqual([
      { kind: 'OBJECTION_WINDOW', nip: E, period: '2026-03', dueAt: '2026-04-16T17:00:00.000Z' },
      { kind: 'OBJECTION_DECISION', nip: F, period: '2026-03', dueAt: '2026-04-17T17:00:00.000Z' },
    ]);
    expect(await pendingDeadlines(db.pool, { dueBefore: '2026-04-17T00:00:00.000Z' })).toHaveLength(1);
    // Keyset pages give the same list.
    const first = await pendingDeadlines(db.pool, { limit: 1 });
    expect([...first, ...(await pendingDeadlines(db.pool, { limit: 1, after: first[0] }))]).toEqual(await pendingDeadlines(db.pool));
  });

  it('lists an employee’s ledger and a unit’s, paged', async () => {
    expect((await appraisalsOf(db.pool, C)).map((r) => r.period)).toEqual(['2026-02', '2026-03']);
    expect((await appraisalsOf(db.pool, D, 2026)).length).toBe(0);
    expect((await appraisalsOf(db.pool, D, 2025)).map((r) => r.period)).toEqual(['2025-12']);
    const unit = await unitLedger(db.pool, OPD, '2026-03');
    expect(unit.map((r) => r.nip)).toEqual([A, C, E, F, G, RATER].sort());
    const paged = [
      ...(await unitLedger(db.pool, OPD, '2026-03', { limit: 4 })),
      ...(await unitLedger(db.pool, OPD, '2026-03', { limit: 4, offset: 4 })),
    ];
    expect(paged.map((r) => r.nip)).toEqual(unit.map((r) => r.nip));
    const cal = (await unitCalibration(db.pool, OPD, '2026-03'))!;
    expect(cal).toMatchObject({
      organisationResult: 'BAIK',
      organisationResultReason: 'LKjIP',
      justification: null,
      issued: { nips: [A, C, E, F, G], withinCurve: true },
    });
    expect(cal.events.map((e) => e.type)).toEqual(['OrganisationResultSet', 'UnitAppraisalsIssued']);
  });

  it('keeps the follow-up lists: training (closed by a recorded training), rewards, sanction cases, promotion, competence hours', async () => {
    expect(await trainingRecommendationsOf(db.pool, A)).toEqual([
      expect.objectContaining({
        recommendationId: `TR-${A}-2026-03`,
        period: '2026-03',
        predikat: 'BUTUH_PERBAIKAN',
        weakestBehaviours: ['KOMPETEN'],
        missedResults: ['R-1'],
        proposal: 'bimtek',
        closedByTrainingId: 'T-1',
        closedOn: '2026-05-10',
      }),
    ]);
    expect(await openTrainingRecommendations(db.pool)).toEqual([]);
    expect((await rewardList(db.pool)).map((r) => [r.nip, r.period, r.predikat])).toEqual([[B, '2026-Q1', 'SANGAT_BAIK']]);
    expect(await rewardList(db.pool, '2026-03')).toEqual([]);
    expect((await sanctionCases(db.pool)).map((s) => [s.caseId, s.nip, s.periods])).toEqual([
      [`SK-${C}-2026-02-2026-03`, C, ['2026-02', '2026-03']],
    ]);
    expect(await promotionEligibility(db.pool, D)).toEqual([
      expect.objectContaining({ nip: D, year: 2025, eligible: true, yearPredikat: { '2024': 'BAIK', '2025': 'BAIK' } }),
    ]);
    const hours = await competenceHours(db.pool, A, 2026);
    expect(hours).toMatchObject({ year: 2026, hours: 32 });
    expect(hours.trainings.map((t) => t.trainingId)).toEqual(['T-1', 'T-2']);
  });

  it('feeds payroll: a quarter’s issued predikat pays its three months; an amended one is an amendment of each month', async () => {
    const issuedB = (await store.readStream(appraisalStreamId(B, '2026-Q1'))).find((e) => e.type === 'AppraisalIssued')!;
    const decidedB = (await store.readStream(appraisalStreamId(B, '2026-Q1'))).find((e) => e.type === 'ObjectionDecided')!;
    const k = objectionIdOf(B, '2026-Q1');
    expect(await pay('SELECT month, predikat, event_id, objection_id FROM pay_predikat WHERE nip = $1 ORDER BY month', [B])).toEqual([
      { month: '2026-01', predikat: 'SANGAT_BAIK', event_id: decidedB.id, objection_id: k },
      { month: '2026-02', predikat: 'SANGAT_BAIK', event_id: decidedB.id, objection_id: `${k}/2026-02` },
      { month: '2026-03', predikat: 'SANGAT_BAIK', event_id: decidedB.id, objection_id: `${k}/2026-03` },
    ]);
    expect(
      await pay(
        'SELECT objection_id, month, predikat, previous_predikat, decided_on, reason FROM pay_amendment WHERE nip = $1 ORDER BY month',
        [B],
      ),
    ).toEqual(
      ['2026-01', '2026-02', '2026-03'].map((month, i) => ({
        objection_id: i === 0 ? k : `${k}/${month}`,
        month,
        predikat: 'SANGAT_BAIK',
        previous_predikat: 'BAIK',
        decided_on: '2026-04-20',
        reason: 'Bukti kuat',
      })),
    );
    // A monthly appraisal pays its month, with the issue event behind it.
    const issuedA = (await store.readStream(appraisalStreamId(A, '2026-03'))).find((e) => e.type === 'AppraisalIssued')!;
    expect(await pay('SELECT month, predikat, event_id, objection_id FROM pay_predikat WHERE nip = $1', [A])).toEqual([
      { month: '2026-03', predikat: 'BUTUH_PERBAIKAN', event_id: issuedA.id, objection_id: null },
    ]);
    expect(issuedB.id).not.toBe(decidedB.id);
  });

  it('does not let a later issue overwrite a month an objection amended, and a confirmed objection amends nothing', async () => {
    const H = generateNips(2, 991)[0];
    const J = generateNips(2, 991)[1];
    // An amendment recorded for the month before the appraisal's issue reaches the projection: the issue does not undo it.
    await store.append('PredikatAmendment-KEB-MANUAL-1', [
      {
        type: 'PredikatAmended',
        data: {
          objectionId: 'KEB-MANUAL-1',
          nip: J,
          month: '2026-05',
          predikat: 'SANGAT_BAIK',
          reason: 'Keputusan keberatan',
          decidedOn: '2026-06-01',
          at: AT,
        },
      },
    ]);
    await store.append(appraisalStreamId(J, '2026-05'), [rated(J, '2026-05', 'BAIK'), issued(J, '2026-05', 'BAIK')]);
    await store.append(appraisalStreamId(H, '2026-05'), [
      rated(H, '2026-05', 'BAIK'),
      issued(H, '2026-05', 'BAIK'),
      filed(H, '2026-05'),
      {
        type: 'ObjectionDecided',
        data: {
          nip: H,
          period: '2026-05',
          at: AT,
          objectionId: objectionIdOf(H, '2026-05'),
          outcome: 'CONFIRM',
          reasons: 'Sudah tepat',
          decidedBy: BOSS,
          results: 'SESUAI_EKSPEKTASI',
          behaviour: 'SESUAI_EKSPEKTASI',
          previousPredikat: 'BAIK',
          predikat: 'BAIK',
          decidedOn: '2026-06-10',
          late: false,
        },
      },
    ]);
    await catchUp();
    expect(await pay('SELECT predikat, objection_id FROM pay_predikat WHERE nip = $1', [J])).toEqual([
      { predikat: 'SANGAT_BAIK', objection_id: 'KEB-MANUAL-1' },
    ]);
    expect(await pay('SELECT count(*)::int AS n FROM pay_amendment WHERE nip = $1', [H])).toEqual([{ n: 0 }]);
    expect(await pay('SELECT predikat, objection_id FROM pay_predikat WHERE nip = $1', [H])).toEqual([
      { predikat: 'BAIK', objection_id: null },
    ]);
    expect((await appraisalOf(db.pool, H, '2026-05'))!.decision).toMatchObject({ outcome: 'CONFIRM', late: false });
  });

  it('applies a run of issued appraisals in one go as one by one: a re-issued month pays the later predikat, an amended month keeps its amendment', async () => {
    const [K, L, M] = generateNips(3, 4242);
    await store.append('PredikatAmendment-KEB-MANUAL-2', [
      {
        type: 'PredikatAmended',
        data: {
          objectionId: 'KEB-MANUAL-2',
          nip: M,
          month: '2026-07',
          predikat: 'SANGAT_BAIK',
          reason: 'Keputusan',
          decidedOn: '2026-08-01',
          at: AT,
        },
      },
    ]);
    await catchUp();
    // Nothing of payroll's types between them: the projection reads the four issues as one run.
    await store.append(appraisalStreamId(K, '2026-07'), [rated(K, '2026-07', 'BAIK'), issued(K, '2026-07', 'BAIK')]);
    await store.append(appraisalStreamId(L, '2026-Q3'), [rated(L, '2026-Q3', 'KURANG'), issued(L, '2026-Q3', 'KURANG')]);
    await store.append(appraisalStreamId(M, '2026-07'), [rated(M, '2026-07', 'CUKUP'), issued(M, '2026-07', 'CUKUP')]);
    await store.append(appraisalStreamId(K, '2026-07'), [issued(K, '2026-07', 'SANGAT_BAIK')]);
    await catchUp();
    const reissued = (await store.readStream(appraisalStreamId(K, '2026-07'))).filter((e) => e.type === 'AppraisalIssued').at(-1)!;
    const rows = () =>
      pay('SELECT nip, month, predikat, event_id, objection_id FROM pay_predikat WHERE nip = ANY($1) ORDER BY nip, month', [[K, L, M]]);
    const live = await rows();
    expect(live.filter((r) => r.nip === K)).toEqual([
      { nip: K, month: '2026-07', predikat: 'SANGAT_BAIK', event_id: reissued.id, objection_id: null },
    ]);
    expect(live.filter((r) => r.nip === L).map((r) => [r.month, r.predikat])).toEqual([
      ['2026-07', 'KURANG'],
      ['2026-08', 'KURANG'],
      ['2026-09', 'KURANG'],
    ]);
    expect(live.filter((r) => r.nip === M)).toMatchObject([{ month: '2026-07', predikat: 'SANGAT_BAIK', objection_id: 'KEB-MANUAL-2' }]);
    // A rebuild reads the whole log in batches of 2,000, so its runs are longer still: the same rows.
    await runner.rebuild(payrollProjection.name);
    expect(await rows()).toEqual(live);
    // The runner would retry a failed batch one event at a time and hide it: the one statement itself
    // takes both issues of K's month (PostgreSQL refuses an upsert that touches a row twice).
    const issues = (await store.readStream(appraisalStreamId(K, '2026-07'))).filter((e) => e.type === 'AppraisalIssued');
    const c = await db.pool.connect();
    try {
      await c.query('CREATE TEMP TABLE issued_once (LIKE pay_predikat INCLUDING DEFAULTS, PRIMARY KEY (nip, month))');
      await applyAppraisalsIssued(c, () => 'issued_once', issues);
      expect((await c.query('SELECT month, predikat, event_id FROM issued_once')).rows).toEqual([
        { month: '2026-07', predikat: 'SANGAT_BAIK', event_id: reissued.id },
      ]);
    } finally {
      await c.query('DROP TABLE IF EXISTS issued_once');
      c.release();
    }
  });

  it('rebuilds to the same rows', async () => {
    const before = await pay(
      'SELECT nip, period, state, predikat, events, objection, decision, deadline_at FROM appraisal_ledger ORDER BY nip, period',
      [],
    );
    await runner.rebuild(appraisalsProjection.name);
    expect(
      await pay(
        'SELECT nip, period, state, predikat, events, objection, decision, deadline_at FROM appraisal_ledger ORDER BY nip, period',
        [],
      ),
    ).toEqual(before);
  });

  it('rebuilds every row as the fold of its own stream alone, though a batch folds all its streams at once', async () => {
    await runner.rebuild(appraisalsProjection.name);
    const keys = await pay('SELECT nip, period FROM appraisal_ledger ORDER BY nip, period', []);
    expect(keys.length).toBeGreaterThan(3);
    for (const { nip, period } of keys as Array<{ nip: string; period: string }>)
      expect(await appraisalOf(db.pool, nip, period)).toEqual(appraisalLedgerRowOf(await store.readStream(appraisalStreamId(nip, period))));
  });

  const ways = projectionWays(
    appraisalsProjection,
    {
      appraisal_ledger: 'nip, period',
      training_recommendation: 'recommendation_id',
      reward_list: 'nip, period',
      sanction_case: 'case_id',
      year_predikat: 'nip, year',
      promotion_eligibility: 'nip, year',
      training_record: 'training_id',
      unit_calibration: 'opd_id, period',
    },
    ['fill', 'held', 'evicted', 'live'],
  );

  /** Held rows that note the rows held, the most held after a batch committed, and the rows written early. */
  class Watched extends HeldRows {
    keys = new Set<string>();
    most = 0;
    evicted = 0;
    override set(key: string, row: unknown) {
      this.keys.add(key);
      super.set(key, row);
    }
    override commit() {
      super.commit();
      this.most = Math.max(this.most, this.size);
    }
    override excess() {
      const rows = super.excess();
      this.evicted += rows.length;
      return rows;
    }
  }

  it('writes every column of every table alike filling a rebuild (new ledger rows by COPY, drafts held in memory or written early, later events by upsert) and applying live', async () => {
    const { events } = await store.readAll({ after: START, types: appraisalsProjection.eventTypes, limit: 10_000 });
    // Batches of three: many a stream's row is copied in one batch and continued in a later one.
    const BATCH = 3;
    const batchesOf = new Map<string, Set<number>>();
    events.forEach((e, i) => batchesOf.set(e.streamId, (batchesOf.get(e.streamId) ?? new Set()).add(Math.floor(i / BATCH))));
    expect([...batchesOf].filter(([id, b]) => isAppraisalStream(id) && b.size > 1).length).toBeGreaterThan(3);
    const batches: RecordedEvent[][] = [];
    for (let i = 0; i < events.length; i += BATCH) batches.push(events.slice(i, i + BATCH));
    // Live, one event a batch, as the runner catches up with a command at a time.
    const live = await ways(
      'live',
      events.map((e) => [e]),
    );
    expect(live.appraisal_ledger.length).toBeGreaterThan(3);
    expect(await ways('fill', batches, { filling: true })).toEqual(live);
    // Drafts held in memory from batch to batch, written when issued or at the end (flush)...
    const held = new Watched(50_000);
    expect(await ways('held', batches, { held })).toEqual(live);
    expect(held.keys.size).toBeGreaterThan(3);
    expect(held.evicted).toBe(0);
    // ...and, beyond the limit, the oldest written early, then continued by the upsert.
    const evicted = new Watched(1);
    expect(await ways('evicted', batches, { held: evicted })).toEqual(live);
    expect(evicted.most).toBe(1);
    expect(evicted.evicted).toBeGreaterThan(0);
  });
});
