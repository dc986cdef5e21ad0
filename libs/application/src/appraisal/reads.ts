import { Actor, Instant, isKinerjaError, Nip } from '@kinerja/kernel';
import type { CommandBus } from '@nestjs/cqrs';
import type { EventStore } from '@kinerja/event-store';
import {
  appraisalDecider,
  AppraisalEvent,
  AppraisalState,
  appraisalStreamId,
  assertPeriod,
  calibrationDecider,
  CalibrationState,
  calibrationStreamId,
  EvidenceItem,
  appraisalOfRecommendation,
  lastPeriodsOfYear,
  FollowUpFacts,
  isLastPeriodOfYear,
  lastDayOf,
  monthsOf,
  nextPeriod,
  Period,
  previousPeriod,
  UnitAppraisalsIssued,
  yearOf,
  yearPredikatDecider,
  yearPredikatStreamId,
} from '@kinerja/domain/appraisal';
import { employeesOfOpd, supervisorOf } from '@kinerja/domain/organisation';
import { DEFAULT_TIME_ZONE } from '@kinerja/domain/shared';
import { versionInForce } from '@kinerja/domain/workplan';
import { evidenceStreamId } from '@kinerja/domain/evidence';
import { appraisalPolicyOf, policyInForce, type AppraisalPolicy, type PolicyDocument, type Predikat } from '@kinerja/policies';
import { readState } from '../command-handler';
import type { PlanningService } from '../planning/service';

/** A deadline a timer must fire at: the end of an objection window, or an objection's decision due date. */
export interface Deadline {
  kind: 'OBJECTION_WINDOW' | 'OBJECTION_DECISION';
  nip: Nip;
  period: Period;
  dueAt: Instant;
}

export interface AppraisalDeps {
  /** Shipped and published policy versions. */
  policies(): Promise<readonly PolicyDocument[]>;
  /** The area's process managers (libs/workflows), which the handlers hand the unit's issue and what they appended. */
  processes: AppraisalProcesses;
  timeZone?: string;
}

/** The OPD's issue as the fan-out is told it: the unit's event, and who issued it under which policy. */
export interface UnitIssue {
  calibrationId: string;
  issued: UnitAppraisalsIssued['data'];
  policy: AppraisalPolicy;
  policyVersion: string;
  timeZone: string;
  by: Actor;
  role: string;
  now: Instant;
  requestId?: string;
}

/**
 * The appraisal process managers, written in libs/workflows (which may use this layer, not the
 * other way round) and wired by the running system.
 */
export interface AppraisalProcesses {
  /** The issue fan-out: the unit's issue -> each rated appraisal's IssueAppraisal, sent on the CommandBus. */
  fanOutIssue(service: AppraisalReads, commands: CommandBus, issue: UnitIssue): Promise<void>;
  /** The deadlines: events just appended -> the timers they start (on the durable queue). */
  startDeadlines(events: readonly AppraisalEvent[]): Promise<void>;
}

/**
 * What the appraisal handlers (handlers.ts) look up before they decide: the policy in force, the
 * appraisals and the unit's calibration as the log has them, and every fact a decider needs (the
 * settled neighbours, the plan's RHK, the uploaded evidence). Reads only: it appends nothing; the
 * handlers authorise, decide and append.
 */
export class AppraisalReads {
  constructor(
    readonly store: EventStore,
    readonly planning: PlanningService,
    readonly deps: AppraisalDeps,
  ) {}

  get timeZone(): string {
    return this.deps.timeZone ?? DEFAULT_TIME_ZONE;
  }

  get people() {
    return this.planning.people;
  }

  /** The policy in force for a period (the one of its first month), and the period checked against its length. */
  async policyFor(period: unknown): Promise<{ policy: AppraisalPolicy; policyVersion: string }> {
    assertPeriod(period);
    const doc = policyInForce(await this.deps.policies(), monthsOf(period)[0]);
    const policy = appraisalPolicyOf(doc);
    assertPeriod(period, policy.period);
    return { policy, policyVersion: doc.policyVersion };
  }

  appraisal(nip: Nip, period: Period): Promise<{ state: AppraisalState; version: number }> {
    return readState(this.store, appraisalStreamId(nip, period), appraisalDecider);
  }

