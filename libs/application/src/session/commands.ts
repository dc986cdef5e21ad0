import { Command, Query } from '@nestjs/cqrs';
import type { Actor } from '@kinerja/kernel';

// The session area: how the console signs a person in, and who the signed-in person is.

/** A demo user the sign-in page offers on the embedded default. */
export interface DemoSignInUser {
  username: string;
  nip: string | null;
  name: string | null;
  roles: string[];
  description: string;
}

export interface SignInOptions {
  /** `development`: kinerja signs tokens itself (embedded default); `oidc`: the identity provider issues them. */
  mode: 'development' | 'oidc';
  /** The authorization-code flow with PKCE the console runs against the identity provider (oidc only). */
  oidc: { issuer: string; clientId: string; scope: string; audience: string } | null;
  /** Offered only in development mode on a database holding the demo Pemda. */
  demoUsers: DemoSignInUser[];
}

/** How to sign in here (public: the sign-in page asks before anyone is signed in). */
export class GetSignInOptions extends Query<SignInOptions> {}

/** Signs in as one of the demo users: a development token, as `kinerja token <username>` prints. */
export class SignInAsDemoUser extends Command<{ token: string; expiresAt: string; user: DemoSignInUser }> {
  constructor(readonly username: string) {
    super();
  }
}

export interface MeView {
  userId: string;
  nip: string | null;
  name: string | null;
  roles: string[];
  /** Today's post of the signed-in employee (null for an account that is not an employee). */
  position: { positionId: string; title: string | null; orgUnitId: string | null; opdId: string | null } | null;
  supervisor: { nip: string; name: string | null } | null;
  /** Today's direct reports: whom one plans with, answers and rates. */
  team: { nip: string; name: string | null }[];
}

/** The signed-in person: who, which roles, today's post, supervisor and direct reports. */
export class GetMe extends Query<MeView> {
  constructor(readonly actor: Actor) {
    super();
  }
}
