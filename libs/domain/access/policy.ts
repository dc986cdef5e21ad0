import { Actor, forbidden, Instant, KinerjaError, Nip } from '@kinerja/kernel';
import { DEFAULT_TIME_ZONE, LocalDate, localDateOf } from '../shared';
import { OrgHistory, opdOfEmployee, raterSupervisorOf, supervisorOf } from '../organisation';
import { Action, ACTIONS, ActionSpec, isAction, OPD_SCOPED_ROLES, Relation, Role, ROLES, SubjectKind } from './actions';

/** A role as granted to a user; the finance roles are granted for one OPD (the SK names it). */
export interface RoleGrant {
  role: Role;
  opdId?: string;
}

export interface AccessActor {
  userId: string;
  nip?: Nip;
  grants: RoleGrant[];
}

export type Subject =
  | { kind: 'employee'; nip: Nip; /** the paying OPD from the employee record; derived from the org history when absent */ opdId?: string }
  | { kind: 'organisation' }
  | { kind: 'unit'; /** an OPD, for its appraisal calibration */ opdId: string }
  | { kind: 'payrollRun'; opdId: string }
  | { kind: 'payLine'; nip: Nip; /** the OPD of the run the line belongs to */ opdId: string }
  | { kind: 'auditLog' };

export interface AccessRequest {
  actor: AccessActor;
  action: Action | string;
  subject: Subject;
  /** When the action happens. */
  at: Instant;
  /**
   * The day whose org history decides supervisor rights; the day of `at` by default. An objection
   * passes the last day of the appraised period (DOMAIN.md: the atasan pejabat penilai *of that period*).
   */
  orgDate?: LocalDate;
}

export type DenialCode =
  | 'UNKNOWN_ACTION'
  | 'SUBJECT_MISMATCH'
  | 'READ_ONLY_ROLE'
  | 'PAY_IS_PRIVATE'
  | 'OWN_RECORD_CHANGE'
  | 'OUTSIDE_OPD'
  | 'RATER_MAY_NOT_DECIDE'
  | 'NOT_SUPERVISOR'
  | 'NOT_RATERS_SUPERVISOR'
  | 'NOT_OWN_RECORD'
  | 'ROLE_REQUIRED';

export type AccessDecision =
  | {
      allowed: true;
      /** what granted it: `self`, `supervisor`, `raterSupervisor` or `role:<role>` (for the event's metadata) */ via: string;
    }
  | { allowed: false; code: DenialCode; reason: string };

const deny = (code: DenialCode, reason: string): AccessDecision => ({ allowed: false, code, reason });

const isRole = (s: string): s is Role => (ROLES as readonly string[]).includes(s);

/**
 * Reads the kernel's `Actor.roles` claims: `bendahara:OPD-DINKES` grants bendahara for that OPD,
 * a bare `bpkad` a Pemda-wide role. Unknown roles are ignored (a token may carry other systems' roles).
 */
export function accessActorOf(actor: Actor): AccessActor {
  const grants: RoleGrant[] = [];
  for (const claim of actor.roles) {
    const [role, opdId] = claim.split(':', 2);
    if (isRole(role)) grants.push(opdId ? { role, opdId } : { role });
  }
  return { userId: actor.userId, ...(actor.nip ? { nip: actor.nip } : {}), grants };
}

/** Whether the actor holds the role (for any OPD): read through the same claim parsing as every decision. */
export const holdsRole = (actor: Actor, role: Role): boolean => accessActorOf(actor).grants.some((g) => g.role === role);

function subjectNip(s: Subject): Nip | undefined {
  return s.kind === 'employee' || s.kind === 'payLine' ? s.nip : undefined;
}

/**
 * May actor A do action X on subject S at time T? Pure: the org history is an argument, so the
 * same question about the same moment always gets the same answer, replayed years later.
 */
