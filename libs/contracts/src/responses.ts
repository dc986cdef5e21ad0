import { z } from 'zod';
import { ORGANISATION_RESULTS, PREDIKAT, RATINGS } from '@kinerja/policies';

/**
 * Response shapes, for the OpenAPI document (/docs). They describe what the API answers; nothing
 * parses a response with them. Objects are open (`looseObject`): a field added to an answer is not
 * a breaking change, and the document must not claim the answer has no more than it lists.
 * Schemas with an `id` become named components of the document.
 */
const o = z.looseObject;
const rupiah = z
  .string()
  .regex(/^-?\d+$/)
  .describe('whole rupiah as a string of digits');
const nullableString = z.string().nullable();
const predikat = z.enum(PREDIKAT).nullable();
const anyObject = o({});

export const ErrorEnvelope = z
  .object({
    error: z
      .object({
        code: z
          .string()
          .describe('a stable code, e.g. OBJECTION_WINDOW_CLOSED; the codes of each operation are listed in its x-error-codes'),
        message: z.string(),
        details: z.record(z.string(), z.unknown()).describe('what the code is about; a 400 for bad input has fields: [{ path, message }]'),
      })
      .strict(),
  })
  .strict()
  .meta({ id: 'Error' });

/** What every command answers: the stream it appended to and its new version. */
export const CommandAnswer = o({
  streamId: z.string(),
  version: z.number().int().describe('the stream version after the command; send it as If-Match to build on it'),
  events: z.array(z.string()).describe('the types of the events appended'),
  replayed: z.boolean().describe('true when an Idempotency-Key was seen before: the first answer, nothing appended'),
}).meta({ id: 'CommandAnswer' });

const commandWith = <T extends z.ZodRawShape>(shape: T) => CommandAnswer.extend(shape);
export const RatedAnswer = commandWith({ predikat: predikat.describe('the predikat the policy matrix gives the two ratings') });
export const AssignmentAnswer = commandWith({ assignmentId: z.string() });
export const DailyReportAnswer = commandWith({ reportId: z.string() });
export const PublicLinkAnswer = commandWith({ linkId: z.string(), token: z.string().describe('shown only once'), path: z.string() });
export const ResultTemplateAnswer = o({ plans: z.array(commandWith({ nip: z.string() })) });
export const IssueAnswer = o({
  streamId: z.string(),
  version: z.number().int(),
  opdId: z.string(),
  period: z.string(),
  issuedOn: z.string(),
  issued: z.number().int().describe('how many appraisals were issued'),
  withinCurve: z.boolean(),
  justification: z.unknown(),
});

const page = o({ page: z.number().int(), pageSize: z.number().int(), total: z.number().int(), pages: z.number().int() });
const offsetPage = { limit: z.number().int(), offset: z.number().int() };

