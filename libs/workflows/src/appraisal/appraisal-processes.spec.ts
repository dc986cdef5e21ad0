import { fold, type Actor } from '@kinerja/kernel';
import { DEFAULT_APPRAISAL_POLICY } from '@kinerja/policies';
import {
  appraisalDecider,
  type AppraisalEvent,
  type AppraisalIssued,
  type AppraisalRated,
  type ObjectionFiled,
} from '@kinerja/domain/appraisal';
import { orgHistoryOf, type OrganisationEvent } from '@kinerja/domain/organisation';
import { assign, dinkesStructure, end, people as P, run } from '../../../domain/organisation/fixtures';
import type { Deadline, UnitIssue } from '@kinerja/application';
import { deadlinesOf, onDeadlineDue } from './deadlines';
import { issueFanOut } from './issue-fan-out';

// The appraisal process managers as pure reactions: given events (and the facts their runner
// loads), then the commands they send.

const PERIOD = '2026-03';
const OPD = 'DINKES';
const CALIBRATION = `Calibration-${OPD}-${PERIOD}`;
const head: Actor = { userId: 'u-kadis', nip: P.KADIS, roles: [`kepala_opd:${OPD}`] };
const ISSUE_AT = '2026-04-02T09:00:00+07:00';
const kabid = { nip: P.KABID, positionId: 'KABID-P2P' };

const org = (extra: Parameters<typeof run>[0] = []): OrganisationEvent[] =>
  run([
    ...dinkesStructure(),
    assign('A-KADIS', 'KADIS', P.KADIS, '2026-01-01'),
    assign('A-KABID', 'KABID-P2P', P.KABID, '2026-01-01'),
    assign('A-ANALIS', 'ANALIS-P2P', P.ANALIS, '2026-01-01'),
    assign('A-ANALIS2', 'ANALIS-P2P', P.ANALIS2, '2026-01-01'),
    ...extra,
  ]);

const rated = (nip: string): AppraisalRated => ({
  type: 'AppraisalRated',
  data: {
    nip,
    period: PERIOD,
    at: '2026-03-31T15:00:00+07:00',
    results: 'SESUAI_EKSPEKTASI',
    behaviour: 'SESUAI_EKSPEKTASI',
    reasons: {},
    behaviourValues: {},
    resultRatings: [],
    opdId: OPD,
    rater: kabid,
    predikat: 'BAIK',
    policyVersion: 'v1',
    revision: 1,
  },
});
const stateOf = (events: AppraisalEvent[]) => fold(appraisalDecider, events);

const issue: UnitIssue = {
  calibrationId: CALIBRATION,
  issued: {
    opdId: OPD,
    period: PERIOD,
    nips: [P.ANALIS, P.ANALIS2],
    counts: { SANGAT_BAIK: 0, BAIK: 2, BUTUH_PERBAIKAN: 0, KURANG: 0, SANGAT_KURANG: 0 },
    organisationResult: 'BAIK',
    checks: [],
    exempt: false,
    withinCurve: true,
    justification: null,
    issuedOn: '2026-04-02',
    policyVersion: 'v1',
    at: ISSUE_AT,
  },
  policy: DEFAULT_APPRAISAL_POLICY,
  policyVersion: 'v1',
  timeZone: 'Asia/Jakarta',
  by: head,
  role: 'kepala_opd',
  now: ISSUE_AT,
};

