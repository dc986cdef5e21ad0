import type { components, operations } from '../../api/schema';
import { ApiError } from '../../api/errors';
import { messageOf } from '../../i18n/errors';
import { phaseOf } from '../audit/audit';

// The pure logic of the BKPSDM pages (Pegawai, Struktur organisasi, Impor pegawai): labels of the
// register's values, the import report read from the API's refusal, the differences between a record
// on two dates, and the org chart's tree with its Plt posts.

export type EmployeeRecord = operations['EmployeesController_get']['responses'][200]['content']['application/json'];
export type OrgUnit = components['schemas']['OrgChartUnit'];

export const EMPLOYMENT_STATE_LABEL: ReadonlyMap<string, string> = new Map([
  ['ACTIVE', 'Aktif'],
  ['ON_LEAVE', 'Cuti / CLTN'],
  ['RETIRED', 'Pensiun'],
]);

export const ASN_STATUS_LABEL: ReadonlyMap<string, string> = new Map([
  ['PNS', 'PNS'],
  ['PPPK', 'PPPK'],
]);

export const PTKP_STATUSES = ['TK/0', 'TK/1', 'TK/2', 'TK/3', 'K/0', 'K/1', 'K/2', 'K/3'] as const;
export const TER_CATEGORIES = ['A', 'B', 'C'] as const;

/**
 * The import's own codes (the CSV's header, records and cells; IMPORT.md), in Indonesian. They come
 * inside IMPORT_REJECTED's details, not as an answer's code, so they are not in the console's table of
 * answer codes; a code of that table (INVALID_NIP, UNKNOWN_POSITION...) is taken from there.
 */
const IMPORT_MESSAGES: ReadonlyMap<string, string> = new Map([
  ['MISSING_COLUMN', 'Kolom wajib tidak ada di baris judul.'],
  ['UNKNOWN_COLUMN', 'Kolom tidak dikenal di baris judul.'],
  ['DUPLICATE_COLUMN', 'Kolom tercantum dua kali di baris judul.'],
  ['EMPTY_FILE', 'Berkas kosong.'],
  ['NO_ROWS', 'Berkas hanya berisi baris judul, tanpa data pegawai.'],
  ['FIELD_COUNT', 'Jumlah kolom pada baris ini tidak sama dengan baris judul.'],
  ['UNTERMINATED_QUOTE', 'Tanda kutip tidak ditutup.'],
  ['MALFORMED_QUOTE', 'Tanda kutip di tengah isian tidak sesuai format CSV.'],
  ['DUPLICATE_NIP', 'NIP ini sudah tercantum di baris lain dalam berkas.'],
  ['INVALID_ASN_STATUS', 'Status ASN harus PNS atau PPPK.'],
  ['INVALID_EMPLOYMENT_STATE', 'Kedudukan hukum harus AKTIF, CUTI atau CLTN.'],
  ['INVALID_PTKP_STATUS', 'Status PTKP harus salah satu dari TK/0–TK/3 atau K/0–K/3.'],
  ['INVALID_TER_CATEGORY', 'Kategori TER harus A, B atau C.'],
  ['POSITION_NOT_IN_OPD', 'Jabatan ini tidak berada di OPD (UNOR) yang disebut.'],
  ['SUPERVISOR_POSITION_MISMATCH', 'Jabatan atasan tidak sesuai dengan struktur organisasi.'],
  ['GRADE_MISMATCH', 'Kelas jabatan tidak sesuai dengan kelas jabatan di struktur organisasi.'],
  ['INVALID_CHARACTER', 'Berkas memuat karakter NUL atau byte yang bukan UTF-8 di sini. Simpan ulang berkas sebagai CSV UTF-8.'],
]);

export interface ImportProblem {
  line: number;
  column: string;
  code: string;
  /** Indonesian. */
  reason: string;
}

/** The Indonesian reason of one problem of the import. */
export function importReason(code: string): string {
  return IMPORT_MESSAGES.get(code) ?? messageOf(code);
}

