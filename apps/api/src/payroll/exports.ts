import type { ExportLine } from '@kinerja/application';

// The exports of an approved run, rendered at the edge from the lines the query answers.

interface ApprovedRun {
  runId: string;
  month: string;
  status: string;
  totalGross: string;
  totalNet: string;
  lines: ExportLine[];
}

/** A CSV field, quoted when it holds a quote, a comma or a line break. */
const field = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** The bank transfer file: one row per employee, the net of the TPP line plus any adjustments. */
export function bankTransferCsv(run: ApprovedRun): string {
  const byNip = new Map<string, { name: string; bank: ExportLine['bankAccount']; net: bigint }>();
  for (const l of run.lines) {
    const cur = byNip.get(l.nip) ?? { name: l.name, bank: l.bankAccount, net: 0n };
    cur.net += BigInt(l.amounts.net);
    byNip.set(l.nip, cur);
  }
  const out = ['nip,name,bank,account_number,account_name,amount,description'];
  for (const [nip, r] of byNip) {
    if (r.net <= 0n) continue; // a net of zero or less is recovered, not transferred
    out.push(
      [nip, r.name, r.bank.bankName, r.bank.accountNumber, r.bank.accountName, r.net.toString(), `TPP ${run.month} ${run.runId}`]
        .map((v) => field(String(v)))
        .join(','),
    );
  }
  return out.join('\n') + '\n';
}

/** The slip list: per employee, their lines and net. */
export function slipList(run: ApprovedRun) {
  const slips = new Map<string, { nip: string; name: string; lines: Array<Record<string, unknown>>; net: bigint }>();
  for (const l of run.lines) {
    const s = slips.get(l.nip) ?? { nip: l.nip, name: l.name, lines: [], net: 0n };
    s.lines.push({ lineKey: l.lineKey, kind: l.kind, objectionId: l.objectionId, adjustsMonth: l.adjustsMonth, amounts: l.amounts });
    s.net += BigInt(l.amounts.net);
    slips.set(l.nip, s);
  }
  return {
    runId: run.runId,
    status: run.status,
    totalGross: run.totalGross,
    totalNet: run.totalNet,
    slips: [...slips.values()].map((s) => ({ ...s, net: s.net.toString() })),
  };
}
