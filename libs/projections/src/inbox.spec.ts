import { generateNips } from '@kinerja/kernel';
import { PostgresEventStore } from '@kinerja/event-store';
import { createTestDatabase, TestDatabase } from '../../../test/support/database';
import { ProjectionRunner } from './runner';
import { appraisalsProjection } from './appraisals';
import { attendanceProjection } from './attendance';
import { employeeDirectoryProjection } from './employee-directory';
import { dailyReportsProjection, feedbackInvitationsProjection, remindersProjection, workPlansProjection } from './planning';
import { realisationsProjection } from './realisations';
import { inboxOf, type InboxFor } from './inbox';

/** The read models the inbox reads, their tables made by the runner as in a running system. */
const INBOX_READ_MODELS = [
  workPlansProjection,
  dailyReportsProjection,
  feedbackInvitationsProjection,
  remindersProjection,
  realisationsProjection,
  attendanceProjection,
  employeeDirectoryProjection,
  appraisalsProjection,
];

const [BOSS, T1, T2, OUT, PEER, NOBODY] = generateNips(6, 91);
const AT = '2026-06-01T02:00:00.000Z';

describe('the inbox, one statement over the read models', () => {
  let db: TestDatabase;

  /** A row written straight into a read model's view (the statement is what is under test, not the folds). */
  const put = async (view: string, row: Record<string, unknown>) => {
    const cols = Object.keys(row);
    await db.pool.query(
      `INSERT INTO ${view} (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`,
      Object.values(row).map((v) => (v !== null && typeof v === 'object' ? JSON.stringify(v) : v)),
    );
  };
  const plan = (nip: string, year: number, status: string, version = 1) =>
    put('work_plans', { nip, year, version, status, results: [], state: {}, updated_at: AT });
  const report = (nip: string, reportId: string, date: string, answer: { kind: string; note?: string } | null = null) =>
    put('daily_reports', {
      nip,
      report_id: reportId,
      month: date.slice(0, 7),
      date,
      result_id: 'RHK-1',
      duration: 60,
      output: `Keluaran ${reportId}`,
      revision: 0,
      answer_kind: answer?.kind ?? null,
      answer_note: answer?.note ?? null,
      answered_by: answer ? BOSS : null,
      filed_at: AT,
    });
  const ledger = (nip: string, period: string, state: string, extra: Record<string, unknown> = {}) =>
    put('appraisal_ledger', {
      nip,
      period,
      year: Number(period.slice(0, 4)),
      state,
      aggregate: {},
      stream_version: 1,
      updated_at: AT,
      ...extra,
    });
  const objection = (id: string, decider: string, decisionDue: string, escalated: boolean) => ({ id, decider, decisionDue, escalated });

  const inbox = (who: Partial<InboxFor>) =>
    inboxOf(db.pool, { nip: null, team: [], remindersSince: '2026-06-03', allEscalated: false, ...who });

  beforeAll(async () => {
    db = await createTestDatabase();
    const runner = new ProjectionRunner(db.pool, new PostgresEventStore({ pool: db.pool }), INBOX_READ_MODELS);
    for (const p of INBOX_READ_MODELS) await runner.ensure(p);

    await put('employee_directory', {
      ...{ nip: T1, name: 'Ani', asn_status: 'PNS', employment_state: 'ACTIVE', position_id: 'P-1', position_grade: 7 },
      ...{ opd_id: 'DINKES', registered_from: '2020-01-01', last_changed_on: '2020-01-01', events: [] },
    });
    await put('employee_directory', {
      ...{ nip: OUT, name: 'Budi', asn_status: 'PNS', employment_state: 'ACTIVE', position_id: 'P-2', position_grade: 7 },
      ...{ opd_id: 'DINKES', registered_from: '2020-01-01', last_changed_on: '2020-01-01', events: [] },
    });
    // T2 is not in the directory: listed with a null name.

    await plan(T1, 2026, 'SUBMITTED', 2);
    await plan(T2, 2026, 'DRAFT');
    await plan(OUT, 2026, 'SUBMITTED');
    await plan(BOSS, 2026, 'DRAFT');
    await plan(BOSS, 2025, 'RETURNED', 3);
    await plan(BOSS, 2024, 'APPROVED');

    await report(T1, 'LH-2', '2026-06-03');
    await report(T1, 'LH-1', '2026-06-02');
    await report(T2, 'LH-3', '2026-06-02', { kind: 'ACCEPTED' });
    await report(OUT, 'LH-4', '2026-06-02');
    await report(BOSS, 'LH-5', '2026-06-01', { kind: 'NEEDS_REVISION', note: 'Lengkapi bukti' });
    await report(BOSS, 'LH-6', '2026-06-02', { kind: 'ACCEPTED' });

    for (const [nip, relation, answered] of [
      [T1, 'ATASAN', false],
      [OUT, 'REKAN', false],
      [T2, 'ATASAN', true],
    ] as const)
      await put('feedback_invitations', { nip, year: 2026, invitee: BOSS, relation, answered, invited_at: AT });

    for (const [nip, kind, day, count] of [
      [BOSS, 'NO_REPORT', '2026-06-09', 1],
      [BOSS, 'ITEMS_WAITING', '2026-06-09', 2],
      [BOSS, 'ITEMS_WAITING', '2026-06-04', 1],
      [BOSS, 'NO_REPORT', '2026-06-02', 1],
      [OUT, 'NO_REPORT', '2026-06-09', 1],
    ] as const)
      await put('reminders', { nip, kind, day, count, sent_at: AT });

    const realisation = { result_id: 'RHK-1', quantity: 1, quality: 1, time_months: 1, evidence: [], revision: 0, recorded_at: AT };
    await put('realisations', { nip: T2, period: '2026-05', indicator_id: 'IKI-1', ...realisation });
    await put('realisations', { nip: T1, period: '2026-05', indicator_id: 'IKI-1', ...realisation, answer_kind: 'ACCEPTED' });

    const leave = { kind: 'CUTI_TAHUNAN', document: 'surat.pdf', reason: 'Keluarga', requested_at: AT, updated_at: AT };
    await put('att_leave', { nip: T1, leave_id: 'CUTI-1', date_from: '2026-06-10', date_to: '2026-06-11', status: 'DIAJUKAN', ...leave });
    await put('att_leave', { nip: T2, leave_id: 'CUTI-2', date_from: '2026-06-08', date_to: '2026-06-08', status: 'DISETUJUI', ...leave });

    // Objections: BOSS decides T1's (on time) and OUT's (escalated, rated by PEER); PEER decides T2's (escalated, rated by T1).
    await ledger(T1, '2026-05', 'OBJECTED', { rater_nip: PEER, objection: objection('KBR-1', BOSS, '2026-06-20', false) });
    await ledger(OUT, '2026-04', 'OBJECTED', { rater_nip: PEER, objection: objection('KBR-2', BOSS, '2026-06-10', true) });
    await ledger(T2, '2026-04', 'OBJECTED', { rater_nip: T1, objection: objection('KBR-3', PEER, '2026-06-05', true) });
    await ledger(BOSS, '2026-05', 'ISSUED', { predikat: 'BAIK', issued_on: '2026-06-01', objection_deadline: '2026-06-15' });
    await ledger(BOSS, '2026-04', 'FINAL', { predikat: 'BAIK', issued_on: '2026-05-01', objection_deadline: '2026-05-15' });
    await ledger(BOSS, '2025-12', 'ISSUED', { predikat: 'SANGAT_BAIK', issued_on: '2026-01-05', objection_deadline: '2026-01-19' });
  });
  afterAll(() => db.drop());

  it('lists what waits on a supervisor: the team of today, named from the directory, and their own', async () => {
    const lists = await inbox({ nip: BOSS, team: [T1, T2] });
    expect(lists).toEqual({
      plansToApprove: [{ nip: T1, name: 'Ani', year: 2026, version: 2 }],
      reportsToAnswer: [
        { nip: T1, name: 'Ani', month: '2026-06', reportId: 'LH-1', date: '2026-06-02', resultId: 'RHK-1', output: 'Keluaran LH-1' },
        { nip: T1, name: 'Ani', month: '2026-06', reportId: 'LH-2', date: '2026-06-03', resultId: 'RHK-1', output: 'Keluaran LH-2' },
      ],
      plansToFinish: [
        { year: 2025, version: 3, status: 'RETURNED' },
        { year: 2026, version: 1, status: 'DRAFT' },
      ],
      reportsToRevise: [{ month: '2026-06', reportId: 'LH-5', date: '2026-06-01', note: 'Lengkapi bukti' }],
      // Asked by someone outside the team too: named all the same.
      feedbackAsked: [
        { nip: T1, name: 'Ani', year: 2026, relation: 'ATASAN' },
        { nip: OUT, name: 'Budi', year: 2026, relation: 'REKAN' },
      ].sort((a, b) => (a.nip < b.nip ? -1 : 1)),
      realisationsToAnswer: [{ nip: T2, name: null, period: '2026-05', indicatorId: 'IKI-1', resultId: 'RHK-1' }],
      reminders: [
        { kind: 'ITEMS_WAITING', day: '2026-06-09', count: 2 },
        { kind: 'NO_REPORT', day: '2026-06-09', count: 1 },
        { kind: 'ITEMS_WAITING', day: '2026-06-04', count: 1 },
      ],
      objectionsToDecide: [
        { nip: OUT, period: '2026-04', objectionId: 'KBR-2', decisionDue: '2026-06-10', escalated: true },
        { nip: T1, period: '2026-05', objectionId: 'KBR-1', decisionDue: '2026-06-20', escalated: false },
      ],
      leaveToDecide: [
        {
          nip: T1,
          name: 'Ani',
          leaveId: 'CUTI-1',
          kind: 'CUTI_TAHUNAN',
          from: '2026-06-10',
          to: '2026-06-11',
          document: 'surat.pdf',
          reason: 'Keluarga',
        },
      ],
      appraisalsIssued: [
        { period: '2025-12', predikat: 'SANGAT_BAIK', issuedOn: '2026-01-05', objectionDeadline: '2026-01-19' },
        { period: '2026-05', predikat: 'BAIK', issuedOn: '2026-06-01', objectionDeadline: '2026-06-15' },
      ],
      escalatedObjections: [{ nip: OUT, period: '2026-04', objectionId: 'KBR-2', decider: BOSS, decisionDue: '2026-06-10' }],
    });
    // The API's shape, list by list in this order.
    expect(Object.keys(lists)).toEqual([
      'plansToApprove',
      'reportsToAnswer',
      'plansToFinish',
      'reportsToRevise',
      'feedbackAsked',
      'realisationsToAnswer',
      'reminders',
      'objectionsToDecide',
      'leaveToDecide',
      'appraisalsIssued',
      'escalatedObjections',
    ]);
  });

  it('shows an escalated objection to its employee, its rater and its decider, and every one to BKPSDM', async () => {
    const escalated = async (who: Partial<InboxFor>) => (await inbox(who)).escalatedObjections.map((o) => o.objectionId);
    expect(await escalated({ nip: OUT })).toEqual(['KBR-2']);
    expect(await escalated({ nip: PEER })).toEqual(['KBR-3', 'KBR-2']);
    expect(await escalated({ nip: T1 })).toEqual(['KBR-3']);
    expect(await escalated({ nip: T2 })).toEqual(['KBR-3']);
    expect(await escalated({ nip: null, allEscalated: true })).toEqual(['KBR-3', 'KBR-2']);
    expect(await escalated({ nip: BOSS, allEscalated: true })).toEqual(['KBR-3', 'KBR-2']);
  });

  it('gives an account without a NIP, and someone with nothing waiting, nothing', async () => {
    for (const nip of [null, NOBODY]) expect(Object.values(await inbox({ nip, team: [NOBODY] })).flat()).toEqual([]);
  });
});
