import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Command } from '@nestjs/cqrs';
import { Actor, badInput, deterministicId } from '@kinerja/kernel';
import {
  draftDigest,
  MAX_SIMULATION_MONTHS,
  policySimulationDecider,
  policySimulationStreamId,
  projectBudget,
  simulateOpdMonth,
  type BudgetProjection,
  type OpdMonthSimulation,
} from '@kinerja/domain/payroll';
import { compileTppPolicy, parsePolicyDocument, policyByVersion, policyInForce, type CompiledTppPolicy } from '@kinerja/policies';
import { budgetsOfYear, payrollOpds, simulationInputs } from '@kinerja/projections';
import { handleCommand } from '../command-handler';
import type { RequestContext } from '../people/service';
import { ORGANISATION, PayrollHandler, withActor } from './base';

export const MAX_SIMULATION_DRAFTS = 5;

export interface SimulationRequest {
  /** Draft policy documents (the format of a published one), 1 to 5; never published by simulating. */
  drafts: readonly unknown[];
  /** The months to simulate, YYYY-MM (at most 36). */
  months: readonly string[];
  /** The OPDs; all with a payroll register or run when absent. */
  opdIds?: readonly string[];
  /** How many of the largest rises and falls per OPD, month and draft (default 10, at most 100). */
  top?: number;
}

export interface SimulationAnswer {
  simulationId: string;
  drafts: Array<{ draft: number; policyVersion: string; digest: string; effectiveFrom: string }>;
  months: string[];
  opdIds: string[];
  /** One entry per OPD and month. */
  results: OpdMonthSimulation[];
  /** Per draft, all OPDs and months together. */
  totals: {
    today: { gross: string; net: string };
    drafts: Array<{ draft: number; gross: string; net: string; difference: { gross: string; net: string } }>;
  };
  /** Per OPD: the rest of the year of the last month simulated, under today's policy and each draft. */
  projections: Array<{ opdId: string; today: BudgetProjection; drafts: BudgetProjection[] }>;
}

/**
 * What-if: draft policy documents priced against the recorded inputs of past months, beside the
 * figures under the policy in force, with the budget projection for the rest of the year. Appends
 * only the record that it ran (who, which drafts by digest, which months and OPDs).
 */
export class SimulatePolicies extends Command<SimulationAnswer> {
  constructor(
    readonly request: SimulationRequest,
    readonly actor: Actor,
    readonly ctx: RequestContext,
    /** Called after each OPD's month (the CLI's progress bar). */
    readonly onProgress?: (done: number, total: number) => void,
  ) {
    super();
  }
}

@CommandHandler(SimulatePolicies)
export class SimulatePoliciesHandler extends PayrollHandler implements ICommandHandler<SimulatePolicies> {
  async execute({ request, actor, ctx, onProgress }: SimulatePolicies): Promise<SimulationAnswer> {
    const role = await this.allow(actor, 'payroll.simulate', ORGANISATION);
    const { drafts, documents, months, top } = checkRequest(request);
    const policies = await this.policies();
    // The policy in force for each month (NO_POLICY_IN_FORCE refuses the whole request, before any work).
    const inForce = new Map(months.map((m) => [m, policyInForce(policies, m)]));
    const compiled = new Map<string, CompiledTppPolicy>();
    const compiledOf = (version: string) => {
      let c = compiled.get(version);
      if (!c) compiled.set(version, (c = compileTppPolicy(policyByVersion(policies, version))));
      return c;
    };
    const opdIds = request.opdIds?.length ? [...new Set(request.opdIds)].sort() : await payrollOpds(this.db);
    const years = [...new Set(months.map((m) => Number(m.slice(0, 4))))];
    const budgets = new Map<number, Map<string, Map<string, string>>>();
    for (const y of years) budgets.set(y, await budgetsOfYear(this.db, opdIds, y));
    const budgetOf = (opdId: string, month: string) =>
      budgets
        .get(Number(month.slice(0, 4)))
        ?.get(opdId)
        ?.get(month) ?? null;

    const results: OpdMonthSimulation[] = [];
    const total = opdIds.length * months.length;
    for (const month of months)
      for (const opdId of opdIds) {
        const inputs = await simulationInputs(this.db, opdId, month);
        results.push(
          simulateOpdMonth({
            opdId,
            month,
            source: inputs.source,
            budget: budgetOf(opdId, month),
            lines: inputs.lines,
            today: compiledOf(inputs.policyVersion ?? inForce.get(month)!.policyVersion),
            drafts,
            top,
            skipped: inputs.skipped,
          }),
        );
        onProgress?.(results.length, total);
      }

    const at = this.now();
    const draftRefs = documents.map((d) => ({ digest: draftDigest(d.raw), policyVersion: d.doc.policyVersion }));
    // A retry with the same Idempotency-Key is the same simulation: recorded once.
    const simulationId = deterministicId(
      'kinerja.simulation',
      actor.userId,
      ctx.idempotencyKey ?? at,
      ...draftRefs.map((d) => d.digest),
      ...months,
      ...opdIds,
    );
    await handleCommand(
      this.store,
      policySimulationStreamId(simulationId),
      policySimulationDecider,
      { type: 'RecordSimulation', simulationId, by: { userId: actor.userId, role }, drafts: draftRefs, months, opdIds, at },
      withActor(actor, role, ctx),
    );
    return {
      simulationId,
      drafts: documents.map((d, draft) => ({ draft, ...draftRefs[draft], effectiveFrom: d.doc.effectiveFrom })),
      months,
      opdIds,
      results,
      totals: totalsOf(results, drafts.length),
      projections: projectionsOf(results, opdIds, months, drafts.length, budgets),
    };
  }
}

