import { deciderSpec as spec } from '@kinerja/kernel/testing';
import type { Actor } from '@kinerja/kernel';
import { DEFAULT_APPRAISAL_POLICY, type Predikat, type Rating } from '@kinerja/policies';
import { appraisalDecider, followUps, predikatOf } from './decider';
import type {
  CloseObjectionWindow,
  DecideObjection,
  EscalateObjection,
  FileObjection,
  FollowUpFacts,
  IssueAppraisal,
  RateAppraisal,
  RatingFacts,
} from './commands';
import {
  objectionIdOf,
  type AppraisalEvent,
  type AppraisalFinalised,
  type AppraisalIssued,
  type AppraisalRated,
  type ObjectionDecided,
  type ObjectionEscalated,
  type ObjectionFiled,
  type PositionHolder,
  type PromotionEligibilityDetermined,
  type Ratings,
  type TrainingRecommended,
} from './events';

const EMP = '198503122010011002';
const RATER = '197001011995031001';
const BOSS = '196801011990031001';
/** Supervises the rater today, but did not on the issue date. */
const NEW_BOSS = '196505051988031002';
const OTHER_ADMIN = '198001012005011003';
const actor = (nip: string): Actor => ({ userId: `u-${nip}`, nip, roles: ['pegawai'] });
const system: Actor = { userId: 'system', roles: [] };

const PERIOD = '2026-02';
const OPD = 'OPD-DINKES';
const policy = DEFAULT_APPRAISAL_POLICY;
const rater: PositionHolder = { nip: RATER, positionId: 'POS-KABID-P2P' };
const raterSupervisor: PositionHolder = { nip: BOSS, positionId: 'POS-KADIS' };
const CALIBRATION = `Calibration-${OPD}-${PERIOD}`;

const RATED_AT = '2026-02-28T15:00:00+07:00';
const ISSUED_AT = '2026-03-01T09:00:00+07:00';
const FILED_AT = '2026-03-05T10:00:00+07:00';
const DECIDED_AT = '2026-03-10T11:00:00+07:00';
const noFollowUp: FollowUpFacts = { previous: null, next: null, previousYear: null };

const given = (events: AppraisalEvent[]) => spec(appraisalDecider).given(events);

// ---------- commands ----------

const facts = (over: Partial<RatingFacts> = {}): RatingFacts => ({
  opdId: OPD,
  rater,
  periodEnded: true,
  knownResultIds: ['R1', 'R2', 'R3'],
  policy,
  policyVersion: 'v1',
  ...over,
});
const rate = (over: Partial<RateAppraisal> = {}): RateAppraisal => ({
  type: 'RateAppraisal',
  nip: EMP,
  period: PERIOD,
  by: actor(RATER),
  now: RATED_AT,
  results: 'SESUAI_EKSPEKTASI',
  behaviour: 'SESUAI_EKSPEKTASI',
  facts: facts(),
  ...over,
});
const issue = (over: Partial<IssueAppraisal> = {}): IssueAppraisal => ({
  type: 'IssueAppraisal',
  nip: EMP,
  period: PERIOD,
  by: system,
  now: ISSUED_AT,
  calibrationId: CALIBRATION,
  issuedOn: '2026-03-01',
  raterSupervisor,
  policy: { objectionWindowDays: 14, decisionDays: 14 },
  policyVersion: 'v1',
  timeZone: 'Asia/Jakarta',
  ...over,
});
const file = (over: Partial<FileObjection> = {}): FileObjection => ({
  type: 'FileObjection',
  nip: EMP,
  period: PERIOD,
  by: actor(EMP),
  now: FILED_AT,
  reasons: 'Semua RHK tercapai',
  uploadedFiles: [],
  ...over,
});
const decide = (over: Partial<DecideObjection> = {}): DecideObjection => ({
  type: 'DecideObjection',
  nip: EMP,
  period: PERIOD,
  by: actor(BOSS),
  now: DECIDED_AT,
  outcome: 'CONFIRM',
  reasons: 'Penilaian sesuai bukti',
  matrix: policy.matrix,
  knownResultIds: ['RHK-1', 'RHK-2'],
  followUp: noFollowUp,
  ...over,
});
const close = (now: string, over: Partial<CloseObjectionWindow> = {}): CloseObjectionWindow => ({
  type: 'CloseObjectionWindow',
  nip: EMP,
  period: PERIOD,
  by: system,
  now,
  followUp: noFollowUp,
  ...over,
});
const escalate = (now: string): EscalateObjection => ({ type: 'EscalateObjection', nip: EMP, period: PERIOD, by: system, now });

// ---------- events ----------

