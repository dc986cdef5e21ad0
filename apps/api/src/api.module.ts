import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AuthGuard } from './auth.guard';
import type { Runtime } from '@kinerja/platform';
import { AuditController } from './audit.controller';
import { HealthController } from './health.controller';
import { PayrollController } from './payroll.controller';
import { RUNTIME } from './runtime.token';

@Module({})
export class ApiModule {
  static forRuntime(runtime: Runtime): DynamicModule {
    return {
      module: ApiModule,
      imports: [CqrsModule.forRoot()],
      controllers: [HealthController, AuditController, PayrollController],
      providers: [{ provide: RUNTIME, useValue: runtime }, { provide: APP_GUARD, useClass: AuthGuard }],
    };
  }
}
