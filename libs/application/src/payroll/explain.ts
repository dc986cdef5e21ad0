/**
 * A pay line explained in words and numbers: the inputs it was priced from (and the events they
 * came from), each policy row used, and each step of DOMAIN.md's order with its arithmetic. The
 * figures are recomputed from the recorded inputs under the recorded policy version and checked
 * against the stored line, so the explanation can never drift from what was paid.
 */
import { calculateTpp, policyByVersion, type PolicyDocument } from '@kinerja/policies';
import type { LedgerRow } from '@kinerja/projections';

const rp = (s: string) => {
  const neg = s.startsWith('-');
  const digits = neg ? s.slice(1) : s;
  return `${neg ? '−' : ''}Rp${digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.')}`;
};

export function explainLine(r: LedgerRow, policies: readonly PolicyDocument[]) {
  const base = {
    runId: r.run_id,
    runStatus: r.status,
    lineKey: r.line_key,
    kind: r.kind,
    policyVersion: r.policy_version,
    eventId: r.event_id,
    streamId: r.stream_id,
    amounts: r.amounts,
  };
  if (r.kind === 'ADJUSTMENT') {
    const d = r.detail;
    const sign = r.amounts.net.startsWith('-') ? 'recovered' : 'paid';
    return {
      ...base,
      sources: { objectionId: d.objectionId, originalLineId: d.originalLineId, adjustsRunId: d.adjustsRunId },
      steps: [
        `Objection ${d.objectionId} changed the predikat of ${d.adjustsMonth} from ${d.previousPredikat} to ${d.predikat} after that month was disbursed (run ${d.adjustsRunId}).`,
        `${d.adjustsMonth} recalculated with ${d.predikat} under ${r.policy_version}: net ${rp(d.recalculated.net)} (gross ${rp(d.recalculated.gross)}).`,
        `Paid in ${d.adjustsMonth}: net ${rp(d.original.net)} (gross ${rp(d.original.gross)}); that month is not rewritten.`,
        `Difference ${rp(r.amounts.net)} net (${rp(r.amounts.gross)} gross) is ${sign} in this run.`,
      ],
    };
  }
  const { inputs, sources } = r.detail;
  const result = calculateTpp(inputs, policyByVersion(policies, r.policy_version));
  const l = result.lines;
  const rows = result.rows;
  const matches = Object.entries(r.amounts).every(([k, v]) => (l as unknown as Record<string, string>)[k] === v);
  const att = rows.attendanceDeductions.length
    ? rows.attendanceDeductions.map((a) => `${a.code} ×${a.count} at ${a.percentEach}% = ${a.percent}%`).join('; ')
    : 'no late arrivals, early departures or unexplained absences';
  const steps = [
    `1. Ceiling ${rp(l.ceiling)}: position grade ${inputs.positionGrade} in ${rows.enactedBy} (${r.policy_version}).`,
    `2. Performance part = ${rp(l.ceiling)} × ${rows.split.performancePercent}% × ${rows.predikat.payPercent}% (predikat ${inputs.predikat}) = ${rp(l.performancePart)}.`,
    `3. Discipline part = ${rp(l.ceiling)} × ${rows.split.disciplinePercent}% × (100% − ${l.deductionPercent}%) = ${rp(l.disciplinePart)}; deductions: ${att}${rows.deductionCapped ? ` (capped at ${rows.deductionCapPercent}%)` : ''}.`,
    rows.sanction.sanction === 'NONE'
      ? `4. Sanction cut: none = ${rp(l.sanctionCut)}.`
      : `4. Sanction cut = (${rp(l.performancePart)} + ${rp(l.disciplinePart)}) × ${rows.sanction.cutPercent}% (hukuman disiplin ${rows.sanction.sanction.toLowerCase()}) = ${rp(l.sanctionCut)}.`,
    `5. Gross = ${rp(l.performancePart)} + ${rp(l.disciplinePart)} − ${rp(l.sanctionCut)} = ${rp(l.gross)}.`,
    `6. BPJS Kesehatan ${rows.healthContribution.employeePercent}% on ${rp(rows.healthContribution.contributionBase)} (the part of gross under the ${rp(rows.healthContribution.capAmount)} cap after the salary base ${rp(inputs.salaryBase)}) = ${rp(l.healthContribution)}; the employer adds ${rp(l.employerHealthContribution)} (${rows.healthContribution.employerPercent}%), not deducted.`,
    `7. PPh 21 (TER category ${inputs.taxCategory}): salary ${rp(inputs.salaryGross)} + TPP ${rp(l.gross)} = ${rp(rows.incomeTax.taxBase)} falls in the bracket ${rows.incomeTax.bracket.above ? `above ${rp(rows.incomeTax.bracket.above)}` : 'from 0'}${rows.incomeTax.bracket.upTo ? ` up to ${rp(rows.incomeTax.bracket.upTo)}` : ''} at ${l.terRate}%; ${rp(l.gross)} × ${l.terRate}% = ${rp(l.incomeTax)}.`,
    `8. Net = ${rp(l.gross)} − ${rp(l.healthContribution)} − ${rp(l.incomeTax)} = ${rp(l.net)}.`,
  ];
  return {
    ...base,
    inputs,
    sources,
    policyRows: rows,
    recomputedMatches: matches,
    steps,
    summary: `Net TPP ${rp(l.net)} for ${r.month}: predikat ${inputs.predikat}, ${att}, sanction ${inputs.sanction}, under ${r.policy_version}.`,
  };
}