export function authorize(req: AccessRequest, org: OrgHistory, opts: { timeZone?: string } = {}): AccessDecision {
  if (!isAction(req.action)) return deny('UNKNOWN_ACTION', `no action "${req.action}" in the catalogue`);
  const spec: ActionSpec = ACTIONS[req.action];
  const action = req.action;
  if (spec.subject !== req.subject.kind)
    return deny('SUBJECT_MISMATCH', `${action} applies to a ${spec.subject}, not a ${req.subject.kind}`);

  const { actor, subject } = req;
  const date = req.orgDate ?? localDateOf(req.at, opts.timeZone ?? DEFAULT_TIME_ZONE);
  const nip = subjectNip(subject);
  const isSelf = actor.nip !== undefined && actor.nip === nip;

  // Derived lazily: the org history walk is only needed when an answer depends on it.
  const cache: Partial<Record<Relation, boolean>> = {};
  const related = (r: Relation): boolean => {
    if (actor.nip === undefined || nip === undefined) return false;
    if (cache[r] === undefined) cache[r] = (r === 'supervisor' ? supervisorOf : raterSupervisorOf)(nip, date, org)?.nip === actor.nip;
    return cache[r]!;
  };
  let subjectOpd: string | undefined | null = null;
  const opdOfSubject = (): string | undefined => {
    if (subjectOpd === null) {
      if (subject.kind === 'payrollRun' || subject.kind === 'payLine' || subject.kind === 'unit') subjectOpd = subject.opdId;
      else if (subject.kind === 'employee') subjectOpd = subject.opdId ?? opdOfEmployee(subject.nip, date, org);
      else subjectOpd = undefined;
    }
    return subjectOpd;
  };

  // Separation of duties: nobody changes their own record through an office they hold.
  const ownRecordByRole = !spec.readOnly && subject.kind === 'employee' && isSelf;

  // 1. the paths that grant
  if (spec.readOnly && actor.grants.some((g) => g.role === 'inspektorat')) return { allowed: true, via: 'role:inspektorat' };
  if (spec.self && isSelf) return { allowed: true, via: 'self' };
  // Pay is never granted through a supervisor relation, whatever the catalogue lists (see payPrivate).
  if (!spec.payPrivate) for (const r of spec.relations) if (related(r)) return { allowed: true, via: r };
  let outsideOpd = false;
  for (const g of actor.grants) {
    const scope = (spec.roles as Partial<Record<Role, string>>)[g.role];
    if (!scope || ownRecordByRole) continue;
    if (scope === 'all') return { allowed: true, via: `role:${g.role}` };
    const opd = opdOfSubject();
    if (OPD_SCOPED_ROLES.includes(g.role) && g.opdId !== undefined && opd !== undefined && g.opdId === opd)
      return { allowed: true, via: `role:${g.role}` };
    outsideOpd = true;
  }

  // 2. nothing granted: say why, most specific reason first
  const roles = actor.grants.map((g) => g.role);
  if (!spec.readOnly && roles.includes('inspektorat') && roles.every((r) => r === 'inspektorat' || r === 'pegawai'))
    return deny('READ_ONLY_ROLE', 'the inspectorate reads everything and changes nothing');
  if (spec.payPrivate && (related('supervisor') || related('raterSupervisor')))
    return deny('PAY_IS_PRIVATE', 'pay is private: a supervisor does not see a subordinate’s pay (only the finance roles of its OPD do)');
  if (ownRecordByRole && Object.keys(spec.roles).some((r) => roles.includes(r as Role)))
    return deny('OWN_RECORD_CHANGE', 'nobody changes their own employee record');
  if (outsideOpd) return deny('OUTSIDE_OPD', `the role is granted for another OPD than the subject's (${opdOfSubject() ?? 'unplaced'})`);
  const holdsARole = Object.keys(spec.roles).some((r) => roles.includes(r as Role));
  const plainEmployee = roles.every((r) => r === 'pegawai');
  if (spec.self && !holdsARole && plainEmployee)
    return deny('NOT_OWN_RECORD', `only the employee concerned${spec.relations.length ? ' or their supervisors' : ''} may do this`);
  if (spec.relations.length > 0) {
    if (spec.relations.includes('raterSupervisor') && !spec.relations.includes('supervisor')) {
      if (related('supervisor')) return deny('RATER_MAY_NOT_DECIDE', 'the rater may not decide an objection to their own rating');
      return deny('NOT_RATERS_SUPERVISOR', `only the atasan pejabat penilai on ${date} may do this`);
    }
    return deny('NOT_SUPERVISOR', `only the supervisor on ${date} may do this`);
  }
  return deny(
    'ROLE_REQUIRED',
    `${action} needs one of: ${[...(spec.self ? ['the employee concerned'] : []), ...Object.keys(spec.roles)].join(', ') || 'inspektorat'}`,
  );
}

/** For the application layer: a denial as the coded 403 the API returns. */
export function assertAllowed(d: AccessDecision): void {
  if (!d.allowed) throw forbidden(d.code, d.reason, { code: d.code });
}

export function accessError(d: Extract<AccessDecision, { allowed: false }>): KinerjaError {
  return forbidden(d.code, d.reason);
}

/** The kinds of subject an action takes, for callers building requests generically. */
export const subjectKindOf = (a: Action): SubjectKind => ACTIONS[a].subject;