export const EmployeeView = o({
  nip: z.string(),
  name: z.string(),
  asnStatus: z.string(),
  employmentState: z.string(),
  positionId: z.string(),
  positionGrade: z.number().int(),
  orgUnitId: z.string().describe('the OPD that pays the TPP'),
  salaryBase: rupiah.optional().describe('only when financialDetails is shown'),
  salaryGross: rupiah.optional().describe('only when financialDetails is shown'),
  terCategory: z.string(),
  ptkpStatus: z.string(),
  bankAccount: o({
    bankName: z.string(),
    accountNumber: z.string().describe('masked unless financialDetails is shown'),
    accountName: z.string(),
  }),
  registeredFrom: z.string(),
  lastChangedOn: z.string(),
  financialDetails: z
    .enum(['shown', 'hidden'])
    .describe('salary and the full bank account only to the employee, the finance roles of the OPD and the inspectorate'),
  asOf: nullableString,
  version: z.number().int().describe('the version of the employee stream, for If-Match'),
});
export const EmployeeHistoryView = o({
  nip: z.string(),
  items: z.array(
    o({
      type: z
        .string()
        .describe(
          'EmployeeRegistered, PositionChanged, OrgUnitTransferred, EmploymentStateChanged, SalaryChanged, TaxCategoryChanged, BankAccountChanged',
        ),
      effectiveDate: z.string(),
      recordedAt: z.string(),
      reason: nullableString,
      actor: nullableString.describe('who recorded it (the user id in the metadata)'),
      changes: z
        .array(o({ field: z.string(), value: z.string() }))
        .describe('the values it set; salary only with the financial details, the bank account masked otherwise'),
      streamPosition: z.number().int(),
    }),
  ),
  financialDetails: z.enum(['shown', 'hidden']),
  page,
});
export const DirectoryPage = o({ items: z.array(o({ nip: z.string(), name: z.string() })), page });
const supervisorRef = o({
  nip: z.string(),
  name: nullableString,
  positionId: z.string(),
  acting: z.boolean(),
  assignmentId: z.string(),
}).nullable();
export const SupervisorView = o({ nip: z.string(), date: z.string(), supervisor: supervisorRef, raterSupervisor: supervisorRef });
export const RaterSupervisorView = o({ nip: z.string(), date: z.string(), rater: supervisorRef, raterSupervisor: supervisorRef });
const rowCount = z.number().int().nonnegative();
export const ImportAnswer = o({
  dryRun: z.boolean(),
  batchId: z.string().describe("the file's content digest"),
  employees: rowCount.describe('rows in the file'),
  imported: rowCount.describe('rows registered by this run (on a dry run: that would be)'),
  alreadyImported: rowCount.describe('rows an earlier run registered already (a rerun after a crash): done, not errors'),
  assignments: rowCount.describe('placements appended by this run'),
}).describe('the rows read and what was (or, on a dry run, would be) appended');
export const ImportJobAccepted = o({
  jobId: z.string(),
  status: z.string().describe('where to follow the job: GET /api/v1/jobs/{id}'),
  dryRun: z.boolean(),
  bytes: rowCount.describe('bytes of the file received'),
  rows: rowCount.describe('rows of the file (lines after the header, not blank)'),
}).describe('the file is kept and its import queued; the job result is an import answer, or {ok: false, errors} with every bad row');

const holder = o({ nip: z.string(), name: nullableString, acting: z.boolean(), assignmentId: z.string() });
const OrgChartUnit = o({
  unitId: z.string(),
  name: z.string(),
  budgetCode: z.string().optional().describe('only on an OPD'),
  positions: z.array(
    o({
      positionId: z.string(),
      name: z.string(),
      grade: z.number().int(),
      seats: z.number().int(),
      parentPositionId: nullableString,
      holders: z.array(holder),
    }),
  ),
  get children() {
    return z.array(OrgChartUnit);
  },
}).meta({ id: 'OrgChartUnit' });
export const OrgChart = o({ date: z.string(), opds: z.array(OrgChartUnit) });
export const PositionView = o({
  positionId: z.string(),
  date: z.string(),
  unitId: z.string(),
  name: z.string(),
  grade: z.number().int(),
  parentPositionId: nullableString,
  seats: z.number().int(),
  holders: z.array(o({ assignmentId: z.string(), nip: z.string(), acting: z.boolean(), validFrom: z.string() })),
});

