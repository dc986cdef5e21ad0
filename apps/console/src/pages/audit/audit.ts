// The Inspektorat's pages: what can be said without the network. The timeline's filter as the address
// holds it, the record an event is about, "just before" a moment, a field-by-field difference of two
// answers, and the integrity job's progress and result read from the job's untyped fields.

/** The timeline's filters, named as the API's query parameters (and the address bar's). */
export const FILTER_KEYS = ['nip', 'actor', 'opd', 'type', 'stream', 'correlationId', 'from', 'to', 'order'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type TimelineFilter = Partial<Record<FilterKey, string>>;

const MAX_FILTER_LENGTH = 200;

/** The filter the address holds: known keys only, trimmed, empty ones dropped; `order` asc or desc. */
export function filterOfParams(params: URLSearchParams): TimelineFilter {
  const f: TimelineFilter = {};
  for (const k of FILTER_KEYS) {
    const v = params.get(k)?.trim();
    if (!v) continue;
    if (k === 'order' && v !== 'asc' && v !== 'desc') continue;
    f[k] = v.slice(0, MAX_FILTER_LENGTH);
  }
  return f;
}

/** The address of a filter: keys in one order, so that the same filter gives the same address. */
export function paramsOfFilter(f: TimelineFilter): URLSearchParams {
  const p = new URLSearchParams();
  for (const k of FILTER_KEYS) {
    const v = f[k]?.trim();
    if (v) p.set(k, v);
  }
  return p;
}

/** The filter without `order` (the exports take no order: they follow the log). */
export function exportFilterOf(f: TimelineFilter): Omit<TimelineFilter, 'order'> {
  const { order: _order, ...rest } = f;
  return rest;
}

/** Newest first unless asked otherwise: the inspector usually looks for what happened lately. */
export const orderOf = (f: TimelineFilter): 'asc' | 'desc' => (f.order === 'asc' ? 'asc' : 'desc');

// ---- who ---------------------------------------------------------------------------------------------

const RELATION_LABEL: ReadonlyMap<string, string> = new Map([
  ['self', 'diri sendiri'],
  ['supervisor', 'atasan langsung'],
  ['raterSupervisor', 'atasan pejabat penilai'],
  ['system', 'sistem'],
]);

/**
 * The role an event was recorded under, as the access policy names it (`self`, `supervisor`,
 * `raterSupervisor`, `role:<role>[:<OPD>]`) or a token's role, in words; `roleLabel` names the roles.
 */
export function actorRoleLabel(role: string, roleLabel: (r: string) => string): string {
  const relation = RELATION_LABEL.get(role);
  if (relation) return relation;
  return roleLabel(role.startsWith('role:') ? role.slice(5) : role);
}

// ---- moments ----------------------------------------------------------------------------------------

const WIB_MS = 7 * 3_600_000;

/** An instant as WIB wall time with its offset, milliseconds kept: `2026-11-30T08:00:00.000+07:00`. */
export function toWib(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Date(ms + WIB_MS).toISOString().replace('Z', '+07:00');
}

/** The moment one millisecond before an event was recorded, in WIB: the record as it stood just before it. */
export function justBefore(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return toWib(new Date(ms - 1).toISOString());
}

/** The value of a `datetime-local` input (WIB wall time, to the second) for a moment. */
export function wibInputValue(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  return new Date(ms + WIB_MS).toISOString().slice(0, 19);
}

/** A `datetime-local` value (`2026-11-30T08:00` or with seconds) read as WIB; undefined when malformed. */
export function momentOfInput(value: string): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(:\d{2})?(\.\d{1,3})?$/.exec(value);
  if (!m) return undefined;
  const iso = `${m[1]}${m[2] ?? ':00'}${m[3] ?? ''}+07:00`;
  return Number.isNaN(Date.parse(iso)) ? undefined : iso;
}

// ---- the record an event is about -------------------------------------------------------------------

export type AsOfKind = 'penilaian' | 'pegawai' | 'tpp' | 'aliran';

/** What the "as of" page compares: one of the records that the API can read as of a moment. */
export interface AsOfSubject {
  kind: AsOfKind;
  nip?: string;
  period?: string;
  month?: string;
  stream?: string;
}