const rated = (over: Partial<AppraisalRated['data']> = {}): AppraisalRated => {
  const data: AppraisalRated['data'] = {
    nip: EMP,
    period: PERIOD,
    at: RATED_AT,
    results: 'SESUAI_EKSPEKTASI',
    behaviour: 'SESUAI_EKSPEKTASI',
    reasons: {},
    behaviourValues: {},
    resultRatings: [],
    opdId: OPD,
    rater,
    predikat: 'BAIK',
    policyVersion: 'v1',
    revision: 1,
    ...over,
  };
  return { type: 'AppraisalRated', data: { ...data, predikat: over.predikat ?? predikatOf(policy.matrix, data.results, data.behaviour) } };
};
const issued = (over: Partial<AppraisalIssued['data']> = {}): AppraisalIssued => ({
  type: 'AppraisalIssued',
  data: {
    nip: EMP,
    period: PERIOD,
    at: ISSUED_AT,
    opdId: OPD,
    predikat: 'BAIK',
    rater,
    raterSupervisor,
    issuedOn: '2026-03-01',
    objectionDeadline: '2026-03-15',
    windowClosesAt: '2026-03-15T17:00:00.000Z',
    decisionDays: 14,
    timeZone: 'Asia/Jakarta',
    calibrationId: CALIBRATION,
    policyVersion: 'v1',
    ...over,
  },
});
const filed = (over: Partial<ObjectionFiled['data']> = {}): ObjectionFiled => ({
  type: 'ObjectionFiled',
  data: {
    nip: EMP,
    period: PERIOD,
    at: FILED_AT,
    objectionId: objectionIdOf(EMP, PERIOD),
    reasons: 'Semua RHK tercapai',
    evidence: [],
    filedOn: '2026-03-05',
    decider: raterSupervisor,
    decisionDue: '2026-03-19',
    decisionDueAt: '2026-03-19T17:00:00.000Z',
    ...over,
  },
});
const escalated = (): ObjectionEscalated => ({
  type: 'ObjectionEscalated',
  data: {
    nip: EMP,
    period: PERIOD,
    at: '2026-03-20T00:00:00+07:00',
    objectionId: objectionIdOf(EMP, PERIOD),
    to: 'BKPSDM',
    decisionDue: '2026-03-19',
    decider: raterSupervisor,
  },
});
const decided = (over: Partial<ObjectionDecided['data']> = {}): ObjectionDecided => ({
  type: 'ObjectionDecided',
  data: {
    nip: EMP,
    period: PERIOD,
    at: DECIDED_AT,
    objectionId: objectionIdOf(EMP, PERIOD),
    outcome: 'CONFIRM',
    reasons: 'Penilaian sesuai bukti',
    decidedBy: BOSS,
    results: 'SESUAI_EKSPEKTASI',
    behaviour: 'SESUAI_EKSPEKTASI',
    behaviourValues: {},
    resultRatings: [],
    previousPredikat: 'BAIK',
    predikat: 'BAIK',
    decidedOn: '2026-03-10',
    late: false,
    ...over,
  },
});
const finalised = (at: string, predikat: Predikat = 'BAIK'): AppraisalFinalised => ({
  type: 'AppraisalFinalised',
  data: { nip: EMP, period: PERIOD, at, predikat, objectionDeadline: '2026-03-15' },
});

/** Rated with these ratings (reasons written where needed), then issued. */
const ratedAndIssued = (results: Rating, behaviour: Rating, over: Partial<AppraisalRated['data']> = {}): AppraisalEvent[] => {
  const r = rated({
    results,
    behaviour,
    reasons: {
      ...(results !== 'SESUAI_EKSPEKTASI' ? { results: 'hasil' } : {}),
      ...(behaviour !== 'SESUAI_EKSPEKTASI' ? { behaviour: 'perilaku' } : {}),
    },
    ...over,
  });
  return [r, issued({ predikat: r.data.predikat })];
};

const types = (events: AppraisalEvent[]) => events.map((e) => e.type);

const A: Rating = 'DI_ATAS_EKSPEKTASI';
const S: Rating = 'SESUAI_EKSPEKTASI';
const B: Rating = 'DI_BAWAH_EKSPEKTASI';
const reasons = { results: 'catatan hasil', behaviour: 'catatan perilaku' };

