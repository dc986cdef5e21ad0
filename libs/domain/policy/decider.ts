/**
 * Policy versions in the event log. The JSON files in libs/policies/documents are the sample
 * shipped with kinerja; a Pemda's own Perkada (or a new version of it) enters only through
 * PublishPolicyVersion, which records who published it and why. A version is never changed once
 * published: a correction is a new version with its own effective date.
 */
import { badInput, conflict, Decider, DomainEvent, Instant } from '@kinerja/kernel';
import { parsePolicyDocument, type PolicyDocument } from '@kinerja/policies';

export interface PublishPolicyVersion {
  type: 'PublishPolicyVersion';
  document: unknown;
  reason: string;
  /** Versions already known (shipped or published): a version id is used once. */
  knownVersions: readonly string[];
  at: Instant;
}
export type PolicyVersionPublished = DomainEvent<
  'PolicyVersionPublished',
  { policyVersion: string; document: PolicyDocument; reason: string; at: Instant }
>;

/** Stream ids allow no `/`; version ids do (`perkada-12-2026/v2`). */
export const policyStreamId = (policyVersion: string) => `Policy-${policyVersion.replace(/\//g, ':')}`;

export const policyDecider: Decider<PublishPolicyVersion, PolicyVersionPublished, { published: boolean }> = {
  initialState: () => ({ published: false }),
  evolve: () => ({ published: true }),
  decide(cmd, s) {
    const document = parsePolicyDocument(cmd.document, 'the published document');
    if (!cmd.reason?.trim()) throw badInput('REASON_REQUIRED', 'say why (the Perkada that enacts it, the change)');
    if (s.published || cmd.knownVersions.includes(document.policyVersion))
      throw conflict('POLICY_VERSION_EXISTS', `version ${document.policyVersion} exists and is never changed; publish a new version`, {
        policyVersion: document.policyVersion,
      });
    return [{ type: 'PolicyVersionPublished', data: { policyVersion: document.policyVersion, document, reason: cmd.reason, at: cmd.at } }];
  },
};