describe('the issue fan-out', () => {
  it('given the OPD issued, then one IssueAppraisal per rated appraisal it names, with the rater’s supervisor on the issue date', () => {
    const commands = issueFanOut(
      issue,
      [
        { nip: P.ANALIS, state: stateOf([rated(P.ANALIS)]) },
        { nip: P.ANALIS2, state: stateOf([rated(P.ANALIS2)]) },
      ],
      orgHistoryOf(org()),
    );
    expect(commands).toEqual(
      [P.ANALIS, P.ANALIS2].map((nip) => ({
        type: 'IssueAppraisal',
        nip,
        period: PERIOD,
        calibrationId: CALIBRATION,
        issuedOn: '2026-04-02',
        raterSupervisor: { nip: P.KADIS, positionId: 'KADIS' },
        policy: DEFAULT_APPRAISAL_POLICY,
        policyVersion: 'v1',
        timeZone: 'Asia/Jakarta',
        by: head,
        now: ISSUE_AT,
      })),
    );
  });

  it('given nobody holds the post above the rater on the issue date, then the command names no decider', () => {
    const [command] = issueFanOut(
      issue,
      [{ nip: P.ANALIS, state: stateOf([rated(P.ANALIS)]) }],
      orgHistoryOf(org([end('A-KADIS', '2026-03-31')])),
    );
    expect(command.raterSupervisor).toBeNull();
  });

  it('given an appraisal never rated, then nothing for it; given one already issued (a fan-out cut short), then its command again, which replays', () => {
    const commands = issueFanOut(
      issue,
      [
        { nip: P.ANALIS, state: stateOf([]) },
        { nip: P.ANALIS2, state: stateOf([rated(P.ANALIS2), issued(P.ANALIS2)]) },
      ],
      orgHistoryOf(org()),
    );
    expect(commands.map((c) => [c.type, c.nip])).toEqual([['IssueAppraisal', P.ANALIS2]]);
  });
});

function issued(nip: string): AppraisalIssued {
  return {
    type: 'AppraisalIssued',
    data: {
      nip,
      period: PERIOD,
      at: ISSUE_AT,
      opdId: OPD,
      predikat: 'BAIK',
      rater: kabid,
      raterSupervisor: { nip: P.KADIS, positionId: 'KADIS' },
      issuedOn: '2026-04-02',
      objectionDeadline: '2026-04-16',
      windowClosesAt: '2026-04-16T17:00:00.000Z',
      decisionDays: 14,
      timeZone: 'Asia/Jakarta',
      calibrationId: CALIBRATION,
      policyVersion: 'v1',
    },
  };
}

describe('the objection deadlines', () => {
  const filed: ObjectionFiled = {
    type: 'ObjectionFiled',
    data: {
      nip: P.ANALIS,
      period: PERIOD,
      at: '2026-04-05T10:00:00+07:00',
      objectionId: 'OBJ-1',
      reasons: 'Capaian RHK saya melebihi target',
      evidence: [],
      filedOn: '2026-04-05',
      decider: { nip: P.KADIS, positionId: 'KADIS' },
      decisionDue: '2026-04-19',
      decisionDueAt: '2026-04-19T17:00:00.000Z',
    },
  };

  it('given an appraisal issued, then its window’s timer; given an objection filed, then its decision’s; given a rating, then none', () => {
    expect(deadlinesOf([rated(P.ANALIS), issued(P.ANALIS), filed])).toEqual<Deadline[]>([
      { kind: 'OBJECTION_WINDOW', nip: P.ANALIS, period: PERIOD, dueAt: '2026-04-16T17:00:00.000Z' },
      { kind: 'OBJECTION_DECISION', nip: P.ANALIS, period: PERIOD, dueAt: '2026-04-19T17:00:00.000Z' },
    ]);
    expect(deadlinesOf([rated(P.ANALIS)])).toEqual([]);
  });

  it('when the window ends, then the appraisal is finalised; when a decision is due, then the objection is escalated (never decided)', () => {
    const due = (kind: Deadline['kind']): Deadline => ({ kind, nip: P.ANALIS, period: PERIOD, dueAt: '2026-04-16T17:00:00.000Z' });
    expect(onDeadlineDue(due('OBJECTION_WINDOW'))).toEqual({ type: 'CloseObjectionWindow', nip: P.ANALIS, period: PERIOD });
    expect(onDeadlineDue(due('OBJECTION_DECISION'))).toEqual({ type: 'EscalateObjection', nip: P.ANALIS, period: PERIOD });
  });
});