describe('RateAppraisal', () => {
  it.each<[Rating, Rating, Predikat]>([
    [A, A, 'SANGAT_BAIK'],
    [A, S, 'BAIK'],
    [A, B, 'KURANG'],
    [S, A, 'BAIK'],
    [S, S, 'BAIK'],
    [S, B, 'KURANG'],
    [B, A, 'BUTUH_PERBAIKAN'],
    [B, S, 'BUTUH_PERBAIKAN'],
    [B, B, 'SANGAT_KURANG'],
  ])('results %s and behaviour %s give %s (the matrix of DOMAIN.md)', (results, behaviour, predikat) => {
    given([])
      .when(rate({ results, behaviour, reasons }))
      .thenMatches((e) => {
        expect(e).toHaveLength(1);
        expect((e[0] as AppraisalRated).data.predikat).toBe(predikat);
        expect((e[0] as AppraisalRated).data.results).toBe(results);
        expect((e[0] as AppraisalRated).data.behaviour).toBe(behaviour);
      });
  });

  it('records the rating with the rater of the period’s last day, the OPD and the policy version', () => {
    given([]).when(rate()).then([rated()]);
    given([])
      .when(
        rate({
          results: A,
          behaviour: S,
          reasons: { results: ' melampaui target ' },
          behaviourValues: { KOMPETEN: A },
          resultRatings: [{ resultId: 'R1', rating: A }],
        }),
      )
      .then([
        rated({
          results: A,
          reasons: { results: 'melampaui target' },
          behaviourValues: { KOMPETEN: A },
          resultRatings: [{ resultId: 'R1', rating: A }],
        }),
      ]);
  });

  it('asks a written reason for any rating not SESUAI_EKSPEKTASI', () => {
    given([])
      .when(rate({ results: A }))
      .thenThrows('REASON_REQUIRED', { field: 'reasons.results' });
    given([])
      .when(rate({ results: B, reasons: { results: '   ' } }))
      .thenThrows('REASON_REQUIRED', { field: 'reasons.results' });
    given([])
      .when(rate({ behaviour: B, reasons: { results: 'x' } }))
      .thenThrows('REASON_REQUIRED', { field: 'reasons.behaviour' });
    given([])
      .when(rate({ behaviour: A, reasons: { behaviour: '' } }))
      .thenThrows('REASON_REQUIRED', { field: 'reasons.behaviour' });
  });

  // An unknown rating or behaviour value never reaches the decider: the edge refuses it
  // (INVALID_RATING, INVALID_BEHAVIOUR_VALUE; libs/contracts/src/appraisal.spec.ts).
  it('refuses RHK not in the plan in force, and an RHK rated twice', () => {
    given([])
      .when(rate({ resultRatings: [{ resultId: 'R9', rating: S }] }))
      .thenThrows('UNKNOWN_RESULT', { field: 'resultRatings.0.resultId', resultId: 'R9' });
    given([])
      .when(
        rate({
          resultRatings: [
            { resultId: 'R1', rating: S },
            { resultId: 'R1', rating: A },
          ],
        }),
      )
      .thenThrows('DUPLICATE_RESULT', { resultId: 'R1' });
  });

  it('refuses a period that is not one of the policy’s length', () => {
    given([])
      .when(rate({ period: '2026-13' }))
      .thenThrows('INVALID_PERIOD');
    given([])
      .when(rate({ period: '2026-Q1' }))
      .thenThrows('INVALID_PERIOD', { periodLength: 'MONTHLY' });
    given([])
      .when(rate({ period: '2026-Q1', facts: facts({ policy: { ...policy, period: 'QUARTERLY' } }) }))
      .thenMatches((e) => expect(types(e)).toEqual(['AppraisalRated']));
  });

  it('is rated only by the supervisor on the period’s last day, from that day, of an employee placed in an OPD', () => {
    given([])
      .when(rate({ by: actor(BOSS) }))
      .thenThrows('NOT_THE_RATER', { rater: RATER });
    given([])
      .when(rate({ by: system }))
      .thenThrows('NOT_THE_RATER');
    given([])
      .when(rate({ facts: facts({ rater: null }) }))
      .thenThrows('NO_RATER', { nip: EMP, period: PERIOD });
    given([])
      .when(rate({ facts: facts({ periodEnded: false }) }))
      .thenThrows('PERIOD_NOT_ENDED', { period: PERIOD });
    given([])
      .when(rate({ facts: facts({ opdId: null }) }))
      .thenThrows('NOT_PLACED', { nip: EMP });
  });

  it('re-rates while a draft, with the next revision', () => {
    given([rated()])
      .when(rate({ results: A, reasons }))
      .then([rated({ results: A, reasons: { results: reasons.results }, revision: 2 })]);
    given([rated(), rated({ revision: 2 })])
      .when(rate())
      .thenMatches((e) => expect((e[0] as AppraisalRated).data.revision).toBe(3));
  });

  it('is closed once issued: ratings change only through an objection', () => {
    given([rated(), issued()]).when(rate()).thenThrows('PERIOD_CLOSED', { status: 'ISSUED' });
    given([rated(), issued(), filed()]).when(rate()).thenThrows('PERIOD_CLOSED', { status: 'OBJECTED' });
    given([rated(), issued(), finalised('2026-03-16T00:00:00+07:00')])
      .when(rate())
      .thenThrows('PERIOD_CLOSED', { status: 'FINAL' });
  });
});

