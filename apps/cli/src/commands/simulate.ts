/**
 * `kinerja tpp simulate --draft file.json [--draft other.json] --months 2026-01..2026-10`: draft
 * policy documents priced against the recorded months, beside the policy in force, with the budget
 * projection; a table on stdout (or `--json`), `--csv` for a spreadsheet. Records only that it ran.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { badInput } from '@kinerja/kernel';
import { SimulatePolicies, type SimulationAnswer } from '@kinerja/application';
import { parseMonthRange } from '@kinerja/domain/payroll';
import { applicationContext } from '@kinerja/platform';
import { progressBar } from '../progress';
import { CLI_ACTOR, withRuntime } from '../runtime';

const collect = (value: string, previous: string[]) => [...previous, value];

function readDraft(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw badInput('DRAFT_UNREADABLE', `cannot read ${file}: ${(e as Error).message}`, { file });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw badInput('INVALID_POLICY_DOCUMENT', `${file} is not valid JSON: ${(e as Error).message}`, { file });
  }
}

/** 1234567 → 1,234,567 (whole rupiah, with its sign). */
const rp = (s: string | null) => (s === null ? '-' : s.replace(/\B(?=(\d{3})+(?!\d))/g, ','));

function table(header: string[], rows: string[][]): string {
  const width = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i < 2 ? c.padEnd(width[i]) : c.padStart(width[i]))).join('  ');
  return [line(header), width.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The answer as the tables a person reads: per OPD and month, then the projection per OPD. */
export function simulationTables(a: SimulationAnswer): string {
  const names = a.drafts.map((d) => `draft ${d.draft + 1}`);
  const monthRows = a.results.map((r) => [
    r.opdId,
    r.month,
    r.source,
    String(r.employees),
    rp(r.today.gross),
    ...r.drafts.flatMap((d) => [rp(d.gross), rp(d.difference.gross)]),
    rp(r.budget),
  ]);
  monthRows.push([
    'total',
    '',
    '',
    '',
    rp(a.totals.today.gross),
    ...a.totals.drafts.flatMap((d) => [rp(d.gross), rp(d.difference.gross)]),
    '',
  ]);
  const out = [
    a.drafts.map((d, i) => `${names[i]}: ${d.policyVersion} (sha256 ${d.digest.slice(0, 16)}…)`).join('\n'),
    '',
    'TPP gross per OPD and month (rupiah): today, under each draft, the difference, the budget',
    table(['opd', 'month', 'source', 'employees', 'today', ...names.flatMap((n) => [n, 'difference']), 'budget'], monthRows),
  ];
  if (a.projections.length) {
    const year = a.projections[0].today.year;
    out.push(
      '',
      `budget projection ${year} (gross; the mean of the months simulated carried to every other month): year total, month the allocation runs out`,
      table(
        ['opd', 'allocation', 'today', 'runs out', ...names.flatMap((n) => [n, 'runs out'])],
        a.projections.map((p) => [
          p.opdId,
          rp(p.today.allocation),
          rp(p.today.yearTotal),
          p.today.exhaustedIn ?? '-',
          ...p.drafts.flatMap((d) => [rp(d.yearTotal), d.exhaustedIn ?? '-']),
        ]),
      ),
    );
  }
  return out.join('\n');
}

/** One row per OPD, month and draft, then one per kelas jabatan (`position_grade` set). */
export function simulationCsv(a: SimulationAnswer): string {
  const rows = [
    'opd_id,month,source,position_grade,employees,draft,draft_policy_version,today_gross,today_net,draft_gross,draft_net,difference_gross,difference_net,budget,within_budget',
  ];
  for (const r of a.results)
    for (const d of r.drafts) {
      const version = a.drafts[d.draft].policyVersion;
      rows.push(
        [
          r.opdId,
          r.month,
          r.source,
          '',
          r.employees,
          d.draft + 1,
          version,
          r.today.gross,
          r.today.net,
          d.gross,
          d.net,
          d.difference.gross,
          d.difference.net,
          r.budget ?? '',
          d.withinBudget === null ? '' : String(d.withinBudget),
        ].join(','),
      );
      for (const g of d.byGrade)
        rows.push(
          [
            r.opdId,
            r.month,
            r.source,
            g.positionGrade,
            g.employees,
            d.draft + 1,
            version,
            g.today.gross,
            g.today.net,
            g.draft.gross,
            g.draft.net,
            g.difference.gross,
            g.difference.net,
            '',
            '',
          ].join(','),
        );
    }
  return rows.join('\n') + '\n';
}

export function registerSimulateCommand(tpp: Command): void {
  tpp
    .command('simulate')
    .description(
      'price draft policy documents against the recorded inputs of past months, beside the policy in force, ' +
        'with the budget projection for the rest of the year; records only that it ran',
    )
    .requiredOption('--draft <file>', 'a draft policy document (JSON, the format of a published one); repeat for several', collect, [])
    .requiredOption('--months <range>', 'the months: 2026-01..2026-10, 2026-03, or a comma-separated list')
    .option('--opd <opdId>', 'only this OPD; repeat for several (default: every OPD with a payroll register)', collect, [])
    .option('--top <n>', 'the largest rises and falls listed per OPD, month and draft', '10')
    .option('--csv <file>', 'also write the figures per OPD, month, draft and kelas jabatan as CSV')
    .option('--json', 'print the whole answer as JSON instead of the tables')
    .action(async (opts: { draft: string[]; months: string; opd: string[]; top: string; csv?: string; json?: boolean }) => {
      const drafts = opts.draft.map(readDraft);
      const months = parseMonthRange(opts.months);
      const top = Number(opts.top);
      const answer = await withRuntime(async (rt) => {
        const app = await applicationContext(rt);
        const bar = progressBar('simulating');
        try {
          return await app.commands.execute(
            new SimulatePolicies({ drafts, months, opdIds: opts.opd, top }, CLI_ACTOR, {}, (done, total) => bar.update(done, total)),
          );
        } finally {
          bar.done();
        }
      });
      if (opts.csv) {
        writeFileSync(opts.csv, simulationCsv(answer));
        process.stderr.write(`written ${opts.csv}\n`);
      }
      console.log(opts.json ? JSON.stringify(answer, null, 2) : simulationTables(answer));
    });
}
