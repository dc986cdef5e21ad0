import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AuthGuard } from './auth.guard';
import type { Runtime } from '@kinerja/platform';
import { AuditController } from './audit.controller';
import { HealthController } from './health.controller';
import { PayrollController } from './payroll.controller';
import { RUNTIME } from './runtime.token';
import { PeopleService } from '@kinerja/application';
import { EmployeesController } from './people/employees.controller';
import { OrganisationController } from './people/organisation.controller';

@Module({})
export class ApiModule {
  static forRuntime(runtime: Runtime): DynamicModule {
    return {
      module: ApiModule,
      imports: [CqrsModule.forRoot()],
      controllers: [HealthController, AuditController, EmployeesController, OrganisationController, PayrollController],
      providers: [
        { provide: RUNTIME, useValue: runtime },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: PeopleService, useValue: new PeopleService(runtime.store) },
      ],
    };
  }
}