describe('IssueAppraisal', () => {
  it('issues the rated predikat with the objection deadline (issue date + 14) and the instant the window closes (midnight WIB after it)', () => {
    given([rated()]).when(issue()).then([issued()]);
    given([rated({ results: B, behaviour: B, reasons })])
      .when(issue())
      .thenMatches((e) => {
        const d = (e[0] as AppraisalIssued).data;
        expect(d.predikat).toBe('SANGAT_KURANG');
        expect(d.objectionDeadline).toBe('2026-03-15');
        expect(d.windowClosesAt).toBe('2026-03-15T17:00:00.000Z');
      });
  });

  it('counts the window on the Pemda’s own calendar and its policy', () => {
    given([rated()])
      .when(issue({ timeZone: 'Asia/Jayapura' }))
      .thenMatches((e) => expect((e[0] as AppraisalIssued).data.windowClosesAt).toBe('2026-03-15T15:00:00.000Z'));
    given([rated()])
      .when(issue({ issuedOn: '2026-02-20', policy: { objectionWindowDays: 10, decisionDays: 7 } }))
      .thenMatches((e) => {
        const d = (e[0] as AppraisalIssued).data;
        expect(d.objectionDeadline).toBe('2026-03-02');
        expect(d.decisionDays).toBe(7);
      });
  });

  it('is idempotent for the same unit issue; another issue of an issued appraisal is refused', () => {
    given([rated(), issued()]).when(issue()).then([]);
    given([rated(), issued(), filed()]).when(issue()).then([]);
    given([rated(), issued()])
      .when(issue({ calibrationId: 'Calibration-OTHER' }))
      .thenThrows('PERIOD_CLOSED', { status: 'ISSUED' });
  });

  it('refuses an appraisal never rated', () => {
    given([]).when(issue()).thenThrows('NOT_RATED', { nip: EMP, period: PERIOD });
  });
});

describe('FileObjection', () => {
  const at = (now: string) => file({ now });

  it('files an objection with written reasons; the decision is due 14 days after the filing day', () => {
    given([rated(), issued()]).when(file()).then([filed()]);
    given([rated(), issued()])
      .when(
        file({
          reasons: ' Bukti tidak dipertimbangkan ',
          evidence: [
            { kind: 'FILE', sha256: 'a'.repeat(64) },
            { kind: 'LINK', url: 'https://drive.example/bukti' },
          ],
          uploadedFiles: ['a'.repeat(64)],
        }),
      )
      .then([
        filed({
          reasons: 'Bukti tidak dipertimbangkan',
          evidence: [
            { kind: 'FILE', sha256: 'a'.repeat(64) },
            { kind: 'LINK', url: 'https://drive.example/bukti' },
          ],
        }),
      ]);
  });

  it('accepts until midnight (Asia/Jakarta) of the last day, by the command’s clock', () => {
    given([rated(), issued()])
      .when(at('2026-03-15T23:59:00+07:00'))
      .thenMatches((e) => {
        const d = (e[0] as ObjectionFiled).data;
        expect(d.filedOn).toBe('2026-03-15');
        expect(d.decisionDue).toBe('2026-03-29');
        expect(d.decisionDueAt).toBe('2026-03-29T17:00:00.000Z');
      });
    given([rated(), issued()])
      .when(at('2026-03-01T09:30:00+07:00'))
      .thenMatches((e) => expect((e[0] as ObjectionFiled).data.decisionDue).toBe('2026-03-15'));
  });

  it('refuses from midnight on: OBJECTION_WINDOW_CLOSED', () => {
    given([rated(), issued()])
      .when(at('2026-03-16T00:00:00+07:00'))
      .thenThrows('OBJECTION_WINDOW_CLOSED', { issuedOn: '2026-03-01', lastDay: '2026-03-15', today: '2026-03-16' });
    // 17:30 UTC on the 15th is already 00:30 on the 16th in Jakarta.
    given([rated(), issued()]).when(at('2026-03-15T17:30:00Z')).thenThrows('OBJECTION_WINDOW_CLOSED', { today: '2026-03-16' });
    given([rated(), issued(), finalised('2026-03-16T00:00:00+07:00')])
      .when(at('2026-03-15T10:00:00+07:00'))
      .thenThrows('OBJECTION_WINDOW_CLOSED');
  });

  it('is filed only by the employee appraised, to an issued appraisal, once', () => {
    given([rated(), issued()])
      .when(file({ by: actor(RATER) }))
      .thenThrows('NOT_OWN_APPRAISAL');
    given([]).when(file()).thenThrows('APPRAISAL_NOT_ISSUED', { status: 'NONE' });
    given([rated()]).when(file()).thenThrows('APPRAISAL_NOT_ISSUED', { status: 'DRAFT' });
    given([rated(), issued(), filed()])
      .when(file())
      .thenThrows('OBJECTION_ALREADY_FILED', { objectionId: objectionIdOf(EMP, PERIOD) });
    given([rated(), issued(), filed(), decided()]).when(file()).thenThrows('OBJECTION_ALREADY_FILED');
  });

  it('refuses a file that was never uploaded', () => {
    given([rated(), issued()])
      .when(file({ evidence: [{ kind: 'FILE', sha256: 'b'.repeat(64) }], uploadedFiles: ['a'.repeat(64)] }))
      .thenThrows('EVIDENCE_NOT_FOUND', { field: 'evidence.0', sha256: 'b'.repeat(64) });
  });

  // Malformed evidence (INVALID_EVIDENCE) is refused at the edge: libs/contracts/src/appraisal.spec.ts.
  it('asks written reasons', () => {
    given([rated(), issued()])
      .when(file({ reasons: undefined }))
      .thenThrows('REASON_REQUIRED', { field: 'reasons' });
    given([rated(), issued()])
      .when(file({ reasons: ' ' }))
      .thenThrows('REASON_REQUIRED', { field: 'reasons' });
  });
});

