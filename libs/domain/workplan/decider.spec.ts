import { deciderSpec as spec } from '@kinerja/kernel/testing';
import type { Actor } from '@kinerja/kernel';
import { workPlanDecider } from './decider';
import type {
  ApproveWorkPlan,
  AssignResult,
  DraftWorkPlan,
  PlanLine,
  PlannedResult,
  ReturnWorkPlan,
  ReviseWorkPlan,
  SubmitWorkPlan,
} from './commands';
import type { WorkPlanEvent } from './events';

const NIP = '198503122010011002';
const SUP = '197001011995031001';
const me: Actor = { userId: 'u-me', nip: NIP, roles: ['pegawai'] };
const sup: Actor = { userId: 'u-sup', nip: SUP, roles: ['pegawai'] };
const now = '2026-02-10T09:00:00+07:00';
const given = (events: WorkPlanEvent[]) => spec(workPlanDecider).given(events);

const result = (over: Partial<PlannedResult> = {}): PlannedResult => ({
  resultId: 'R1',
  text: 'Meningkatnya cakupan imunisasi',
  parentResultId: 'K1',
  indicators: [{ indicatorId: 'I1', text: 'Laporan cakupan', quantity: 12, unit: 'laporan', quality: 100, timeMonths: 12 }],
  ...over,
});
const line = (over: Partial<PlanLine> = {}): PlanLine => ({
  supervisorNip: SUP,
  parentResultIds: ['K1', 'K2'],
  parentPlanApproved: true,
  ...over,
});
const subject = { nip: NIP, year: 2026, now };
const draftPlan = (over: Partial<DraftWorkPlan> = {}): DraftWorkPlan => ({
  type: 'DraftWorkPlan',
  ...subject,
  by: me,
  line: line(),
  results: [result()],
  ...over,
});
const submitPlan = (over: Partial<SubmitWorkPlan> = {}): SubmitWorkPlan => ({
  type: 'SubmitWorkPlan',
  ...subject,
  by: me,
  line: line(),
  ...over,
});
const approvePlan = (over: Partial<ApproveWorkPlan> = {}): ApproveWorkPlan => ({
  type: 'ApproveWorkPlan',
  ...subject,
  by: sup,
  line: line(),
  ...over,
});
const returnPlan = (over: Partial<ReturnWorkPlan> = {}): ReturnWorkPlan => ({
  type: 'ReturnWorkPlan',
  ...subject,
  by: sup,
  notes: 'Catatan',
  ...over,
});
const revisePlan = (over: Partial<ReviseWorkPlan> = {}): ReviseWorkPlan => ({
  type: 'ReviseWorkPlan',
  ...subject,
  by: me,
  line: line(),
  results: [result()],
  reason: 'Alasan',
  ...over,
});
const assignResult = (over: Partial<AssignResult> = {}): AssignResult => ({
  type: 'AssignResult',
  ...subject,
  by: sup,
  line: line(),
  result: result(),
  ...over,
});

const base = (version = 1) => ({ nip: NIP, year: 2026, version, at: now });
const drafted = (version = 1, results = [result()]): WorkPlanEvent => ({
  type: 'WorkPlanDrafted',
  data: { ...base(version), results, supervisorNip: SUP },
});
const submitted = (version = 1): WorkPlanEvent => ({ type: 'WorkPlanSubmitted', data: { ...base(version), raterNip: SUP } });
const approved = (version = 1): WorkPlanEvent => ({ type: 'WorkPlanApproved', data: { ...base(version), raterNip: SUP } });

