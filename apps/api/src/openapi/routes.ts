import { z } from 'zod';
import type { Area } from './error-codes';
import { OPD_ID_PATTERN } from '@kinerja/domain/shared';
import {
  AccessLogQuery,
  AccessLogView,
  ReadReasonQuery,
  EmployeeQueryParams,
  EmployeeHistoryQueryParams,
  EmployeeHistoryView,
  TimelineExportQuery,
  LedgerExportQuery,
  TimelineQuery,
  TimelineView,
  AmendmentBody,
  BknImportBody,
  BknImportReport,
  DifferencesPage,
  DifferencesQuery,
  ResolutionAnswer,
  ResolveDifferenceBody,
  SiasnExportQuery,
  SiasnRowsView,
  AssignmentAnswer,
  BudgetBody,
  BudgetsView,
  CalculationStarted,
  CascadeView,
  CommandAnswer,
  DailyReportAnswer,
  DailyReportsView,
  DateQueryParams,
  DirectoryPage,
  DirectoryQueryParams,
  asOf,
  DistributionView,
  EmployeeLedgerView,
  EmployeeView,
  EscalatedObjectionsView,
  EvidenceUploaded,
  FeedbackAggregateView,
  FollowUpView,
  HealthView,
  ImportAnswer,
  ImportEmployeesFileQuery,
  ImportJobAccepted,
  ImportBody,
  InboxView,
  IssueAnswer,
  JobAccepted,
  JobIdParam,
  JobView,
  LinesQuery,
  RekapQuery,
  OpenRunBody,
  OrgChart,
  OrgChartQueryParams,
  PageQuery,
  PayExplanation,
  PayLedgerView,
  PayrollMonthParam,
  PayrollCommandAnswer,
  PayrollImportReport,
  PolicyList,
  PolicyPublished,
  PositionView,
  ProjectionsView,
  SealKeyView,
  SealList,
  PublicFeedbackAccepted,
  PublicFeedbackForm,
  VerificationView,
  PublicFeedbackResultsView,
  PublicLinkAnswer,
  PublishPolicyBody,
  RaterSupervisorView,
  RatedAnswer,
  RealisationsView,
  RecalculateBody,
  ResultTemplateAnswer,
  ReturnBody,
  RewardsView,
  RunLinesPage,
  RunOpened,
  RunStepAnswer,
  RunView,
  SanctionAnswer,
  SanctionBody,
  SanctionsPage,
  SanctionsQuery,
  SanctionCasesView,
  SlipList,
  SlipRecalculated,
  StepBody,
  StreamQuery,
  StreamView,
  SupervisorView,
  TeamAppraisalsView,
  TrainingRecommendationsView,
  UnitLedgerView,
  ParentResultsView,
  WorkPlanView,
  YearQueryParams,
  AppraisalRulesView,
  AppraisalView,
  DemoSignInAnswer,
  DemoSignInBody,
  MeView,
  SignInOptionsView,
  DashboardQuery,
  DashboardView,
  PromotionEligibilityListView,
  LeaveRequested,
  AttendanceMonthView,
  AttendanceRecapView,
  AttendanceSummaryAnswer,
  ShiftRosterAnswer,
  RosterBody,
  LeaveListView,
  FaultDaysView,
  LeaveRequestBody,
  MonthQuery,
  DeviceAnswerView,
  DeviceListView,
  DevicePageQuery,
  DevicesQuery,
  DeviceView,
  ScanImportQuery,
  ScanImportReportView,
  ScanImportsQuery,
  ScanImportsView,
} from '@kinerja/contracts';

/** What the document says of one operation beyond what Nest's decorators give it. */
export interface RouteDoc {
  /** The JSON body, for routes whose controller has no @CommandDoc; null: the route takes no body. */
  body?: z.ZodType | null;
  /** The query string, for routes that parse `@Query()` as a whole. */
  query?: z.ZodType;
  /** The success answer: a zod schema, or a media type for answers that are not JSON. */
  response: z.ZodType | { mediaType: string; schema: object; description: string };
  /** Takes Idempotency-Key and If-Match (every POST unless false). */
  command?: boolean;
  /** The areas whose codes it answers, where its controller's (error-codes.ts CONTROLLER_AREAS) say too much. */
  areas?: readonly Area[];
  /** Answers other than the success and the coded errors, by status. */
  other?: Readonly<Record<number, { description: string; schema: z.ZodType }>>;
}

