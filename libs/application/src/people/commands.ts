import type { ReadContext } from '../audit/reads';
import { Command, Query } from '@nestjs/cqrs';
import type { Actor, Nip } from '@kinerja/kernel';
import type { EmployeeCommand, EmployeeEvent, EmployeeRecordView } from '@kinerja/domain/employee';
import type { Assignment, AssignHolder, OrganisationCommand, OrganisationEvent, PositionVersion } from '@kinerja/domain/organisation';
import type { LocalDate } from '@kinerja/domain/shared';
import type { DirectoryEntry } from '@kinerja/projections';
import type { CommandResult } from '../command-handler';
import type { ImportOptions, ImportOutcome } from './import';
import type { RequestContext } from './service';

// The people area's commands and queries, as the edges (HTTP, CLI) send them. Each carries input
// already parsed into its types, the actor and (for a command) the request context; the handler
// adds "now" from the Clock, so no edge reads a clock.

/** A decider command as an edge states it: without `by` and `now`, which the handler fills in. */
type Stated<C> = C extends unknown ? Omit<C, 'by' | 'now'> : never;

/** A change to one employee's record (registration, position, OPD, state, salary, tax, bank). */
export class ChangeEmployee extends Command<CommandResult<EmployeeEvent>> {
  constructor(
    readonly change: Stated<EmployeeCommand>,
    readonly actor: Actor,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}

/** A change to the org structure (units, positions, ending an assignment). */
export class ChangeOrganisation extends Command<CommandResult<OrganisationEvent>> {
  constructor(
    readonly change: Stated<Exclude<OrganisationCommand, AssignHolder>>,
    readonly actor: Actor,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}

/** Places a person in a position; without an assignment id one is minted (from the Idempotency-Key when given). */
export class AssignPositionHolder extends Command<CommandResult<OrganisationEvent> & { assignmentId: string }> {
  constructor(
    readonly assignment: Omit<Stated<AssignHolder>, 'type' | 'assignmentId'> & { assignmentId?: string },
    readonly actor: Actor,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}

/**
 * A SIASN export, all or nothing; `dryRun` checks only. A file refused is the coded 422
 * `IMPORT_REJECTED`, every bad row in its details. A row an earlier run registered (a run cut off
 * half-way) is counted as `alreadyImported`, not refused. `run.onProgress` feeds a progress bar (the
 * CLI) or a job's progress.
 */
export class ImportEmployees extends Command<ImportOutcome & { ok: true }> {
  constructor(
    readonly file: { csv: string; dryRun: boolean; reason?: string },
    readonly actor: Actor,
    readonly run: Pick<ImportOptions, 'onProgress'> = {},
  ) {
    super();
  }
}

export interface DirectoryPage {
  items: DirectoryEntry[];
  page: { page: number; pageSize: number; total: number; pages: number };
}

/** The employee directory, only the employees the actor may see. */
export class SearchEmployees extends Query<DirectoryPage> {
  constructor(
    readonly search: { q?: string; opdId?: string; page: number; pageSize: number },
    readonly actor: Actor,
  ) {
    super();
  }
}

/** An employee's record as of `date` (the latest when absent), financial details as the policy allows. */
export class GetEmployee extends Query<
  EmployeeRecordView & { financialDetails: 'shown' | 'hidden'; asOf: LocalDate | null; version: number }
> {
  constructor(
    readonly nip: Nip,
    readonly date: LocalDate | undefined,
    readonly actor: Actor,
    /** Why and in which request (a read of another person's record through a role is recorded in their access log). */
    readonly read?: ReadContext,
    /** The record as the log held it at this moment (ISO timestamp, checked by the handler). */
    readonly asOf?: string,
  ) {
    super();
  }
}

/** One change of an employee's register, as the history lists it. */
export interface EmployeeHistoryItem {
  type: string;
  effectiveDate: LocalDate;
  recordedAt: string;
  reason: string | null;
  actor: string | null;
  changes: { field: string; value: string }[];
  streamPosition: number;
}

/** An employee's history: every change of the register, newest effective date first, a page at a time. */
export class GetEmployeeHistory extends Query<{
  nip: Nip;
  items: EmployeeHistoryItem[];
  financialDetails: 'shown' | 'hidden';
  page: { page: number; pageSize: number; total: number; pages: number };
}> {
  constructor(
    readonly nip: Nip,
    readonly page: { page: number; pageSize: number },
    readonly actor: Actor,
    /** Why and in which request (recorded in the employee's access log as a read of the record). */
    readonly read?: ReadContext,
  ) {
    super();
  }
}

export interface SupervisorView {
  nip: Nip;
  name: string | null;
  positionId: string;
  acting: boolean;
  assignmentId: string;
}

/** Atasan langsung and atasan pejabat penilai of `nip` on `date` (today when absent). */
export class GetSupervisors extends Query<{
  nip: Nip;
  date: LocalDate;
  supervisor: SupervisorView | null;
  raterSupervisor: SupervisorView | null;
}> {
  constructor(
    readonly nip: Nip,
    readonly date: LocalDate | undefined,
    readonly actor: Actor,
  ) {
    super();
  }
}

/** The org chart on `date` (today when absent), optionally one OPD, holders named. */
export class GetOrgChart extends Query<{ date: LocalDate; opds: unknown[] }> {
  constructor(
    readonly date: LocalDate | undefined,
    readonly opdId: string | undefined,
    readonly actor: Actor,
    /** The chart as the log held it at this moment (the organisation's stream folded up to it). */
    readonly asOf?: string,
  ) {
    super();
  }
}

/** A position as it stood on `date` (today when absent), with its holders. */
export class GetPosition extends Query<PositionVersion & { positionId: string; date: LocalDate; holders: Assignment[] }> {
  constructor(
    readonly positionId: string,
    readonly date: LocalDate | undefined,
    readonly actor: Actor,
  ) {
    super();
  }
}
