import { deciderSpec as spec } from '@kinerja/kernel/testing';
import { loadPolicyDocuments } from '@kinerja/policies';
import { policyDecider, policyStreamId } from './decider';

const sample = loadPolicyDocuments()[0];
const at = '2026-06-01T09:00:00+07:00';
const v2 = { ...sample, policyVersion: 'perkada-contoh-1-2026/v2', effectiveFrom: '2026-07-01' };

describe('policy versions', () => {
  it('publishes a valid new version with who and why', () =>
    spec(policyDecider)
      .given([])
      .when({
        type: 'PublishPolicyVersion',
        document: v2,
        reason: 'Perkada 9/2026 raises grade 7',
        knownVersions: [sample.policyVersion],
        at,
      })
      .then([
        {
          type: 'PolicyVersionPublished',
          data: { policyVersion: v2.policyVersion, document: v2, reason: 'Perkada 9/2026 raises grade 7', at },
        },
      ]));
  it('never changes a version once known', () => {
    spec(policyDecider)
      .given([])
      .when({ type: 'PublishPolicyVersion', document: sample, reason: 'again', knownVersions: [sample.policyVersion], at })
      .thenThrows('POLICY_VERSION_EXISTS');
    const published = policyDecider.decide(
      { type: 'PublishPolicyVersion', document: v2, reason: 'x', knownVersions: [], at },
      policyDecider.initialState(),
    );
    spec(policyDecider)
      .given(published)
      .when({ type: 'PublishPolicyVersion', document: v2, reason: 'x', knownVersions: [], at })
      .thenThrows('POLICY_VERSION_EXISTS');
  });
  it('refuses an invalid document and a missing reason', () => {
    spec(policyDecider)
      .given([])
      .when({ type: 'PublishPolicyVersion', document: { ...v2, tpp: {} }, reason: 'x', knownVersions: [], at })
      .thenThrows('INVALID_POLICY_DOCUMENT');
    spec(policyDecider)
      .given([])
      .when({ type: 'PublishPolicyVersion', document: v2, reason: ' ', knownVersions: [], at })
      .thenThrows('REASON_REQUIRED');
  });
  it('names a stream the store accepts', () => expect(policyStreamId('perkada-contoh-1-2026/v2')).toBe('Policy-perkada-contoh-1-2026:v2'));
});
