import { Inject, Injectable } from '@nestjs/common';
import { CommandBus, Command } from '@nestjs/cqrs';
import type { Actor } from '@kinerja/kernel';
import type { ReadKind } from '@kinerja/domain/accesslog';
import type { CommandResult } from '../command-handler';

/** What the API passes along with a read besides the query: why (X-Reason or ?reason=) and which request. */
export interface ReadContext {
  reason?: string;
  requestId?: string;
  correlationId?: string;
}

/** Records one read of an employee's data in their access log (`AccessLog-<nip>-<YYYY-MM>`). */
export class RecordDataAccess extends Command<CommandResult<unknown>> {
  constructor(
    readonly nip: string,
    readonly what: ReadKind,
    readonly scope: string | null,
    /** The grant that allowed the read. */
    readonly via: string,
    readonly actor: Actor,
    readonly read: ReadContext = {},
  ) {
    super();
  }
}

/**
 * Which reads are recorded, and the sending of their record: a read of another person's data that a
 * role allowed (the inspectorate, finance, BKPSDM, BPKAD) — not the employee's own, nor one through
 * a supervisor relation. Called by a query's handler once the read succeeded (a refused read
 * records nothing); the record is a command, appended by its own handler.
 */
@Injectable()
export class ReadAudit {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  static recorded(actor: Actor, via: string, nip: string): boolean {
    return via.startsWith('role:') && actor.nip !== nip;
  }

  /** `read` absent: not a read through the API (the console's own check of a NIP), not recorded. */
  async record(actor: Actor, via: string, nip: string, what: ReadKind, scope: string | null, read: ReadContext | undefined): Promise<void> {
    if (read === undefined || !ReadAudit.recorded(actor, via, nip)) return;
    await this.commands.execute(new RecordDataAccess(nip, what, scope, via, actor, read));
  }
}