describe('DecideObjection', () => {
  const objected = [rated(), issued(), filed()];

  it('is decided by the atasan pejabat penilai recorded at issue, not the rater nor anyone else', () => {
    given(objected).when(decide()).then([decided()]);
    given(objected)
      .when(decide({ by: actor(RATER) }))
      .thenThrows('RATER_MAY_NOT_DECIDE');
    // Whoever supervises the rater now: the decider was fixed on the issue date.
    given(objected)
      .when(decide({ by: actor(NEW_BOSS) }))
      .thenThrows('NOT_RATERS_SUPERVISOR', { decider: BOSS, issuedOn: '2026-03-01' });
    given([rated(), issued({ raterSupervisor: null }), filed({ decider: null })])
      .when(decide())
      .thenThrows('NOT_RATERS_SUPERVISOR', { decider: null });
  });

  it('with nobody above the rater in the system, BKPSDM records the decision; with a decider, BKPSDM may not', () => {
    const bkpsdm: Actor = { userId: 'admin.bkpsdm', nip: OTHER_ADMIN, roles: ['pegawai', 'admin_kepegawaian'] };
    given([rated(), issued({ raterSupervisor: null }), filed({ decider: null })])
      .when(decide({ by: bkpsdm }))
      .thenMatches((e) => expect((e[0] as ObjectionDecided).data.decidedBy).toBe(OTHER_ADMIN));
    given(objected)
      .when(decide({ by: bkpsdm }))
      .thenThrows('NOT_RATERS_SUPERVISOR');
  });

  it('an amendment may re-rate the detail; the follow-up names the gaps of the ratings after the decision', () => {
    const detail = {
      behaviourValues: { ADAPTIF: 'DI_ATAS_EKSPEKTASI' as const },
      resultRatings: [{ resultId: 'RHK-1', rating: 'SESUAI_EKSPEKTASI' as const }],
    };
    const objectedWithDetail = [rated(detail), issued(), filed()];
    // Detail left out stays as the rater gave it.
    given(objectedWithDetail)
      .when(decide({ outcome: 'AMEND', results: 'DI_ATAS_EKSPEKTASI', behaviour: 'SESUAI_EKSPEKTASI' }))
      .thenMatches((e) => expect((e[0] as ObjectionDecided).data).toMatchObject({ predikat: 'BAIK', ...detail }));
    // Amended down to BUTUH_PERBAIKAN with new detail: the training names the new gaps.
    given(objectedWithDetail)
      .when(
        decide({
          outcome: 'AMEND',
          results: 'DI_BAWAH_EKSPEKTASI',
          behaviour: 'SESUAI_EKSPEKTASI',
          behaviourValues: { ADAPTIF: 'DI_BAWAH_EKSPEKTASI' },
          resultRatings: [{ resultId: 'RHK-2', rating: 'DI_BAWAH_EKSPEKTASI' }],
        }),
      )
      .thenMatches((e) =>
        expect(e[1]).toMatchObject({ type: 'TrainingRecommended', data: { weakestBehaviours: ['ADAPTIF'], missedResults: ['RHK-2'] } }),
      );
    given(objectedWithDetail)
      .when(
        decide({
          outcome: 'AMEND',
          results: 'SESUAI_EKSPEKTASI',
          behaviour: 'SESUAI_EKSPEKTASI',
          resultRatings: [{ resultId: 'RHK-9', rating: 'SESUAI_EKSPEKTASI' }],
        }),
      )
      .thenThrows('UNKNOWN_RESULT');
  });

  it('an amendment may give only results or only behaviour (or only detail): the rest stays as rated, the predikat from the merge', () => {
    // Rated B/A (BUTUH_PERBAIKAN); only the results amended to A: A with the rater's A is SANGAT_BAIK.
    given(ratedAndIssued(B, A).concat(filed()))
      .when(decide({ outcome: 'AMEND', results: A, reasons: 'RHK tercapai menurut bukti' }))
      .thenMatches((e) =>
        expect((e[0] as ObjectionDecided).data).toMatchObject({
          results: A,
          behaviour: A,
          previousPredikat: 'BUTUH_PERBAIKAN',
          predikat: 'SANGAT_BAIK',
        }),
      );
    // Rated A/B (KURANG); only the behaviour amended to S: A with S is BAIK.
    given(ratedAndIssued(A, B).concat(filed()))
      .when(decide({ outcome: 'AMEND', behaviour: S }))
      .thenMatches((e) =>
        expect((e[0] as ObjectionDecided).data).toMatchObject({ results: A, behaviour: S, previousPredikat: 'KURANG', predikat: 'BAIK' }),
      );
    // Only the detail: the overall ratings and the predikat stay.
    given(ratedAndIssued(B, S).concat(filed()))
      .when(decide({ outcome: 'AMEND', behaviourValues: { ADAPTIF: A } }))
      .thenMatches((e) =>
        expect((e[0] as ObjectionDecided).data).toMatchObject({
          results: B,
          behaviour: S,
          behaviourValues: { ADAPTIF: A },
          predikat: 'BUTUH_PERBAIKAN',
        }),
      );
    // Naming nothing is a CONFIRM, not an amendment.
    given(objected)
      .when(decide({ outcome: 'AMEND' }))
      .thenThrows('NOTHING_AMENDED');
  });

  it('the supervisor recorded at issue decides even after a change of supervisor', () => {
    // The command carries no "current supervisor": a later reorganisation cannot move the decision.
    given(objected)
      .when(decide({ by: actor(BOSS), now: '2026-03-18T08:00:00+07:00' }))
      .thenMatches((e) => expect((e[0] as ObjectionDecided).data.decidedBy).toBe(BOSS));
  });

  it('CONFIRM keeps the predikat', () => {
    given(ratedAndIssued(B, S).concat(filed()))
      .when(decide())
      .thenMatches((e) => {
        const d = (e[0] as ObjectionDecided).data;
        expect(d).toMatchObject({
          outcome: 'CONFIRM',
          results: B,
          behaviour: S,
          previousPredikat: 'BUTUH_PERBAIKAN',
          predikat: 'BUTUH_PERBAIKAN',
          late: false,
        });
      });
  });

  it('AMEND computes the new predikat from the matrix and records the previous one', () => {
    given(ratedAndIssued(B, S).concat(filed()))
      .when(decide({ outcome: 'AMEND', results: S, behaviour: S, reasons: 'RHK tercapai menurut bukti' }))
      .then([
        decided({
          outcome: 'AMEND',
          reasons: 'RHK tercapai menurut bukti',
          results: S,
          behaviour: S,
          previousPredikat: 'BUTUH_PERBAIKAN',
          predikat: 'BAIK',
        }),
      ]);
    given(objected)
      .when(decide({ outcome: 'AMEND', results: A, behaviour: A }))
      .thenMatches((e) => expect((e[0] as ObjectionDecided).data).toMatchObject({ previousPredikat: 'BAIK', predikat: 'SANGAT_BAIK' }));
  });

  it('is final: a second decision is refused', () => {
    given([...objected, decided()])
      .when(decide())
      .thenThrows('OBJECTION_ALREADY_DECIDED', { objectionId: objectionIdOf(EMP, PERIOD) });
  });

  // An unknown outcome (INVALID_OUTCOME) is refused at the edge: libs/contracts/src/appraisal.spec.ts.
  it('refuses missing reasons, and a decision with no objection', () => {
    given(objected)
      .when(decide({ reasons: '' }))
      .thenThrows('REASON_REQUIRED', { field: 'reasons' });
    given([rated(), issued()]).when(decide()).thenThrows('NO_OBJECTION', { status: 'ISSUED' });
  });

  it('marks a decision after the due date late (escalated or not)', () => {
    given([...objected, escalated()])
      .when(decide({ now: '2026-03-20T08:00:00+07:00' }))
      .thenMatches((e) => expect((e[0] as ObjectionDecided).data).toMatchObject({ decidedOn: '2026-03-20', late: true }));
    given(objected)
      .when(decide({ now: '2026-03-19T23:59:00+07:00' }))
      .thenMatches((e) => expect((e[0] as ObjectionDecided).data.late).toBe(false));
  });

  it('settles the predikat: the follow-ups come with the decision', () => {
    given(ratedAndIssued(B, S).concat(filed()))
      .when(decide({ outcome: 'AMEND', results: A, behaviour: A }))
      .thenMatches((e) => expect(types(e)).toEqual(['ObjectionDecided', 'RewardListed']));
    given(objected)
      .when(decide({ outcome: 'AMEND', results: B, behaviour: B }))
      .thenMatches((e) => expect(types(e)).toEqual(['ObjectionDecided', 'TrainingRecommended']));
  });
});

