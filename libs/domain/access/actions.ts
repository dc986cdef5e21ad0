/**
 * The action catalogue: every action the policy answers for, with who may do it, as data. The
 * authorisation-matrix test iterates this table; the API guards name these keys.
 */

export const ROLES = ['pegawai', 'admin_kepegawaian', 'bendahara', 'ppk_skpd', 'kepala_opd', 'bpkad', 'inspektorat', 'admin_opd'] as const;
export type Role = (typeof ROLES)[number];

/** Roles whose rights stop at their own OPD (the grant names it). */
export const OPD_SCOPED_ROLES: readonly Role[] = ['bendahara', 'ppk_skpd', 'kepala_opd', 'admin_opd'];

export type SubjectKind = 'employee' | 'organisation' | 'unit' | 'payrollRun' | 'payLine' | 'auditLog';

/** `all`: anywhere in the Pemda. `ownOpd`: only where the subject's OPD is the grant's OPD. */
export type RoleScope = 'all' | 'ownOpd';

/** Relations derived from the org history at the moment of the action, never from a claim. */
export type Relation = 'supervisor' | 'raterSupervisor';

export interface ActionSpec {
  subject: SubjectKind;
  /** Read-only actions are open to the inspectorate on everything. */
  readOnly: boolean;
  /** The employee the subject is about may do it. */
  self: boolean;
  relations: readonly Relation[];
  roles: Partial<Record<Role, RoleScope>>;
  /**
   * Pay is private. The employee sees their own; the finance roles of the OPD the pay belongs to (for
   * a pay line, the OPD of its run: the bendahara who prepares it, the PPK who verifies it, the head
   * who signs it) and BPKAD see it because they must check what they sign; the inspectorate reads it.
   * Nobody sees it as a supervisor: the relation never grants it, and a supervisor holding none of
   * those roles is refused with PAY_IS_PRIVATE. A supervisor who does hold one (the PPK above the
   * bendahara) sees it through the role, as every other holder of that role does.
   */
  payPrivate?: boolean;
  description: string;
}

const FINANCE_OF_OPD = { bendahara: 'ownOpd', ppk_skpd: 'ownOpd', kepala_opd: 'ownOpd' } as const;
const EVERY_ROLE = Object.fromEntries(ROLES.map((r) => [r, 'all'])) as Record<Role, RoleScope>;

