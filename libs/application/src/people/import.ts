import { createHash } from 'node:crypto';
import { Actor, contentId, deterministicId, Instant, isKinerjaError } from '@kinerja/kernel';
import {
  decideEmployee,
  EmployeeEvent,
  EmployeeImportRow,
  employeeStreamId,
  ImportError,
  initialEmployeeState,
  parseEmployeeCsv,
  registerCommandsOf,
} from '@kinerja/domain/employee';
import {
  applyOrganisationEvent,
  AssignHolder,
  assignmentOf,
  decideOrganisation,
  opdOfUnit,
  ORGANISATION_STREAM_ID,
  OrganisationEvent,
  positionAsOf,
  unitAsOf,
} from '@kinerja/domain/organisation';
import { metadataOf } from '../command-handler';
import { appendDecided, inParallel } from './batch';
import type { PeopleService } from './service';

export interface ImportOptions {
  by: Actor;
  now: Instant;
  /** Check everything, append nothing. */
  dryRun?: boolean;
  reason?: string;
  onProgress?: (done: number, total: number) => void;
  /** Appends in flight at once (default 32). */
  concurrency?: number;
}

export type ImportOutcome =
  | { ok: false; errors: ImportError[] }
  | {
      ok: true;
      dryRun: boolean;
      batchId: string;
      /** The rows of the file. */
      employees: number;
      /** Rows registered by this run (on a dry run: that would be). */
      imported: number;
      /** Rows an earlier run (of this file or another with the same row) registered already: done, not errors. */
      alreadyImported: number;
      assignments: number;
    };

/**
 * A registration's event ids are named by the row itself (its content without its line number) and
 * the event's place in it: the same row imported again, by a rerun of a file cut off half-way or in
 * a corrected file, is recognised as already imported, while another row for a registered NIP is not.
 */
const registrationEventId = (row: EmployeeImportRow, j: number) => {
  const { line: _line, ...content } = row;
  return deterministicId('import-row', row.nip, contentId(content), j);
};

/** The assignment of an imported person: one per NIP and TMT, so the id says where it came from. */
export const importAssignmentId = (nip: string, validFrom: string) => `import-${nip}-${validFrom}`;

/**
 * Imports a SIASN export: every row is registered as an employee and placed in its position
 * (AssignHolder on JABATAN_ID from TMT). All or nothing: the file is parsed, every row checked
 * against the organisation and the register, and every bad row reported (line, column, code)
 * before anything is appended. Only then the placements are appended (one stream, pinned to the
 * version that was checked) and the registrations (one stream each, deterministic ids).
 */