export const AS_OF_KIND_LABEL: ReadonlyMap<AsOfKind, string> = new Map([
  ['penilaian', 'Penilaian kinerja (satu periode)'],
  ['pegawai', 'Data kepegawaian'],
  ['tpp', 'Buku TPP (satu bulan)'],
  ['aliran', 'Aliran peristiwa (stream)'],
]);

const APPRAISAL_STREAM = /^Appraisal-(\d{18})-(\d{4}-(?:\d{2}|Q[1-4]))$/;
const EMPLOYEE_STREAM = /^Employee-(\d{18})$/;

/** The record an event is about: its appraisal, its employee, else its stream itself. */
export function subjectOfStream(streamId: string): AsOfSubject {
  const a = APPRAISAL_STREAM.exec(streamId);
  if (a) return { kind: 'penilaian', nip: a[1], period: a[2] };
  const e = EMPLOYEE_STREAM.exec(streamId);
  if (e) return { kind: 'pegawai', nip: e[1] };
  return { kind: 'aliran', stream: streamId };
}

/** The "as of" page's address for a subject at a moment. */
export function asOfHref(s: AsOfSubject, at: string): string {
  const p = subjectParams(s);
  p.set('pada', at);
  return `/audit/per-tanggal?${p.toString()}`;
}

export function subjectParams(s: AsOfSubject): URLSearchParams {
  const p = new URLSearchParams({ jenis: s.kind });
  if (s.kind === 'aliran') {
    if (s.stream) p.set('aliran', s.stream);
  } else if (s.nip) p.set('nip', s.nip);
  if (s.kind === 'penilaian' && s.period) p.set('periode', s.period);
  if (s.kind === 'tpp' && s.month) p.set('bulan', s.month);
  return p;
}

const KINDS: ReadonlySet<string> = new Set(AS_OF_KIND_LABEL.keys());

/** The subject the address names (what the form starts from); missing parts stay undefined. */
export function subjectOfParams(p: URLSearchParams): AsOfSubject {
  const jenis = p.get('jenis') ?? '';
  const kind = (KINDS.has(jenis) ? jenis : 'penilaian') as AsOfKind;
  const s: AsOfSubject = { kind };
  const nip = p.get('nip')?.trim();
  if (nip) s.nip = nip;
  const period = p.get('periode')?.trim();
  if (period) s.period = period;
  const month = p.get('bulan')?.trim();
  if (month) s.month = month;
  const stream = p.get('aliran')?.trim();
  if (stream) s.stream = stream;
  return s;
}

/** What is still missing before the subject can be read; empty when complete. */
export function missingOf(s: AsOfSubject): string[] {
  const out: string[] = [];
  if (s.kind === 'aliran') {
    if (!s.stream) out.push('kode aliran');
    return out;
  }
  if (!s.nip || !/^\d{18}$/.test(s.nip)) out.push('NIP (18 angka)');
  if (s.kind === 'penilaian' && !(s.period && /^\d{4}-(\d{2}|Q[1-4])$/.test(s.period))) out.push('periode (YYYY-MM)');
  if (s.kind === 'tpp' && !(s.month && /^\d{4}-\d{2}$/.test(s.month))) out.push('bulan (YYYY-MM)');
  return out;
}

// ---- the difference of two answers ------------------------------------------------------------------

/** One leaf of either answer: its path, the value then and now (undefined: absent on that side). */
export interface DiffRow {
  path: string;
  old: unknown;
  new: unknown;
  changed: boolean;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (IDENTIFIER.test(key)) return parent ? `${parent}.${key}` : key;
  return `${parent}[${JSON.stringify(key)}]`;
}

/** Every leaf of a JSON value by its path (an empty object or array is a leaf of its own). Keyed by Map: `__proto__` is a key like any. */
export function leavesOf(value: unknown, path = '', out: Map<string, unknown> = new Map()): Map<string, unknown> {
  if (Array.isArray(value) && value.length > 0) value.forEach((v, i) => leavesOf(v, childPath(path, i), out));
  else if (isPlainObject(value) && Object.keys(value).length > 0)
    for (const k of Object.keys(value)) leavesOf(value[k], childPath(path, k), out);
  else out.set(path, value);
  return out;
}

