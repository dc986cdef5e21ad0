/**
 * A year of one OPD's decisions, made by the deciders and the calculator themselves and appended to
 * a store, for the audit benches (`asof`, `replay`): each month every employee is rated, the unit
 * issued within the curve, each appraisal issued, and a payroll run calculated on those predikat
 * (its lines in batch streams of 1,000 with their index, as the calculation job writes them).
 */
import { deterministicId, generateNips, type Actor } from '../libs/kernel/src';
import type { EventStore, NewEvent } from '../libs/event-store/src';
import {
  appraisalStreamId,
  calibrationStreamId,
  decideAppraisal,
  decideCalibration,
  evolveAppraisal,
  evolveCalibration,
  initialAppraisalState,
  initialCalibrationState,
  type AppraisalEvent,
  type AppraisalState,
  type CalibrationEvent,
  type CalibrationState,
} from '../libs/domain/appraisal';
import { payLinesIndexStreamId, payLinesStreamId, payrollRunStreamId, priceEmployee, runId as runIdOf } from '../libs/domain/payroll';
import { appraisalPolicyOf, compiledPolicy, type PolicyDocument, type Rating } from '../libs/policies/src';

export const OPD = 'BENCH';
const RATER = { nip: '197001012000011001', positionId: 'BENCH-HEAD' };
const rater: Actor = { userId: 'rater', nip: RATER.nip, roles: ['pegawai'] };
const head: Actor = { userId: 'head', nip: RATER.nip, roles: ['kepala_opd:BENCH'] };

/** 60% BAIK, 20% SANGAT_BAIK, 20% BUTUH_PERBAIKAN: within the curve of an OPD rated BAIK. */
function ratingsOf(i: number): { results: Rating; behaviour: Rating } {
  if (i % 5 === 0) return { results: 'DI_ATAS_EKSPEKTASI', behaviour: 'DI_ATAS_EKSPEKTASI' };
  if (i % 5 === 1) return { results: 'DI_BAWAH_EKSPEKTASI', behaviour: 'SESUAI_EKSPEKTASI' };
  return { results: 'SESUAI_EKSPEKTASI', behaviour: 'SESUAI_EKSPEKTASI' };
}

const withIds = (streamId: string, events: Array<{ type: string; data: unknown }>, policyVersion: string): NewEvent[] =>
  events.map((e, i) => ({
    id: deterministicId('bench.audit', streamId, e.type, i),
    type: e.type,
    data: e.data,
    metadata: { actor: 'bench', policyVersion },
  }));

/** Appends in parallel, a few streams at a time. */
async function appendAll(store: EventStore, batches: Array<[string, NewEvent[]]>, concurrency = 16): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < batches.length) {
        const [streamId, events] = batches[next++];
        if (events.length) await store.append(streamId, events);
      }
    }),
  );
}

export interface AuditLog {
  nips: string[];
  months: string[];
  decisions: number;
  events: number;
}

