/**
 * The inputs of a run that are not the employee register: the monthly attendance summary, the
 * issued predikat (imported until the appraisal ledger issues it), amended predikat after an
 * objection, disciplinary sanctions and the OPD's TPP budget. Each is recorded as events.
 */
import { badInput, conflict, Decider, DomainEvent, domainError, Instant, isValidNip } from '@kinerja/kernel';
import { ATTENDANCE_CODES, PREDIKAT, type AttendanceCode, type Predikat, type SanctionLevel } from '@kinerja/policies';

export const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
export function assertMonth(month: unknown, field = 'month'): asserts month is string {
  if (typeof month !== 'string' || !MONTH_RE.test(month))
    throw badInput('INVALID_MONTH', `${field} must be YYYY-MM, got ${JSON.stringify(month)}`, { field, month });
}
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const t = y * 12 + (m - 1) + n;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
}

// ---------- sanctions register: Sanction-<nip> ----------
export const SANCTION_TYPES = ['RINGAN', 'SEDANG', 'BERAT'] as const;
export type SanctionType = (typeof SANCTION_TYPES)[number];
/** PP 94/2021: a sedang sanction's TPP cut lasts 6, 9 or 12 months. */
export const SEDANG_MONTHS = [6, 9, 12];

export type SanctionImposed = DomainEvent<
  'SanctionImposed',
  {
    sanctionId: string;
    nip: string;
    type: SanctionType;
    startMonth: string;
    months: number;
    decreeNumber: string;
    reason: string;
    at: Instant;
  }
>;
export type SanctionEvent = SanctionImposed;
export interface ImposeSanction {
  type: 'ImposeSanction';
  sanctionId: string;
  nip: string;
  sanctionType: string;
  startMonth: string;
  months: number;
  decreeNumber: string;
  reason: string;
  at: Instant;
}
export const sanctionStreamId = (nip: string) => `Sanction-${nip}`;

export const sanctionDecider: Decider<ImposeSanction, SanctionEvent, { ids: string[] }> = {
  initialState: () => ({ ids: [] }),
  evolve: (s, e) => ({ ids: [...s.ids, e.data.sanctionId] }),
  decide(cmd, s) {
    if (!isValidNip(cmd.nip)) throw badInput('INVALID_NIP', `not a NIP: ${JSON.stringify(cmd.nip)}`, { nip: cmd.nip });
    if (!(SANCTION_TYPES as readonly string[]).includes(cmd.sanctionType))
      throw badInput('UNKNOWN_SANCTION', `unknown sanction ${JSON.stringify(cmd.sanctionType)}; known: ${SANCTION_TYPES.join(', ')}`, {
        sanction: cmd.sanctionType,
      });
    assertMonth(cmd.startMonth, 'startMonth');
    if (!Number.isSafeInteger(cmd.months) || cmd.months < 1 || cmd.months > 120)
      throw badInput('INVALID_MONTHS', 'months must be a whole number from 1 to 120', { months: cmd.months });
    if (cmd.sanctionType === 'SEDANG' && !SEDANG_MONTHS.includes(cmd.months))
      throw badInput('INVALID_MONTHS', 'a sedang sanction lasts 6, 9 or 12 months', { months: cmd.months });
    if (!cmd.reason?.trim()) throw badInput('REASON_REQUIRED', 'say why (the decree’s grounds)');
    if (s.ids.includes(cmd.sanctionId))
      throw conflict('SANCTION_EXISTS', `sanction ${cmd.sanctionId} is already registered`, { sanctionId: cmd.sanctionId });
    const { sanctionId, nip, startMonth, months, decreeNumber, reason, at } = cmd;
    return [
      {
        type: 'SanctionImposed',
        data: { sanctionId, nip, type: cmd.sanctionType as SanctionType, startMonth, months, decreeNumber, reason, at },
      },
    ];
  },
};