  async calibration(opdId: string, period: Period): Promise<CalibrationState> {
    return (await readState(this.store, calibrationStreamId(opdId, period), calibrationDecider)).state;
  }

  /** The unit's employees on the period's last day who have a rater, and the state of each one's appraisal. */
  async unitAppraisals(opdId: string, period: Period): Promise<Array<{ nip: Nip; state: AppraisalState }>> {
    const lastDay = lastDayOf(period);
    const h = await this.people.org.current();
    const nips = employeesOfOpd(opdId, lastDay, h).filter((nip) => supervisorOf(nip, lastDay, h) !== undefined);
    const out: Array<{ nip: Nip; state: AppraisalState }> = [];
    for (const nip of nips) out.push({ nip, state: (await this.appraisal(nip, period)).state });
    return out;
  }

  /** Whether an appraisal the unit's issue names is still a draft (the fan-out was cut short). */
  async issuePending(nips: readonly Nip[], period: Period): Promise<boolean> {
    for (const nip of nips) if ((await this.appraisal(nip, period)).state.status === 'DRAFT') return true;
    return false;
  }

  /** The files named as evidence that were uploaded (their stream records who uploaded them); the edge checked each hash's form. */
  async uploadedFiles(evidence: readonly EvidenceItem[] = []): Promise<string[]> {
    const found: string[] = [];
    for (const e of evidence)
      if (e.kind === 'FILE' && (await this.store.streamVersion(evidenceStreamId(e.sha256))) >= 0) found.push(e.sha256);
    return found;
  }

  /** RHK ids of the plan in force for the period's year. */
  async planResultIds(nip: Nip, period: Period): Promise<string[]> {
    const plan = versionInForce(await this.planning.workPlan(nip, yearOf(period)));
    return plan ? plan.results.map((r) => r.resultId) : [];
  }

  /** The settled predikat around the period, read from the log (not a read model that may lag). */
  async followUpFacts(nip: Nip, period: Period): Promise<FollowUpFacts> {
    const settled = async (p: Period): Promise<Predikat | null> => {
      const { state } = await this.appraisal(nip, p);
      return state.status === 'FINAL' || state.status === 'DECIDED' ? state.predikat : null;
    };
    const previousYear = isLastPeriodOfYear(period) ? await this.yearPredikat(nip, yearOf(period) - 1) : null;
    return { previous: await settled(previousPeriod(period)), next: await settled(nextPeriod(period)), previousYear };
  }

  /**
   * A year's predikat: its last period's as issued or decided in kinerja, whichever length the
   * policy of that year had; for a year before kinerja, the one BKPSDM recorded.
   */
  async yearPredikat(nip: Nip, year: number): Promise<Predikat | null> {
    for (const p of lastPeriodsOfYear(year)) {
      const { state } = await this.appraisal(nip, p);
      if (state.status !== 'NONE' && state.status !== 'DRAFT') return state.predikat;
    }
    return (await readState(this.store, yearPredikatStreamId(nip), yearPredikatDecider)).state[String(year)] ?? null;
  }

  /** Whether the year's last period was appraised in kinerja (then BKPSDM records no predikat for it). */
  async appraisedInKinerja(nip: Nip, year: number): Promise<boolean> {
    if (!Number.isInteger(year)) return false;
    for (const p of lastPeriodsOfYear(year)) if ((await this.store.streamVersion(appraisalStreamId(nip, p))) >= 0) return true;
    return false;
  }

  /** The training recommendation named, if it is one of the employee's appraisals' (the decider mints `TR-<nip>-<period>`). */
  async recommendationsNamed(nip: Nip, id: string | undefined): Promise<string[]> {
    const named = id === undefined ? null : appraisalOfRecommendation(id);
    if (id === undefined || named?.nip !== nip) return [];
    const events = await this.store.readStream(appraisalStreamId(nip, named.period));
    return events.some((e) => e.type === 'TrainingRecommended' && (e.data as { recommendationId: string }).recommendationId === id)
      ? [id]
      : [];
  }
}

/** A timer that fired before its deadline by the clock: it is put back on the queue, not dropped. */
export function timerFiredEarly(e: unknown): boolean {
  return isKinerjaError(e) && (e.code === 'WINDOW_STILL_OPEN' || e.code === 'DECISION_NOT_DUE');
}
