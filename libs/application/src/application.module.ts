import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { EventStore } from '@kinerja/event-store';
import { ApplicationDeps, CLOCK, EVENT_STORE, EVIDENCE_STORE, READ_DB } from './ports';
import { PeopleService } from './people/service';
import { PEOPLE_HANDLERS } from './people/handlers';
import { PlanningService } from './planning/service';
import { AppraisalService } from './appraisal/service';
import { APPRAISAL_HANDLERS } from './appraisal/handlers';
import { INBOX_HANDLERS } from './inbox/inbox';

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
    const port = (token: symbol, pick: (d: ApplicationDeps) => unknown) => ({ provide: token, useFactory: pick, inject: [APPLICATION_DEPS] });
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
        { provide: PeopleService, useFactory: (store: EventStore) => new PeopleService(store), inject: [EVENT_STORE] },
        ...PEOPLE_HANDLERS,
        {
          provide: AppraisalService,
          useFactory: (d: ApplicationDeps, people: PeopleService) => new AppraisalService(d.store, new PlanningService(d.store, people), d.appraisal),
          inject: [APPLICATION_DEPS, PeopleService],
        },
        ...APPRAISAL_HANDLERS,
        ...INBOX_HANDLERS,
      ],
      exports: [EVENT_STORE, CLOCK, READ_DB, EVIDENCE_STORE, PeopleService, AppraisalService],
    };
  }
}
