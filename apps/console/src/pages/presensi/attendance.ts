// The words and small rules of the Presensi and Cuti pages (pure; attendance.spec.ts).
import { ATTENDANCE_CODES } from '@kinerja/policies/attendance-codes';
import { ApiError } from '../../api/errors';
import { formatDate } from '../../format';
import { messageOf } from '../../i18n/errors';

/** A day's status as the employee reads it, and its badge colour. */
export const DAY_STATUS_LABEL: ReadonlyMap<string, string> = new Map([
  ['HADIR', 'Hadir'],
  ['DIKECUALIKAN', 'Dikecualikan'],
  ['TIDAK_HADIR', 'Tidak hadir'],
  ['LIBUR', 'Libur'],
  ['BELUM_TERJADI', 'Belum terjadi'],
]);
export const DAY_STATUS_COLOR: ReadonlyMap<string, string> = new Map([
  ['HADIR', 'green'],
  ['DIKECUALIKAN', 'blue'],
  ['TIDAK_HADIR', 'red'],
  ['LIBUR', 'gray'],
  ['BELUM_TERJADI', 'gray'],
]);

/** Days that are not working days, or have not happened: shown muted. */
export const isMutedDay = (status: string): boolean => status === 'LIBUR' || status === 'BELUM_TERJADI';

/** The codes the TPP calculator takes, in the policy's order. */
export const CODES: readonly string[] = ATTENDANCE_CODES;

/** "TL2" -> "terlambat, tingkat 2"; the minutes of each level are the policy's, so they are not named here. */
export function codeMeaning(code: string): string {
  const m = /^(TL|PSW)([1-9])$/.exec(code);
  if (m) return `${m[1] === 'TL' ? 'terlambat' : 'pulang sebelum waktunya'}, tingkat ${m[2]}`;
  return code === 'TK' ? 'tanpa keterangan' : code;
}

/** Leave and official duty, as the letters name them. */
export const LEAVE_KIND_LABEL: ReadonlyMap<string, string> = new Map([
  ['CUTI_TAHUNAN', 'Cuti tahunan'],
  ['CUTI_SAKIT', 'Cuti sakit'],
  ['CUTI_ALASAN_PENTING', 'Cuti karena alasan penting'],
  ['CUTI_MELAHIRKAN', 'Cuti melahirkan'],
  ['CUTI_BESAR', 'Cuti besar'],
  ['DINAS_LUAR', 'Dinas luar'],
  ['TUGAS_BELAJAR', 'Tugas belajar'],
  ['GANGGUAN_MESIN', 'Gangguan mesin presensi'],
]);
/** The kinds an employee may request (a machine fault is declared by the OPD, not requested). */
export const LEAVE_KINDS: readonly string[] = [...LEAVE_KIND_LABEL.keys()].filter((k) => k !== 'GANGGUAN_MESIN');

export const LEAVE_STATUS_LABEL: ReadonlyMap<string, string> = new Map([
  ['DIAJUKAN', 'Diajukan'],
  ['DISETUJUI', 'Disetujui'],
  ['DITOLAK', 'Ditolak'],
  ['DIBATALKAN', 'Dibatalkan'],
]);
export const LEAVE_STATUS_COLOR: ReadonlyMap<string, string> = new Map([
  ['DIAJUKAN', 'yellow'],
  ['DISETUJUI', 'green'],
  ['DITOLAK', 'red'],
  ['DIBATALKAN', 'gray'],
]);

/**
 * Whether the employee may still withdraw a request: one waiting on a decision always, an approved one
 * only before its first day (the API refuses later with LEAVE_ALREADY_STARTED).
 */
export function mayCancel(r: { status: string; from: string }, today: string): boolean {
  return r.status === 'DIAJUKAN' || (r.status === 'DISETUJUI' && r.from > today);
}

/** "08:12" as it came; a full date-time is cut to its clock; none is a dash. */
export function clock(at: string | null | undefined): string {
  if (!at) return '–';
  const m = /(\d{2}:\d{2})(:\d{2})?$/.exec(at);
  return m ? m[1] : at;
}

/** Days from `from` to `to` inclusive (YYYY-MM-DD), 0 when the range is backwards or not dates. */
export function daysBetween(from: string, to: string): number {
  const at = (d: string) =>
    /^\d{4}-\d{2}-\d{2}$/.test(d) ? Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) : NaN;
  const n = (at(to) - at(from)) / 86_400_000 + 1;
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/** Which field of the leave form an API refusal is about, by its code (the rest name `details.field(s)`). */
const FIELD_OF_CODE: ReadonlyMap<string, string> = new Map([
  ['UNKNOWN_LEAVE_KIND', 'kind'],
  ['INVALID_DATE', 'from'],
  ['INVALID_DATE_RANGE', 'to'],
  ['LEAVE_TOO_LONG', 'to'],
]);

/**
 * A refused leave request as messages next to its fields. LEAVE_OVERLAPS names the other request (its
 * kind and dates, from the person's own list when it is there) on both dates.
 */
export function leaveRefusalFields(
  error: unknown,
  requests: readonly { leaveId: string; kind: string; from: string; to: string; status: string }[],
): Map<string, string> {
  const out = new Map<string, string>();
  if (!(error instanceof ApiError)) return out;
  if (error.code === 'LEAVE_OVERLAPS') {
    const d = error.details as { leaveId?: unknown; from?: unknown; to?: unknown };
    const other = requests.find((r) => r.leaveId === d.leaveId);
    const from = typeof d.from === 'string' ? d.from : other?.from;
    const to = typeof d.to === 'string' ? d.to : other?.to;
    const what = other
      ? `${label(LEAVE_KIND_LABEL, other.kind)} (${label(LEAVE_STATUS_LABEL, other.status).toLowerCase()})`
      : 'permohonan lain';
    const message = `Bertumpang tindih dengan ${what} ${formatDate(from)} s.d. ${formatDate(to)}. Pilih tanggal lain atau batalkan permohonan itu.`;
    out.set('from', message);
    out.set('to', message);
    return out;
  }
  const fields = error.fields.length > 0 ? error.fields : FIELD_OF_CODE.has(error.code) ? [FIELD_OF_CODE.get(error.code)!] : [];
  for (const f of fields) if (!out.has(f)) out.set(f, messageOf(error.code));
  return out;
}

const label = (map: ReadonlyMap<string, string>, key: string): string => map.get(key) ?? key;
