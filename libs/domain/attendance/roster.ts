import { badInput, type Decider, type DomainEvent, type Instant, isValidNip } from '@kinerja/kernel';
import { isLocalDate, isStreamOfType, type LocalDate } from '../shared';
import type { ScanLineError } from './devices';

/**
 * The shift roster of an OPD that works shifts (hospital, fire service): for a month, which shift
 * each employee works on which day (issue 16, item 1). The policy names the shifts and their hours;
 * the roster is the OPD's, uploaded as `nip,tanggal,shift` each month. Each upload is the whole
 * month's roster: it replaces the one before, and the same roster twice appends nothing.
 */

export interface RosterRow {
  nip: string;
  date: LocalDate;
  shift: string;
}

export const MAX_ROSTER_ROWS = 200_000;
/** Rows per event: a roster of 2,000 staff for a month is a dozen events, each well under the size limit. */
export const ROSTER_CHUNK = 5000;

/** `nip,tanggal,shift` (or `date`), `,` or `;`: every bad line named; a day twice for one employee is an error. */
export function parseRosterCsv(
  text: string,
  options: { month: string; shifts: ReadonlySet<string> },
): { rows: RosterRow[]; errors: ScanLineError[]; lines: number[] } {
  if (typeof text !== 'string' || !text.trim()) throw badInput('EMPTY_FILE', 'the file is empty');
  const all = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (all.length > MAX_ROSTER_ROWS + 1) throw badInput('TOO_MANY_ROWS', `at most ${MAX_ROSTER_ROWS} rows per roster`);
  const sep = all[0].includes(';') && !all[0].includes(',') ? ';' : ',';
  const cells = (s: string) => s.split(sep).map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
  const header = cells(all[0]).map((h) => h.toLowerCase());
  const dateCol = header.indexOf('tanggal') >= 0 ? header.indexOf('tanggal') : header.indexOf('date');
  const [nipCol, shiftCol] = [header.indexOf('nip'), header.indexOf('shift')];
  if (nipCol < 0 || dateCol < 0 || shiftCol < 0) throw badInput('INVALID_HEADER', 'the columns are nip, tanggal and shift', { header });
  const rows: RosterRow[] = [];
  /** The file line of each row, for faults found after parsing (a NIP that is not the OPD's). */
  const lines: number[] = [];
  const errors: ScanLineError[] = [];
  const seen = new Set<string>();
  for (let i = 1; i < all.length; i++) {
    if (!all[i].trim()) continue;
    const line = i + 1;
    const c = cells(all[i]);
    const [nip, date, shift] = [c[nipCol] ?? '', c[dateCol] ?? '', (c[shiftCol] ?? '').toUpperCase()];
    const fault = (column: string, code: string, message: string) => errors.push({ line, column, code, message });
    if (!isValidNip(nip)) fault('nip', 'INVALID_NIP', `not a NIP: ${JSON.stringify(nip)}`);
    else if (!isLocalDate(date)) fault('tanggal', 'INVALID_DATE', `not a date YYYY-MM-DD: ${JSON.stringify(date)}`);
    else if (!date.startsWith(options.month)) fault('tanggal', 'DATE_OUTSIDE_MONTH', `${date} is not in ${options.month}`);
    else if (!options.shifts.has(shift))
      fault('shift', 'UNKNOWN_SHIFT', `no shift ${JSON.stringify(shift)} in the policy; known: ${[...options.shifts].join(', ')}`);
    else if (seen.has(`${nip}|${date}`)) fault('tanggal', 'DUPLICATE_ROSTER_DAY', `${nip} has ${date} twice`);
    else {
      seen.add(`${nip}|${date}`);
      rows.push({ nip, date, shift });
      lines.push(line);
    }
  }
  return { rows, errors, lines };
}

export type ShiftRosterRecorded = DomainEvent<
  'ShiftRosterRecorded',
  { opdId: string; month: string; rosterId: string; part: number; parts: number; rows: RosterRow[]; at: Instant }
>;

export interface RecordShiftRoster {
  type: 'RecordShiftRoster';
  opdId: string;
  month: string;
  /** The roster's content digest: the same roster twice appends nothing. */
  rosterId: string;
  rows: readonly RosterRow[];
  at: Instant;
}

export const ROSTER_STREAM_TYPE = 'ShiftRoster';
export const rosterStreamId = (opdId: string, month: string) => `${ROSTER_STREAM_TYPE}-${opdId}.${month}`;
export const isRosterStream = isStreamOfType(ROSTER_STREAM_TYPE);
export const ROSTER_EVENT_TYPES = ['ShiftRosterRecorded'] as const;

/** The roster in force of the OPD's month: the id of the last one recorded. */
export const rosterDecider: Decider<RecordShiftRoster, ShiftRosterRecorded, { rosterId: string | null }> = {
  initialState: () => ({ rosterId: null }),
  evolve: (s, e) => ({ rosterId: e.data.rosterId }),
  decide(cmd, s) {
    if (cmd.rows.length === 0) throw badInput('NO_ROSTER_ROWS', 'the roster has no rows');
    if (s.rosterId === cmd.rosterId) return [];
    const parts = Math.ceil(cmd.rows.length / ROSTER_CHUNK);
    return Array.from({ length: parts }, (_, part) => ({
      type: 'ShiftRosterRecorded' as const,
      data: {
        opdId: cmd.opdId,
        month: cmd.month,
        rosterId: cmd.rosterId,
        part,
        parts,
        rows: cmd.rows.slice(part * ROSTER_CHUNK, (part + 1) * ROSTER_CHUNK),
        at: cmd.at,
      },
    }));
  },
};
