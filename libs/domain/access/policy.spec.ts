import { assign, dinkesPeople, dinkesStructure, end, people as P, position, run, unit } from '../organisation/fixtures';
import { orgHistoryOf } from '../organisation';
import { Action, ACTION_NAMES, ACTIONS } from './actions';
import { AccessActor, AccessDecision, accessActorOf, assertAllowed, authorize, Subject } from './policy';

// Dinkes as in the organisation fixtures, plus a Disdik OPD; from 15 March the Kabid P2P is
// replaced, and from April to June the Sekretaris is Plt Kadis.
const org = orgHistoryOf(
  run([
    ...dinkesStructure(),
    unit('DISDIK', null),
    position('KADISDIK', 'DISDIK', 'SEKDA'),
    ...dinkesPeople(),
    end('a-kabid', '2026-03-15'),
    assign('a-kabid2', 'KABID-P2P', P.KABID2, '2026-03-15'),
    assign('plt', 'KADIS', P.SEKRETARIS, '2026-04-01', { acting: true, validUntil: '2026-07-01' }),
  ]),
);

const person = (nip: string, ...grants: AccessActor['grants']): AccessActor => ({
  userId: `u-${nip}`,
  nip,
  grants: [{ role: 'pegawai' }, ...grants],
});
const official = (role: AccessActor['grants'][number]['role'], opdId?: string): AccessActor => ({
  userId: `u-${role}-${opdId ?? ''}`,
  grants: [{ role, ...(opdId ? { opdId } : {}) }],
});

const FEB = '2026-02-10T10:00:00+07:00';
const MAR20 = '2026-03-20T10:00:00+07:00';
const MAY = '2026-05-10T10:00:00+07:00';

const ask = (actor: AccessActor, action: Action | string, subject: Subject, at = FEB, orgDate?: string): AccessDecision =>
  authorize({ actor, action, subject, at, ...(orgDate ? { orgDate } : {}) }, org);
const emp = (nip: string, opdId?: string): Subject => ({ kind: 'employee', nip, ...(opdId ? { opdId } : {}) });
const payLine = (nip: string, opdId = 'DINKES'): Subject => ({ kind: 'payLine', nip, opdId });
const run_ = (opdId = 'DINKES'): Subject => ({ kind: 'payrollRun', opdId });

const allowed = (d: AccessDecision) => expect(d).toMatchObject({ allowed: true });
const denied = (d: AccessDecision, code: string) => expect(d).toMatchObject({ allowed: false, code });

describe('the employee (pegawai)', () => {
  const me = person(P.ANALIS);

  it('sees their own record, pay, appraisal and timeline', () => {
    for (const a of ['employee.view', 'employee.viewFinancial', 'appraisal.view', 'workplan.view', 'audit.timeline'] as const)
      expect(ask(me, a, emp(P.ANALIS))).toEqual({ allowed: true, via: 'self' });
    allowed(ask(me, 'pay.view', payLine(P.ANALIS)));
  });

  it('submits their own SKP and objects to their own appraisal, not someone else’s', () => {
    allowed(ask(me, 'workplan.submit', emp(P.ANALIS)));
    allowed(ask(me, 'objection.file', emp(P.ANALIS)));
    denied(ask(me, 'objection.file', emp(P.ANALIS2)), 'NOT_OWN_RECORD');
    denied(ask(me, 'workplan.submit', emp(P.ANALIS2)), 'NOT_OWN_RECORD');
  });

  it('does not see a colleague’s record or pay', () => {
    denied(ask(me, 'employee.view', emp(P.ANALIS2)), 'NOT_OWN_RECORD');
    denied(ask(me, 'pay.view', payLine(P.ANALIS2)), 'NOT_OWN_RECORD');
  });

  it('cannot approve their own SKP or rate themself', () => {
    denied(ask(me, 'workplan.approve', emp(P.ANALIS)), 'NOT_SUPERVISOR');
    denied(ask(me, 'appraisal.rate', emp(P.ANALIS)), 'NOT_SUPERVISOR');
  });

  it('sees the org chart', () => allowed(ask(me, 'org.view', { kind: 'organisation' })));
});

