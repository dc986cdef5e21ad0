import type { Actor } from '@kinerja/kernel';
import {
  CalculatePayrollRun,
  ImportPayInputs,
  ImportScanFile,
  OpenPayrollRun,
  SetAttendanceDevice,
  SetTppBudget,
} from '@kinerja/application';
import { daysOfMonth, isWorkingDay, scheduledDay, scheduleOf, calendarOf } from '@kinerja/domain/attendance';
import { DEFAULT_ATTENDANCE_POLICY, loadShippedCalendar } from '@kinerja/policies';
import { payrollRunStreamId } from '@kinerja/domain/payroll';
import { loadAppraisalDemo } from './appraisal-demo';
import { payrollRegisterOf, predikatNipsOf } from '@kinerja/projections';
import { applicationContext } from './application';
import type { Runtime } from './runtime';

/** The demo's payroll month and OPD: a run a newcomer can walk through the approval chain. */
export const DEMO_PAYROLL = { opdId: 'DINKES', month: '2026-10' } as const;

const admin: Actor = { userId: 'system:demo', roles: ['admin_kepegawaian'] };
const bpkad: Actor = { userId: 'system:demo', roles: ['bpkad'] };
const bendahara: Actor = { userId: 'system:demo', roles: [`bendahara:${DEMO_PAYROLL.opdId}`] };

/**
 * Extends the demo Pemda with a month of TPP for Dinas Kesehatan: the month's appraisals, rated
 * and issued (so their predikat feeds the run), an attendance
 * summary, the OPD's budget, and a run opened and calculated, left for the demo finance users to
 * submit, verify, approve and disburse. Everything goes through the payroll use cases, as events
 * of `system:demo`, each keyed: a load cut off half-way is completed by the next one, nothing
 * appended twice. Done (`done`) once the run's calculation has been started, now or before.
 */
export async function loadPayrollDemo(
  rt: Runtime,
  options: { waitMs?: number } = {},
): Promise<{ loaded: boolean; done: boolean; reason?: string; employees?: number }> {
  const { opdId, month } = DEMO_PAYROLL;
  const run = await rt.store.readStream(payrollRunStreamId(opdId, month));
  if (run.some((e) => e.type === 'PayrollCalculationStarted')) return { loaded: false, done: true, reason: 'the demo payroll run exists' };
  // The worker projects the register just loaded; the payroll inputs are checked against it.
  const nips = await registerOf(rt, opdId, options.waitMs ?? 60_000);
  if (nips.length === 0)
    return { loaded: false, done: false, reason: `the payroll register of ${opdId} is not projected yet (is a worker running?)` };
  const { commands } = await applicationContext(rt);
  // The month's predikat comes from its appraisals, rated and issued in kinerja; the head of the
  // OPD (rated by the regional head, outside kinerja) and, before the month has ended by the
  // clock, everyone, get an imported one.
  const appraised = await loadAppraisalDemo(rt, opdId, month);
  const withPredikat = appraised.issued ? await predikatOf(rt, month, options.waitMs ?? 60_000) : new Set<string>();
  const missing = nips.filter((n) => !withPredikat.has(n));
  const key = (step: string) => ({ idempotencyKey: `demo-${step}-${opdId}-${month}` });
  const predikat = (i: number) => (i % 11 === 0 ? 'BUTUH_PERBAIKAN' : i % 6 === 0 ? 'SANGAT_BAIK' : 'BAIK');
  if (missing.length)
    await commands.execute(
      new ImportPayInputs('predikat', month, file(['nip,predikat', ...missing.map((n, i) => `${n},${predikat(i)}`)]), admin),
    );
  // The attendance machine's log of the month, made to give exactly the counts imported below: the
  // console's Presensi shows each day and why, and the OPD's recap agrees with the pay input.
  await commands.execute(
    new SetAttendanceDevice(DEMO_DEVICE, { opdId, pins: nips.map((nip, i) => ({ pin: String(i + 1), nip })) }, admin, key('device')),
  );
  await commands.execute(
    new ImportScanFile(
      month,
      { format: 'zkteco', device: DEMO_DEVICE, content: demoScanLog(nips, month), dryRun: false },
      admin,
      key('scans'),
    ),
  );
  await commands.execute(
    new ImportPayInputs(
      'attendance',
      month,
      file([
        'nip,TL1,TL2,TL3,TL4,PSW1,PSW2,PSW3,PSW4,TK',
        ...nips.map((n, i) => `${n},${i % 3},${i % 5 === 0 ? 1 : 0},0,0,${i % 4 === 0 ? 1 : 0},0,0,0,${i % 17 === 0 ? 1 : 0}`),
      ]),
      admin,
    ),
  );
  await commands.execute(
    new SetTppBudget(opdId, month, { amount: '2500000000', reason: 'APBD 2026, TPP Dinas Kesehatan (demo)' }, bpkad, key('budget')),
  );
  await commands.execute(new OpenPayrollRun(opdId, month, bendahara, key('open')));
  await commands.execute(new CalculatePayrollRun(opdId, month, bendahara, key('calculate')));
  return { loaded: true, done: true, employees: nips.length };
}