const csv = { mediaType: 'text/csv', schema: { type: 'string' }, description: 'a CSV file' };
const jsonl = {
  mediaType: 'application/jsonl',
  schema: { type: 'string' },
  description: 'JSON Lines: a header object, then one event per line',
};
const binary = {
  mediaType: 'application/octet-stream',
  schema: { type: 'string', format: 'binary' },
  description: 'the file, with its own Content-Type',
};
const pdf = { mediaType: 'application/pdf', schema: { type: 'string', format: 'binary' }, description: 'a PDF document' };
const xlsx = {
  mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  schema: { type: 'string', format: 'binary' },
  description: 'an Excel workbook (.xlsx)',
};
const sealFile = { mediaType: 'text/plain', schema: { type: 'string' }, description: 'the seal file (kinerja-audit-seal v1), signed' };
const metrics = { mediaType: 'text/plain', schema: { type: 'string' }, description: 'Prometheus text exposition format' };

const year = z
  .string()
  .regex(/^\d{4}$/)
  .optional();
const period = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/)
  .describe('an appraisal period: a month YYYY-MM, or a quarter YYYY-Qn when the policy appraises quarterly');
const command = { response: CommandAnswer };
const run = { areas: ['payrollRun'] as const };

/**
 * Every operation of the API, keyed "METHOD /path" as in the document. openapi.spec.ts fails on an
 * operation missing here, so a new endpoint is documented when it is added.
 */
