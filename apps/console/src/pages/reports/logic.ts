import type { z } from 'zod';
import {
  checkEvidenceContent,
  DEFAULT_EVIDENCE_MAX_BYTES,
  EVIDENCE_CONTENT_TYPES,
  type EvidenceContentType,
} from '@kinerja/domain/evidence';
import { daysOfMonth, formatBytes, isWeekend } from '../../format';
import { issueMessage, pathOf } from '../../forms';

// The pure logic of the report screens (laporan harian, tanggapan, realisasi): the month's calendar,
// the RHK to choose from, form errors from the API's own zod schemas, evidence checked before upload,
// and answering many reports one by one. Unit-tested in logic.spec.ts.

export type AnswerKind = 'ACKNOWLEDGED' | 'NOTE' | 'NEEDS_REVISION';

/** What the calendar needs of a report. */
export interface ReportLike {
  reportId: string;
  date: string;
  answer: { kind: AnswerKind; note: string | null } | null;
}

/**
 * A day of the month: SENT_BACK (a report waits for its revision), ANSWERED (every report answered),
 * FILLED (filed, waiting for the supervisor), MISSING (a working day up to today without a report),
 * WEEKEND, FUTURE.
 */
export type DayState = 'SENT_BACK' | 'ANSWERED' | 'FILLED' | 'MISSING' | 'WEEKEND' | 'FUTURE';

export interface CalendarDay<R extends ReportLike = ReportLike> {
  date: string;
  state: DayState;
  weekend: boolean;
  reports: R[];
}

export const DAY_STATE_LABEL: ReadonlyMap<DayState, string> = new Map([
  ['SENT_BACK', 'Perlu diperbaiki'],
  ['ANSWERED', 'Ditanggapi'],
  ['FILLED', 'Terisi, menunggu tanggapan'],
  ['MISSING', 'Belum diisi'],
  ['WEEKEND', 'Akhir pekan'],
  ['FUTURE', 'Belum tiba'],
]);

export function dayState(date: string, reports: readonly ReportLike[], today: string): DayState {
  if (reports.some((r) => r.answer?.kind === 'NEEDS_REVISION')) return 'SENT_BACK';
  if (reports.length > 0) return reports.every((r) => r.answer) ? 'ANSWERED' : 'FILLED';
  if (isWeekend(date)) return 'WEEKEND';
  return date > today ? 'FUTURE' : 'MISSING';
}

/** The month's days with their reports and state, first day first. */
export function monthCalendar<R extends ReportLike>(month: string, reports: readonly R[], today: string): CalendarDay<R>[] {
  const byDate = new Map<string, R[]>();
  for (const r of reports) byDate.set(r.date, [...(byDate.get(r.date) ?? []), r]);
  return daysOfMonth(month).map((date) => {
    const own = byDate.get(date) ?? [];
    return { date, state: dayState(date, own, today), weekend: isWeekend(date), reports: own };
  });
}

/** How many days of each state (the calendar's legend). */
export function countStates(days: readonly CalendarDay[]): Map<DayState, number> {
  const out = new Map<DayState, number>();
  for (const d of days) out.set(d.state, (out.get(d.state) ?? 0) + 1);
  return out;
}

/** Empty cells before the 1st in a week that starts on Monday (Senin). */
export function leadingBlanks(month: string): number {
  const d = new Date(`${month}-01T00:00:00Z`).getUTCDay();
  return (d + 6) % 7;
}

/** "2026-11" +1 -> "2026-12". */
export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number);
  const i = y * 12 + (m - 1) + by;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

export const isMonth = (s: string | null | undefined): s is string => !!s && /^\d{4}-(0[1-9]|1[0-2])$/.test(s);

export interface RhkOption {
  value: string;
  label: string;
  indicators: { indicatorId: string; text: string; quantity: number | null; unit: string | null }[];
}

const record = (v: unknown): Record<string, unknown> | null => (v && typeof v === 'object' ? (v as Record<string, unknown>) : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * The RHK of the plan a report or a realisation may name: those of the version in force (the last
 * approved), else of the current version (as the API accepts both). Reads the plan view defensively.
 */
export function rhkOptions(
  plan: { inForce: number | null; current: number | null; versions: readonly unknown[] } | undefined,
): RhkOption[] {
  if (!plan) return [];
  const versions = plan.versions.map(record).filter((v): v is Record<string, unknown> => !!v);
  const version = versions.find((v) => v.version === plan.inForce) ?? versions.find((v) => v.version === plan.current);
  const results = Array.isArray(version?.results) ? version.results : [];
  const out: RhkOption[] = [];
  for (const r of results.map(record)) {
    const value = str(r?.resultId);
    if (!r || !value) continue;
    const indicators = (Array.isArray(r.indicators) ? r.indicators : []).map(record).flatMap((i) => {
      const indicatorId = str(i?.indicatorId);
      return i && indicatorId
        ? [
            {
              indicatorId,
              text: str(i.text) ?? indicatorId,
              quantity: typeof i.quantity === 'number' ? i.quantity : null,
              unit: str(i.unit),
            },
          ]
        : [];
    });
    out.push({ value, label: str(r.text) ?? value, indicators });
  }
  return out;
}

/** Whether the plan has an approved version (reports and realisations need one). */
export const hasApprovedPlan = (plan: { inForce: number | null } | undefined) => plan?.inForce !== null && plan?.inForce !== undefined;

/** The field errors of a body checked with the API's own schema (a safeParse's error): dotted path -> message (forms.ts), first one per field. */
export function fieldErrorsOf(error: z.ZodError | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const issue of error?.issues ?? []) {
    const path = pathOf(issue.path);
    if (!out.has(path)) out.set(path, issueMessage(issue));
  }
  return out;
}