const sameLeaf = (a: unknown, b: unknown) => {
  if (a === b) return true;
  // Empty containers are leaves; two empty arrays (or objects) are the same.
  if (Array.isArray(a) && Array.isArray(b)) return a.length === 0 && b.length === 0;
  if (isPlainObject(a) && isPlainObject(b)) return Object.keys(a).length === 0 && Object.keys(b).length === 0;
  return false;
};

/**
 * Two JSON values compared field by field: one row per leaf path of either, in the order the older
 * value lists them, then the paths only the newer has. `changed` when the values differ or one side
 * lacks the path.
 */
export function diffJson(older: unknown, newer: unknown): DiffRow[] {
  const a = older === undefined ? new Map<string, unknown>() : leavesOf(older);
  const b = newer === undefined ? new Map<string, unknown>() : leavesOf(newer);
  const rows: DiffRow[] = [];
  for (const [path, v] of a) {
    const has = b.has(path);
    const w = b.get(path);
    rows.push({ path, old: v, new: has ? w : undefined, changed: !has || !sameLeaf(v, w) });
  }
  for (const [path, w] of b) if (!a.has(path)) rows.push({ path, old: undefined, new: w, changed: true });
  return rows;
}

/** A leaf as the table shows it: absent, null, text and numbers as they are, an empty container as such. */
export function showLeaf(v: unknown): string {
  if (v === undefined) return '(tidak ada)';
  if (v === null) return '–';
  if (typeof v === 'string') return v === '' ? '""' : v;
  if (Array.isArray(v)) return '[] (kosong)';
  if (isPlainObject(v)) return '{} (kosong)';
  return String(v);
}

// ---- the integrity job ------------------------------------------------------------------------------

export interface JobProgress {
  percent: number;
  checked?: number;
  total?: number;
}

/** The job's `progress` as the worker reports it (`{percent, checked, total}`), or a bare number. */
export function progressOf(progress: unknown): JobProgress | null {
  if (typeof progress === 'number' && Number.isFinite(progress)) return { percent: clampPercent(progress) };
  if (!isPlainObject(progress)) return null;
  const percent = typeof progress.percent === 'number' ? clampPercent(progress.percent) : null;
  if (percent === null) return null;
  const p: JobProgress = { percent };
  if (typeof progress.checked === 'number') p.checked = progress.checked;
  if (typeof progress.total === 'number') p.total = progress.total;
  return p;
}

const clampPercent = (n: number) => Math.max(0, Math.min(100, Math.floor(n)));

export interface BrokenLink {
  streamId: string;
  streamPosition: number;
  globalPosition: string;
  problem: string;
}

export interface IntegrityResult {
  ok: boolean;
  eventsChecked: number;
  streamsChecked: number;
  firstBroken?: BrokenLink;
  summary: string;
}

const brokenOf = (v: unknown): BrokenLink | undefined =>
  isPlainObject(v) && typeof v.streamId === 'string'
    ? {
        streamId: v.streamId,
        streamPosition: typeof v.streamPosition === 'number' ? v.streamPosition : -1,
        globalPosition: String(v.globalPosition ?? ''),
        problem: typeof v.problem === 'string' ? v.problem : '',
      }
    : undefined;

/** The verification's report from the job's `result`, or null while there is none (or it is not one). */
export function integrityResultOf(result: unknown): IntegrityResult | null {
  if (!isPlainObject(result) || typeof result.ok !== 'boolean') return null;
  const r: IntegrityResult = {
    ok: result.ok,
    eventsChecked: typeof result.eventsChecked === 'number' ? result.eventsChecked : 0,
    streamsChecked: typeof result.streamsChecked === 'number' ? result.streamsChecked : 0,
    summary: typeof result.summary === 'string' ? result.summary : '',
  };
  const first = brokenOf(result.firstBroken);
  if (first) r.firstBroken = first;
  return r;
}

export type JobPhase = 'waiting' | 'running' | 'done' | 'failed';

/** BullMQ's states in four: waiting (queued, delayed), running, done, failed. */
export function phaseOf(state: string): JobPhase {
  if (state === 'completed') return 'done';
  if (state === 'failed') return 'failed';
  if (state === 'active') return 'running';
  return 'waiting';
}

/** A whole number as Indonesians write it: 12.345. */
export const formatCount = (n: number): string => n.toLocaleString('id-ID');
