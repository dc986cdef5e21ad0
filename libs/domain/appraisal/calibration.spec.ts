import { deciderSpec as spec } from '@kinerja/kernel/testing';
import type { Actor } from '@kinerja/kernel';
import { DEFAULT_APPRAISAL_POLICY, type OrganisationResult, type Predikat } from '@kinerja/policies';
import { calibrationDecider } from './calibration';
import type { IssueUnitAppraisals, JustifyDistribution, SetOrganisationResult } from './commands';
import { countPredikat, type PredikatCounts } from './distribution';
import type { CalibrationEvent, DistributionJustified, OrganisationResultSet, UnitAppraisalsIssued } from './events';

const OPD = 'OPD-DINKES';
const PERIOD = '2026-02';
const HEAD = '196801011990031001';
const bkpsdm: Actor = { userId: 'u-bkpsdm', nip: '197203031998032001', roles: ['pegawai'] };
const head: Actor = { userId: 'u-head', nip: HEAD, roles: ['pegawai'] };
const now = '2026-03-01T08:00:00+07:00';
const policy = { curve: DEFAULT_APPRAISAL_POLICY.curve, minUnitSize: DEFAULT_APPRAISAL_POLICY.minUnitSize };
const given = (events: CalibrationEvent[]) => spec(calibrationDecider).given(events);

const nipOf = (i: number) => `19850312201001${String(1000 + i)}`;
const drafts = (...predikat: Predikat[]) => predikat.map((p, i) => ({ nip: nipOf(i), predikat: p }));
/** 7 employees: 5 BAIK (the cap of 70% of 7 is 4), one KURANG, one SANGAT_BAIK. */
const OFF_CURVE = drafts('BAIK', 'BAIK', 'BAIK', 'BAIK', 'BAIK', 'KURANG', 'SANGAT_BAIK');
/** 7 employees: 4 BAIK, one KURANG, two SANGAT_BAIK. */
const IN_CURVE = drafts('BAIK', 'BAIK', 'BAIK', 'BAIK', 'KURANG', 'SANGAT_BAIK', 'SANGAT_BAIK');
const countsOf = (d: Array<{ predikat: Predikat }>) => countPredikat(d.map((x) => x.predikat));

const setResult = (over: Partial<SetOrganisationResult> = {}): SetOrganisationResult => ({
  type: 'SetOrganisationResult',
  opdId: OPD,
  period: PERIOD,
  by: bkpsdm,
  now,
  result: 'BAIK',
  reason: 'Capaian IKU OPD 2026',
  ...over,
});
const justify = (counts: PredikatCounts, over: Partial<JustifyDistribution> = {}): JustifyDistribution => ({
  type: 'JustifyDistribution',
  opdId: OPD,
  period: PERIOD,
  by: head,
  now,
  justification: 'Lima pegawai menuntaskan program vaksinasi massal',
  counts,
  policy,
  ...over,
});
const issue = (d = IN_CURVE, over: Partial<IssueUnitAppraisals> = {}): IssueUnitAppraisals => ({
  type: 'IssueUnitAppraisals',
  opdId: OPD,
  period: PERIOD,
  by: bkpsdm,
  now,
  drafts: d,
  unrated: [],
  issuedOn: '2026-03-01',
  policy,
  policyVersion: 'v1',
  ...over,
});

const resultSet = (result: OrganisationResult = 'BAIK'): OrganisationResultSet => ({
  type: 'OrganisationResultSet',
  data: { opdId: OPD, period: PERIOD, at: now, result, reason: 'Capaian IKU OPD 2026' },
});
const justified = (counts: PredikatCounts, organisationResult: OrganisationResult = 'BAIK'): DistributionJustified => ({
  type: 'DistributionJustified',
  data: {
    opdId: OPD,
    period: PERIOD,
    at: now,
    counts,
    organisationResult,
    justification: 'Lima pegawai menuntaskan program vaksinasi massal',
    justifiedBy: HEAD,
  },
});
const issuedEvent = (): UnitAppraisalsIssued => ({
  type: 'UnitAppraisalsIssued',
  data: {
    opdId: OPD,
    period: PERIOD,
    at: now,
    nips: IN_CURVE.map((d) => d.nip),
    counts: countsOf(IN_CURVE),
    organisationResult: 'BAIK',
    checks: [],
    exempt: false,
    withinCurve: true,
    justification: null,
    issuedOn: '2026-03-01',
    policyVersion: 'v1',
  },
});