const SANCTION_RANK: Record<SanctionLevel, number> = { NONE: 0, RINGAN: 1, SEDANG: 2, BERAT: 3 };
/** The sanction level that governs a month: the heaviest of those running in it. */
export function sanctionInMonth(
  sanctions: ReadonlyArray<{ type: SanctionType; startMonth: string; months: number }>,
  month: string,
): SanctionLevel {
  let level: SanctionLevel = 'NONE';
  for (const s of sanctions) {
    if (s.startMonth <= month && month < addMonths(s.startMonth, s.months) && SANCTION_RANK[s.type] > SANCTION_RANK[level]) level = s.type;
  }
  return level;
}

// ---------- TPP budget: TppBudget-<opdId> ----------
export type TppBudgetSet = DomainEvent<'TppBudgetSet', { opdId: string; month: string; amount: string; reason: string; at: Instant }>;
export interface SetTppBudget {
  type: 'SetTppBudget';
  opdId: string;
  month: string;
  amount: string;
  reason: string;
  /** Whether the organisation has this OPD by the end of the month (the service reads it). */
  opdKnown: boolean;
  at: Instant;
}
export const budgetStreamId = (opdId: string) => `TppBudget-${opdId}`;
/** The budget by month. */
export const budgetDecider: Decider<SetTppBudget, TppBudgetSet, ReadonlyMap<string, string>> = {
  initialState: () => new Map(),
  evolve: (s, e) => new Map(s).set(e.data.month, e.data.amount),
  decide(cmd) {
    assertMonth(cmd.month);
    if (typeof cmd.amount !== 'string' || !/^\d{1,15}$/.test(cmd.amount))
      throw badInput('INVALID_AMOUNT', 'amount is whole rupiah as a string of digits', { amount: cmd.amount });
    if (!cmd.reason?.trim()) throw badInput('REASON_REQUIRED', 'say why (the DPA or its change)');
    // A budget for an OPD nobody created (`0`, `NaN`, a typo) would fund no run and hide the typo.
    if (!cmd.opdKnown)
      throw domainError(
        'UNKNOWN_OPD',
        { opdId: cmd.opdId, month: cmd.month },
        `no OPD ${JSON.stringify(cmd.opdId)} by the end of ${cmd.month}`,
        'NOT_FOUND',
      );
    return [{ type: 'TppBudgetSet', data: { opdId: cmd.opdId, month: cmd.month, amount: cmd.amount, reason: cmd.reason, at: cmd.at } }];
  },
};

// ---------- amended predikat after an objection: PredikatAmendment-<objectionId> ----------
export type PredikatAmended = DomainEvent<
  'PredikatAmended',
  { objectionId: string; nip: string; month: string; predikat: Predikat; reason: string; decidedOn: string; at: Instant }
>;
export interface AmendPredikat {
  type: 'AmendPredikat';
  objectionId: string;
  nip: string;
  month: string;
  predikat: string;
  reason: string;
  decidedOn: string;
  at: Instant;
}
export const amendmentStreamId = (objectionId: string) => `PredikatAmendment-${objectionId}`;
export const OBJECTION_ID_RE = /^[A-Za-z0-9_.:@-]{1,80}$/;
export const predikatAmendmentDecider: Decider<AmendPredikat, PredikatAmended, { done: boolean }> = {
  initialState: () => ({ done: false }),
  evolve: () => ({ done: true }),
  decide(cmd, s) {
    if (!OBJECTION_ID_RE.test(cmd.objectionId ?? ''))
      throw badInput('INVALID_OBJECTION_ID', 'an objection id is letters, digits and _.:@-', { objectionId: cmd.objectionId });
    if (!isValidNip(cmd.nip)) throw badInput('INVALID_NIP', `not a NIP: ${JSON.stringify(cmd.nip)}`, { nip: cmd.nip });
    assertMonth(cmd.month);
    if (!(PREDIKAT as readonly string[]).includes(cmd.predikat))
      throw badInput('UNKNOWN_PREDIKAT', `unknown predikat ${JSON.stringify(cmd.predikat)}; known: ${PREDIKAT.join(', ')}`, {
        predikat: cmd.predikat,
      });
    if (!cmd.reason?.trim()) throw badInput('REASON_REQUIRED', 'say why (the objection decision)');
    if (s.done)
      throw domainError(
        'OBJECTION_ALREADY_DECIDED',
        { objectionId: cmd.objectionId },
        `objection ${cmd.objectionId} already amended a predikat`,
        'CONFLICT',
      );
    const { objectionId, nip, month, reason, decidedOn, at } = cmd;
    return [{ type: 'PredikatAmended', data: { objectionId, nip, month, predikat: cmd.predikat as Predikat, reason, decidedOn, at } }];
  },
};