export async function importEmployees(people: PeopleService, csv: string, opts: ImportOptions): Promise<ImportOutcome> {
  const via = await people.authorize(opts.by, 'employee.import', { kind: 'organisation' }, opts.now);
  const parsed = parseEmployeeCsv(csv);
  // Rows that parsed are checked further even when others did not: the report names every problem.
  if (!parsed.ok && !parsed.rows) return { ok: false, errors: parsed.errors };
  const errors: ImportError[] = parsed.ok ? [] : [...parsed.errors];
  const fail = (line: number, column: string, e: { code: string; message: string }) =>
    errors.push({ line, column, code: e.code, message: e.message });
  const batchId = createHash('sha256').update(csv).digest('hex').slice(0, 16);
  const reason = opts.reason ?? `import ${batchId}`;

  // 1. Nobody registered twice (such a row is reported for that alone), unless by this same row: an
  // earlier run cut off half-way (a crash, kill -9) registered it, and this run completes the rest.
  const registered = new Set<string>();
  const resumed = new Set<string>();
  await inParallel(parsed.rows!, opts.concurrency ?? 32, async (row) => {
    // The stream's version first, then its first event: a registration committing between the two
    // reads is then seen whole (read the other way round, it looked registered by someone else).
    if ((await people.store.streamVersion(employeeStreamId(row.nip))) < 0) return;
    const first = (await people.store.readStream(employeeStreamId(row.nip), { to: 0 }))[0];
    if (first?.id === registrationEventId(row, 0)) resumed.add(row.nip);
    else {
      registered.add(row.nip);
      fail(row.line, 'NIP', { code: 'EMPLOYEE_ALREADY_REGISTERED', message: `an employee with NIP ${row.nip} is already registered` });
    }
  });
  const rows = parsed.rows!.filter((r) => !registered.has(r.nip));

  // 2. Against the organisation: the OPD, the position, its atasan and grade; then the placement.
  const { history, version } = await people.org.snapshot();
  const orgEvents: OrganisationEvent[] = [];
  const commands = registerCommandsOf(rows, { by: opts.by, now: opts.now, reason });
  for (const row of rows) {
    const d = row.effectiveDate;
    const unit = unitAsOf(row.orgUnitId, d, history);
    if (!unit || unit.parentUnitId !== null) {
      fail(row.line, 'UNOR_ID', { code: 'UNKNOWN_OPD', message: `no OPD ${row.orgUnitId} on ${d}` });
      continue;
    }
    const pos = positionAsOf(row.positionId, d, history);
    if (!pos) {
      fail(row.line, 'JABATAN_ID', { code: 'UNKNOWN_POSITION', message: `no position ${row.positionId} on ${d}` });
      continue;
    }
    if (opdOfUnit(pos.unitId, d, history) !== row.orgUnitId) {
      fail(row.line, 'JABATAN_ID', { code: 'POSITION_NOT_IN_OPD', message: `position ${row.positionId} is not in OPD ${row.orgUnitId}` });
      continue;
    }
    if (row.supervisorPositionId !== undefined && row.supervisorPositionId !== pos.parentPositionId)
      fail(row.line, 'ATASAN_JABATAN_ID', {
        code: 'SUPERVISOR_POSITION_MISMATCH',
        message: `the organisation has ${pos.parentPositionId ?? 'no atasan'} above ${row.positionId}, not ${row.supervisorPositionId}`,
      });
    if (row.positionGrade !== pos.grade)
      fail(row.line, 'KELAS_JABATAN', {
        code: 'GRADE_MISMATCH',
        message: `position ${row.positionId} has kelas jabatan ${pos.grade}, not ${row.positionGrade}`,
      });
    // Placed by an earlier run of this row: done.
    if (assignmentOf(row.nip, d, history)?.assignmentId === importAssignmentId(row.nip, d)) continue;
    const assign: AssignHolder = {
      type: 'AssignHolder',
      assignmentId: importAssignmentId(row.nip, d),
      positionId: row.positionId,
      nip: row.nip,
      acting: false,
      validFrom: d,
      by: opts.by,
      now: opts.now,
      reason,
    };
    try {
      for (const e of decideOrganisation(assign, history)) {
        applyOrganisationEvent(history, e);
        orgEvents.push(e);
      }
    } catch (e) {
      if (!isKinerjaError(e)) throw e;
      fail(row.line, 'JABATAN_ID', e);
    }
  }

  // 3. The register's own rules, as the decider applies them.
  const registrations: EmployeeEvent[][] = [];
  commands.forEach((cmd, i) => {
    try {
      registrations[i] = decideEmployee(cmd, initialEmployeeState());
    } catch (e) {
      if (!isKinerjaError(e)) throw e;
      fail(rows[i].line, 'NIP', e);
    }
  });

  const toRegister = rows.map((row, i) => ({ row, events: registrations[i] })).filter((r) => !resumed.has(r.row.nip));
  if (errors.length)
    return { ok: false, errors: errors.sort((a, b) => a.line - b.line || String(a.column).localeCompare(String(b.column))) };
  const counts = { employees: rows.length, imported: toRegister.length, alreadyImported: resumed.size, assignments: orgEvents.length };
  if (opts.dryRun) return { ok: true, dryRun: true, batchId, ...counts };

  // 4. Append: the placements first (pinned to the checked version), then the registrations.
  const ctx = { actor: opts.by, role: via, reason };
  const total = toRegister.length + 1;
  // A rerun places only what is left: the batch ids are seeded by the version it checked, so they
  // never coincide with the ids of the placements an earlier run appended.
  const idSeed = `import-${batchId}@${version}`;
  await appendDecided(people.store, ORGANISATION_STREAM_ID, orgEvents, ctx, { expectedVersion: version, idSeed });
  let done = 1;
  opts.onProgress?.(done, total);
  const metadata = metadataOf(ctx);
  await inParallel(toRegister, opts.concurrency ?? 32, async ({ row, events }) => {
    await people.store.append(
      employeeStreamId(row.nip),
      events.map((e, j) => ({ id: registrationEventId(row, j), type: e.type, data: e.data, metadata })),
      { expectedVersion: 'no_stream' },
    );
    opts.onProgress?.(++done, total);
  });
  return { ok: true, dryRun: false, batchId, ...counts };
}