describe('DraftWorkPlan', () => {
  it('drafts version 1', () => given([]).when(draftPlan()).then([drafted()]));
  it('replaces the draft while it is open, and after a return', () => {
    given([drafted()])
      .when(draftPlan({ results: [result({ text: 'Baru' })] }))
      .then([drafted(1, [result({ text: 'Baru' })])]);
    given([drafted(), submitted(), { type: 'WorkPlanReturned', data: { ...base(), raterNip: SUP, notes: 'x' } }])
      .when(draftPlan())
      .then([drafted()]);
  });
  it('allows a draft without parent; refuses a parent RHK outside the supervisor’s plan (another line or OPD)', () => {
    given([])
      .when(draftPlan({ results: [result({ parentResultId: undefined })] }))
      .thenMatches((e) => expect(e).toHaveLength(1));
    given([])
      .when(draftPlan({ results: [result({ parentResultId: 'OTHER-OPD-R9' })] }))
      .thenThrows('PARENT_RESULT_NOT_IN_LINE');
    given([])
      .when(draftPlan({ line: line({ supervisorNip: null, parentResultIds: [] }) }))
      .thenThrows('PARENT_RESULT_NOT_IN_LINE');
  });
  it('refuses bad input with codes', () => {
    given([])
      .when(draftPlan({ results: [] }))
      .thenThrows('NO_RESULTS');
    given([])
      .when(draftPlan({ results: [result({ text: '  ' })] }))
      .thenThrows('MISSING_FIELD', { field: 'results.0.text' });
    given([])
      .when(draftPlan({ results: [result({ text: 'x'.repeat(501) })] }))
      .thenThrows('TEXT_TOO_LONG');
    given([])
      .when(draftPlan({ results: [result(), result()] }))
      .thenThrows('DUPLICATE_ID');
    given([])
      .when(draftPlan({ results: [result({ indicators: [] })] }))
      .thenThrows('NO_INDICATORS');
    given([])
      .when(draftPlan({ results: [result({ indicators: [{ ...result().indicators[0], timeMonths: 13 }] })] }))
      .thenThrows('INVALID_TARGET');
    given([])
      .when(draftPlan({ results: [result({ indicators: [{ ...result().indicators[0], quality: 0 }] })] }))
      .thenThrows('INVALID_TARGET');
    given([])
      .when(draftPlan({ year: 1999 }))
      .thenThrows('INVALID_YEAR');
  });
  it('refuses editing a submitted or an approved plan', () => {
    given([drafted(), submitted()]).when(draftPlan()).thenThrows('WORKPLAN_ALREADY_SUBMITTED');
    given([drafted(), submitted(), approved()]).when(draftPlan()).thenThrows('WORKPLAN_ALREADY_APPROVED');
  });
});

describe('SubmitWorkPlan', () => {
  it('submits a draft to the rater of the day', () => given([drafted()]).when(submitPlan()).then([submitted()]));
  it('refuses a plan that does not exist, a second submission, and a submission of an approved plan', () => {
    given([]).when(submitPlan()).thenThrows('WORKPLAN_NOT_FOUND');
    given([drafted(), submitted()]).when(submitPlan()).thenThrows('WORKPLAN_ALREADY_SUBMITTED');
    given([drafted(), submitted(), approved()]).when(submitPlan()).thenThrows('WORKPLAN_ALREADY_APPROVED');
  });
  it('asks every staff RHK to cascade from the supervisor’s plan', () => {
    given([drafted(1, [result({ parentResultId: undefined })])])
      .when(submitPlan())
      .thenThrows('PARENT_RESULT_REQUIRED');
    given([drafted()])
      .when(submitPlan({ line: line({ parentResultIds: ['K2'] }) }))
      .thenThrows('PARENT_RESULT_NOT_IN_LINE');
  });
  it('lets the head of an OPD submit results with no parent', () =>
    given([drafted(1, [result({ parentResultId: undefined })])])
      .when(submitPlan({ line: line({ supervisorNip: null, parentResultIds: [] }) }))
      .then([{ type: 'WorkPlanSubmitted', data: { ...base(), raterNip: null } }]));
});

