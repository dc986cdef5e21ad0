// The controllers already on the application layer (README, "Application layer"): each method parses,
// sends one command or query on the CommandBus/QueryBus and maps the answer. The lint holds them to it
// (.dependency-cruiser.js: no store, pg, runtime, read models or process managers; eslint.config.js: no
// `*Service`). The other controllers join this list as their area is converted (issue 12); once all
// have, the list becomes apps/api/src/**/*.controller.ts.
module.exports = {
  CONVERTED_CONTROLLERS: [
    'apps/api/src/people/employees.controller.ts',
    'apps/api/src/people/organisation.controller.ts',
    'apps/api/src/planning/workplans.controller.ts',
    'apps/api/src/planning/daily-reports.controller.ts',
    'apps/api/src/planning/feedback.controller.ts',
    'apps/api/src/planning/realisations.controller.ts',
    'apps/api/src/planning/public-feedback.controller.ts',
    'apps/api/src/payroll.controller.ts',
    'apps/api/src/audit.controller.ts',
    'apps/api/src/audit-seal.controller.ts',
    'apps/api/src/appraisal/appraisals.controller.ts',
    'apps/api/src/appraisal/follow-up.controller.ts',
    'apps/api/src/inbox/inbox.controller.ts',
    'apps/api/src/session.controller.ts',
    'apps/api/src/dashboard/dashboard.controller.ts',
    'apps/api/src/analytics/analytics.controller.ts',
    'apps/api/src/attendance/leave.controller.ts',
    'apps/api/src/attendance/summary.controller.ts',
    'apps/api/src/attendance/scans.controller.ts',
    'apps/api/src/attendance/devices.controller.ts',
    'apps/api/src/reconciliation/reconciliation.controller.ts',
    'apps/api/src/documents/documents.controller.ts',
  ],
};