const PlanIndicator = o({
  indicatorId: z.string(),
  text: z.string(),
  quantity: z.number(),
  unit: z.string(),
  quality: z.number().describe('percent'),
  timeMonths: z.number().int(),
}).meta({ id: 'PlanIndicator' });
const PlanResult = o({
  resultId: z.string(),
  text: z.string(),
  parentResultId: z.string().optional(),
  indicators: z.array(PlanIndicator),
}).meta({ id: 'PlanResult' });
const PlanVersion = o({
  version: z.number().int(),
  status: z.enum(['DRAFT', 'SUBMITTED', 'APPROVED', 'RETURNED']),
  results: z.array(PlanResult),
  supervisorNip: nullableString,
  reason: z.string().optional().describe('why this version exists (a mid-year revision)'),
  raterNip: nullableString.optional(),
  notes: z.string().optional().describe('the rater’s notes of a return'),
  approvedAt: z.string().optional(),
}).meta({ id: 'PlanVersion' });
export const WorkPlanView = o({
  nip: z.string(),
  year: z.number().int(),
  current: z.number().int().nullable(),
  inForce: z.number().int().nullable(),
  versions: z.array(PlanVersion).describe('every version, oldest first'),
});
/** GET workplans/{nip}/{year}/parent-results: the RHK a staff plan may cascade from today. */
export const ParentResultsView = o({
  nip: z.string(),
  year: z.number().int(),
  date: z.string(),
  supervisor: o({ nip: z.string(), positionId: z.string(), acting: z.boolean() }).nullable(),
  supervisorPlan: o({ status: z.string().nullable(), inForce: z.number().int().nullable() }).nullable(),
  results: z.array(o({ resultId: z.string(), text: z.string(), indicators: z.array(PlanIndicator) })),
});
const CascadeNode = o({
  resultId: z.string(),
  nip: z.string(),
  text: z.string(),
  planVersion: z.number().int(),
  planStatus: z.string(),
  indicators: z.array(PlanIndicator),
  get children() {
    return z.array(CascadeNode);
  },
}).meta({ id: 'CascadeNode' });
export const CascadeView = o({
  unitId: z.string(),
  opdId: nullableString,
  year: z.number().int(),
  date: z.string(),
  plans: z.array(
    o({ nip: z.string(), name: nullableString, version: z.number().int(), status: z.string(), inForce: z.number().int().nullable() }),
  ),
  tree: z.array(CascadeNode),
});

const feedbackKind = z.enum(['ACKNOWLEDGED', 'NOTE', 'NEEDS_REVISION']);
/** A supervisor's answer to a daily report or a realisation; null while it waits for one (or after a revision). */
const SupervisorAnswer = o({ kind: feedbackKind, note: nullableString, answeredBy: nullableString.describe('the NIP of who answered') })
  .nullable()
  .meta({ id: 'SupervisorAnswer' });
