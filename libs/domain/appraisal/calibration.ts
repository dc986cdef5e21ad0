import { conflict, Decider, domainError } from '@kinerja/kernel';
import type { OrganisationResult } from '@kinerja/policies';
import type { CalibrationCommand } from './commands';
import { checkDistribution, countPredikat, sameCounts } from './distribution';
import { written } from './written';
import type { CalibrationEvent, DistributionJustified, UnitAppraisalsIssued } from './events';

/** One stream per OPD per period: its organisational result, the head's justification, the issue. */
export interface CalibrationState {
  organisationResult?: OrganisationResult;
  justification?: DistributionJustified['data'];
  issued?: UnitAppraisalsIssued['data'];
}

export const initialCalibrationState = (): CalibrationState => ({});

export function evolveCalibration(s: CalibrationState, e: CalibrationEvent): CalibrationState {
  switch (e.type) {
    case 'OrganisationResultSet':
      // A new result makes an earlier justification moot: it argued against another curve.
      return { ...s, organisationResult: e.data.result, justification: undefined };
    case 'DistributionJustified':
      return { ...s, justification: e.data };
    case 'UnitAppraisalsIssued':
      return { ...s, issued: e.data };
  }
}

export function decideCalibration(cmd: CalibrationCommand, s: CalibrationState): CalibrationEvent[] {
  if (s.issued)
    throw conflict('PERIOD_CLOSED', `the appraisals of ${cmd.opdId} for ${cmd.period} are issued`, {
      opdId: cmd.opdId,
      period: cmd.period,
      issuedOn: s.issued.issuedOn,
    });
  const unit = { opdId: cmd.opdId, period: cmd.period, at: cmd.now };
  switch (cmd.type) {
    case 'SetOrganisationResult': {
      return [
        {
          type: 'OrganisationResultSet',
          data: { ...unit, result: cmd.result, reason: written(cmd.reason, 'reason') },
        },
      ];
    }
    case 'JustifyDistribution': {
      const justification = written(cmd.justification, 'justification');
      if (!s.organisationResult)
        throw domainError(
          'ORGANISATION_RESULT_MISSING',
          unit,
          'the unit’s organisational result for the period is not set (BKPSDM sets it)',
        );
      const check = checkDistribution(cmd.counts, s.organisationResult, cmd.policy);
      if (check.withinCurve)
        throw domainError(
          'DISTRIBUTION_WITHIN_CURVE',
          { counts: cmd.counts },
          'the distribution is within the curve: there is nothing to justify',
        );
      return [
        {
          type: 'DistributionJustified',
          data: { ...unit, counts: cmd.counts, organisationResult: s.organisationResult, justification, justifiedBy: cmd.by.nip ?? null },
        },
      ];
    }
    case 'IssueUnitAppraisals': {
      if (!cmd.drafts.length)
        throw domainError(
          'NOTHING_TO_ISSUE',
          { opdId: cmd.opdId, period: cmd.period },
          'no rated appraisal of the unit waits to be issued',
        );
      if (cmd.unrated.length)
        throw domainError(
          'APPRAISALS_INCOMPLETE',
          { unrated: cmd.unrated },
          `${cmd.unrated.length} employee(s) of the unit are not rated yet`,
        );
      if (!s.organisationResult)
        throw domainError(
          'ORGANISATION_RESULT_MISSING',
          unit,
          'the unit’s organisational result for the period is not set (BKPSDM sets it)',
        );
      const counts = countPredikat(cmd.drafts.map((d) => d.predikat));
      const check = checkDistribution(counts, s.organisationResult, cmd.policy);
      // A justification holds for the distribution it was written about, not for later changes.
      const justification =
        !check.withinCurve && s.justification !== undefined && sameCounts(s.justification.counts, counts)
          ? s.justification.justification
          : null;
      if (!check.withinCurve && justification === null)
        throw domainError(
          'DISTRIBUTION_EXCEEDED',
          {
            counts,
            organisationResult: check.organisationResult,
            rated: check.rated,
            checks: check.checks,
            staleJustification: s.justification !== undefined,
          },
          `the distribution is off the curve for ${check.organisationResult}: change ratings or have the head of the unit justify it`,
        );
      return [
        {
          type: 'UnitAppraisalsIssued',
          data: {
            ...unit,
            nips: cmd.drafts.map((d) => d.nip).sort(),
            counts,
            organisationResult: check.organisationResult,
            checks: check.checks,
            exempt: check.exempt,
            withinCurve: check.withinCurve,
            justification,
            issuedOn: cmd.issuedOn,
            policyVersion: cmd.policyVersion,
          },
        },
      ];
    }
  }
}

export const calibrationDecider: Decider<CalibrationCommand, CalibrationEvent, CalibrationState> = {
  decide: decideCalibration,
  evolve: evolveCalibration,
  initialState: initialCalibrationState,
};
