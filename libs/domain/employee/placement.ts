import { notFound } from '@kinerja/kernel';
import { OrgHistory, positionAsOf, unitAsOf } from '../organisation';
import { isLocalDate } from '../shared';
import type { EmployeeCommand } from './commands';

/**
 * The register names a position and an OPD by id; both must be ones the organisation has on the
 * change's effective date. Otherwise an id nobody created (a typo, a look-alike with a zero-width
 * or right-to-left character) would be recorded and the employee would belong to no OPD anyone
 * can see or pay. Run it after the decider's own checks, so a malformed field keeps its code.
 */
export function assertKnownPlacement(cmd: EmployeeCommand, h: OrgHistory): void {
  if (!isLocalDate(cmd.effectiveDate)) return;
  const date = cmd.effectiveDate;
  if ((cmd.type === 'RegisterEmployee' || cmd.type === 'TransferOrgUnit') && typeof cmd.orgUnitId === 'string' && cmd.orgUnitId !== '') {
    // An OPD is a root unit: a unit under it is no OPD to be registered in.
    if (unitAsOf(cmd.orgUnitId, date, h)?.parentUnitId !== null)
      throw notFound('UNKNOWN_OPD', 'no OPD with this id on the effective date', { orgUnitId: cmd.orgUnitId, date });
  }
  if ((cmd.type === 'RegisterEmployee' || cmd.type === 'ChangePosition') && typeof cmd.positionId === 'string' && cmd.positionId !== '') {
    if (!positionAsOf(cmd.positionId, date, h))
      throw notFound('UNKNOWN_POSITION', 'no position with this id on the effective date', { positionId: cmd.positionId, date });
  }
}
