import type { Pool } from 'pg';
import type { Actor, Nip } from '@kinerja/kernel';
import { holdsRole } from '@kinerja/domain/access';
import { directReportsOf, OrgHistory } from '@kinerja/domain/organisation';
import type { LocalDate } from '@kinerja/domain/shared';
import {
  appraisalsOf,
  escalatedObjections,
  feedbackAskedOf,
  namesOf,
  objectionsToDecide,
  openPlansOf,
  remindersOf,
  reportsToReviseOf,
  submittedPlansOf,
  unansweredRealisationsOf,
  unansweredReportsOf,
} from '@kinerja/projections';

/** The day a week before `today` (the reminders the inbox still shows). */
const weekBefore = (today: LocalDate): LocalDate => new Date(Date.parse(`${today}T00:00:00Z`) - 7 * 86_400_000).toISOString().slice(0, 10);

/**
 * What waits on `actor` on `today`, from the read models: plans to approve and reports and
 * realisations to answer (of today's direct reports), own plans to finish and reports to revise,
 * feedback asked for, the last week's reminders, objections to decide, own appraisals issued, and the
 * escalated objections concerning the actor (all of them for BKPSDM).
 */
export async function inboxOf(db: Pool, actor: Actor, today: LocalDate, org: OrgHistory) {
  const bkpsdm = holdsRole(actor, 'admin_kepegawaian');
  // Escalated objections show to everyone concerned (the employee, the rater, the decider) and all of them to
  // BKPSDM; someone without a NIP and without that role is concerned by none.
  const concerning = bkpsdm ? undefined : actor.nip;
  const escalated = (bkpsdm || concerning ? await escalatedObjections(db, { limit: 1000 }, concerning) : []).map((o) => ({
    nip: o.nip,
    period: o.period,
    objectionId: o.objection?.id ?? null,
    decider: o.objection?.decider ?? null,
    decisionDue: o.objection?.decisionDue ?? null,
  }));
  if (!actor.nip)
    return {
      nip: null,
      plansToApprove: [],
      reportsToAnswer: [],
      plansToFinish: [],
      reportsToRevise: [],
      feedbackAsked: [],
      realisationsToAnswer: [],
      reminders: [],
      objectionsToDecide: [],
      appraisalsIssued: [],
      escalatedObjections: escalated,
    };
  const nip: Nip = actor.nip;
  const team = directReportsOf(nip, today, org);
  const [plans, reports, mine, revise, asked, reminders, realisations, toDecide, own] = await Promise.all([
    submittedPlansOf(db, team),
    unansweredReportsOf(db, team),
    openPlansOf(db, nip),
    reportsToReviseOf(db, nip),
    feedbackAskedOf(db, nip),
    remindersOf(db, nip, weekBefore(today)),
    unansweredRealisationsOf(db, team),
    objectionsToDecide(db, nip),
    appraisalsOf(db, nip),
  ]);
  const names = await namesOf(db, [...team, ...asked.map((a) => a.nip)]);
  return {
    nip,
    plansToApprove: plans.map((p) => ({ nip: p.nip, name: names.get(p.nip) ?? null, year: p.year, version: p.version })),
    reportsToAnswer: reports.map((r) => ({
      nip: r.nip,
      name: names.get(r.nip) ?? null,
      month: r.month,
      reportId: r.reportId,
      date: r.date,
      resultId: r.resultId,
      output: r.output,
    })),
    plansToFinish: mine.map((p) => ({ year: p.year, version: p.version, status: p.status })),
    reportsToRevise: revise.map((r) => ({ month: r.month, reportId: r.reportId, date: r.date, note: r.answer?.note ?? null })),
    feedbackAsked: asked.map((a) => ({ nip: a.nip, name: names.get(a.nip) ?? null, year: a.year, relation: a.relation })),
    realisationsToAnswer: realisations.map((r) => ({
      nip: r.nip,
      name: names.get(r.nip) ?? null,
      period: r.period,
      indicatorId: r.indicatorId,
      resultId: r.resultId,
    })),
    reminders,
    objectionsToDecide: toDecide.map((o) => ({
      nip: o.nip,
      period: o.period,
      objectionId: o.objection?.id ?? null,
      decisionDue: o.objection?.decisionDue ?? null,
      escalated: o.objection?.escalated ?? false,
    })),
    appraisalsIssued: own
      .filter((a) => a.state === 'ISSUED')
      .map((a) => ({ period: a.period, predikat: a.predikat, issuedOn: a.issuedOn, objectionDeadline: a.objectionDeadline })),
    escalatedObjections: escalated,
  };
}

export type Inbox = Awaited<ReturnType<typeof inboxOf>>;