/**
 * The bad rows of an import, from its refusal (422 IMPORT_REJECTED, details.errors: line, column,
 * code), sorted by line and column; null when the error is another refusal (shown as it is).
 */
export function importProblemsOf(error: unknown): ImportProblem[] | null {
  if (!(error instanceof ApiError) || error.code !== 'IMPORT_REJECTED') return null;
  return importProblemsOfList(error.details.errors);
}

/** A list of `{line, column, code}` as the import reports it (a refusal's details, a job's result), sorted by line and column. */
export function importProblemsOfList(list: unknown): ImportProblem[] {
  const out: ImportProblem[] = [];
  for (const e of Array.isArray(list) ? (list as unknown[]) : []) {
    if (!e || typeof e !== 'object') continue;
    const { line, column, code } = e as { line?: unknown; column?: unknown; code?: unknown };
    const c = typeof code === 'string' ? code : 'INTERNAL';
    out.push({
      line: typeof line === 'number' ? line : 0,
      column: typeof column === 'string' ? column : '–',
      code: c,
      reason: importReason(c),
    });
  }
  return out.sort((a, b) => a.line - b.line || a.column.localeCompare(b.column));
}

/** What a successful import (or dry run) answered. */
export interface ImportSummary {
  dryRun: boolean;
  /** The rows of the file. */
  employees: number;
  /** Registered by this run (on a dry run: that would be). */
  imported: number;
  /** Registered already by an earlier run of the same rows: skipped, not errors. */
  alreadyImported: number;
  assignments: number;
}

export function importSummaryOf(answer: Record<string, unknown>): ImportSummary {
  const n = (v: unknown) => (typeof v === 'number' ? v : 0);
  return {
    dryRun: answer.dryRun === true,
    employees: n(answer.employees),
    imported: n(answer.imported),
    alreadyImported: n(answer.alreadyImported),
    assignments: n(answer.assignments),
  };
}

/**
 * Counts the data rows of a CSV as its bytes come (a file read piece by piece, never whole): lines
 * with something other than blanks, the header excepted. An estimate shown before sending (a quoted
 * line break counts as a row); the API counts the rows again as they arrive.
 */
export class CsvRowCounter {
  private lines = 0;
  private lineHasText = false;

  push(bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if (b === 0x0a) {
        if (this.lineHasText) this.lines++;
        this.lineHasText = false;
      } else if (b !== 0x0d && b !== 0x20 && b !== 0x09) this.lineHasText = true;
    }
  }

  /** Rows so far (a last line without its line break included). */
  get rows(): number {
    return Math.max(0, this.lines + (this.lineHasText ? 1 : 0) - 1);
  }
}

/** Rows of a CSV text, the header excepted (blank lines skipped), as an estimate before sending. */
export function countCsvRows(text: string): number {
  const counter = new CsvRowCounter();
  counter.push(new TextEncoder().encode(text));
  return counter.rows;
}

/**
 * Where the import's background job (employees.import, followed at GET /api/v1/jobs/{id}) stands:
 * queued, reading and checking the file, appending (its percent, and the employees saved of those to
 * save), or finished: a dry run passed, an import done, the file refused with its bad rows (the first
 * 1,000 listed, `errorCount` says how many), or the job itself failed.
 */
export type ImportJobView =
  | { at: 'waiting' }
  | { at: 'checking' }
  | { at: 'importing'; percent: number; saved: number | null; toSave: number | null }
  | { at: 'checked'; summary: ImportSummary }
  | { at: 'done'; summary: ImportSummary }
  | { at: 'rejected'; problems: ImportProblem[]; errorCount: number }
  | { at: 'failed'; reason: string | null };

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

