import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { Actor } from '@kinerja/kernel';
import { holdsRole } from '@kinerja/domain/access';
import { addDays } from '@kinerja/domain/appraisal';
import { directReportsOf } from '@kinerja/domain/organisation';
import {
  appraisalsOf,
  escalatedObjectionsConcerning,
  feedbackAskedOf,
  leaveToDecideOf,
  namesOf,
  objectionsToDecide,
  openPlansOf,
  remindersOf,
  reportsToReviseOf,
  submittedPlansOf,
  unansweredRealisationsOf,
  unansweredReportsOf,
} from '@kinerja/projections';
import { ApplicationHandler } from '../handler';
import { PeopleService } from '../people/service';

/** What waits on the actor, across planning and appraisal (the `GET /inbox` view). */
export class GetInbox extends Query<Record<string, unknown>> {
  constructor(readonly actor: Actor) {
    super();
  }
}

/** As many escalated objections as the inbox ever listed. */
const ESCALATED_SHOWN = 1000;

/**
 * Each list is one read of its read model that selects what the actor is shown: today's direct
 * reports' plans and reports, one's own, the objections one decides, and the escalated objections
 * that concern one (all of them for BKPSDM).
 */
@QueryHandler(GetInbox)
export class GetInboxHandler extends ApplicationHandler implements IQueryHandler<GetInbox> {
  constructor(@Inject(PeopleService) private readonly people: PeopleService) {
    super();
  }

  async execute({ actor }: GetInbox) {
    const bkpsdm = holdsRole(actor, 'admin_kepegawaian');
    // Escalated objections show to everyone concerned: the employee, the rater, the decider, and BKPSDM.
    const concerning = bkpsdm ? null : actor.nip;
    // The reads go out together (two rounds, and a third only for feedback askers outside the team):
    // under load the statements of one moment share a connection's write (see PreparedPool's lanes).
    const [escalatedRows, org] = await Promise.all([
      concerning === undefined ? [] : escalatedObjectionsConcerning(this.db, concerning, { limit: ESCALATED_SHOWN }),
      actor.nip ? this.people.org.current() : undefined,
    ]);
    const escalated = escalatedRows.map((o) => ({
      nip: o.nip,
      period: o.period,
      objectionId: o.objection?.id ?? null,
      decider: o.objection?.decider ?? null,
      decisionDue: o.objection?.decisionDue ?? null,
    }));
    if (!actor.nip || !org)
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
        leaveToDecide: [],
        appraisalsIssued: [],
        escalatedObjections: escalated,
      };
    const today = this.today();
    const team = directReportsOf(actor.nip, today, org);
    const [plans, reports, mine, revise, asked, reminders, realisations, toDecide, own, leave, names] = await Promise.all([
      submittedPlansOf(this.db, team),
      unansweredReportsOf(this.db, team),
      openPlansOf(this.db, actor.nip),
      reportsToReviseOf(this.db, actor.nip),
      feedbackAskedOf(this.db, actor.nip),
      remindersOf(this.db, actor.nip, addDays(today, -7)),
      unansweredRealisationsOf(this.db, team),
      objectionsToDecide(this.db, actor.nip),
      appraisalsOf(this.db, actor.nip),
      leaveToDecideOf(this.db, team),
      namesOf(this.db, team),
    ]);
    const inTeam = new Set(team);
    const askers = [...new Set(asked.map((a) => a.nip))].filter((nip) => !inTeam.has(nip));
    for (const [nip, name] of await namesOf(this.db, askers)) names.set(nip, name);
    const who = (nip: string) => ({ nip, name: names.get(nip) ?? null });
    return {
      nip: actor.nip,
      plansToApprove: plans.map((p) => ({ ...who(p.nip), year: p.year, version: p.version })),
      reportsToAnswer: reports.map((r) => ({
        ...who(r.nip),
        month: r.month,
        reportId: r.reportId,
        date: r.date,
        resultId: r.resultId,
        output: r.output,
      })),
      plansToFinish: mine.map((p) => ({ year: p.year, version: p.version, status: p.status })),
      reportsToRevise: revise.map((r) => ({ month: r.month, reportId: r.reportId, date: r.date, note: r.answer?.note ?? null })),
      feedbackAsked: asked.map((a) => ({ ...who(a.nip), year: a.year, relation: a.relation })),
      realisationsToAnswer: realisations.map((r) => ({
        ...who(r.nip),
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
      leaveToDecide: leave.map((l) => ({
        ...who(l.nip),
        leaveId: l.leaveId,
        kind: l.kind,
        from: l.from,
        to: l.to,
        document: l.document,
        reason: l.reason,
      })),
      appraisalsIssued: own
        .filter((a) => a.state === 'ISSUED')
        .map((a) => ({ period: a.period, predikat: a.predikat, issuedOn: a.issuedOn, objectionDeadline: a.objectionDeadline })),
      escalatedObjections: escalated,
    };
  }
}

export const INBOX_HANDLERS = [GetInboxHandler];
