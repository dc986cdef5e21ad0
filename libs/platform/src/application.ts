import { NestFactory } from '@nestjs/core';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApplicationDeps, ApplicationModule } from '@kinerja/application';
import type { Runtime } from './runtime';
import { appraisalDeps } from './appraisal';

/** The ports of `ApplicationModule`, from the running system. */
export function applicationDeps(rt: Runtime): ApplicationDeps {
  return {
    store: rt.store,
    // Through the runtime, so a clock set later (tests) is the one used.
    clock: { now: () => rt.clock.now() },
    readDb: rt.db.pool,
    evidence: rt.evidence,
    appraisal: appraisalDeps(rt),
  };
}

/**
 * Runs `use` with the application layer's buses outside HTTP (the demo loader, jobs): the same
 * ApplicationModule, so the same commands reach the same handlers as from the API.
 */
export async function withApplication<T>(rt: Runtime, use: (buses: { commands: CommandBus; queries: QueryBus }) => Promise<T>): Promise<T> {
  const app = await NestFactory.createApplicationContext(ApplicationModule.register(() => applicationDeps(rt)), { logger: false });
  try {
    return await use({ commands: app.get(CommandBus), queries: app.get(QueryBus) });
  } finally {
    await app.close();
  }
}