describe('supervisor rights come from the org history at the moment of the action', () => {
  it('lets the supervisor approve the SKP and rate, and see the (non-financial) record', () => {
    for (const a of ['workplan.approve', 'appraisal.rate', 'employee.view', 'appraisal.view'] as const)
      expect(ask(person(P.KABID), a, emp(P.ANALIS))).toEqual({ allowed: true, via: 'supervisor' });
  });

  it('refuses someone who is not the supervisor, even a higher one', () => {
    denied(ask(person(P.SEKRETARIS), 'appraisal.rate', emp(P.ANALIS)), 'NOT_SUPERVISOR');
    denied(ask(person(P.KADIS), 'appraisal.rate', emp(P.ANALIS)), 'NOT_SUPERVISOR');
  });

  it('moves the right to the successor on the TMT of a mid-period reassignment', () => {
    allowed(ask(person(P.KABID), 'appraisal.rate', emp(P.ANALIS), '2026-03-14T16:59:00+07:00'));
    denied(ask(person(P.KABID), 'appraisal.rate', emp(P.ANALIS), MAR20), 'NOT_SUPERVISOR');
    allowed(ask(person(P.KABID2), 'appraisal.rate', emp(P.ANALIS), MAR20));
    denied(ask(person(P.KABID2), 'appraisal.rate', emp(P.ANALIS), FEB), 'NOT_SUPERVISOR');
  });

  it('counts the day on the Pemda’s calendar (WIB), not UTC', () => {
    // 14 March 18:00 UTC is 15 March 01:00 in Jakarta: the successor's first day.
    allowed(ask(person(P.KABID2), 'appraisal.rate', emp(P.ANALIS), '2026-03-14T18:00:00Z'));
    denied(ask(person(P.KABID), 'appraisal.rate', emp(P.ANALIS), '2026-03-14T18:00:00Z'), 'NOT_SUPERVISOR');
  });

  it('gives the Plt the right while acting, and takes it from the absent holder', () => {
    expect(ask(person(P.SEKRETARIS), 'workplan.approve', emp(P.KABID2), MAY)).toEqual({ allowed: true, via: 'supervisor' });
    denied(ask(person(P.KADIS), 'workplan.approve', emp(P.KABID2), MAY), 'NOT_SUPERVISOR');
  });

  it('ignores a claim: a token saying "supervisor" grants nothing', () => {
    const claimed = accessActorOf({ userId: 'x', nip: P.OTHER, roles: ['pegawai', 'supervisor', 'atasan'] });
    denied(ask(claimed, 'appraisal.rate', emp(P.ANALIS)), 'NOT_SUPERVISOR');
  });
});

describe('objections go to the atasan pejabat penilai', () => {
  it('lets the rater’s supervisor decide', () =>
    expect(ask(person(P.KADIS), 'objection.decide', emp(P.ANALIS))).toEqual({ allowed: true, via: 'raterSupervisor' }));

  it('refuses the rater', () => denied(ask(person(P.KABID), 'objection.decide', emp(P.ANALIS)), 'RATER_MAY_NOT_DECIDE'));

  it('refuses anyone else, the employee included', () => {
    denied(ask(person(P.SEKDA), 'objection.decide', emp(P.ANALIS)), 'NOT_RATERS_SUPERVISOR');
    denied(ask(person(P.ANALIS), 'objection.decide', emp(P.ANALIS)), 'NOT_RATERS_SUPERVISOR');
    denied(ask(official('admin_kepegawaian'), 'objection.decide', emp(P.ANALIS)), 'NOT_RATERS_SUPERVISOR');
  });

  it('follows the Plt: the acting Kadis decides for the Kabid’s staff while acting', () => {
    allowed(ask(person(P.SEKRETARIS), 'objection.decide', emp(P.ANALIS), MAY));
    denied(ask(person(P.KADIS), 'objection.decide', emp(P.ANALIS), MAY), 'NOT_RATERS_SUPERVISOR');
  });

  it('uses the appraised period’s org history when the caller names it', () => {
    // Decided in May about February: the atasan pejabat penilai of February is the Kadis, not the Plt.
    allowed(ask(person(P.KADIS), 'objection.decide', emp(P.ANALIS), MAY, '2026-02-28'));
    denied(ask(person(P.SEKRETARIS), 'objection.decide', emp(P.ANALIS), MAY, '2026-02-28'), 'NOT_RATERS_SUPERVISOR');
  });
});

