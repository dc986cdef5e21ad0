import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard';
import { TextGuard } from './text.guard';
import type { Runtime } from '@kinerja/platform';
import { AuditController } from './audit.controller';
import { AuditSealController } from './audit-seal.controller';
import { HealthController } from './health.controller';
import { ApiMetrics } from './metrics';
import { PayrollController } from './payroll.controller';
import { RUNTIME } from './runtime.token';
import { ApplicationModule } from '@kinerja/application';
import { EmployeesController } from './people/employees.controller';
import { OrganisationController } from './people/organisation.controller';
import { WorkPlansController } from './planning/workplans.controller';
import { DailyReportsController } from './planning/daily-reports.controller';
import { FeedbackController } from './planning/feedback.controller';
import { RealisationsController } from './planning/realisations.controller';
import { PublicFeedbackController, PublicFeedbackLinksController } from './planning/public-feedback.controller';
import { applicationDeps } from '@kinerja/platform';
import { AppraisalsController } from './appraisal/appraisals.controller';
import { FollowUpController } from './appraisal/follow-up.controller';
import { InboxController } from './inbox/inbox.controller';
import { SessionController } from './session.controller';
import { DashboardController } from './dashboard/dashboard.controller';
import { AnalyticsController } from './analytics/analytics.controller';
import { LeaveController } from './attendance/leave.controller';
import { AttendanceSummaryController } from './attendance/summary.controller';
import { ScansController } from './attendance/scans.controller';
import { DevicesController } from './attendance/devices.controller';
import { ReconciliationController } from './reconciliation/reconciliation.controller';
import { DocumentsController, PublicVerificationController } from './documents/documents.controller';

@Module({})
export class ApiModule {
  static forRuntime(runtime: Runtime): DynamicModule {
    return {
      module: ApiModule,
      // The application layer: the buses, the handlers and the ports they are given.
      imports: [ApplicationModule.register(() => applicationDeps(runtime))],
      controllers: [
        HealthController,
        AuditController,
        AuditSealController,
        EmployeesController,
        OrganisationController,
        PayrollController,
        WorkPlansController,
        DailyReportsController,
        FeedbackController,
        RealisationsController,
        PublicFeedbackLinksController,
        PublicFeedbackController,
        AppraisalsController,
        FollowUpController,
        InboxController,
        SessionController,
        DashboardController,
        AnalyticsController,
        LeaveController,
        AttendanceSummaryController,
        ScansController,
        DevicesController,
        ReconciliationController,
        DocumentsController,
        PublicVerificationController,
      ],
      // The guards run in this order: who is asking, then whether the text they sent can be taken.
      providers: [
        { provide: RUNTIME, useValue: runtime },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: TextGuard },
        ApiMetrics,
      ],
    };
  }
}
