import { Inject } from '@nestjs/common';
import type { Actor } from '@kinerja/kernel';
import type { EventStore } from '@kinerja/event-store';
import type { Action, Subject } from '@kinerja/domain/access';
import type { PolicyDocument } from '@kinerja/policies';
import type { CommandContext } from '../command-handler';
import { EVENT_STORE, POLICIES } from '../ports';
import { ApplicationHandler } from '../handler';
import { PeopleService, type RequestContext } from '../people/service';

/** What the attendance area's handlers share: the people (access), the store and the policies. */
export abstract class AttendanceHandler extends ApplicationHandler {
  constructor(
    @Inject(PeopleService) protected readonly people: PeopleService,
    @Inject(EVENT_STORE) protected readonly store: EventStore,
    @Inject(POLICIES) protected readonly policies: () => Promise<readonly PolicyDocument[]>,
  ) {
    super();
  }

  /** The command context: who, in which role (the grant that allowed it), from which request. */
  protected async allow(actor: Actor, action: Action, subject: Subject, ctx: RequestContext = {}): Promise<CommandContext> {
    const via = await this.people.authorize(actor, action, subject, this.now());
    return { actor, role: via.startsWith('role:') ? via.slice(5) : via, ...ctx };
  }
}