describe('pay is private', () => {
  it('shows an employee’s pay lines to the finance roles of their OPD, BPKAD and the inspectorate', () => {
    for (const role of ['bendahara', 'ppk_skpd', 'kepala_opd'] as const)
      allowed(ask(official(role, 'DINKES'), 'pay.view', payLine(P.ANALIS)));
    allowed(ask(official('bpkad'), 'pay.view', payLine(P.ANALIS)));
    allowed(ask(official('inspektorat'), 'pay.view', payLine(P.ANALIS)));
  });

  it('never to their supervisors', () => {
    denied(ask(person(P.KABID), 'pay.view', payLine(P.ANALIS)), 'PAY_IS_PRIVATE');
    denied(ask(person(P.KADIS), 'pay.view', payLine(P.ANALIS)), 'PAY_IS_PRIVATE');
    denied(ask(person(P.KABID), 'employee.viewFinancial', emp(P.ANALIS)), 'PAY_IS_PRIVATE');
  });

  it('to a supervisor only through a finance role of the run’s OPD, never through the relation', () => {
    // The PPK above the bendahara verifies the run holding the bendahara's line: the role grants it.
    expect(ask(person(P.KABID, { role: 'ppk_skpd', opdId: 'DINKES' }), 'pay.view', payLine(P.ANALIS))).toEqual({
      allowed: true,
      via: 'role:ppk_skpd',
    });
    expect(ask(person(P.KADIS, { role: 'kepala_opd', opdId: 'DINKES' }), 'pay.view', payLine(P.ANALIS))).toEqual({
      allowed: true,
      via: 'role:kepala_opd',
    });
    // A finance role of another OPD is no way in; the supervisor is told pay is private.
    denied(ask(person(P.KABID, { role: 'ppk_skpd', opdId: 'DISDIK' }), 'pay.view', payLine(P.ANALIS)), 'PAY_IS_PRIVATE');
  });

  it('to the finance roles of the run’s OPD, which need not be the employee’s OPD now', () => {
    allowed(ask(official('ppk_skpd', 'DISDIK'), 'pay.view', payLine(P.ANALIS, 'DISDIK')));
    denied(ask(official('ppk_skpd', 'DINKES'), 'pay.view', payLine(P.ANALIS, 'DISDIK')), 'OUTSIDE_OPD');
  });

  it('not to the finance roles of another OPD', () => {
    denied(ask(official('bendahara', 'DISDIK'), 'pay.view', payLine(P.ANALIS)), 'OUTSIDE_OPD');
    denied(ask(official('bendahara', 'DISDIK'), 'employee.viewFinancial', emp(P.ANALIS)), 'OUTSIDE_OPD');
    denied(ask(official('bendahara'), 'pay.view', payLine(P.ANALIS)), 'OUTSIDE_OPD');
  });

  it('not to BKPSDM', () => {
    denied(ask(official('admin_kepegawaian'), 'pay.view', payLine(P.ANALIS)), 'ROLE_REQUIRED');
    denied(ask(official('admin_kepegawaian'), 'employee.viewFinancial', emp(P.ANALIS)), 'ROLE_REQUIRED');
  });

  it('finds the employee’s OPD from the org history when the subject does not name it', () => {
    allowed(ask(official('bendahara', 'DINKES'), 'employee.viewFinancial', emp(P.ANALIS)));
    denied(ask(official('bendahara', 'DINKES'), 'employee.viewFinancial', emp(P.SEKDA)), 'OUTSIDE_OPD');
    allowed(ask(official('bendahara', 'SETDA'), 'employee.viewFinancial', emp(P.ANALIS, 'SETDA')));
  });
});

describe('payroll steps', () => {
  const steps: Array<[Action, 'bendahara' | 'ppk_skpd' | 'kepala_opd' | 'bpkad']> = [
    ['payroll.calculate', 'bendahara'],
    ['payroll.submit', 'bendahara'],
    ['payroll.verify', 'ppk_skpd'],
    ['payroll.approve', 'kepala_opd'],
    ['payroll.disburse', 'bpkad'],
  ];

  it.each(steps)('%s is done by %s', (action, role) => {
    allowed(ask(official(role, role === 'bpkad' ? undefined : 'DINKES'), action, run_()));
    for (const other of ['bendahara', 'ppk_skpd', 'kepala_opd'] as const)
      if (other !== role) denied(ask(official(other, 'DINKES'), action, run_()), 'ROLE_REQUIRED');
  });

  it('is confined to the role’s own OPD', () => {
    denied(ask(official('bendahara', 'DISDIK'), 'payroll.submit', run_()), 'OUTSIDE_OPD');
    denied(ask(official('kepala_opd', 'DISDIK'), 'payroll.approve', run_()), 'OUTSIDE_OPD');
    allowed(ask(official('kepala_opd', 'DISDIK'), 'payroll.approve', run_('DISDIK')));
  });

  it('lets any approver, not the preparer, return a run', () => {
    allowed(ask(official('ppk_skpd', 'DINKES'), 'payroll.return', run_()));
    allowed(ask(official('bpkad'), 'payroll.return', run_()));
    denied(ask(official('bendahara', 'DINKES'), 'payroll.return', run_()), 'ROLE_REQUIRED');
  });

  it('is closed to supervisors and employees', () => {
    denied(ask(person(P.KADIS), 'payroll.approve', run_()), 'ROLE_REQUIRED');
    denied(ask(person(P.ANALIS), 'payroll.view', run_()), 'ROLE_REQUIRED');
  });
});

