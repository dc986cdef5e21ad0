import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AuthGuard } from './auth.guard';
import type { Runtime } from '@kinerja/platform';
import { AuditController } from './audit.controller';
import { HealthController } from './health.controller';
import { PayrollController } from './payroll.controller';
import { RUNTIME } from './runtime.token';
import { PeopleService, PlanningService } from '@kinerja/application';
import { EmployeesController } from './people/employees.controller';
import { OrganisationController } from './people/organisation.controller';
import { WorkPlansController } from './planning/workplans.controller';
import { DailyReportsController } from './planning/daily-reports.controller';
import { FeedbackController } from './planning/feedback.controller';
import { RealisationsController } from './planning/realisations.controller';
import { RealisationService } from '@kinerja/application';
import { PublicFeedbackController, PublicFeedbackLinksController } from './planning/public-feedback.controller';
import { AppraisalService } from '@kinerja/application';
import { appraisalService } from '@kinerja/platform';
import { AppraisalsController } from './appraisal/appraisals.controller';
import { FollowUpController } from './appraisal/follow-up.controller';

@Module({})
export class ApiModule {
  static forRuntime(runtime: Runtime): DynamicModule {
    const people = new PeopleService(runtime.store);
    return {
      module: ApiModule,
      imports: [CqrsModule.forRoot()],
      controllers: [
        HealthController,
        AuditController,
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
      ],
      providers: [
        { provide: RUNTIME, useValue: runtime },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: PeopleService, useValue: people },
        { provide: PlanningService, useValue: new PlanningService(runtime.store, people) },
        { provide: AppraisalService, useFactory: (planning: PlanningService) => appraisalService(runtime, planning), inject: [PlanningService] },
        { provide: RealisationService, useFactory: (planning: PlanningService) => new RealisationService(planning, runtime.evidence, { maxBytes: runtime.config.evidence.maxBytes }), inject: [PlanningService] },
      ],
    };
  }
}