describe('SetOrganisationResult', () => {
  it('sets the unit’s organisational result with a reason', () => {
    given([])
      .when(setResult({ reason: ' Capaian IKU OPD 2026 ' }))
      .then([resultSet()]);
    given([resultSet()])
      .when(setResult({ result: 'ISTIMEWA' }))
      .then([resultSet('ISTIMEWA')]);
  });
  // An unknown result (INVALID_ORGANISATION_RESULT) is refused at the edge: libs/contracts/src/appraisal.spec.ts.
  it('refuses a missing reason', () => {
    given([])
      .when(setResult({ reason: '' }))
      .thenThrows('REASON_REQUIRED', { field: 'reason' });
  });
});

describe('JustifyDistribution', () => {
  it('records the head’s written justification of an off-curve distribution', () => {
    given([resultSet()])
      .when(justify(countsOf(OFF_CURVE)))
      .then([justified(countsOf(OFF_CURVE))]);
  });
  it('refuses a distribution within the curve, a missing justification, a unit with no organisational result', () => {
    given([resultSet()])
      .when(justify(countsOf(IN_CURVE)))
      .thenThrows('DISTRIBUTION_WITHIN_CURVE', { counts: countsOf(IN_CURVE) });
    given([resultSet()])
      .when(justify(countsOf(OFF_CURVE), { justification: '  ' }))
      .thenThrows('REASON_REQUIRED', { field: 'justification' });
    given([])
      .when(justify(countsOf(OFF_CURVE)))
      .thenThrows('ORGANISATION_RESULT_MISSING', { opdId: OPD, period: PERIOD });
  });
});

