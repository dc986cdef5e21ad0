import { Command, Query } from '@nestjs/cqrs';
import type { Actor, Nip } from '@kinerja/kernel';
import type { FaultDayDeclared, LeaveEvent } from '@kinerja/domain/attendance';
import type { Month, OpdId } from '@kinerja/domain/shared';
import type { FaultDayRow, LeaveRow } from '@kinerja/projections';
import type { CommandResult } from '../command-handler';
import type { RequestContext } from '../people/service';

// The attendance area's leave and fault-day messages, as the edges send them: input parsed into its
// types, the actor and (for a command) the request context. The handler adds "now" from the Clock.

/** Leave or official duty, requested by the employee (or their OPD's admin) with its letter. */
export class RequestLeave extends Command<CommandResult<LeaveEvent> & { leaveId: string }> {
  constructor(
    readonly nip: Nip,
    readonly request: { leaveId?: string; kind: string; from: string; to: string; document: string; reason: string },
    readonly actor: Actor,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}

/** The supervisor of the day approves or refuses (a refusal says why). */
export class DecideLeave extends Command<CommandResult<LeaveEvent>> {
  constructor(
    readonly nip: Nip,
    readonly leaveId: string,
    readonly decision: { approve: boolean; note?: string },
    readonly actor: Actor,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}

/** The employee withdraws a request (an approved one only before it starts). */
export class CancelLeave extends Command<CommandResult<LeaveEvent>> {
  constructor(
    readonly nip: Nip,
    readonly leaveId: string,
    readonly reason: string,
    readonly actor: Actor,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}

/** A day the OPD's attendance machine failed, declared by its admin with a reason: excuses the OPD that day. */
export class DeclareFaultDay extends Command<CommandResult<FaultDayDeclared>> {
  constructor(
    readonly opdId: OpdId,
    readonly day: { date: string; reason: string },
    readonly actor: Actor,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}

/** An employee's leave requests, the latest first. */
export class ListLeave extends Query<{ items: LeaveRow[]; total: number }> {
  constructor(
    readonly nip: Nip,
    readonly page: { limit: number; offset: number },
    readonly actor: Actor,
  ) {
    super();
  }
}

/** The OPD's declared fault days of a month. */
export class ListFaultDays extends Query<{ opdId: string; month: string; items: FaultDayRow[] }> {
  constructor(
    readonly opdId: OpdId,
    readonly month: Month,
    readonly actor: Actor,
  ) {
    super();
  }
}
