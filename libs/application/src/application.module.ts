import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { EventStore } from '@kinerja/event-store';
import {
  ApplicationDeps,
  ApplicationLimits,
  CLOCK,
  DOCUMENTS,
  EVENT_STORE,
  EVIDENCE_STORE,
  IMPORT_FILES,
  LIMITS,
  MAINTENANCE_JOBS,
  PAYROLL_QUEUE,
  POLICIES,
  PROJECTION_STATUS,
  RATE_LIMITER,
  READ_DB,
  SIASN_EXCHANGE,
  SIGN_IN,
} from './ports';
import { fileSiasnExchange } from './reconciliation/siasn-exchange';
import { RECONCILIATION_HANDLERS } from './reconciliation/handlers';
import { PeopleService } from './people/service';
import { PEOPLE_HANDLERS } from './people/handlers';
import { UPLOAD_HANDLERS } from './people/upload';
import { PlanningService } from './planning/service';
import { RealisationService } from './planning/realisation';
import { PLANNING_HANDLERS } from './planning/handlers';
import { PAYROLL_HANDLERS } from './payroll/handlers';
import { AUDIT_HANDLERS } from './audit/handlers';
import { SEAL_HANDLERS } from './audit/seal-handlers';
import { SEAL_JOBS, SEAL_KEYS } from './audit/seal-ports';
import { AppraisalReads } from './appraisal/reads';
import { APPRAISAL_HANDLERS } from './appraisal/handlers';
import { INBOX_HANDLERS } from './inbox/inbox';
import { REMINDER_HANDLERS } from './reminders/handlers';
import { SESSION_HANDLERS } from './session/handlers';
import { DASHBOARD_HANDLERS } from './dashboard/dashboard';
import { ATTENDANCE_HANDLERS } from './attendance/handlers';
import { SCAN_HANDLERS } from './attendance/scans-handlers';
import { DOCUMENT_HANDLERS } from './documents/handlers';
import type { EvidenceStore } from './evidence/store';

const APPLICATION_DEPS = Symbol('APPLICATION_DEPS');

/**
 * The application layer as a Nest module: the command and query buses and every handler, with the
 * ports they are given. The API, the CLI and the demo loader all register it, so they dispatch the
 * same commands to the same handlers.
 */
@Module({})
export class ApplicationModule {
  /** `deps` is called when the module is instantiated (not when it is declared, so a preview needs none). */
  static register(deps: () => ApplicationDeps): DynamicModule {
    const port = (token: symbol, pick: (d: ApplicationDeps) => unknown) => ({
      provide: token,
      useFactory: pick,
      inject: [APPLICATION_DEPS],
    });
    return {
      module: ApplicationModule,
      global: true,
      imports: [CqrsModule.forRoot()],
      providers: [
        { provide: APPLICATION_DEPS, useFactory: deps },
        port(EVENT_STORE, (d) => d.store),
        port(CLOCK, (d) => d.clock),
        port(READ_DB, (d) => d.readDb),
        port(EVIDENCE_STORE, (d) => d.evidence),
        port(RATE_LIMITER, (d) => d.rateLimiter),
        port(LIMITS, (d) => d.limits),
        port(POLICIES, (d) => d.policies),
        port(PAYROLL_QUEUE, (d) => d.payrollQueue),
        port(MAINTENANCE_JOBS, (d) => d.jobs),
        port(IMPORT_FILES, (d) => d.importFiles),
        port(PROJECTION_STATUS, (d) => d.projections),
        port(SIGN_IN, (d) => d.signIn),
        port(SIASN_EXCHANGE, (d) => d.siasn ?? fileSiasnExchange),
        port(SEAL_KEYS, (d) => d.seals.keys),
        port(SEAL_JOBS, (d) => d.seals.jobs),
        port(DOCUMENTS, (d) => d.documents),
        { provide: PeopleService, useFactory: (store: EventStore) => new PeopleService(store), inject: [EVENT_STORE] },
        ...PEOPLE_HANDLERS,
        ...UPLOAD_HANDLERS,
        {
          provide: PlanningService,
          useFactory: (store: EventStore, people: PeopleService) => new PlanningService(store, people),
          inject: [EVENT_STORE, PeopleService],
        },
        {
          provide: RealisationService,
          useFactory: (planning: PlanningService, evidence: EvidenceStore, limits: ApplicationLimits) =>
            new RealisationService(planning, evidence, { maxBytes: limits.evidenceMaxBytes }),
          inject: [PlanningService, EVIDENCE_STORE, LIMITS],
        },
        ...PLANNING_HANDLERS,
        ...PAYROLL_HANDLERS,
        ...AUDIT_HANDLERS,
        ...SEAL_HANDLERS,
        {
          provide: AppraisalReads,
          useFactory: (d: ApplicationDeps, planning: PlanningService) => new AppraisalReads(d.store, planning, d.appraisal),
          inject: [APPLICATION_DEPS, PlanningService],
        },
        ...APPRAISAL_HANDLERS,
        ...INBOX_HANDLERS,
        ...REMINDER_HANDLERS,
        ...SESSION_HANDLERS,
        ...DASHBOARD_HANDLERS,
        ...ATTENDANCE_HANDLERS,
        ...SCAN_HANDLERS,
        ...RECONCILIATION_HANDLERS,
        ...DOCUMENT_HANDLERS,
      ],
      exports: [
        EVENT_STORE,
        CLOCK,
        READ_DB,
        EVIDENCE_STORE,
        RATE_LIMITER,
        LIMITS,
        POLICIES,
        PAYROLL_QUEUE,
        PeopleService,
        PlanningService,
        RealisationService,
        AppraisalReads,
      ],
    };
  }
}