describe('BKPSDM (admin_kepegawaian)', () => {
  const admin = person(P.OTHER, { role: 'admin_kepegawaian' });

  it('registers, changes and imports employees and manages the organisation', () => {
    for (const a of ['employee.register', 'employee.change', 'employee.changeFinancial'] as const) allowed(ask(admin, a, emp(P.ANALIS)));
    for (const a of ['employee.import', 'org.manage', 'org.assign'] as const) allowed(ask(admin, a, { kind: 'organisation' }));
  });

  it('may not change their own record', () => {
    denied(ask(admin, 'employee.change', emp(P.OTHER)), 'OWN_RECORD_CHANGE');
    denied(ask(admin, 'employee.changeFinancial', emp(P.OTHER)), 'OWN_RECORD_CHANGE');
  });

  it('is refused the administration by anyone else', () => {
    denied(ask(person(P.KADIS), 'employee.change', emp(P.ANALIS)), 'ROLE_REQUIRED');
    denied(ask(official('bpkad'), 'org.assign', { kind: 'organisation' }), 'ROLE_REQUIRED');
  });

  it('lets the treasurer of the OPD change financial data but not the position', () => {
    allowed(ask(official('bendahara', 'DINKES'), 'employee.changeFinancial', emp(P.ANALIS)));
    denied(ask(official('bendahara', 'DINKES'), 'employee.change', emp(P.ANALIS)), 'ROLE_REQUIRED');
  });
});

describe('the inspectorate', () => {
  const insp = official('inspektorat');
  const subjectFor = (a: Action): Subject => {
    switch (ACTIONS[a].subject) {
      case 'employee':
        return emp(P.ANALIS);
      case 'payLine':
        return payLine(P.ANALIS);
      case 'payrollRun':
        return run_();
      case 'organisation':
        return { kind: 'organisation' };
      case 'auditLog':
        return { kind: 'auditLog' };
      case 'unit':
        return { kind: 'unit', opdId: 'DINKES' };
    }
  };

  it.each(ACTION_NAMES.filter((a) => ACTIONS[a].readOnly))('may %s (read-only, everything)', (a) =>
    expect(ask(insp, a, subjectFor(a))).toEqual({ allowed: true, via: 'role:inspektorat' }),
  );

  it.each(ACTION_NAMES.filter((a) => !ACTIONS[a].readOnly))('may not %s', (a) => denied(ask(insp, a, subjectFor(a)), 'READ_ONLY_ROLE'));

  it('is the only one who verifies the log', () => {
    denied(ask(official('bpkad'), 'audit.verify', { kind: 'auditLog' }), 'ROLE_REQUIRED');
  });
});

describe('the catalogue and the request', () => {
  it('grants no write to the inspectorate and no pay through a relation', () => {
    for (const a of ACTION_NAMES) {
      const spec = ACTIONS[a];
      expect(spec.description.length).toBeGreaterThan(0);
      if (!spec.readOnly) expect(Object.keys(spec.roles)).not.toContain('inspektorat');
      if ('payPrivate' in spec && spec.payPrivate) expect(spec.relations).toEqual([]);
    }
  });

  it('refuses an unknown action and a subject of the wrong kind', () => {
    denied(ask(official('bpkad'), 'payroll.delete', run_()), 'UNKNOWN_ACTION');
    denied(ask(official('bpkad'), 'pay.view', run_()), 'SUBJECT_MISMATCH');
  });

  it('reads OPD-scoped grants from the token’s role claims', () => {
    expect(accessActorOf({ userId: 'u', nip: P.ANALIS, roles: ['pegawai', 'bendahara:DINKES', 'superuser'] })).toEqual({
      userId: 'u',
      nip: P.ANALIS,
      grants: [{ role: 'pegawai' }, { role: 'bendahara', opdId: 'DINKES' }],
    });
  });

  it('turns a denial into a coded 403', () => {
    expect(() => assertAllowed({ allowed: false, code: 'PAY_IS_PRIVATE', reason: 'x' })).toThrow(
      expect.objectContaining({ code: 'PAY_IS_PRIVATE', httpStatus: 403 }),
    );
    expect(() => assertAllowed({ allowed: true, via: 'self' })).not.toThrow();
  });
});