describe('CloseObjectionWindow (the window timer)', () => {
  it('is refused while the window is open', () => {
    given([rated(), issued()])
      .when(close('2026-03-15T23:59:59+07:00'))
      .thenThrows('WINDOW_STILL_OPEN', { closesAt: '2026-03-15T17:00:00.000Z' });
  });

  it('finalises the appraisal when the window ended with no objection', () => {
    given([rated(), issued()])
      .when(close('2026-03-16T00:00:00+07:00'))
      .then([finalised('2026-03-16T00:00:00+07:00')]);
    given(ratedAndIssued(A, A))
      .when(close('2026-03-16T00:00:05+07:00'))
      .thenMatches((e) => expect(types(e)).toEqual(['AppraisalFinalised', 'RewardListed']));
  });

  it('does nothing when objected, decided or already final, so the timer acts exactly once', () => {
    given([rated(), issued(), filed()]).when(close('2026-03-16T00:00:00+07:00')).then([]);
    given([rated(), issued(), filed(), decided()]).when(close('2026-03-16T00:00:00+07:00')).then([]);
    given([rated(), issued(), finalised('2026-03-16T00:00:00+07:00')])
      .when(close('2026-03-16T00:01:00+07:00'))
      .then([]);
  });
});

describe('EscalateObjection (the decision timer)', () => {
  const objected = [rated(), issued(), filed()];
  it('is refused before the decision is due', () => {
    given(objected).when(escalate('2026-03-19T23:59:59+07:00')).thenThrows('DECISION_NOT_DUE', { decisionDue: '2026-03-19' });
  });
  it('escalates an undecided objection to BKPSDM at the deadline, never deciding it', () => {
    given(objected)
      .when(escalate('2026-03-20T00:00:00+07:00'))
      .then([{ ...escalated(), data: { ...escalated().data, at: '2026-03-20T00:00:00+07:00' } }]);
  });
  it('does nothing once escalated, once decided, or without an objection', () => {
    given([...objected, escalated()])
      .when(escalate('2026-03-21T00:00:00+07:00'))
      .then([]);
    given([...objected, decided()])
      .when(escalate('2026-03-21T00:00:00+07:00'))
      .then([]);
    given([rated(), issued()]).when(escalate('2026-03-21T00:00:00+07:00')).then([]);
  });
});