const DailyReportRow = o({
  nip: z.string(),
  month: z.string(),
  at: z.string().describe('when it was filed (or filed again)'),
  reportId: z.string(),
  date: z.string(),
  durationMinutes: z.number().int(),
  resultId: z.string().describe('the RHK it serves'),
  output: z.string(),
  evidenceUrl: z.string().optional(),
  revision: z.number().int().describe('1, +1 per revision asked for'),
  answer: SupervisorAnswer,
}).meta({ id: 'DailyReportRow' });
export const DailyReportsView = o({
  nip: z.string(),
  month: z.string(),
  reports: z.array(DailyReportRow).describe('by date'),
  unlockedDays: z.array(z.string()).describe('days the supervisor let be reported after the window closed'),
});
const who = { nip: z.string(), name: nullableString };
export const InboxView = o({
  nip: nullableString,
  plansToApprove: z.array(o({ ...who, year: z.number().int(), version: z.number().int() })),
  reportsToAnswer: z.array(
    o({ ...who, month: z.string(), reportId: z.string(), date: z.string(), resultId: nullableString, output: nullableString }),
  ),
  plansToFinish: z.array(o({ year: z.number().int(), version: z.number().int(), status: z.string() })),
  reportsToRevise: z.array(o({ month: z.string(), reportId: z.string(), date: z.string(), note: nullableString })),
  feedbackAsked: z.array(o({ ...who, year: z.number().int(), relation: z.string() })),
  realisationsToAnswer: z.array(o({ ...who, period: z.string(), indicatorId: z.string(), resultId: nullableString })),
  reminders: z.array(o({ kind: z.string(), day: z.string(), count: z.number().int() })),
  objectionsToDecide: z.array(
    o({ nip: z.string(), period: z.string(), objectionId: nullableString, decisionDue: nullableString, escalated: z.boolean() }),
  ),
  leaveToDecide: z
    .array(o({ ...who, leaveId: z.string(), kind: z.string(), from: z.string(), to: z.string(), document: z.string(), reason: z.string() }))
    .describe('leave requests of today’s direct reports waiting on a decision'),
  appraisalsIssued: z.array(o({ period: z.string(), predikat, issuedOn: nullableString, objectionDeadline: nullableString })),
  escalatedObjections: z.array(
    o({ nip: z.string(), period: z.string(), objectionId: nullableString, decider: nullableString, decisionDue: nullableString }),
  ),
});
const averages = z.record(z.string(), z.number()).nullable();
export const FeedbackAggregateView = o({
  nip: z.string(),
  year: z.number().int(),
  invited: z.number().int(),
  answered: z.number().int(),
  minimum: z.number().int(),
  shown: z.boolean(),
  averages: averages.describe('per BerAKHLAK value, once the minimum number have answered'),
});
export const PublicFeedbackResultsView = o({
  nip: z.string(),
  year: z.number().int(),
  linkId: z.string(),
  service: nullableString,
  open: z.boolean(),
  answered: z.number().int(),
  averages,
  comments: z.array(z.string()).describe('what the public wrote, without who or from where'),
});
export const PublicFeedbackForm = o({
  service: z.string(),
  values: z.array(z.string()),
  scale: o({ min: z.number(), max: z.number() }),
  commentMax: z.number().int(),
});
export const PublicFeedbackAccepted = o({ accepted: z.literal(true) });
export const VerificationView = o({
  result: z
    .enum(['VALID', 'SUPERSEDED', 'RETURNED'])
    .describe("VALID: the run's current calculation; SUPERSEDED: a calculation the run replaced; RETURNED: the run went back to draft"),
  opd: o({ id: z.string(), name: z.string() }),
  month: z.string(),
  status: z.string().describe("the run's status now"),
  lineCount: z.number().int(),
  totalNet: rupiah,
  disbursed: o({ sp2dDate: z.string() }).nullable().describe('the SP2D date, once the run is disbursed'),
}).meta({ id: 'VerificationView' });
export const EvidenceUploaded = o({ sha256: z.string(), size: z.number().int(), contentType: z.string() });
const RecordedEvidence = z
  .discriminatedUnion('kind', [
    o({ kind: z.literal('FILE'), sha256: z.string(), size: z.number().int(), contentType: z.string() }),
    o({ kind: z.literal('LINK'), url: z.string() }),
  ])
  .meta({ id: 'RecordedEvidence' });
const RealisationRow = o({
  nip: z.string(),
  period: z.string(),
  indicatorId: z.string(),
  resultId: z.string(),
  quantity: z.number(),
  quality: z.number(),
  timeMonths: z.number(),
  note: nullableString,
  evidence: z.array(RecordedEvidence),
  revision: z.number().int(),
  answer: SupervisorAnswer,
}).meta({ id: 'RealisationRow' });
export const RealisationsView = o({ nip: z.string(), period: z.string(), realisations: z.array(RealisationRow).describe('by indicator') });

