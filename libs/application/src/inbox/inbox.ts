import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { Actor } from '@kinerja/kernel';
import { holdsRole } from '@kinerja/domain/access';
import { addDays } from '@kinerja/domain/appraisal';
import { inboxOf, type InboxLists } from '@kinerja/projections';
import { ApplicationHandler } from '../handler';
import { PeopleService } from '../people/service';

/** What waits on the actor, across planning and appraisal (the `GET /inbox` view). */
export class GetInbox extends Query<{ nip: string | null } & InboxLists> {
  constructor(readonly actor: Actor) {
    super();
  }
}

/**
 * Today's direct reports' plans, reports, realisations and leave, one's own plans, reports to revise,
 * feedback asked, reminders, objections to decide and appraisals issued, and the escalated objections
 * that concern one (all of them for BKPSDM): two reads, the org chart (for the team of today) and then
 * every list in one statement (`inboxOf`).
 */
@QueryHandler(GetInbox)
export class GetInboxHandler extends ApplicationHandler implements IQueryHandler<GetInbox> {
  constructor(@Inject(PeopleService) private readonly people: PeopleService) {
    super();
  }

  async execute({ actor }: GetInbox) {
    const nip = actor.nip ?? null;
    const today = this.today();
    // An account without a NIP has no team and no lists of its own: escalated objections at most.
    const team = nip ? await this.people.org.directReportsOf(nip, today) : [];
    const lists = await inboxOf(this.db, {
      nip,
      team,
      remindersSince: addDays(today, -7),
      // Escalated objections show to everyone concerned: the employee, the rater, the decider, and BKPSDM (all).
      allEscalated: holdsRole(actor, 'admin_kepegawaian'),
    });
    return { nip, ...lists };
  }
}

export const INBOX_HANDLERS = [GetInboxHandler];