/** Appends `months` (YYYY-MM, in order) of decisions for `employees` employees; `onMonth` after each month. */
export async function appendAuditYear(
  store: EventStore,
  policy: PolicyDocument,
  employees: number,
  months: string[],
  onMonth?: (month: string) => Promise<void> | void,
): Promise<AuditLog> {
  const nips = generateNips(employees, 1515);
  const appraisal = appraisalPolicyOf(policy);
  const tpp = compiledPolicy(policy);
  const v = policy.policyVersion;
  let decisions = 0;
  let events = 0;
  for (const month of months) {
    const at = `${month}-28T03:00:00.000Z`;
    const issuedOn = `${month}-28`;
    // The ratings.
    const states = new Map<string, AppraisalState>();
    const rated: Array<[string, NewEvent[]]> = nips.map((nip, i) => {
      const r = ratingsOf(i);
      const out = decideAppraisal(
        {
          type: 'RateAppraisal',
          nip,
          period: month,
          by: rater,
          now: at,
          ...r,
          reasons: { results: 'capaian di luar ekspektasi', behaviour: 'perilaku di luar ekspektasi' },
          facts: { opdId: OPD, rater: RATER, periodEnded: true, knownResultIds: [], policy: appraisal, policyVersion: v },
        },
        initialAppraisalState(),
      );
      states.set(
        nip,
        out.reduce((s, e) => evolveAppraisal(s, e), initialAppraisalState()),
      );
      return [appraisalStreamId(nip, month), withIds(appraisalStreamId(nip, month), out, v)];
    });
    await appendAll(store, rated);
    // The unit's issue (its organisational result first).
    let cal: CalibrationState = initialCalibrationState();
    const calEvents: CalibrationEvent[] = [];
    const decideCal = (cmd: Parameters<typeof decideCalibration>[0]) => {
      const out = decideCalibration(cmd, cal);
      for (const e of out) cal = evolveCalibration(cal, e);
      calEvents.push(...out);
      return out;
    };
    decideCal({ type: 'SetOrganisationResult', opdId: OPD, period: month, result: 'BAIK', reason: 'LKjIP', by: head, now: at });
    const drafts = nips.map((nip) => ({ nip, predikat: (states.get(nip) as { predikat: 'BAIK' }).predikat }));
    const issue = {
      type: 'IssueUnitAppraisals' as const,
      opdId: OPD,
      period: month,
      drafts,
      unrated: [],
      issuedOn,
      policy: appraisal,
      policyVersion: v,
      by: head,
      now: at,
    };
    try {
      decideCal(issue);
    } catch {
      const counts = Object.fromEntries(
        ['SANGAT_BAIK', 'BAIK', 'BUTUH_PERBAIKAN', 'KURANG', 'SANGAT_KURANG'].map((p) => [
          p,
          drafts.filter((d) => d.predikat === p).length,
        ]),
      );
      decideCal({
        type: 'JustifyDistribution',
        opdId: OPD,
        period: month,
        justification: 'bench',
        counts: counts as never,
        policy: appraisal,
        by: head,
        now: at,
      });
      decideCal(issue);
    }
    const calibrationId = calibrationStreamId(OPD, month);
    await store.append(calibrationId, withIds(calibrationId, calEvents, v));
    // Each appraisal issued.
    const issued: Array<[string, NewEvent[]]> = nips.map((nip) => {
      const out: AppraisalEvent[] = decideAppraisal(
        {
          type: 'IssueAppraisal',
          nip,
          period: month,
          by: head,
          now: at,
          calibrationId,
          issuedOn,
          raterSupervisor: null,
          policy: appraisal,
          policyVersion: v,
          timeZone: 'Asia/Jakarta',
        },
        states.get(nip)!,
      );
      const id = appraisalStreamId(nip, month);
      return [
        id,
        out.map((e) => ({
          id: deterministicId('bench.audit.issued', id),
          type: e.type,
          data: e.data,
          metadata: { actor: 'head', policyVersion: v },
        })),
      ];
    });
    await appendAll(store, issued);
    // The month's payroll run: opened, calculated, its lines in batches with their index.
    const runId = runIdOf(OPD, month);
    const lines = nips.map((nip, i) => {
      const priced = priceEmployee(
        {
          nip,
          name: `Pegawai ${i}`,
          positionGrade: 7 + (i % 5),
          salaryBase: '4000000',
          salaryGross: '4500000',
          terCategory: 'A',
          bankAccount: { bankName: 'BANK', accountNumber: String(1e9 + i), accountName: `Pegawai ${i}` },
          employeeVersion: 0,
          predikat: (states.get(nip) as { predikat: 'BAIK' }).predikat,
          predikatEventId: deterministicId('bench.audit.issued', appraisalStreamId(nip, month)),
          objectionId: null,
          attendance: i % 3 ? {} : { TL1: 2 },
          attendanceEventId: null,
          sanction: 'NONE',
          sanctionIds: [],
        },
        { runId, opdId: OPD, month, calculation: 1, revision: 0, policy: tpp },
      );
      if ('skipped' in priced) throw new Error(`not priced: ${priced.skipped.code}`);
      return { id: priced.id, type: priced.event.type, data: priced.event.data, metadata: { actor: 'system:payroll', policyVersion: v } };
    });
    const runStream = payrollRunStreamId(OPD, month);
    const runMeta = { actor: 'bendahara', policyVersion: v };
    await store.append(runStream, [
      { type: 'PayrollRunOpened', data: { runId, opdId: OPD, month, policyVersion: v, openedBy: 'bendahara', at }, metadata: runMeta },
      {
        type: 'PayrollCalculationStarted',
        data: { runId, calculation: 1, policyVersion: v, requestedBy: 'bendahara', at },
        metadata: runMeta,
      },
    ]);
    const index = payLinesIndexStreamId(runId, 1);
    const batches: Array<[string, NewEvent[]]> = [];
    for (let i = 0; i < lines.length; i += 1000) {
      const batch = lines.slice(i, i + 1000);
      batches.push([payLinesStreamId(runId, 1, batch[0].id), batch]);
    }
    await appendAll(store, batches, 4);
    for (const [stream, batch] of batches)
      await store.append(index, [
        { type: 'PayLinesBatchWritten', data: { runId, calculation: 1, stream, lines: batch.length }, metadata: runMeta },
      ]);
    const totalOf = (k: 'gross' | 'net') =>
      lines.reduce((s, l) => s + BigInt((l.data as { amounts: Record<string, string> }).amounts[k]), 0n).toString();
    await store.append(runStream, [
      {
        type: 'PayrollCalculated',
        data: {
          runId,
          calculation: 1,
          batches: batches.length,
          lineCount: lines.length,
          adjustmentCount: 0,
          totalGross: totalOf('gross'),
          totalNet: totalOf('net'),
          digest: 'bench',
          skipped: [],
          at,
        },
        metadata: runMeta,
      },
    ]);
    decisions += nips.length * 2 + 2;
    events += nips.length * 3 + calEvents.length + 4 + batches.length;
    await onMonth?.(month);
  }
  return { nips, months, decisions, events };
}
