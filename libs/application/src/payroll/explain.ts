/**
 * A pay line explained in words and numbers (Bahasa Indonesia: the employee reads it on the Slip TPP): the inputs it was priced from (and the events they
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
    const sign = r.amounts.net.startsWith('-') ? 'ditarik kembali' : 'dibayarkan';
    return {
      ...base,
      sources: { objectionId: d.objectionId, originalLineId: d.originalLineId, adjustsRunId: d.adjustsRunId },
      steps: [
        `Keberatan ${d.objectionId} mengubah predikat ${d.adjustsMonth} dari ${d.previousPredikat} menjadi ${d.predikat} setelah bulan itu dicairkan (run ${d.adjustsRunId}).`,
        `${d.adjustsMonth} dihitung ulang dengan ${d.predikat} menurut ${r.policy_version}: neto ${rp(d.recalculated.net)} (bruto ${rp(d.recalculated.gross)}).`,
        `Dibayar pada ${d.adjustsMonth}: neto ${rp(d.original.net)} (bruto ${rp(d.original.gross)}); bulan itu tidak ditulis ulang.`,
        `Selisih ${rp(r.amounts.net)} neto (${rp(r.amounts.gross)} bruto) ${sign} pada run ini.`,
      ],
    };
  }
  const { inputs, sources } = r.detail;
  const result = calculateTpp(inputs, policyByVersion(policies, r.policy_version));
  const l = result.lines;
  const rows = result.rows;
  const matches = Object.entries(r.amounts).every(([k, v]) => (l as unknown as Record<string, string>)[k] === v);
  const att = rows.attendanceDeductions.length
    ? rows.attendanceDeductions.map((a) => `${a.code} ×${a.count} @ ${a.percentEach}% = ${a.percent}%`).join('; ')
    : 'tanpa terlambat, pulang sebelum waktunya atau tanpa keterangan';
  const steps = [
    `1. Pagu ${rp(l.ceiling)}: kelas jabatan ${inputs.positionGrade} menurut ${rows.enactedBy} (${r.policy_version}).`,
    `2. Bagian kinerja = ${rp(l.ceiling)} × ${rows.split.performancePercent}% × ${rows.predikat.payPercent}% (predikat ${inputs.predikat}) = ${rp(l.performancePart)}.`,
    `3. Bagian disiplin = ${rp(l.ceiling)} × ${rows.split.disciplinePercent}% × (100% − ${l.deductionPercent}%) = ${rp(l.disciplinePart)}; potongan: ${att}${rows.deductionCapped ? ` (dibatasi ${rows.deductionCapPercent}%)` : ''}.`,
    rows.sanction.sanction === 'NONE'
      ? `4. Potongan hukuman disiplin: tidak ada = ${rp(l.sanctionCut)}.`
      : `4. Potongan hukuman disiplin = (${rp(l.performancePart)} + ${rp(l.disciplinePart)}) × ${rows.sanction.cutPercent}% (hukuman disiplin ${rows.sanction.sanction.toLowerCase()}) = ${rp(l.sanctionCut)}.`,
    `5. Bruto = ${rp(l.performancePart)} + ${rp(l.disciplinePart)} − ${rp(l.sanctionCut)} = ${rp(l.gross)}.`,
    `6. BPJS Kesehatan ${rows.healthContribution.employeePercent}% dari ${rp(rows.healthContribution.contributionBase)} (bagian bruto di bawah batas ${rp(rows.healthContribution.capAmount)} setelah gaji pokok ${rp(inputs.salaryBase)}) = ${rp(l.healthContribution)}; pemberi kerja menambah ${rp(l.employerHealthContribution)} (${rows.healthContribution.employerPercent}%), tidak dipotong.`,
    `7. PPh 21 (TER kategori ${inputs.taxCategory}): gaji ${rp(inputs.salaryGross)} + TPP ${rp(l.gross)} = ${rp(rows.incomeTax.taxBase)} masuk lapisan ${rows.incomeTax.bracket.above ? `di atas ${rp(rows.incomeTax.bracket.above)}` : 'dari 0'}${rows.incomeTax.bracket.upTo ? ` sampai ${rp(rows.incomeTax.bracket.upTo)}` : ''} dengan tarif ${l.terRate}%; ${rp(l.gross)} × ${l.terRate}% = ${rp(l.incomeTax)}.`,
    `8. Neto = ${rp(l.gross)} − ${rp(l.healthContribution)} − ${rp(l.incomeTax)} = ${rp(l.net)}.`,
  ];
  return {
    ...base,
    inputs,
    sources,
    policyRows: rows,
    recomputedMatches: matches,
    steps,
    summary: `TPP neto ${rp(l.net)} untuk ${r.month}: predikat ${inputs.predikat}, ${att}, hukuman disiplin ${inputs.sanction}, menurut ${r.policy_version}.`,
  };
}
