import { z } from 'zod';

// Signing in from the console, and who the signed-in person is.

export const DemoSignInBody = z
  .object({ username: z.string().min(1).max(100).describe('a demo user, as listed by GET /api/v1/session') })
  .strict();

const DemoSignInUser = z
  .object({
    username: z.string(),
    nip: z.string().nullable(),
    name: z.string().nullable(),
    roles: z.array(z.string()),
    description: z.string(),
  })
  .meta({ id: 'DemoSignInUser' });

export const SignInOptionsView = z.object({
  mode: z.enum(['development', 'oidc']).describe('development: kinerja signs tokens itself; oidc: the identity provider issues them'),
  oidc: z
    .object({ issuer: z.string(), clientId: z.string(), scope: z.string(), audience: z.string() })
    .nullable()
    .describe("the console's authorization-code flow with PKCE (null when no client id is configured)"),
  demoUsers: z.array(DemoSignInUser).describe('offered only with development tokens on the demo Pemda'),
});

export const DemoSignInAnswer = z.object({
  token: z.string().describe('a bearer JWT, as the identity provider would issue'),
  expiresAt: z.string(),
  user: DemoSignInUser,
});

const person = z.object({ nip: z.string(), name: z.string().nullable() });
export const MeView = z.object({
  userId: z.string(),
  nip: z.string().nullable(),
  name: z.string().nullable(),
  roles: z.array(z.string()),
  position: z
    .object({ positionId: z.string(), title: z.string().nullable(), orgUnitId: z.string().nullable(), opdId: z.string().nullable() })
    .nullable(),
  supervisor: person.nullable(),
  team: z.array(person).describe("today's direct reports"),
});
