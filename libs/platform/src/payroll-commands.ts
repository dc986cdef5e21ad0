import type { Actor } from '@kinerja/kernel';
import {
  CalculatePayrollRun,
  GetPayrollRun,
  ImportPayInputs,
  OpenPayrollRun,
  payrollBus,
  RequestContext,
  SetTppBudget,
  SignPayrollRun,
  type PayrollQueue,
} from '@kinerja/application';
import type { StepName } from '@kinerja/domain/payroll';
import { parseMonth, parseOpdId } from '@kinerja/domain/shared';
import { applicationDeps } from './application';
import { payrollQueue } from './payroll';
import type { Runtime } from './runtime';

/**
 * The payroll commands for the edges that run without Nest (the CLI, the demo loader, tests): each
 * method parses its arguments and dispatches the command or query the API sends, to the same
 * handlers. A test may hold the queue back (`enqueueCalculation`, `calculationStatus`).
 */
export function payrollService(
  rt: Runtime,
  overrides: { enqueueCalculation?: PayrollQueue['enqueue']; calculationStatus?: PayrollQueue['status'] } = {},
) {
  const queue = payrollQueue(rt);
  const bus = payrollBus({
    ...applicationDeps(rt),
    payrollQueue: { enqueue: overrides.enqueueCalculation ?? queue.enqueue, status: overrides.calculationStatus ?? queue.status },
  });
  const file = (csv: string, dryRun: boolean) => ({ csv, dryRun });
  return {
    importAttendance: (actor: Actor, month: string, csv: string, dryRun = false) =>
      bus.execute(new ImportPayInputs('attendance', parseMonth(month), file(csv, dryRun), actor)),
    importPredikat: (actor: Actor, month: string, csv: string, dryRun = false) =>
      bus.execute(new ImportPayInputs('predikat', parseMonth(month), file(csv, dryRun), actor)),
    setBudget: (actor: Actor, opdId: string, month: string, budget: { amount: string; reason: string }, ctx: RequestContext = {}) =>
      bus.execute(new SetTppBudget(parseOpdId(opdId), parseMonth(month), budget, actor, ctx)),
    openRun: (actor: Actor, opdId: string, month: string, ctx: RequestContext = {}) =>
      bus.execute(new OpenPayrollRun(parseOpdId(opdId), parseMonth(month), actor, ctx)),
    calculate: (actor: Actor, opdId: string, month: string, ctx: RequestContext = {}) =>
      bus.execute(new CalculatePayrollRun(parseOpdId(opdId), parseMonth(month), actor, ctx)),
    step: (
      actor: Actor,
      opdId: string,
      month: string,
      step: StepName,
      signature: { digest: string; sp2dNumber?: string; sp2dDate?: string },
      ctx: RequestContext = {},
    ) => bus.execute(new SignPayrollRun(parseOpdId(opdId), parseMonth(month), step, signature, actor, ctx)),
    getRun: (actor: Actor, opdId: string, month: string) => bus.execute(new GetPayrollRun(parseOpdId(opdId), parseMonth(month), actor)),
  };
}