// ---------- CSV imports (attendance summary, issued predikat) ----------
export interface RowError {
  /** 1-based line number in the file (the header is line 1). */
  line: number;
  nip?: string;
  code: string;
  message: string;
}
export interface AttendanceRow {
  nip: string;
  counts: Partial<Record<AttendanceCode, number>>;
}
export interface PredikatRow {
  nip: string;
  predikat: Predikat;
}
export interface ParsedImport<R> {
  rows: R[];
  errors: RowError[];
  /** The line each row's NIP stands on, for faults found after parsing (a NIP the register lacks). */
  lineOf: ReadonlyMap<string, number>;
}

export const MAX_IMPORT_ROWS = 200_000;

function splitCsv(text: string): { header: string[]; lines: Array<{ line: number; cells: string[] }> } {
  if (typeof text !== 'string' || !text.trim()) throw badInput('EMPTY_FILE', 'the file is empty');
  const all = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const sep = all[0].includes(';') && !all[0].includes(',') ? ';' : ',';
  const cells = (s: string) => s.split(sep).map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
  const lines: Array<{ line: number; cells: string[] }> = [];
  for (let i = 1; i < all.length; i++) if (all[i].trim()) lines.push({ line: i + 1, cells: cells(all[i]) });
  if (lines.length > MAX_IMPORT_ROWS) throw badInput('TOO_MANY_ROWS', `at most ${MAX_IMPORT_ROWS} rows per file`);
  return { header: cells(all[0]).map((h) => h.toUpperCase()), lines };
}

/** `nip,TL1,TL2,…,TK`: counts per code; an absent column or empty cell is 0. */
export function parseAttendanceCsv(text: string): ParsedImport<AttendanceRow> {
  const { header, lines } = splitCsv(text);
  if (header[0] !== 'NIP') throw badInput('INVALID_HEADER', 'the first column is nip', { header });
  const codes = header.slice(1);
  const unknown = codes.filter((c) => !(ATTENDANCE_CODES as readonly string[]).includes(c));
  if (unknown.length)
    throw badInput('UNKNOWN_ATTENDANCE_CODE', `unknown attendance code(s) ${unknown.join(', ')}; known: ${ATTENDANCE_CODES.join(', ')}`, {
      codes: unknown,
    });
  const rows: AttendanceRow[] = [];
  const errors: RowError[] = [];
  const seen = new Set<string>();
  const lineOf = new Map<string, number>();
  for (const { line, cells } of lines) {
    const nip = cells[0];
    if (!isValidNip(nip)) {
      errors.push({ line, nip, code: 'INVALID_NIP', message: `not a NIP: ${JSON.stringify(nip)}` });
      continue;
    }
    if (seen.has(nip)) {
      errors.push({ line, nip, code: 'DUPLICATE_NIP', message: 'the NIP appears twice in the file' });
      continue;
    }
    seen.add(nip);
    lineOf.set(nip, line);
    const counts: Partial<Record<AttendanceCode, number>> = {};
    let bad = false;
    codes.forEach((code, i) => {
      const cell = cells[i + 1] ?? '';
      if (cell === '') return;
      if (!/^\d{1,4}$/.test(cell)) {
        errors.push({
          line,
          nip,
          code: 'INVALID_ATTENDANCE_COUNT',
          message: `${code} must be a whole number ≥ 0, got ${JSON.stringify(cell)}`,
        });
        bad = true;
        return;
      }
      const n = Number(cell);
      if (n > 0) counts[code as AttendanceCode] = n;
    });
    if (cells.length > codes.length + 1) {
      errors.push({ line, nip, code: 'TOO_MANY_CELLS', message: `${cells.length} cells for ${codes.length + 1} columns` });
      bad = true;
    }
    if (!bad) rows.push({ nip, counts });
  }
  return { rows, errors, lineOf };
}