describe('follow-ups (stage 4)', () => {
  const ratings = (over: Partial<Ratings> = {}): Ratings => ({
    results: S,
    behaviour: S,
    reasons: {},
    behaviourValues: {},
    resultRatings: [],
    ...over,
  });
  const AT = '2026-03-16T00:00:00+07:00';
  const of = (predikat: Predikat, r: Ratings = ratings(), f: Partial<FollowUpFacts> = {}, period = PERIOD) =>
    followUps(EMP, period, predikat, r, { ...noFollowUp, ...f }, AT);

  it.each<Predikat>(['BUTUH_PERBAIKAN', 'KURANG', 'SANGAT_KURANG'])(
    'recommends training for %s, naming the values and RHK rated below expectation',
    (predikat) => {
      const r = ratings({
        results: B,
        behaviour: B,
        behaviourValues: { ADAPTIF: B, KOMPETEN: B, LOYAL: S, AKUNTABEL: A },
        resultRatings: [
          { resultId: 'R1', rating: B },
          { resultId: 'R2', rating: S },
          { resultId: 'R3', rating: B },
        ],
      });
      const tr = of(predikat, r).find((e): e is TrainingRecommended => e.type === 'TrainingRecommended');
      expect(tr?.data).toMatchObject({
        nip: EMP,
        period: PERIOD,
        recommendationId: `TR-${EMP}-${PERIOD}`,
        predikat,
        weakestBehaviours: ['KOMPETEN', 'ADAPTIF'],
        missedResults: ['R1', 'R3'],
      });
      expect(tr?.data.proposal).toContain('KOMPETEN, ADAPTIF');
      expect(tr?.data.proposal).toContain('R1, R3');
    },
  );

  it('recommends training without detail ratings too, naming no value nor RHK', () => {
    const [tr] = of('BUTUH_PERBAIKAN', ratings({ results: B }));
    expect(tr).toMatchObject({ type: 'TrainingRecommended', data: { weakestBehaviours: [], missedResults: [] } });
    expect((tr as TrainingRecommended).data.proposal).toBe('bimbingan teknis atas hasil kerja');
  });

  it('recommends no training for BAIK or SANGAT_BAIK; lists SANGAT_BAIK for rewards', () => {
    expect(of('BAIK')).toEqual([]);
    expect(of('SANGAT_BAIK')).toEqual([{ type: 'RewardListed', data: { nip: EMP, period: PERIOD, at: AT, predikat: 'SANGAT_BAIK' } }]);
  });

  it('flags a sanction case on two consecutive SANGAT_KURANG, whichever period settles last', () => {
    const sk = (f: Partial<FollowUpFacts>) =>
      of('SANGAT_KURANG', ratings({ results: B, behaviour: B }), f).filter((e) => e.type === 'SanctionCaseFlagged');
    expect(sk({})).toEqual([]);
    expect(sk({ previous: 'KURANG', next: 'BUTUH_PERBAIKAN' })).toEqual([]);
    expect(sk({ previous: 'SANGAT_KURANG' })).toEqual([
      {
        type: 'SanctionCaseFlagged',
        data: { nip: EMP, period: PERIOD, at: AT, caseId: `SK-${EMP}-2026-01-2026-02`, periods: ['2026-01', '2026-02'], to: 'BKPSDM' },
      },
    ]);
    expect(sk({ next: 'SANGAT_KURANG' }).map((e) => e.data)).toMatchObject([{ periods: ['2026-02', '2026-03'] }]);
    expect(sk({ previous: 'SANGAT_KURANG', next: 'SANGAT_KURANG' })).toHaveLength(2);
    // A SANGAT_KURANG next to KURANG is not a sanction case, and KURANG next to SANGAT_KURANG neither.
    expect(of('KURANG', ratings({ behaviour: B }), { previous: 'SANGAT_KURANG' }).map((e) => e.type)).toEqual(['TrainingRecommended']);
  });

  it('flags across the year end', () => {
    const e = followUps(
      EMP,
      '2026-01',
      'SANGAT_KURANG',
      ratings({ results: B, behaviour: B }),
      { ...noFollowUp, previous: 'SANGAT_KURANG' },
      AT,
    );
    expect(e.find((x) => x.type === 'SanctionCaseFlagged')?.data).toMatchObject({ periods: ['2025-12', '2026-01'] });
  });

  describe('promotion eligibility at the year’s last period', () => {
    const promo = (predikat: Predikat, previousYear: Predikat | null, period = '2026-12') =>
      of(predikat, ratings(), { previousYear }, period).find(
        (e): e is PromotionEligibilityDetermined => e.type === 'PromotionEligibilityDetermined',
      )?.data;

    it('is eligible when both years are at least BAIK', () => {
      expect(promo('SANGAT_BAIK', 'BAIK')).toMatchObject({
        year: 2026,
        eligible: true,
        yearPredikat: { 2025: 'BAIK', 2026: 'SANGAT_BAIK' },
      });
      expect(promo('BAIK', 'SANGAT_BAIK')?.eligible).toBe(true);
      expect(promo('BAIK', 'BAIK', '2026-Q4')?.eligible).toBe(true);
    });
    it('is not eligible with a year below BAIK, or no predikat for the year before', () => {
      expect(promo('BUTUH_PERBAIKAN', 'BAIK')?.eligible).toBe(false);
      expect(promo('BAIK', 'BUTUH_PERBAIKAN')?.eligible).toBe(false);
      expect(promo('BAIK', null)).toMatchObject({ eligible: false, yearPredikat: { 2025: null, 2026: 'BAIK' } });
    });
    it('is determined only at December or the fourth quarter', () => {
      expect(promo('BAIK', 'BAIK', '2026-11')).toBeUndefined();
      expect(promo('BAIK', 'BAIK', '2026-Q3')).toBeUndefined();
    });
  });

  it('come with the end of the window, from the facts of the command', () => {
    const DEC = '2026-12';
    const dec = (e: AppraisalEvent): AppraisalEvent => ({ ...e, data: { ...e.data, period: DEC } }) as AppraisalEvent;
    const events = [
      rated({ results: B, behaviour: B, reasons, behaviourValues: { HARMONIS: B }, resultRatings: [{ resultId: 'R2', rating: B }] }),
      issued({ predikat: 'SANGAT_KURANG' }),
    ].map(dec);
    given(events)
      .when(close('2026-03-16T00:00:00+07:00', { period: DEC, followUp: { previous: 'SANGAT_KURANG', next: null, previousYear: 'BAIK' } }))
      .thenMatches((e) => {
        expect(types(e)).toEqual(['AppraisalFinalised', 'TrainingRecommended', 'SanctionCaseFlagged', 'PromotionEligibilityDetermined']);
        expect((e[1] as TrainingRecommended).data).toMatchObject({ weakestBehaviours: ['HARMONIS'], missedResults: ['R2'] });
        expect(e[2].data).toMatchObject({ periods: ['2026-11', '2026-12'] });
        expect(e[3].data).toMatchObject({ eligible: false });
      });
  });
});
