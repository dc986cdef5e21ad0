/**
 * Which policy version governs a month. Pure: the documents come in, a document comes out.
 */
import { badInput, domainError, notFound } from '@kinerja/kernel';
import type { PolicyDocument } from './policy-document';

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

/**
 * The version in force for a payroll month. TPP is paid per whole month, so the version that
 * governs a month is the one in force on its first day: a Perkada effective mid-month first
 * governs the following month. Among versions in force on that day the latest effectiveFrom wins
 * (a newer Perkada supersedes an older one without the older needing an end date).
 */
export function policyInForce(documents: readonly PolicyDocument[], month: string): PolicyDocument {
  if (!MONTH_RE.test(month)) throw badInput('INVALID_MONTH', `month must be YYYY-MM, got ${JSON.stringify(month)}`, { month });
  const firstDay = `${month}-01`;
  let chosen: PolicyDocument | undefined;
  for (const doc of documents) {
    // ISO dates compare correctly as strings.
    if (doc.effectiveFrom > firstDay) continue;
    if (doc.effectiveUntil !== undefined && doc.effectiveUntil < firstDay) continue;
    if (chosen && doc.effectiveFrom === chosen.effectiveFrom)
      throw domainError(
        'AMBIGUOUS_POLICY',
        { month, versions: [chosen.policyVersion, doc.policyVersion] },
        `two policy versions take effect on ${doc.effectiveFrom}: ${chosen.policyVersion}, ${doc.policyVersion}`,
      );
    if (!chosen || doc.effectiveFrom > chosen.effectiveFrom) chosen = doc;
  }
  if (!chosen) throw domainError('NO_POLICY_IN_FORCE', { month }, `no policy version is in force for ${month}`);
  return chosen;
}

/** A version by its id, for recalculating a figure under the version it was computed with. */
export function policyByVersion(documents: readonly PolicyDocument[], policyVersion: string): PolicyDocument {
  const doc = documents.find((d) => d.policyVersion === policyVersion);
  if (!doc)
    throw notFound('UNKNOWN_POLICY_VERSION', `no policy version ${JSON.stringify(policyVersion)}`, {
      policyVersion,
      known: documents.map((d) => d.policyVersion),
    });
  return doc;
}