const rating = z.enum(RATINGS);
const ratingsDetail = {
  behaviourValues: z.record(z.string(), rating).describe('the BerAKHLAK values rated one by one (optional detail)'),
  resultRatings: z.array(o({ resultId: z.string(), rating })).describe('the RHK rated one by one (optional detail)'),
};
const AppraisalRow = o({
  nip: z.string(),
  period: z.string(),
  year: z.number().int(),
  opdId: nullableString,
  raterNip: nullableString,
  raterSupervisorNip: nullableString.describe('the atasan pejabat penilai recorded at the issue: who decides an objection'),
  results: rating.nullable(),
  behaviour: rating.nullable(),
  reasons: o({ results: z.string().optional(), behaviour: z.string().optional() }).describe(
    'the rater’s written reasons, for a rating other than SESUAI_EKSPEKTASI',
  ),
  ...ratingsDetail,
  predikat,
  issuedPredikat: predikat,
  state: z.enum(['DRAFT', 'ISSUED', 'OBJECTED', 'DECIDED', 'FINAL']),
  revision: z.number().int(),
  policyVersion: nullableString,
  issuedOn: nullableString,
  objectionDeadline: nullableString.describe('the last calendar day on which an objection is accepted (YYYY-MM-DD)'),
  windowClosesAt: nullableString.describe('the instant the objection window ends'),
  objection: o({
    id: z.string(),
    reasons: z.string(),
    evidence: z.array(o({ kind: z.enum(['FILE', 'LINK']), sha256: z.string().optional(), url: z.string().optional() })),
    filedOn: z.string(),
    decider: nullableString,
    decisionDue: z.string(),
    decisionDueAt: z.string(),
    escalated: z.boolean(),
    escalatedAt: nullableString,
  }).nullable(),
  decision: o({
    outcome: z.enum(['CONFIRM', 'AMEND']),
    reasons: z.string(),
    decidedBy: z.string(),
    previousPredikat: z.enum(PREDIKAT),
    predikat: z.enum(PREDIKAT),
    results: rating,
    behaviour: rating,
    behaviourValues: ratingsDetail.behaviourValues.optional(),
    resultRatings: ratingsDetail.resultRatings.optional(),
    decidedOn: z.string(),
    late: z.boolean(),
  }).nullable(),
  events: z.array(z.unknown()).describe('the events behind the row, in stream order'),
  version: z.number().int().describe('the stream version the row reflects'),
}).meta({ id: 'AppraisalLedgerRow' });
export const AppraisalView = AppraisalRow;
const ratingRow = o(Object.fromEntries(RATINGS.map((r) => [r, z.enum(PREDIKAT)])));
export const AppraisalRulesView = o({
  period: z.string(),
  policyVersion: z.string(),
  periodLength: z.enum(['MONTHLY', 'QUARTERLY']),
  matrix: o(Object.fromEntries(RATINGS.map((r) => [r, ratingRow]))).describe('results rating -> behaviour rating -> predikat'),
  objectionWindowDays: z.number().int(),
  decisionDays: z.number().int(),
});
export const TeamAppraisalsView = o({
  period: z.string(),
  lastDay: z.string(),
  periodEnded: z.boolean().describe('the period is rated from its last day'),
  team: z.array(o({ nip: z.string(), name: nullableString, appraisal: AppraisalRow.nullable() })),
});
export const EmployeeLedgerView = o({ nip: z.string(), ...offsetPage, appraisals: z.array(AppraisalRow) });
export const UnitLedgerView = o({
  opdId: z.string(),
  period: z.string(),
  calibration: anyObject.nullable(),
  ...offsetPage,
  appraisals: z.array(AppraisalRow),
});
export const DistributionView = o({
  opdId: z.string(),
  period: z.string(),
  policyVersion: z.string(),
  organisationResult: z.enum(ORGANISATION_RESULTS).nullable(),
  employees: z.number().int(),
  rated: z.number().int(),
  unrated: z.array(z.string()),
  counts: z.record(z.string(), z.number().int()),
  curve: z.unknown(),
  minUnitSize: z.number().int(),
  check: z.unknown(),
  justification: anyObject.nullable(),
  issued: anyObject.nullable(),
});
const TrainingRecommendationRow = o({
  recommendationId: z.string(),
  nip: z.string(),
  period: z.string(),
  predikat: z.string(),
  weakestBehaviours: z.array(z.string()),
  missedResults: z.array(z.string()),
  proposal: z.string(),
  recommendedAt: z.string(),
  eventId: z.string(),
  streamId: z.string(),
  closedByTrainingId: nullableString,
  closedOn: nullableString,
});
const TrainingRecordRow = o({
  trainingId: z.string(),
  course: z.string(),
  hours: z.number().describe('hours of lessons (JP)'),
  completedOn: z.string(),
  recommendationId: nullableString,
  eventId: z.string(),
  streamId: z.string(),
});
export const FollowUpView = o({
  nip: z.string(),
  trainingRecommendations: z.array(TrainingRecommendationRow),
  competenceDevelopment: o({ year: z.number().int(), hours: z.number(), trainings: z.array(TrainingRecordRow) }),
  promotionEligibility: z.unknown(),
  yearPredikatBeforeKinerja: z.array(anyObject),
});
const listOf = (key: string) => o({ ...offsetPage, [key]: z.array(anyObject) });
export const RewardsView = listOf('rewards');
export const SanctionCasesView = listOf('cases');
export const TrainingRecommendationsView = listOf('recommendations');
export const EscalatedObjectionsView = listOf('objections');
export const PromotionEligibilityListView = listOf('eligibility');

