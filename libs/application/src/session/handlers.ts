import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { notFound } from '@kinerja/kernel';
import type { EventStore } from '@kinerja/event-store';
import { assignmentOf, directReportsOf, opdOfUnit, positionAsOf, supervisorOf } from '@kinerja/domain/organisation';
import { namesOf } from '@kinerja/projections';
import { ApplicationHandler } from '../handler';
import { EVENT_STORE, SIGN_IN, SignInPort } from '../ports';
import { PeopleService } from '../people/service';
import { DEMO_USERS, demoPemdaState } from '../people/demo';
import { DemoSignInUser, GetMe, GetSignInOptions, MeView, SignInAsDemoUser } from './commands';

/** A demo sign-in lasts a working day, as `kinerja token` does by default. */
const DEMO_TOKEN_HOURS = 8;

/**
 * The demo users are offered only where they are harmless: development tokens (no identity
 * provider configured) on a database that holds the demo Pemda. A real Pemda's register on the
 * development secret offers nobody, so nobody signs in as its head from a browser.
 */
abstract class SessionHandler extends ApplicationHandler {
  constructor(
    @Inject(SIGN_IN) protected readonly signIn: SignInPort,
    @Inject(EVENT_STORE) protected readonly store: EventStore,
  ) {
    super();
  }

  protected async demoUsers(): Promise<DemoSignInUser[]> {
    if (this.signIn.mode !== 'development' || (await demoPemdaState(this.store)) !== 'demo') return [];
    const names = await namesOf(
      this.db,
      DEMO_USERS.flatMap((u) => (u.nip ? [u.nip] : [])),
    );
    return DEMO_USERS.map((u) => ({
      username: u.username,
      nip: u.nip ?? null,
      name: (u.nip && names.get(u.nip)) || null,
      roles: [...u.roles],
      description: u.description,
    }));
  }
}

@QueryHandler(GetSignInOptions)
export class GetSignInOptionsHandler extends SessionHandler implements IQueryHandler<GetSignInOptions> {
  async execute() {
    return { mode: this.signIn.mode, oidc: this.signIn.oidc, demoUsers: await this.demoUsers() };
  }
}

@CommandHandler(SignInAsDemoUser)
export class SignInAsDemoUserHandler extends SessionHandler implements ICommandHandler<SignInAsDemoUser> {
  async execute({ username }: SignInAsDemoUser) {
    const users = await this.demoUsers();
    if (users.length === 0)
      // Not offered here at all, as a route that does not exist: no role would change the answer.
      throw notFound(
        'DEMO_SIGN_IN_DISABLED',
        'signing in as a demo user works only with development tokens on the demo Pemda; sign in with the identity provider',
      );
    const user = users.find((u) => u.username === username);
    if (!user) throw notFound('UNKNOWN_USER', 'no demo user has this name', { known: users.map((u) => u.username) });
    const expiresAt = new Date(Date.parse(this.now()) + DEMO_TOKEN_HOURS * 3600_000);
    const token = await this.signIn.sign(
      { sub: user.username, ...(user.nip ? { nip: user.nip } : {}), roles: user.roles, ...(user.name ? { name: user.name } : {}) },
      `${DEMO_TOKEN_HOURS}h`,
    );
    return { token, expiresAt: expiresAt.toISOString(), user };
  }
}

@QueryHandler(GetMe)
export class GetMeHandler extends ApplicationHandler implements IQueryHandler<GetMe> {
  constructor(@Inject(PeopleService) private readonly people: PeopleService) {
    super();
  }

  async execute({ actor }: GetMe): Promise<MeView> {
    const base = { userId: actor.userId, nip: actor.nip ?? null, roles: [...actor.roles] };
    if (!actor.nip) return { ...base, name: null, position: null, supervisor: null, team: [] };
    const today = this.today();
    const org = await this.people.org.current();
    const assignment = assignmentOf(actor.nip, today, org);
    const post = assignment && positionAsOf(assignment.positionId, today, org);
    const supervisor = supervisorOf(actor.nip, today, org);
    const team = directReportsOf(actor.nip, today, org, this.people.org.childrenOn(today, org));
    const names = await namesOf(this.db, [actor.nip, ...team, ...(supervisor ? [supervisor.nip] : [])]);
    return {
      ...base,
      name: names.get(actor.nip) ?? null,
      position: assignment
        ? {
            positionId: assignment.positionId,
            title: post?.name ?? null,
            orgUnitId: post?.unitId ?? null,
            opdId: post ? (opdOfUnit(post.unitId, today, org) ?? null) : null,
          }
        : null,
      supervisor: supervisor ? { nip: supervisor.nip, name: names.get(supervisor.nip) ?? null } : null,
      team: team.map((nip) => ({ nip, name: names.get(nip) ?? null })),
    };
  }
}

export const SESSION_HANDLERS = [GetSignInOptionsHandler, SignInAsDemoUserHandler, GetMeHandler];