export const ROUTES: ReadonlyMap<string, RouteDoc> = new Map<string, RouteDoc>([
  ['GET /health', { response: HealthView, other: { 503: { description: 'the database or the queue is down', schema: HealthView } } }],
  ['GET /metrics', { response: metrics }],

  ['GET /api/v1/session', { response: SignInOptionsView }],
  ['POST /api/v1/session/demo', { body: DemoSignInBody, response: DemoSignInAnswer, command: false }],
  ['GET /api/v1/me', { response: MeView }],

  ['GET /api/v1/audit/streams/{streamId}', { query: StreamQuery, response: StreamView }],
  ['GET /api/v1/audit/timeline', { query: TimelineQuery, response: TimelineView }],
  ['GET /api/v1/audit/exports/timeline.jsonl', { query: TimelineExportQuery, response: jsonl }],
  ['GET /api/v1/audit/exports/timeline.csv', { query: TimelineExportQuery, response: csv }],
  ['GET /api/v1/audit/exports/appraisals.jsonl', { query: LedgerExportQuery, response: jsonl }],
  ['GET /api/v1/audit/exports/appraisals.csv', { query: LedgerExportQuery, response: csv }],
  ['GET /api/v1/audit/exports/pay.jsonl', { query: LedgerExportQuery, response: jsonl }],
  ['GET /api/v1/audit/exports/pay.csv', { query: LedgerExportQuery, response: csv }],
  ['POST /api/v1/audit/verify', { body: null, response: JobAccepted, command: false }],
  ['GET /api/v1/jobs/{id}', { response: JobView }],
  ['GET /api/v1/projections', { response: ProjectionsView }],
  ['GET /api/v1/audit/seals', { response: SealList }],
  ['GET /api/v1/audit/seals/{seal}/file', { response: sealFile }],
  ['GET /api/v1/audit/seal-key', { response: SealKeyView }],

  ['GET /api/v1/employees', { query: DirectoryQueryParams, response: DirectoryPage }],
  ['POST /api/v1/employees', command],
  ['GET /api/v1/employees/{nip}', { query: EmployeeQueryParams, response: EmployeeView }],
  ['GET /api/v1/employees/{nip}/access-log', { areas: ['audit'], query: AccessLogQuery, response: AccessLogView }],
  ['GET /api/v1/employees/{nip}/history', { query: EmployeeHistoryQueryParams, response: EmployeeHistoryView }],
  ['GET /api/v1/employees/{nip}/supervisor', { query: DateQueryParams, response: SupervisorView }],
  ['GET /api/v1/employees/{nip}/rater-supervisor', { query: DateQueryParams, response: RaterSupervisorView }],
  ['POST /api/v1/employees/import', { response: ImportAnswer, command: false }],
  ['POST /api/v1/employees/import/file', { body: null, query: ImportEmployeesFileQuery, response: ImportJobAccepted, command: false }],
  ['POST /api/v1/employees/{nip}/position', command],
  ['POST /api/v1/employees/{nip}/org-unit', command],
  ['POST /api/v1/employees/{nip}/employment-state', command],
  ['POST /api/v1/employees/{nip}/salary', command],
  ['POST /api/v1/employees/{nip}/tax-category', command],
  ['POST /api/v1/employees/{nip}/bank-account', command],

  ['GET /api/v1/org-chart', { query: OrgChartQueryParams, response: OrgChart }],
  ['GET /api/v1/positions/{positionId}', { query: DateQueryParams, response: PositionView }],
  ['POST /api/v1/org-units', command],
  ['POST /api/v1/org-units/{unitId}/move', command],
  ['POST /api/v1/positions', command],
  ['POST /api/v1/positions/{positionId}/move', command],
  ['POST /api/v1/assignments', { response: AssignmentAnswer }],
  ['POST /api/v1/assignments/{assignmentId}/end', command],

  ['POST /api/v1/policies', { areas: ['policy'], body: PublishPolicyBody, response: PolicyPublished }],
  ['GET /api/v1/policies', { areas: ['policy'], response: PolicyList }],
  [
    'POST /api/v1/payroll/attendance/{month}/import',
    { areas: ['payrollInputs'], body: ImportBody, response: PayrollImportReport, command: false },
  ],
  [
    'POST /api/v1/payroll/predikat/{month}/import',
    { areas: ['payrollInputs'], body: ImportBody, response: PayrollImportReport, command: false },
  ],
  ['POST /api/v1/reconciliation/bkn/{period}/import', { body: BknImportBody, response: BknImportReport }],
  ['GET /api/v1/reconciliation/bkn/differences', { query: DifferencesQuery, response: DifferencesPage }],
  ['POST /api/v1/reconciliation/bkn/{month}/differences/{nip}/resolve', { body: ResolveDifferenceBody, response: ResolutionAnswer }],
  ['GET /api/v1/siasn/periodic-performance/{period}', { query: SiasnExportQuery, response: SiasnRowsView }],
  ['POST /api/v1/payroll/predikat-amendments', { areas: ['payrollInputs'], body: AmendmentBody, response: PayrollCommandAnswer }],
  ['GET /api/v1/payroll/sanctions', { areas: ['payrollInputs'], query: SanctionsQuery, response: SanctionsPage }],
  ['GET /api/v1/payroll/opds/{opdId}/budgets', { areas: ['payrollInputs', 'payrollRun'], response: BudgetsView }],
  ['POST /api/v1/payroll/sanctions', { areas: ['payrollInputs'], body: SanctionBody, response: SanctionAnswer }],
  ['POST /api/v1/payroll/opds/{opdId}/budgets/{month}', { areas: ['payrollInputs'], body: BudgetBody, response: PayrollCommandAnswer }],
  ['POST /api/v1/payroll/opds/{opdId}/runs', { ...run, body: OpenRunBody, response: RunOpened }],
  ['GET /api/v1/payroll/opds/{opdId}/runs/{month}', { ...run, response: RunView }],
  ['POST /api/v1/payroll/opds/{opdId}/runs/{month}/calculate', { ...run, body: null, response: CalculationStarted }],
  ['POST /api/v1/payroll/opds/{opdId}/runs/{month}/return', { ...run, body: ReturnBody, response: RunStepAnswer }],
  ['POST /api/v1/payroll/opds/{opdId}/runs/{month}/slips/{nip}/recalculate', { ...run, body: RecalculateBody, response: SlipRecalculated }],
  ['POST /api/v1/payroll/opds/{opdId}/runs/{month}/{step}', { ...run, body: StepBody, response: RunStepAnswer }],
  ['GET /api/v1/payroll/opds/{opdId}/runs/{month}/lines', { ...run, query: LinesQuery, response: RunLinesPage }],
  ['GET /api/v1/payroll/opds/{opdId}/runs/{month}/exports/bank-transfer.csv', { ...run, response: csv }],
  ['GET /api/v1/payroll/opds/{opdId}/runs/{month}/exports/slips', { ...run, response: SlipList }],
  [
    'GET /api/v1/employees/{nip}/pay/{month}',
    { areas: ['pay', 'recordedRead'], query: ReadReasonQuery.extend({ asOf }), response: PayLedgerView },
  ],
  ['GET /api/v1/employees/{nip}/pay/{month}/explain', { areas: ['pay', 'recordedRead'], query: ReadReasonQuery, response: PayExplanation }],
  ['GET /api/v1/payroll/opds/{opdId}/runs/{month}/rekap.pdf', { areas: ['documents'], query: RekapQuery, response: pdf }],
  ['GET /api/v1/payroll/opds/{opdId}/runs/{month}/rekap.xlsx', { areas: ['documents'], response: xlsx }],
  ['GET /api/v1/employees/{nip}/pay/{month}/slip.pdf', { areas: ['documents'], query: ReadReasonQuery, response: pdf }],
  ['GET /api/v1/public/verification/{code}', { areas: ['verification'], response: VerificationView }],

  ['GET /api/v1/workplans/{nip}/{year}', { response: WorkPlanView }],
  ['GET /api/v1/workplans/{nip}/{year}/parent-results', { response: ParentResultsView }],
  ['POST /api/v1/workplans/{nip}/{year}/draft', command],
  ['POST /api/v1/workplans/{nip}/{year}/result-templates', { response: ResultTemplateAnswer }],
  ['POST /api/v1/workplans/{nip}/{year}/submit', command],
  ['POST /api/v1/workplans/{nip}/{year}/approve', command],
  ['POST /api/v1/workplans/{nip}/{year}/return', command],
  ['POST /api/v1/workplans/{nip}/{year}/revise', command],
  ['GET /api/v1/org-units/{unitId}/cascade', { query: YearQueryParams, response: CascadeView }],

  ['GET /api/v1/daily-reports/{nip}/{month}', { response: DailyReportsView }],
  ['POST /api/v1/daily-reports/{nip}', { response: DailyReportAnswer }],
  ['POST /api/v1/daily-reports/{nip}/{month}/{reportId}/answer', command],
  ['POST /api/v1/daily-reports/{nip}/unlock', command],
  ['GET /api/v1/inbox', { response: InboxView }],

  ['GET /api/v1/feedback/{nip}/{year}', { response: FeedbackAggregateView }],
  ['POST /api/v1/feedback/{nip}/{year}', command],
  ['POST /api/v1/feedback/{nip}/{year}/invitations', command],
  ['POST /api/v1/feedback/{nip}/{year}/public-links', { response: PublicLinkAnswer }],
  ['POST /api/v1/feedback/{nip}/{year}/public-links/{linkId}/close', { body: null, response: CommandAnswer }],
  ['GET /api/v1/feedback/{nip}/{year}/public-links/{linkId}', { response: PublicFeedbackResultsView }],
  ['GET /api/v1/public-feedback/{token}', { response: PublicFeedbackForm }],
  ['POST /api/v1/public-feedback/{token}', { response: PublicFeedbackAccepted, command: false }],

  ['POST /api/v1/evidence', { response: EvidenceUploaded, command: false }],
  ['GET /api/v1/evidence/{sha256}', { response: binary }],
  ['GET /api/v1/realisations/{nip}/{period}', { response: RealisationsView }],
  ['POST /api/v1/realisations/{nip}/{period}', command],
  ['POST /api/v1/realisations/{nip}/{period}/{indicatorId}/answer', command],

  ['POST /api/v1/appraisals/{nip}/{period}/rating', { response: RatedAnswer }],
  ['POST /api/v1/appraisals/{nip}/{period}/objection', command],
  ['POST /api/v1/appraisals/{nip}/{period}/objection/decision', command],
  ['GET /api/v1/appraisal-units/{opdId}/{period}/distribution', { response: DistributionView }],
  ['POST /api/v1/appraisal-units/{opdId}/{period}/organisation-result', command],
  ['POST /api/v1/appraisal-units/{opdId}/{period}/justification', command],
  ['POST /api/v1/appraisal-units/{opdId}/{period}/issue', { body: null, response: IssueAnswer }],
  ['GET /api/v1/appraisals/{nip}', { query: PageQuery.extend({ year, asOf, ...ReadReasonQuery.shape }), response: EmployeeLedgerView }],
  ['GET /api/v1/appraisals/{nip}/{period}', { query: ReadReasonQuery.extend({ asOf }), response: AppraisalView }],
  ['GET /api/v1/appraisal-units/{opdId}/{period}', { query: PageQuery, response: UnitLedgerView }],
  ['GET /api/v1/appraisal-rules/{period}', { response: AppraisalRulesView }],
  ['GET /api/v1/team-appraisals/{period}', { response: TeamAppraisalsView }],
  ['POST /api/v1/trainings/{nip}', command],
  ['POST /api/v1/follow-up/employees/{nip}/year-predikat', command],
  [
    'GET /api/v1/follow-up/employees/{nip}',
    { query: z.object({ year: year.describe('for the competence development hours; this year by default') }), response: FollowUpView },
  ],
  [
    'GET /api/v1/follow-up/rewards',
    {
      query: PageQuery.extend({
        period: period.optional().describe('only the rewards of this period'),
      }),
      response: RewardsView,
    },
  ],
  ['GET /api/v1/follow-up/sanction-cases', { query: PageQuery, response: SanctionCasesView }],
  ['GET /api/v1/follow-up/training-recommendations', { query: PageQuery, response: TrainingRecommendationsView }],
  ['GET /api/v1/follow-up/escalated-objections', { query: PageQuery, response: EscalatedObjectionsView }],
  [
    'GET /api/v1/follow-up/promotion-eligibility',
    { query: PageQuery.extend({ year: year.describe('only the determinations of this year') }), response: PromotionEligibilityListView },
  ],
  ['GET /api/v1/dashboard/{opdId}', { query: DashboardQuery, response: DashboardView }],
  ['POST /api/v1/leave/{nip}', { body: LeaveRequestBody, response: LeaveRequested }],
  ['GET /api/v1/leave/{nip}', { query: PageQuery, response: LeaveListView }],
  ['POST /api/v1/leave/{nip}/{leaveId}/decision', command],
  ['POST /api/v1/leave/{nip}/{leaveId}/cancel', command],
  ['POST /api/v1/attendance/opds/{opdId}/fault-days', command],
  ['GET /api/v1/attendance/opds/{opdId}/fault-days', { query: MonthQuery, response: FaultDaysView }],
  ['GET /api/v1/attendance/employees/{nip}/{month}', { response: AttendanceMonthView }],
  ['GET /api/v1/attendance/opds/{opdId}/months/{month}', { query: PageQuery, response: AttendanceRecapView }],
  ['GET /api/v1/attendance/opds/{opdId}/months/{month}/recap.pdf', { response: pdf }],
  ['GET /api/v1/attendance/opds/{opdId}/months/{month}/recap.xlsx', { response: xlsx }],
  ['POST /api/v1/attendance/opds/{opdId}/months/{month}/summary', { body: null, response: AttendanceSummaryAnswer }],
  ['POST /api/v1/attendance/opds/{opdId}/rosters/{month}', { body: RosterBody, response: ShiftRosterAnswer }],
  ['POST /api/v1/attendance/scans/{month}', { body: null, query: ScanImportQuery, response: ScanImportReportView }],
  ['GET /api/v1/attendance/scans/{month}/imports', { query: ScanImportsQuery, response: ScanImportsView }],
  ['GET /api/v1/attendance/devices', { query: DevicesQuery, response: DeviceListView }],
  ['GET /api/v1/attendance/devices/{deviceId}', { query: DevicePageQuery, response: DeviceView }],
  ['POST /api/v1/attendance/devices/{deviceId}', { response: DeviceAnswerView }],
]);

