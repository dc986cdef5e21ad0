import { now } from '../clock';
import { claimsOf, isExpired, TokenClaims } from './token';

// The signed-in session: the bearer token and who it names, kept in this tab's sessionStorage (gone
// with the tab). Components follow it with useSession(); the API client reads it for every request.

export interface Session {
  token: string;
  claims: TokenClaims;
}

const KEY = 'kinerja.session';
/** Where to go back to after signing in again, and why the user was sent to the sign-in page. */
const RETURN_KEY = 'kinerja.returnTo';
const REASON_KEY = 'kinerja.signInReason';

type Listener = () => void;
const listeners = new Set<Listener>();
let current: Session | null | undefined;

function read(): Session | null {
  const token = sessionStorage.getItem(KEY);
  const claims = token ? claimsOf(token) : null;
  return token && claims ? { token, claims } : null;
}

export function getSession(): Session | null {
  if (current === undefined) current = read();
  return current;
}

export function subscribe(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

function set(s: Session | null) {
  current = s;
  if (s) sessionStorage.setItem(KEY, s.token);
  else sessionStorage.removeItem(KEY);
  for (const l of listeners) l();
}

/** Starts a session with a token from the API (demo) or the identity provider. */
export function signIn(token: string): Session {
  const claims = claimsOf(token);
  if (!claims) throw new Error('the token is not a JWT');
  const s = { token, claims };
  set(s);
  sessionStorage.removeItem(REASON_KEY);
  return s;
}

export function signOut(): void {
  sessionStorage.removeItem(RETURN_KEY);
  set(null);
}

/**
 * The token expired (or the API refused it): back to the sign-in page, remembering where the user
 * was. Forms keep their drafts in localStorage (drafts.ts), so nothing typed is lost.
 */
export function expire(returnTo: string): void {
  // A request still finishing after the page moved to /masuk must not make the sign-in page the way back.
  if (!isSignInPath(returnTo)) sessionStorage.setItem(RETURN_KEY, returnTo);
  sessionStorage.setItem(REASON_KEY, 'expired');
  set(null);
}

export function takeReturnTo(): string {
  const r = sessionStorage.getItem(RETURN_KEY);
  sessionStorage.removeItem(RETURN_KEY);
  // Only a path of this console: never an absolute URL from storage.
  return r && r.startsWith('/') && !r.startsWith('//') && !isSignInPath(r) ? r : '/';
}

const isSignInPath = (path: string) => path === '/masuk' || path.startsWith('/masuk/') || path.startsWith('/masuk?');

export function rememberReturnTo(path: string): void {
  if (!isSignInPath(path)) sessionStorage.setItem(RETURN_KEY, path);
}

export function signInReason(): 'expired' | null {
  return sessionStorage.getItem(REASON_KEY) === 'expired' ? 'expired' : null;
}

/** The session's token, or null when there is none or it has expired by the browser's clock. */
export function validToken(): string | null {
  const s = getSession();
  return s && !isExpired(s.claims, now()) ? s.token : null;
}

export function hasRole(s: Session | null, role: string): boolean {
  return !!s && s.claims.roles.some((r) => r === role || r.startsWith(`${role}:`));
}