export const ACTIONS = {
  // employees and organisation (BKPSDM)
  'employee.view': {
    subject: 'employee',
    readOnly: true,
    self: true,
    relations: ['supervisor', 'raterSupervisor'],
    roles: { admin_kepegawaian: 'all', ...FINANCE_OF_OPD, bpkad: 'all' },
    description: 'see an employee record (salary hidden, bank account masked)',
  },
  'employee.viewFinancial': {
    subject: 'employee',
    readOnly: true,
    self: true,
    relations: [],
    payPrivate: true,
    roles: { ...FINANCE_OF_OPD, bpkad: 'all' },
    description: 'see the salary figures and the full bank account of an employee',
  },
  'employee.register': {
    subject: 'employee',
    readOnly: false,
    self: false,
    relations: [],
    roles: { admin_kepegawaian: 'all' },
    description: 'register an employee',
  },
  'employee.change': {
    subject: 'employee',
    readOnly: false,
    self: false,
    relations: [],
    roles: { admin_kepegawaian: 'all' },
    description: 'change position, OPD or employment state',
  },
  'employee.changeFinancial': {
    subject: 'employee',
    readOnly: false,
    self: false,
    relations: [],
    roles: { admin_kepegawaian: 'all', bendahara: 'ownOpd' },
    description: 'change salary, tax category or bank account',
  },
  'employee.import': {
    subject: 'organisation',
    readOnly: false,
    self: false,
    relations: [],
    roles: { admin_kepegawaian: 'all' },
    description: 'import the employee register from a SIASN export',
  },
  'org.view': {
    subject: 'organisation',
    readOnly: true,
    self: false,
    relations: [],
    roles: EVERY_ROLE,
    description: 'see the org chart as of a date',
  },
  'org.manage': {
    subject: 'organisation',
    readOnly: false,
    self: false,
    relations: [],
    roles: { admin_kepegawaian: 'all' },
    description: 'create and move units and positions',
  },
  'org.assign': {
    subject: 'organisation',
    readOnly: false,
    self: false,
    relations: [],
    roles: { admin_kepegawaian: 'all' },
    description: 'place holders in positions (definitive or Plt), end assignments',
  },
  // planning
  'workplan.view': {
    subject: 'employee',
    readOnly: true,
    self: true,
    relations: ['supervisor', 'raterSupervisor'],
    roles: { admin_kepegawaian: 'all' },
    description: 'read an SKP',
  },
  'workplan.submit': {
    subject: 'employee',
    readOnly: false,
    self: true,
    relations: [],
    roles: {},
    description: 'draft and submit one’s own SKP',
  },
  'workplan.approve': {
    subject: 'employee',
    readOnly: false,
    self: false,
    relations: ['supervisor'],
    roles: {},
    description: 'approve or return a subordinate’s SKP',
  },
  'workplan.approveTop': {
    subject: 'employee',
    readOnly: false,
    self: false,
    relations: [],
    roles: { admin_kepegawaian: 'all' },
    description:
      'record the approval (or return) of the SKP of someone with no supervisor in the system (the head of an OPD, approved by the regional head)',
  },
  'workplan.assign': {
    subject: 'employee',
    readOnly: false,
    self: false,
    relations: ['supervisor'],
    roles: {},
    description: 'hand one RHK with its indicators to a subordinate’s draft SKP (the supervisor of the day)',
  },
  // monitoring
  'report.file': {
    subject: 'employee',
    readOnly: false,
    self: true,
    relations: [],
    roles: {},
    description: 'file one’s own daily report (laporan harian)',
  },
  'report.answer': {
    subject: 'employee',
    readOnly: false,
    self: false,
    relations: ['supervisor'],
    roles: {},
    description: 'answer a subordinate’s daily report, or unlock late reporting for a day',
  },
  'report.view': {
    subject: 'employee',
    readOnly: true,
    self: true,
    relations: ['supervisor', 'raterSupervisor'],
    roles: { admin_kepegawaian: 'all' },
    description: 'read an employee’s daily reports',
  },
  'feedback.invite': {
    subject: 'employee',
    readOnly: false,
    self: false,
    relations: ['supervisor'],
    roles: {},
    description: 'invite peers and subordinates to give 360 feedback on an employee (the rater)',
  },
  'feedback.give': {
    subject: 'employee',
    readOnly: false,
    self: false,
    relations: [],
    roles: { pegawai: 'all' },
    description: 'give 360 feedback on a colleague (the decider admits only the invited)',
  },
  'feedback.view': {
    subject: 'employee',
    readOnly: true,
    self: false,
    relations: ['supervisor'],
    roles: {},
    description: 'see the anonymous 360 aggregate of an employee (the rater, once three have answered)',
  },
  'evidence.upload': {
    subject: 'employee',
    readOnly: false,
    self: true,
    relations: [],
    roles: {},
    description: 'upload an evidence file (bukti dukung) for one’s own records',
  },
  'evidence.view': {
    subject: 'employee',
    readOnly: true,
    self: true,
    relations: ['supervisor', 'raterSupervisor'],
    roles: { admin_kepegawaian: 'all' },
    description: 'download an evidence file uploaded by the employee',
  },
  'realisation.record': {
    subject: 'employee',
    readOnly: false,
    self: true,
    relations: [],
    roles: {},
    description: 'record one’s own realisation of an indicator for a period, with evidence',
  },
  'realisation.answer': {
    subject: 'employee',
    readOnly: false,
    self: false,
    relations: ['supervisor'],
    roles: {},
    description: 'answer a subordinate’s realisation (acknowledged / note / needs revision)',
  },
  'realisation.view': {
    subject: 'employee',
    readOnly: true,
    self: true,
    relations: ['supervisor', 'raterSupervisor'],
    roles: { admin_kepegawaian: 'all' },
    description: 'read an employee’s realisations',
  },
  'feedback.publicLink': {
    subject: 'employee',
    readOnly: false,
    self: false,
    relations: ['supervisor'],
    roles: { admin_kepegawaian: 'all' },
    description: 'open or close a public feedback link on the service an employee gives, and read its results (the rater or BKPSDM)',
  },
  // evaluation
  'appraisal.view': {
    subject: 'employee',
    readOnly: true,
    self: true,
    relations: ['supervisor', 'raterSupervisor'],
    roles: { admin_kepegawaian: 'all', kepala_opd: 'ownOpd' },
    description: 'read an appraisal',
  },
  'appraisal.rate': {
    subject: 'employee',
    readOnly: false,
    self: false,
    relations: ['supervisor'],
    roles: {},
    description: 'rate results and behaviour for a period',
  },
  'appraisal.organisationResult': {
    subject: 'unit',
    readOnly: false,
    self: false,
    relations: [],
    roles: { admin_kepegawaian: 'all' },
    description: 'record an OPD’s organisational result for a period (it picks the distribution curve)',
  },
  'appraisal.distribution': {
    subject: 'unit',
    readOnly: true,
    self: false,
    relations: [],
    roles: { admin_kepegawaian: 'all', kepala_opd: 'ownOpd' },
    description: 'see an OPD’s distribution of predikat beside the curve',
  },
  'appraisal.issue': {
    subject: 'unit',
    readOnly: false,
    self: false,
    relations: [],
    roles: { kepala_opd: 'ownOpd' },
    description: 'justify an OPD’s distribution off the curve, and issue its appraisals (the head of the OPD)',
  },
  // objections
  'objection.file': {
    subject: 'employee',
    readOnly: false,
    self: true,
    relations: [],
    roles: {},
    description: 'object to one’s own issued appraisal',
  },
  'objection.decide': {
    subject: 'employee',
    readOnly: false,
    self: false,
    relations: ['raterSupervisor'],
    roles: {},
    description: 'decide an objection (atasan pejabat penilai only; never the rater)',
  },
  // follow-up
  'followup.view': {
    subject: 'organisation',
    readOnly: true,
    self: false,
    relations: [],
    roles: { admin_kepegawaian: 'all' },
    description: 'see the rewards list, sanction cases, training recommendations and escalated objections (BKPSDM)',
  },
  'dashboard.view': {
    subject: 'unit',
    readOnly: true,
    self: false,
    relations: [],
    roles: { kepala_opd: 'ownOpd', admin_kepegawaian: 'all', bpkad: 'all' },
    description: 'see an OPD’s month on the dashboard: plans, daily reports, appraisals, objections, the payroll run’s step',
  },
  'analytics.view': {
    subject: 'organisation',
    readOnly: true,
    self: false,
    relations: [],
    roles: { admin_kepegawaian: 'all' },
    description:
      'see where the ratings lean (per rater against the unit and the Pemda, the curve over time, objections, time to rating) and the workload (daily reports, queues, realisation against target up the cascade)',
  },
  'appraisal.history': {
    subject: 'employee',
    readOnly: false,
    self: false,
    relations: [],
    roles: { admin_kepegawaian: 'all' },
    description: 'record the year predikat of a year appraised before kinerja (from e-Kinerja BKN or a paper SKP)',
  },
  'training.record': {
    subject: 'employee',
    readOnly: false,
    self: true,
    relations: [],
    roles: { admin_kepegawaian: 'all' },
    description: 'record a completed training (course, hours, completion); it may close a recommendation',
  },
  // payroll (one run per OPD per month)
  'payroll.view': {
    subject: 'payrollRun',
    readOnly: true,
    self: false,
    relations: [],
    roles: { ...FINANCE_OF_OPD, bpkad: 'all' },
    description: 'see a payroll run and its totals',
  },
  'payroll.calculate': {
    subject: 'payrollRun',
    readOnly: false,
    self: false,
    relations: [],
    roles: { bendahara: 'ownOpd' },
    description: 'calculate a run or recalculate one slip',
  },
  'payroll.submit': {
    subject: 'payrollRun',
    readOnly: false,
    self: false,
    relations: [],
    roles: { bendahara: 'ownOpd' },
    description: 'submit the run (SPP-LS)',
  },
  'payroll.verify': {
    subject: 'payrollRun',
    readOnly: false,
    self: false,
    relations: [],
    roles: { ppk_skpd: 'ownOpd' },
    description: 'verify the run (SPM prepared)',
  },
  'payroll.approve': {
    subject: 'payrollRun',
    readOnly: false,
    self: false,
    relations: [],
    roles: { kepala_opd: 'ownOpd' },
    description: 'sign the SPM',
  },
  'payroll.disburse': {
    subject: 'payrollRun',
    readOnly: false,
    self: false,
    relations: [],
    roles: { bpkad: 'all' },
    description: 'record the SP2D',
  },
  'payroll.return': {
    subject: 'payrollRun',
    readOnly: false,
    self: false,
    relations: [],
    roles: { ppk_skpd: 'ownOpd', kepala_opd: 'ownOpd', bpkad: 'all' },
    description: 'return a run to DRAFT with a reason',
  },
  'pay.view': {
    subject: 'payLine',
    readOnly: true,
    self: true,
    relations: [],
    payPrivate: true,
    roles: { ...FINANCE_OF_OPD, bpkad: 'all' },
    description: 'see an employee’s pay lines (slip)',
  },
  'payroll.import': {
    subject: 'organisation',
    readOnly: false,
    self: false,
    relations: [],
    roles: { admin_kepegawaian: 'all' },
    description: 'record the pay inputs kept by BKPSDM: a month’s attendance or predikat, an amended predikat, a sanction',
  },
  'payroll.budget': {
    subject: 'organisation',
    readOnly: false,
    self: false,
    relations: [],
    roles: { bpkad: 'all' },
    description: 'set an OPD’s TPP budget for a month',
  },
  'payroll.simulate': {
    subject: 'organisation',
    // A what-if over recorded figures: it decides nothing (its only event records that it ran), so the inspectorate may run it too.
    readOnly: true,
    self: false,
    relations: [],
    roles: { bpkad: 'all', admin_kepegawaian: 'all' },
    description: 'simulate draft policy documents against past months and project the TPP budget (BPKAD, BKPSDM, inspectorate)',
  },
  'policy.publish': {
    subject: 'organisation',
    readOnly: false,
    self: false,
    relations: [],
    roles: { bpkad: 'all' },
    description: 'publish a policy version (a Perkada as a policy document)',
  },
  // attendance (an OPD's admin, `admin_opd`, keeps its machines and its fault days; BKPSDM anywhere)
  'attendance.import': {
    subject: 'unit',
    readOnly: false,
    self: false,
    relations: [],
    roles: { admin_opd: 'ownOpd', admin_kepegawaian: 'all' },
    description: 'import an attendance machine’s scan log and keep the PIN-to-NIP map of the OPD’s devices',
  },
  'attendance.fault': {
    subject: 'unit',
    readOnly: false,
    self: false,
    relations: [],
    roles: { admin_opd: 'ownOpd', admin_kepegawaian: 'all' },
    description: 'declare a day the OPD’s attendance machine failed (with a reason): it excuses the OPD’s scans that day',
  },
  'attendance.summarise': {
    subject: 'unit',
    readOnly: false,
    self: false,
    relations: [],
    roles: { admin_opd: 'ownOpd', admin_kepegawaian: 'all' },
    description: 'record the OPD’s monthly attendance summary, computed from schedules, scans and leave, as the pay input',
  },
  'attendance.recap': {
    subject: 'unit',
    readOnly: true,
    self: false,
    relations: [],
    roles: { admin_opd: 'ownOpd', kepala_opd: 'ownOpd', bendahara: 'ownOpd', admin_kepegawaian: 'all', bpkad: 'all' },
    description: 'see and download the attendance recap of an OPD and month',
  },
  'attendance.view': {
    subject: 'employee',
    readOnly: true,
    self: true,
    relations: ['supervisor'],
    roles: { admin_opd: 'ownOpd', admin_kepegawaian: 'all' },
    description: 'see an employee’s attendance days: each day’s category and why',
  },
  'leave.request': {
    subject: 'employee',
    readOnly: false,
    self: true,
    relations: [],
    roles: { admin_opd: 'ownOpd', admin_kepegawaian: 'all' },
    description: 'request leave or official duty (cuti, dinas luar, tugas belajar, sakit) with its letter, or cancel the request',
  },
  'leave.decide': {
    subject: 'employee',
    readOnly: false,
    self: false,
    relations: ['supervisor'],
    roles: {},
    description: 'approve or refuse a leave request (the supervisor of the day)',
  },
  'leave.view': {
    subject: 'employee',
    readOnly: true,
    self: true,
    relations: ['supervisor'],
    roles: { admin_opd: 'ownOpd', admin_kepegawaian: 'all' },
    description: 'see an employee’s leave requests and their decisions',
  },
  // reconciliation with e-Kinerja BKN and the SIASN exchange (BKPSDM)
  'predikat.reconcile': {
    subject: 'organisation',
    readOnly: false,
    self: false,
    relations: [],
    roles: { admin_kepegawaian: 'all' },
    description: 'import e-Kinerja BKN’s predikat export, resolve each difference with kinerja’s predikat, export to SIASN',
  },
  'predikat.reconciliation.view': {
    subject: 'organisation',
    readOnly: true,
    self: false,
    relations: [],
    roles: { admin_kepegawaian: 'all', bpkad: 'all' },
    description: 'see the differences between e-Kinerja BKN and kinerja and how each was resolved',
  },
  // audit
  'audit.timeline': {
    subject: 'employee',
    readOnly: true,
    self: true,
    relations: [],
    roles: {},
    description: 'see the timeline of decisions about an employee, and records as they were',
  },
  'audit.verify': {
    subject: 'auditLog',
    readOnly: true,
    self: false,
    relations: [],
    roles: {},
    description: 'verify the hash chains and export the log',
  },
} as const satisfies Record<string, ActionSpec>;

export type Action = keyof typeof ACTIONS;
export const ACTION_NAMES = Object.keys(ACTIONS) as Action[];

export function isAction(s: string): s is Action {
  return Object.prototype.hasOwnProperty.call(ACTIONS, s);
}
