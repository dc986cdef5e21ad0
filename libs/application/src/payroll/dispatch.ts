import 'reflect-metadata';
import type { Command, Query } from '@nestjs/cqrs';
import { COMMAND_HANDLER_METADATA, QUERY_HANDLER_METADATA } from '@nestjs/cqrs/dist/decorators/constants';
import type { ApplicationDeps } from '../ports';
import { PeopleService } from '../people/service';
import { PAYROLL_HANDLERS } from './handlers';

/** Sends a command or query to its handler, as `CommandBus.execute`/`QueryBus.execute` do. */
export interface PayrollBus {
  execute<R>(message: Command<R> | Query<R>): Promise<R>;
}

/**
 * The payroll handlers for an edge that runs without Nest (the CLI, the demo loader, the crash
 * tests): the same handler classes `ApplicationModule` registers, given the same ports, each found
 * by the command or query its decorator names.
 */
export function payrollBus(deps: Pick<ApplicationDeps, 'store' | 'clock' | 'readDb' | 'policies' | 'payrollQueue'>): PayrollBus {
  const people = new PeopleService(deps.store);
  const handlers = new Map<unknown, { execute(message: unknown): Promise<unknown> }>();
  for (const H of PAYROLL_HANDLERS) {
    const message: unknown = Reflect.getMetadata(COMMAND_HANDLER_METADATA, H) ?? Reflect.getMetadata(QUERY_HANDLER_METADATA, H);
    handlers.set(
      message,
      new H(people, deps.clock, deps.readDb, deps.store, deps.policies, deps.payrollQueue) as {
        execute(message: unknown): Promise<unknown>;
      },
    );
  }
  return {
    execute<R>(message: Command<R> | Query<R>): Promise<R> {
      const handler = handlers.get(message.constructor);
      if (!handler) throw new Error(`no payroll handler for ${message.constructor.name}`);
      return handler.execute(message) as Promise<R>;
    },
  };
}
