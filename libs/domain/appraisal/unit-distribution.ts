import type { Nip } from '@kinerja/kernel';
import type { AppraisalPolicy, Predikat } from '@kinerja/policies';
import type { CalibrationState } from './calibration';
import { AppraisalState, predikatInForce } from './decider';
import { checkDistribution, countPredikat, DistributionCheck, sameCounts } from './distribution';
import type { Period } from './period';

/**
 * What the head of an OPD sees before issuing: the unit's predikat distribution beside the curve of
 * its organisational result, which rule fails, and whether a justification still holds (it does
 * for the counts it was written about). Pure: fed by the unit's appraisals and calibration as loaded.
 */
export function unitDistribution(input: {
  opdId: string;
  period: Period;
  policy: AppraisalPolicy;
  policyVersion: string;
  appraisals: ReadonlyArray<{ nip: Nip; state: AppraisalState }>;
  calibration: CalibrationState;
}) {
  const { opdId, period, policy, policyVersion, appraisals: unit, calibration: cal } = input;
  const rated = unit.map((u) => predikatInForce(u.state)).filter((p): p is Predikat => p !== null);
  const counts = countPredikat(rated);
  const check: DistributionCheck | null = cal.organisationResult ? checkDistribution(counts, cal.organisationResult, policy) : null;
  return {
    opdId,
    period,
    policyVersion,
    organisationResult: cal.organisationResult ?? null,
    employees: unit.length,
    rated: rated.length,
    unrated: unit.filter((u) => u.state.status === 'NONE').map((u) => u.nip),
    counts,
    curve: cal.organisationResult ? policy.curve[cal.organisationResult] : null,
    minUnitSize: policy.minUnitSize,
    check,
    justification: cal.justification
      ? {
          text: cal.justification.justification,
          counts: cal.justification.counts,
          at: cal.justification.at,
          current: check ? sameCounts(cal.justification.counts, counts) : false,
        }
      : null,
    issued: cal.issued
      ? {
          issuedOn: cal.issued.issuedOn,
          nips: cal.issued.nips,
          withinCurve: cal.issued.withinCurve,
          justification: cal.issued.justification,
        }
      : null,
  };
}