export function importJobViewOf(job: { state: string; progress: unknown; result: unknown; failedReason?: string | null }): ImportJobView {
  const phase = phaseOf(job.state);
  if (phase === 'failed') return { at: 'failed', reason: job.failedReason ?? null };
  if (phase === 'done') {
    const r = job.result;
    if (!isObject(r)) return { at: 'failed', reason: null };
    if (r.ok === true) {
      const summary = importSummaryOf(r);
      return summary.dryRun ? { at: 'checked', summary } : { at: 'done', summary };
    }
    const problems = importProblemsOfList(r.errors);
    return {
      at: 'rejected',
      problems,
      errorCount: typeof r.errorCount === 'number' ? Math.max(r.errorCount, problems.length) : problems.length,
    };
  }
  if (phase === 'waiting') return { at: 'waiting' };
  const p = job.progress;
  if (!isObject(p) || p.phase !== 'importing' || typeof p.percent !== 'number') return { at: 'checking' };
  // The job counts the placements as its first step, then one step per employee registered.
  const steps = (v: unknown) => (typeof v === 'number' && v >= 1 ? v - 1 : null);
  return { at: 'importing', percent: Math.max(0, Math.min(100, Math.floor(p.percent))), saved: steps(p.done), toSave: steps(p.total) };
}

/** The fields of a record compared between two dates, in the order the page shows them. */
export const RECORD_FIELDS: readonly { key: keyof EmployeeRecord; label: string }[] = [
  { key: 'positionId', label: 'Jabatan' },
  { key: 'positionGrade', label: 'Kelas jabatan' },
  { key: 'orgUnitId', label: 'OPD' },
  { key: 'employmentState', label: 'Kedudukan' },
  { key: 'asnStatus', label: 'Status ASN' },
  { key: 'terCategory', label: 'Kategori TER' },
  { key: 'ptkpStatus', label: 'Status PTKP' },
  { key: 'salaryBase', label: 'Gaji dasar (BPJS)' },
  { key: 'salaryGross', label: 'Penghasilan bruto' },
];

export interface FieldChange {
  key: string;
  label: string;
  before: string;
  after: string;
}