describe('IssueUnitAppraisals', () => {
  it('issues a unit within the curve', () => {
    given([resultSet()])
      .when(issue())
      .thenMatches((e) => {
        expect(e).toHaveLength(1);
        const d = (e[0] as UnitAppraisalsIssued).data;
        expect(d).toMatchObject({
          opdId: OPD,
          period: PERIOD,
          organisationResult: 'BAIK',
          exempt: false,
          withinCurve: true,
          justification: null,
          issuedOn: '2026-03-01',
          policyVersion: 'v1',
        });
        expect(d.nips).toEqual(IN_CURVE.map((x) => x.nip).sort());
        expect(d.counts).toEqual({ SANGAT_BAIK: 2, BAIK: 4, BUTUH_PERBAIKAN: 0, KURANG: 1, SANGAT_KURANG: 0 });
      });
  });

  it('refuses nothing to issue, unrated employees, and a missing organisational result', () => {
    given([resultSet()]).when(issue([])).thenThrows('NOTHING_TO_ISSUE', { opdId: OPD, period: PERIOD });
    given([resultSet()])
      .when(issue(IN_CURVE, { unrated: [nipOf(99)] }))
      .thenThrows('APPRAISALS_INCOMPLETE', { unrated: [nipOf(99)] });
    given([]).when(issue()).thenThrows('ORGANISATION_RESULT_MISSING', { opdId: OPD, period: PERIOD });
  });

  it('refuses a distribution off the curve, showing the counts and each rule (5 BAIK of 7 where 70% allows 4)', () => {
    given([resultSet()])
      .when(issue(OFF_CURVE))
      .thenThrows('DISTRIBUTION_EXCEEDED', {
        counts: { SANGAT_BAIK: 1, BAIK: 5, BUTUH_PERBAIKAN: 0, KURANG: 1, SANGAT_KURANG: 0 },
        organisationResult: 'BAIK',
        rated: 7,
        checks: [
          { predikat: ['BAIK'], kind: 'max', percent: '70', limit: 4, actual: 5, ok: false },
          { predikat: ['BUTUH_PERBAIKAN', 'KURANG'], kind: 'min', percent: null, limit: 1, actual: 1, ok: true },
        ],
        staleJustification: false,
      });
    // No BUTUH_PERBAIKAN or KURANG at all breaks the "at least one" rule of BAIK.
    given([resultSet()])
      .when(issue(drafts('BAIK', 'BAIK', 'BAIK', 'SANGAT_BAIK', 'SANGAT_BAIK')))
      .thenThrows('DISTRIBUTION_EXCEEDED', {
        checks: [
          expect.objectContaining({ kind: 'max', limit: 3, actual: 3, ok: true }),
          expect.objectContaining({ kind: 'min', limit: 1, actual: 0, ok: false }),
        ],
      });
  });

  it('issues an off-curve distribution on the head’s justification of exactly those counts', () => {
    given([resultSet(), justified(countsOf(OFF_CURVE))])
      .when(issue(OFF_CURVE))
      .thenMatches((e) =>
        expect((e[0] as UnitAppraisalsIssued).data).toMatchObject({
          withinCurve: false,
          justification: 'Lima pegawai menuntaskan program vaksinasi massal',
        }),
      );
  });

  it('holds a justification stale once the counts changed, or the organisational result was set again', () => {
    const more = drafts('BAIK', 'BAIK', 'BAIK', 'BAIK', 'BAIK', 'BAIK', 'KURANG');
    given([resultSet(), justified(countsOf(OFF_CURVE))])
      .when(issue(more))
      .thenThrows('DISTRIBUTION_EXCEEDED', { staleJustification: true });
    given([resultSet(), justified(countsOf(OFF_CURVE)), resultSet('BAIK')])
      .when(issue(OFF_CURVE))
      .thenThrows('DISTRIBUTION_EXCEEDED', { staleJustification: false });
  });

  it('issues with no justification when the distribution came back within the curve', () => {
    given([resultSet(), justified(countsOf(OFF_CURVE))])
      .when(issue())
      .thenMatches((e) => expect((e[0] as UnitAppraisalsIssued).data).toMatchObject({ withinCurve: true, justification: null }));
  });

  it('exempts a unit of fewer than 5 rated employees', () => {
    given([resultSet()])
      .when(issue(drafts('BAIK', 'BAIK', 'BAIK', 'BAIK')))
      .thenMatches((e) =>
        expect((e[0] as UnitAppraisalsIssued).data).toMatchObject({ exempt: true, withinCurve: true, justification: null }),
      );
    given([resultSet('SANGAT_KURANG')])
      .when(issue(drafts('SANGAT_BAIK', 'SANGAT_BAIK')))
      .thenMatches((e) => expect((e[0] as UnitAppraisalsIssued).data.exempt).toBe(true));
    given([resultSet()])
      .when(issue(drafts('BAIK', 'BAIK', 'BAIK', 'BAIK', 'BAIK')))
      .thenThrows('DISTRIBUTION_EXCEEDED');
  });

  it('closes the period: after the issue every command is refused', () => {
    given([resultSet(), issuedEvent()]).when(issue()).thenThrows('PERIOD_CLOSED', { opdId: OPD, period: PERIOD, issuedOn: '2026-03-01' });
    given([resultSet(), issuedEvent()])
      .when(setResult({ result: 'ISTIMEWA' }))
      .thenThrows('PERIOD_CLOSED');
    given([resultSet(), issuedEvent()])
      .when(justify(countsOf(OFF_CURVE)))
      .thenThrows('PERIOD_CLOSED');
  });
});