/** Path parameters: what each one is, checked at the edge (error-codes.ts PARAMETER lists the codes). */
export const PATH_PARAMETERS: ReadonlyMap<string, z.ZodType> = new Map<string, z.ZodType>([
  [
    'nip',
    z
      .string()
      .regex(/^\d{18}$/)
      .describe('NIP: the 18-digit civil servant number'),
  ],
  [
    'year',
    z
      .string()
      .regex(/^\d{4}$/)
      .describe('a year, YYYY (2000..2100)'),
  ],
  ['month', PayrollMonthParam.shape.month.describe('a month, YYYY-MM')],
  ['period', period],
  ['opdId', z.string().regex(OPD_ID_PATTERN).describe('the id of an OPD (its org unit id, e.g. DINKES)')],
  [
    'step',
    z
      .enum(['submit', 'verify', 'approve', 'disburse'])
      .describe('the signing step: submit (bendahara), verify (ppk_skpd), approve (kepala_opd), disburse (bpkad)'),
  ],
  ['streamId', z.string().describe('a stream name, e.g. Employee-<nip> or Appraisal-<nip>-<period>')],
  [
    'sha256',
    z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .describe('the sha256 of the file, 64 lower-case hex digits'),
  ],
  ['id', JobIdParam.shape.id.describe('a job id, as answered when the job was started')],
  ['token', z.string().describe('the token of a public feedback link')],
  ['unitId', z.string().describe('the id of an org unit')],
  ['positionId', z.string().describe('the id of a position (jabatan)')],
  ['assignmentId', z.string().describe('the id of an assignment, as answered when it was made')],
  ['leaveId', z.string().describe('the id of a leave request, as answered when it was made')],
  ['reportId', z.string().describe('the id of a daily report, as answered when it was filed')],
  ['indicatorId', z.string().describe('the id of an indicator (IKI) of the approved work plan')],
  ['linkId', z.string().describe('the id of a public feedback link')],

  ['deviceId', z.string().describe('the id of an attendance device (1 to 64 letters, digits, _ . -)')],
]);