/** `nip,predikat`. */
export function parsePredikatCsv(text: string): ParsedImport<PredikatRow> {
  const { header, lines } = splitCsv(text);
  if (header[0] !== 'NIP' || header[1] !== 'PREDIKAT' || header.length !== 2)
    throw badInput('INVALID_HEADER', 'the columns are nip,predikat', { header });
  const rows: PredikatRow[] = [];
  const errors: RowError[] = [];
  const seen = new Set<string>();
  const lineOf = new Map<string, number>();
  for (const { line, cells } of lines) {
    const [nip, predikat] = cells;
    if (!isValidNip(nip)) errors.push({ line, nip, code: 'INVALID_NIP', message: `not a NIP: ${JSON.stringify(nip)}` });
    else if (seen.has(nip)) errors.push({ line, nip, code: 'DUPLICATE_NIP', message: 'the NIP appears twice in the file' });
    else if (!(PREDIKAT as readonly string[]).includes(predikat))
      errors.push({
        line,
        nip,
        code: 'UNKNOWN_PREDIKAT',
        message: `unknown predikat ${JSON.stringify(predikat)}; known: ${PREDIKAT.join(', ')}`,
      });
    else {
      seen.add(nip);
      lineOf.set(nip, line);
      rows.push({ nip, predikat: predikat as Predikat });
    }
  }
  return { rows, errors, lineOf };
}

export type AttendanceSummaryRecorded = DomainEvent<
  'AttendanceSummaryRecorded',
  { month: string; importId: string; rows: AttendanceRow[]; at: Instant }
>;
export type PredikatIssued = DomainEvent<
  'PredikatIssued',
  { month: string; importId: string; rows: PredikatRow[]; source: 'IMPORT'; at: Instant }
>;
export const attendanceStreamId = (month: string, importId: string) => `Attendance-${month}.${importId}`;
export const predikatStreamId = (month: string, importId: string) => `PredikatIssue-${month}.${importId}`;
/** Rows per event: an import of 100,000 rows is 50 events, each well under the event size limit. */
export const IMPORT_CHUNK = 2000;

/** An import of a month's attendance summary or issued predikat, checked row by row before it is stated. */
export type RecordInputImport =
  | { type: 'RecordAttendance'; month: string; importId: string; rows: AttendanceRow[]; at: Instant }
  | { type: 'IssuePredikat'; month: string; importId: string; rows: PredikatRow[]; at: Instant };
export type InputImportEvent = AttendanceSummaryRecorded | PredikatIssued;
export const inputImportStreamId = (c: Pick<RecordInputImport, 'type' | 'month' | 'importId'>) =>
  c.type === 'RecordAttendance' ? attendanceStreamId(c.month, c.importId) : predikatStreamId(c.month, c.importId);

/** Events an import becomes: its rows in chunks of IMPORT_CHUNK (none for no rows). */
export const importEventCount = (rows: number) => Math.ceil(rows / IMPORT_CHUNK);

/**
 * An import's stream is named by its content (`importId`): the same file imported again finds its
 * stream written and appends nothing.
 */
export const inputImportDecider: Decider<RecordInputImport, InputImportEvent, { recorded: boolean }> = {
  initialState: () => ({ recorded: false }),
  evolve: () => ({ recorded: true }),
  decide(cmd, s) {
    if (s.recorded) return [];
    const events: InputImportEvent[] = [];
    for (let i = 0; i < cmd.rows.length; i += IMPORT_CHUNK) {
      const base = { month: cmd.month, importId: cmd.importId, at: cmd.at };
      events.push(
        cmd.type === 'RecordAttendance'
          ? { type: 'AttendanceSummaryRecorded', data: { ...base, rows: cmd.rows.slice(i, i + IMPORT_CHUNK) } }
          : { type: 'PredikatIssued', data: { ...base, rows: cmd.rows.slice(i, i + IMPORT_CHUNK), source: 'IMPORT' } },
      );
    }
    return events;
  },
};
