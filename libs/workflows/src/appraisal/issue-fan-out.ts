import type { Nip } from '@kinerja/kernel';
import type { AppraisalState, IssueAppraisal, PositionHolder } from '@kinerja/domain/appraisal';
import { OrgHistory, supervisorOfPosition } from '@kinerja/domain/organisation';
import type { CommandBus } from '@nestjs/cqrs';
import { AppraisalReads, IssueEmployeeAppraisal, UnitIssue } from '@kinerja/application';

/**
 * The issue fan-out, as a pure reaction: given the OPD's issue and the appraisals it names as they
 * stand, the IssueAppraisal command of each one rated. One already issued gets its command again:
 * it is keyed by the unit's issue, so it replays, and a fan-out cut short is completed by the next.
 * The atasan pejabat penilai is the one who exercises the post above the rater's on the issue date.
 */
export function issueFanOut(
  issue: UnitIssue,
  appraisals: ReadonlyArray<{ nip: Nip; state: AppraisalState }>,
  history: OrgHistory,
): IssueAppraisal[] {
  const { issued } = issue;
  return appraisals.flatMap(({ nip, state }) => {
    if (state.status === 'NONE') return [];
    const rater = state.rated.rater;
    const above = supervisorOfPosition(rater.positionId, issued.issuedOn, history, new Set([nip, rater.nip]));
    const raterSupervisor: PositionHolder | null = above ? { nip: above.nip, positionId: above.positionId } : null;
    return [
      {
        type: 'IssueAppraisal',
        nip,
        period: issued.period,
        calibrationId: issue.calibrationId,
        issuedOn: issued.issuedOn,
        raterSupervisor,
        policy: issue.policy,
        policyVersion: issue.policyVersion,
        timeZone: issue.timeZone,
        by: issue.by,
        now: issue.now,
      },
    ];
  });
}

/**
 * The fan-out's runner: loads what the reaction is given and sends each command on the CommandBus
 * under the key of the unit's issue (a retry appends nothing twice); its handler appends and starts
 * the deadlines.
 */
export async function runIssueFanOut(service: AppraisalReads, commands: CommandBus, issue: UnitIssue): Promise<void> {
  const appraisals = [];
  for (const nip of issue.issued.nips) appraisals.push({ nip, state: (await service.appraisal(nip, issue.issued.period)).state });
  const history = await service.planning.people.org.current();
  for (const command of issueFanOut(issue, appraisals, history))
    await commands.execute(
      new IssueEmployeeAppraisal(command, {
        actor: issue.by,
        role: issue.role,
        policyVersion: issue.policyVersion,
        idempotencyKey: `issue:${issue.calibrationId}`,
        ...(issue.requestId ? { requestId: issue.requestId } : {}),
      }),
    );
}