function checkRequest(request: SimulationRequest) {
  const raw = request.drafts;
  if (!Array.isArray(raw) || raw.length < 1 || raw.length > MAX_SIMULATION_DRAFTS)
    throw badInput('INVALID_DRAFTS', `give 1 to ${MAX_SIMULATION_DRAFTS} draft policy documents`, {
      drafts: Array.isArray(raw) ? raw.length : 0,
    });
  const documents = raw.map((value, i) => ({ raw: value, doc: parsePolicyDocument(value, `draft ${i + 1}`) }));
  const months = [...new Set(request.months)].sort();
  if (months.length < 1 || months.length > MAX_SIMULATION_MONTHS)
    throw badInput('INVALID_MONTHS', `give 1 to ${MAX_SIMULATION_MONTHS} months`, { months: months.length });
  for (const m of months)
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(m))
      throw badInput('INVALID_MONTH', `month must be YYYY-MM, got ${JSON.stringify(m)}`, { month: m });
  const top = request.top ?? 10;
  if (!Number.isSafeInteger(top) || top < 1 || top > 100) throw badInput('INVALID_TOP', 'top is a whole number from 1 to 100', { top });
  // Compiled afresh, never through the published versions: a draft may reuse a published version's id.
  return { documents, drafts: documents.map((d) => compileTppPolicy(d.doc)), months, top };
}

function totalsOf(results: readonly OpdMonthSimulation[], draftCount: number): SimulationAnswer['totals'] {
  let gross = 0n;
  let net = 0n;
  const drafts = Array.from({ length: draftCount }, () => ({ gross: 0n, net: 0n }));
  for (const r of results) {
    gross += BigInt(r.today.gross);
    net += BigInt(r.today.net);
    r.drafts.forEach((d, i) => {
      drafts[i].gross += BigInt(d.gross);
      drafts[i].net += BigInt(d.net);
    });
  }
  return {
    today: { gross: gross.toString(), net: net.toString() },
    drafts: drafts.map((d, draft) => ({
      draft,
      gross: d.gross.toString(),
      net: d.net.toString(),
      difference: { gross: (d.gross - gross).toString(), net: (d.net - net).toString() },
    })),
  };
}

/** Per OPD, the year of the last month simulated, from the simulated months of that year. */
function projectionsOf(
  results: readonly OpdMonthSimulation[],
  opdIds: readonly string[],
  months: readonly string[],
  draftCount: number,
  budgets: ReadonlyMap<number, ReadonlyMap<string, ReadonlyMap<string, string>>>,
): SimulationAnswer['projections'] {
  const year = Number(months[months.length - 1].slice(0, 4));
  return opdIds.map((opdId) => {
    const mine = results.filter((r) => r.opdId === opdId && r.month.startsWith(`${year}-`));
    const opdBudgets = budgets.get(year)?.get(opdId) ?? new Map<string, string>();
    return {
      opdId,
      today: projectBudget({ year, actual: mine.map((r) => ({ month: r.month, amount: r.today.gross })), budgets: opdBudgets }),
      drafts: Array.from({ length: draftCount }, (_, i) =>
        projectBudget({ year, actual: mine.map((r) => ({ month: r.month, amount: r.drafts[i].gross })), budgets: opdBudgets }),
      ),
    };
  });
}