const DEMO_DEVICE = 'DINKES-PINTU-1';

/**
 * A ZKTeco log of the month for the register `nips` (PIN = position + 1), on the default five-day
 * week: employee i is absent on the first working day when i % 17 = 0, checks in at 07:45 (TL1) on
 * i % 3 days, at 08:10 (TL2) on one day when i % 5 = 0, leaves 15 minutes early (PSW1) on one day
 * when i % 4 = 0, and is on time otherwise: the counts of the summary CSV imported after it.
 */
export function demoScanLog(nips: readonly string[], month: string): string {
  const policy = DEFAULT_ATTENDANCE_POLICY;
  const schedule = scheduleOf(policy, 'DINKES');
  const calendar = calendarOf(policy, loadShippedCalendar(Number(month.slice(0, 4))) ?? []);
  const working = daysOfMonth(month)
    .map((d) => scheduledDay(schedule, calendar, d))
    .filter(isWorkingDay);
  const clock = (minute: number) =>
    `${String(Math.floor((minute % 1440) / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00`;
  const lines: string[] = [];
  nips.forEach((_, i) => {
    const pin = String(i + 1).padStart(9);
    const special: Array<'TK' | 'TL1' | 'TL2' | 'PSW1'> = [
      ...(i % 17 === 0 ? (['TK'] as const) : []),
      ...Array<'TL1'>(i % 3).fill('TL1'),
      ...(i % 5 === 0 ? (['TL2'] as const) : []),
      ...(i % 4 === 0 ? (['PSW1'] as const) : []),
    ];
    working.forEach((day, d) => {
      const kind = special[d];
      if (kind === 'TK') return;
      const start = day.start % 1440;
      const end = day.end % 1440;
      const checkIn = kind === 'TL1' ? start + 15 : kind === 'TL2' ? start + 40 : start - 10;
      const checkOut = kind === 'PSW1' ? end - 15 : end + 5;
      lines.push(`${pin}\t${day.date} ${clock(checkIn)}\t1\t0\t1\t0`, `${pin}\t${day.date} ${clock(checkOut)}\t1\t1\t1\t0`);
    });
  });
  return lines.join('\r\n') + '\r\n';
}

/** A CSV file of the demo's pay inputs, imported for real. */
const file = (lines: string[]) => ({ csv: lines.join('\n'), dryRun: false });

/** Whether the payroll projection has applied every event appended so far (waits up to `waitMs`). */
async function payrollCaughtUp(rt: Runtime, waitMs: number): Promise<boolean> {
  // Counted in polls, not read from a clock (the runtime's clock may be set).
  for (let waited = 0; ; waited += 250) {
    const payroll = (await rt.runner.status()).find((p) => p.name === 'payroll');
    if (payroll && payroll.activeGeneration !== null && payroll.lagEvents === 0) return true;
    if (waited >= waitMs) return false;
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function registerOf(rt: Runtime, opdId: string, waitMs: number): Promise<string[]> {
  // The register is read once the payroll projection has applied every event appended so far.
  // A register read half-way would pay half the OPD: without a caught-up projection, no run.
  if (!(await payrollCaughtUp(rt, waitMs))) return [];
  return payrollRegisterOf(rt.db.pool, opdId);
}

/** Who has the month's predikat in the pay inputs, once the issued appraisals are projected. */
async function predikatOf(rt: Runtime, month: string, waitMs: number): Promise<Set<string>> {
  if (!(await payrollCaughtUp(rt, waitMs))) return new Set();
  return predikatNipsOf(rt.db.pool, month);
}