/** A text input's value as an optional field: blank is absent (the API refuses an empty string). */
export const optionalText = (v: string): string | undefined => (v.trim() === '' ? undefined : v.trim());

/** A number input's value: blank or not a number is undefined (the schema says it is required). */
export const numberOf = (v: string | number): number | undefined => {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (v.trim() === '') return undefined;
  const n = Number(v.replace(',', '.'));
  return Number.isFinite(n) ? n : undefined;
};

export const EVIDENCE_MAX_BYTES = DEFAULT_EVIDENCE_MAX_BYTES;

const BY_EXTENSION = new Map<string, EvidenceContentType>([
  ['pdf', 'application/pdf'],
  ['png', 'image/png'],
  ['jpg', 'image/jpeg'],
  ['jpeg', 'image/jpeg'],
  ['docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
]);

/** The accepted type of a chosen file, from what the browser says or its name's extension; null when refused. */
export function evidenceTypeOf(file: { name: string; type: string }): EvidenceContentType | null {
  const declared = file.type.split(';')[0].trim().toLowerCase();
  if ((EVIDENCE_CONTENT_TYPES as readonly string[]).includes(declared)) return declared as EvidenceContentType;
  if (declared && declared !== 'application/octet-stream') return null;
  return BY_EXTENSION.get(file.name.split('.').pop()?.toLowerCase() ?? '') ?? null;
}

export const EVIDENCE_ACCEPT = [...EVIDENCE_CONTENT_TYPES, '.pdf', '.png', '.jpg', '.jpeg', '.docx', '.xlsx'].join(',');

/**
 * Why a chosen file would be refused, before a byte is sent (the API checks the same again): its
 * type, its size, an empty file, or bytes that are not the type it claims. Null when it may go.
 */
export function evidenceProblem(
  file: { name: string; type: string; size: number },
  bytes?: Uint8Array,
  maxBytes = EVIDENCE_MAX_BYTES,
): string | null {
  const type = evidenceTypeOf(file);
  if (!type) return `Jenis berkas "${file.name}" tidak diterima. Bukti dukung berupa PDF, PNG, JPEG, DOCX atau XLSX.`;
  if (file.size === 0) return `Berkas "${file.name}" kosong. Pilih berkas yang berisi.`;
  if (file.size > maxBytes)
    return `Berkas "${file.name}" berukuran ${formatBytes(file.size)}, melebihi batas ${formatBytes(maxBytes)}. Perkecil atau pisahkan berkasnya.`;
  if (bytes) {
    try {
      checkEvidenceContent(bytes, type);
    } catch {
      return `Isi berkas "${file.name}" bukan ${type === 'application/pdf' ? 'PDF' : 'berkas sejenis namanya'}. Unggah berkas aslinya.`;
    }
  }
  return null;
}

/** The outcome of one item of a bulk action. */
export interface BulkOutcome<K> {
  key: K;
  ok: boolean;
  error?: unknown;
}

/**
 * Sends one request per item, one after another (the API's order per stream; a refusal of one does
 * not stop the rest), reporting progress after each. Answers every item's outcome, in order.
 */
export async function runEach<T, K>(
  items: readonly T[],
  keyOf: (t: T) => K,
  send: (t: T) => Promise<unknown>,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<BulkOutcome<K>[]> {
  const out: BulkOutcome<K>[] = [];
  onProgress(0, items.length);
  for (const item of items) {
    try {
      await send(item);
      out.push({ key: keyOf(item), ok: true });
    } catch (error) {
      out.push({ key: keyOf(item), ok: false, error });
    }
    onProgress(out.length, items.length);
  }
  return out;
}

/** Groups the inbox's reports to answer by person, the people by name, each person's reports by date. */
export function byPerson<R extends { nip: string; name: string | null; date: string }>(
  reports: readonly R[],
): { nip: string; name: string; reports: R[] }[] {
  const map = new Map<string, { nip: string; name: string; reports: R[] }>();
  for (const r of reports) {
    const g = map.get(r.nip) ?? { nip: r.nip, name: r.name ?? r.nip, reports: [] };
    g.reports.push(r);
    map.set(r.nip, g);
  }
  const groups = [...map.values()];
  for (const g of groups) g.reports.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return groups.sort((a, b) => a.name.localeCompare(b.name, 'id'));
}