describe('ApproveWorkPlan / ReturnWorkPlan', () => {
  it('approves a submitted plan', () => given([drafted(), submitted()]).when(approvePlan()).then([approved()]));
  it('refuses while the supervisor’s plan is not approved', () =>
    given([drafted(), submitted()])
      .when(approvePlan({ line: line({ parentPlanApproved: false }) }))
      .thenThrows('PARENT_PLAN_NOT_APPROVED'));
  it('refuses a plan that is not submitted', () => {
    given([drafted()]).when(approvePlan()).thenThrows('WORKPLAN_NOT_SUBMITTED');
    given([drafted(), submitted(), approved()]).when(approvePlan()).thenThrows('WORKPLAN_NOT_SUBMITTED');
  });
  it('returns with notes; empty or over-long notes are refused', () => {
    given([drafted(), submitted()])
      .when(returnPlan({ notes: ' Targetnya terlalu rendah ' }))
      .then([{ type: 'WorkPlanReturned', data: { ...base(), raterNip: SUP, notes: 'Targetnya terlalu rendah' } }]);
    given([drafted(), submitted()])
      .when(returnPlan({ notes: '' }))
      .thenThrows('MISSING_FIELD');
    given([drafted(), submitted()])
      .when(returnPlan({ notes: 'x'.repeat(2001) }))
      .thenThrows('TEXT_TOO_LONG');
  });
});

describe('ReviseWorkPlan', () => {
  const revised = [result({ text: 'Direvisi' })];
  it('opens version 2 with a reason; version 1 stays readable and in force', () => {
    given([drafted(), submitted(), approved()])
      .when(revisePlan({ reason: 'Refocusing anggaran', results: revised }))
      .then([
        { type: 'WorkPlanRevisionStarted', data: { ...base(2), reason: 'Refocusing anggaran', results: revised, supervisorNip: SUP } },
      ]);
  });
  it('the revision is submitted and approved again', () => {
    const rev: WorkPlanEvent = { type: 'WorkPlanRevisionStarted', data: { ...base(2), reason: 'r', results: revised, supervisorNip: SUP } };
    given([drafted(), submitted(), approved(), rev])
      .when(submitPlan())
      .then([submitted(2)]);
    given([drafted(), submitted(), approved(), rev, submitted(2)])
      .when(approvePlan())
      .then([approved(2)]);
  });
  it('refuses a revision without a reason or of a plan not approved', () => {
    given([drafted(), submitted(), approved()])
      .when(revisePlan({ reason: ' ' }))
      .thenThrows('MISSING_FIELD');
    given([drafted()])
      .when(revisePlan({ reason: 'r' }))
      .thenThrows('WORKPLAN_NOT_APPROVED');
    given([])
      .when(revisePlan({ reason: 'r' }))
      .thenThrows('WORKPLAN_NOT_FOUND');
  });
});

describe('AssignResult (one RHK handed to a subordinate)', () => {
  const ti = { indicatorId: 'T1-I1', text: 'Dokumen', quantity: 4, unit: 'dokumen', quality: 100, timeMonths: 12 };
  const assign = (over: Partial<AssignResult> = {}) =>
    assignResult({ by: sup, result: result({ resultId: 'T1', parentResultId: 'K2', indicators: [ti] }), ...over });
  const t1 = result({ resultId: 'T1', parentResultId: 'K2', indicators: [ti] });
  it('starts a draft, or adds to the open draft; the same RHK again replaces it, and a retry appends nothing', () => {
    given([])
      .when(assign())
      .then([drafted(1, [t1])]);
    given([drafted()])
      .when(assign())
      .then([drafted(1, [result(), t1])]);
    const t1b = result({ resultId: 'T1', parentResultId: 'K2', text: 'Lain', indicators: [ti] });
    given([drafted(1, [result(), t1])])
      .when(assign({ result: t1b }))
      .then([drafted(1, [result(), t1b])]);
    given([drafted(1, [result(), t1])])
      .when(assign())
      .then([]);
  });
  it('refuses someone other than the supervisor of the day, a submitted plan, no parent, a parent off the line, bad indicators', () => {
    given([])
      .when(assign({ by: me }))
      .thenThrows('NOT_SUPERVISOR');
    given([drafted(), submitted()]).when(assign()).thenThrows('WORKPLAN_ALREADY_SUBMITTED');
    given([])
      .when(assign({ result: result({ resultId: 'T1', parentResultId: undefined }) }))
      .thenThrows('PARENT_RESULT_REQUIRED');
    given([])
      .when(assign({ result: result({ resultId: 'T1', parentResultId: 'X9' }) }))
      .thenThrows('PARENT_RESULT_NOT_IN_LINE');
    given([])
      .when(assign({ result: result({ resultId: 'T1', indicators: [] }) }))
      .thenThrows('NO_INDICATORS');
  });
});