const count = z.number().int();
export const DashboardView = o({
  opdId: z.string(),
  month: z.string(),
  asOfDate: z.string().describe('the month’s last day: the OPD’s employees are those holding a position in it on that day'),
  employees: count,
  plans: o({
    year: count,
    approved: count.describe('a plan in force'),
    submitted: count,
    draft: count,
    none: count.describe('no plan at all'),
  }),
  dailyReports: o({ filed: count, answered: count, unanswered: count, employeesFiling: count }),
  appraisals: o({
    periods: z.array(z.string()).describe('the month and its quarter'),
    rated: count,
    issued: count,
    predikat: z.record(z.string(), count).describe('rated appraisals per predikat'),
  }),
  objections: o({ open: count.describe('objections filed and not decided yet (all periods)'), escalated: count }),
  payroll: o({ runId: z.string(), status: z.string(), calculation: count }).nullable().describe('the month’s run, or null'),
}).meta({ id: 'Dashboard' });

export const PolicyPublished = o({ policyVersion: z.string(), streamId: z.string(), version: z.number().int() });
export const PolicyList = o({
  versions: z.array(
    o({
      policyVersion: z.string(),
      effectiveFrom: z.string(),
      effectiveUntil: nullableString,
      enactedBy: o({ title: z.string(), shortTitle: z.string(), number: z.string(), year: z.number().int(), enactedOn: z.string() }),
      document: anyObject.describe('the whole policy document, as published'),
      published: o({ reason: z.string(), at: z.string() })
        .nullable()
        .describe('why and when it was published; null when shipped with kinerja'),
    }),
  ),
});
export const SanctionsPage = o({
  ...offsetPage,
  sanctions: z.array(
    o({
      sanctionId: z.string(),
      nip: z.string(),
      name: nullableString,
      opdId: nullableString,
      type: z.string().describe('RINGAN, SEDANG or BERAT'),
      startMonth: z.string(),
      months: z.number().int(),
      endMonth: z.string().describe('the first month it no longer runs'),
      decreeNumber: nullableString,
      eventId: z.string(),
    }),
  ),
});
export const BudgetsView = o({
  opdId: z.string(),
  budgets: z.array(o({ month: z.string(), amount: z.string().describe('whole rupiah') })),
});
export const PayrollImportReport = o({
  month: z.string(),
  dryRun: z.boolean(),
  rows: z.number().int(),
  valid: z.number().int(),
  errors: z.array(o({ line: z.number().int(), nip: z.string().optional(), code: z.string(), message: z.string() })),
  importId: z.string().optional(),
  appended: z.number().int(),
});
export const PayrollCommandAnswer = o({ streamId: z.string(), version: z.number().int(), events: z.array(z.unknown()) });
export const SanctionAnswer = PayrollCommandAnswer.extend({ sanctionId: z.string() });
const runStatus = z.string().describe('DRAFT, CALCULATING, CALCULATED, SUBMITTED, VERIFIED, APPROVED, DISBURSED');
export const RunStepAnswer = o({ runId: z.string(), status: runStatus, version: z.number().int() });
export const RunOpened = RunStepAnswer.extend({ policyVersion: z.string() });
export const CalculationStarted = o({
  runId: z.string(),
  calculation: z.unknown(),
  jobId: z.string(),
  status: z.string().describe('where to follow the run'),
});
export const SlipRecalculated = o({
  runId: z.string(),
  nip: z.string(),
  version: z.number().int(),
  amounts: z.record(z.string(), rupiah),
  digest: z.string().optional(),
});
export const RunView = o({
  runId: z.string(),
  opdId: z.string(),
  month: z.string(),
  status: runStatus,
  version: z.number().int(),
  policyVersion: z.string(),
  lineCount: z.number().int(),
  totalGross: rupiah,
  totalNet: rupiah,
  budget: rupiah
    .nullable()
    .describe('the OPD’s TPP budget for the month (what submitting checks the total against); null when none is set'),
  digest: nullableString.describe('what the signing steps send back'),
  signers: z.unknown(),
  sp2d: anyObject.nullable(),
  steps: z.array(anyObject),
  calculationJob: anyObject.nullable(),
});
const payLine = o({
  nip: z.string(),
  name: nullableString,
  lineKey: z.string(),
  kind: z.string(),
  revision: z.number().int(),
  amounts: z.record(z.string(), rupiah),
  policyVersion: z.string(),
  eventId: z.string(),
  objectionId: nullableString,
  adjustsMonth: nullableString,
});
export const RunLinesPage = o({
  lines: z.array(payLine),
  next: nullableString.describe('send as ?after= for the next page; null at the end'),
});
export const SlipList = o({ runId: z.string(), status: runStatus, totalGross: rupiah, totalNet: rupiah, slips: z.array(anyObject) });
export const PayLedgerView = o({ nip: z.string(), month: z.string(), lines: z.array(payLine), net: rupiah });
const ExplainedLine = o({
  runId: z.string(),
  runStatus: z.string(),
  lineKey: z.string(),
  kind: z.string(),
  policyVersion: z.string(),
  eventId: z.string(),
  streamId: z.string(),
  amounts: z.record(z.string(), rupiah),
  steps: z.array(z.string()).describe('each step of the calculation, with its arithmetic'),
  summary: z.string().optional().describe('one sentence; absent on an adjustment line'),
  recomputedMatches: z.boolean().optional(),
});
export const PayExplanation = o({ nip: z.string(), month: z.string(), lines: z.array(ExplainedLine) });