const text = (v: unknown): string => (v === undefined || v === null ? '–' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** What differs between the record on one date and on another (the bank account compared as a whole). */
export function recordChanges(before: EmployeeRecord, after: EmployeeRecord): FieldChange[] {
  const out: FieldChange[] = [];
  for (const f of RECORD_FIELDS)
    if (text(before[f.key]) !== text(after[f.key]))
      out.push({ key: String(f.key), label: f.label, before: text(before[f.key]), after: text(after[f.key]) });
  const bank = (r: EmployeeRecord) => `${r.bankAccount.bankName} ${r.bankAccount.accountNumber} a.n. ${r.bankAccount.accountName}`;
  if (bank(before) !== bank(after)) out.push({ key: 'bankAccount', label: 'Rekening', before: bank(before), after: bank(after) });
  return out;
}

/** A position of the chart with its holders, and the positions under it in the same unit. */
export interface PositionNode {
  positionId: string;
  name: string;
  grade: number;
  seats: number;
  holders: OrgUnit['positions'][number]['holders'];
  children: PositionNode[];
}

/**
 * The positions of one unit as a tree: a position whose atasan is in the same unit sits under it; the
 * rest (the unit's head, whose atasan is in the unit above) are its roots. Keyed by Map (ids are data).
 */
export function positionTree(unit: Pick<OrgUnit, 'positions'>): PositionNode[] {
  const nodes = new Map<string, PositionNode>();
  for (const p of unit.positions)
    nodes.set(p.positionId, { positionId: p.positionId, name: p.name, grade: p.grade, seats: p.seats, holders: p.holders, children: [] });
  const roots: PositionNode[] = [];
  for (const p of unit.positions) {
    const node = nodes.get(p.positionId)!;
    const parent = p.parentPositionId !== null && p.parentPositionId !== p.positionId ? nodes.get(p.parentPositionId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** Every unit of the chart, depth first. */
export function* unitsOf(units: readonly OrgUnit[]): Generator<OrgUnit> {
  for (const u of units) {
    yield u;
    yield* unitsOf(u.children);
  }
}

/** How many posts of the chart are held by a Plt (an acting holder). */
export function actingCount(units: readonly OrgUnit[]): number {
  let n = 0;
  for (const u of unitsOf(units)) for (const p of u.positions) n += p.holders.filter((h) => h.acting).length;
  return n;
}

export interface PositionInfo {
  positionId: string;
  name: string;
  grade: number;
  unit: string;
  /** The OPD (root unit) the position is in. */
  opdId: string;
  opdName: string;
}

/** The chart's positions by id, with their unit and OPD: the record page's "Jabatan" and the forms' choices. */
export function positionIndex(opds: readonly OrgUnit[]): Map<string, PositionInfo> {
  const out = new Map<string, PositionInfo>();
  for (const opd of opds)
    for (const u of unitsOf([opd]))
      for (const p of u.positions)
        out.set(p.positionId, {
          positionId: p.positionId,
          name: p.name,
          grade: p.grade,
          unit: u.name,
          opdId: opd.unitId,
          opdName: opd.name,
        });
  return out;
}

/** The units whose name, a position's name or a holder's name or NIP contains the text (and their ancestors). */
export function filterChart(units: readonly OrgUnit[], q: string): OrgUnit[] {
  const t = q.trim().toLowerCase();
  if (!t) return [...units];
  const hit = (u: OrgUnit) =>
    u.name.toLowerCase().includes(t) ||
    u.positions.some(
      (p) => p.name.toLowerCase().includes(t) || p.holders.some((h) => h.nip.startsWith(t) || (h.name ?? '').toLowerCase().includes(t)),
    );
  const out: OrgUnit[] = [];
  for (const u of units) {
    const children = filterChart(u.children, q);
    if (hit(u) || children.length) out.push({ ...u, children });
  }
  return out;
}

export type HistoryItem = operations['EmployeesController_history']['responses'][200]['content']['application/json']['items'][number];

export const HISTORY_TYPE_LABEL: ReadonlyMap<string, string> = new Map([
  ['EmployeeRegistered', 'Terdaftar'],
  ['PositionChanged', 'Pindah jabatan'],
  ['OrgUnitTransferred', 'Pindah OPD'],
  ['EmploymentStateChanged', 'Perubahan kedudukan'],
  ['SalaryChanged', 'Perubahan gaji'],
  ['TaxCategoryChanged', 'Perubahan kategori pajak'],
  ['BankAccountChanged', 'Perubahan rekening'],
]);

const HISTORY_FIELD_LABEL: ReadonlyMap<string, string> = new Map([
  ['name', 'Nama'],
  ['asnStatus', 'Status ASN'],
  ['positionId', 'Jabatan'],
  ['positionGrade', 'Kelas jabatan'],
  ['orgUnitId', 'OPD'],
  ['employmentState', 'Kedudukan'],
  ['terCategory', 'Kategori TER'],
  ['ptkpStatus', 'Status PTKP'],
  ['salaryBase', 'Gaji dasar (BPJS)'],
  ['salaryGross', 'Penghasilan bruto'],
  ['bankAccount', 'Rekening'],
]);

/**
 * What one change of the history set, in words: "Jabatan: Analis — Bidang … (ID)", the kedudukan in
 * Indonesian, amounts in rupiah (`formatMoney`), positions by their name on the chart when known.
 */
export function historyLines(
  item: Pick<HistoryItem, 'changes'>,
  positions: ReadonlyMap<string, Pick<PositionInfo, 'name' | 'unit'>>,
  formatMoney: (s: string) => string,
): string[] {
  return item.changes.map(({ field, value }) => {
    let v = value;
    if (field === 'positionId') {
      const p = positions.get(value);
      v = p ? `${p.name} — ${p.unit} (${value})` : value;
    } else if (field === 'employmentState') v = EMPLOYMENT_STATE_LABEL.get(value) ?? value;
    else if (field === 'salaryBase' || field === 'salaryGross') v = formatMoney(value);
    return `${HISTORY_FIELD_LABEL.get(field) ?? field}: ${v}`;
  });
}