export const StreamView = o({
  streamId: z.string(),
  asOf: nullableString,
  events: z.array(anyObject),
  page: o({ from: z.number().int(), limit: z.number().int(), next: z.number().int().nullable() }),
});
const timelineEvent = o({
  eventId: z.string(),
  type: z.string(),
  streamId: z.string(),
  streamType: z.string(),
  streamPosition: z.number().int(),
  globalPosition: z.string(),
  actor: nullableString,
  role: nullableString,
  reason: nullableString,
  recordedAt: z.string(),
  policyVersion: nullableString,
  correlationId: nullableString,
  nip: nullableString.describe('the employee the event is about'),
  opdId: nullableString,
});
export const TimelineView = o({
  events: z.array(timelineEvent),
  page: o({
    limit: z.number().int(),
    order: z.enum(['asc', 'desc']),
    next: nullableString.describe('send as ?cursor= for the next page; null at the end (for now: new events come after it)'),
  }),
});
export const AccessLogView = o({
  nip: z.string(),
  reads: z.array(
    o({
      eventId: z.string(),
      streamId: z.string(),
      what: z.string().describe('employee.record, pay.ledger, pay.explanation, appraisal.ledger or appraisal.period'),
      scope: nullableString.describe('the month, period, year or date read'),
      reader: z.string(),
      readerNip: nullableString,
      via: z.string().describe('the role that allowed the read'),
      reason: nullableString,
      correlationId: nullableString,
      at: z.string(),
    }),
  ),
  page: o({ limit: z.number().int(), next: nullableString }),
});
export const JobAccepted = o({ jobId: z.string(), status: z.string().describe('where to follow the job') });
export const JobView = o({
  id: z.string(),
  name: z.string(),
  state: z.string(),
  progress: z.unknown(),
  result: z.unknown(),
  failedReason: nullableString,
});
export const ProjectionsView = o({ projections: z.array(o({ name: z.string(), version: z.number().int(), lagEvents: z.number().int() })) });
export const HealthView = o({
  status: z.enum(['ok', 'degraded']),
  database: z.string(),
  queue: o({ backend: z.string(), status: z.string() }),
  eventStore: z.string(),
  projections: z.array(anyObject),
});
