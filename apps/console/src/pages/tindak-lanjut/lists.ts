import { PREDIKAT_LABEL, label } from '../../i18n/terms';

// The follow-up lists of BKPSDM: which endpoint, which key of its answer, and the columns shown and
// downloaded (the same for the table and the CSV, so the file is what the screen lists).

export type ListKey = 'escalated-objections' | 'training-recommendations' | 'rewards' | 'sanction-cases' | 'promotion-eligibility';
type Row = Record<string, unknown>;

export interface Column {
  header: string;
  value(r: Row): string;
}

const str = (v: unknown): string => (v === null || v === undefined ? '' : Array.isArray(v) ? v.map(String).join('; ') : String(v));
const field = (r: Row, k: string): unknown => (Object.prototype.hasOwnProperty.call(r, k) ? r[k] : undefined);
const nested = (r: Row, k: string, j: string): unknown => {
  const o = field(r, k);
  return o && typeof o === 'object' && Object.prototype.hasOwnProperty.call(o, j) ? (o as Row)[j] : undefined;
};
const predikat = (v: unknown) => label(PREDIKAT_LABEL as ReadonlyMap<string, string>, typeof v === 'string' ? v : null);

/** `{"2025": "BAIK", "2026": null}` -> "2025: Baik; 2026: –". */
const yearPredikat = (v: unknown): string =>
  v && typeof v === 'object'
    ? Object.entries(v as Row)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([y, p]) => `${y}: ${predikat(p)}`)
        .join('; ')
    : '';

export interface FollowUpList {
  key: ListKey;
  tab: string;
  /** The key of the answer holding the rows. */
  rowsKey: 'objections' | 'recommendations' | 'rewards' | 'cases' | 'eligibility';
  empty: string;
  columns: Column[];
  /** The filter the API takes: the rewards a `period`, the promotion eligibility a `year`; the others none. */
  filter: 'period' | 'year' | null;
}

export const LISTS: readonly FollowUpList[] = [
  {
    key: 'escalated-objections',
    tab: 'Keberatan dieskalasi',
    rowsKey: 'objections',
    empty: 'Tidak ada keberatan yang dieskalasi ke BKPSDM.',
    filter: null,
    columns: [
      { header: 'NIP', value: (r) => str(field(r, 'nip')) },
      { header: 'Periode', value: (r) => str(field(r, 'period')) },
      { header: 'Predikat', value: (r) => predikat(field(r, 'predikat')) },
      { header: 'Diajukan', value: (r) => str(nested(r, 'objection', 'filedOn')) },
      { header: 'Batas keputusan', value: (r) => str(nested(r, 'objection', 'decisionDue')) },
      { header: 'Pemutus', value: (r) => str(nested(r, 'objection', 'decider')) },
      { header: 'Alasan keberatan', value: (r) => str(nested(r, 'objection', 'reasons')) },
    ],
  },
  {
    key: 'training-recommendations',
    tab: 'Rekomendasi pelatihan',
    rowsKey: 'recommendations',
    empty: 'Tidak ada rekomendasi pelatihan yang masih terbuka.',
    filter: null,
    columns: [
      { header: 'NIP', value: (r) => str(field(r, 'nip')) },
      { header: 'Periode', value: (r) => str(field(r, 'period')) },
      { header: 'Predikat', value: (r) => predikat(field(r, 'predikat')) },
      { header: 'Perilaku terlemah', value: (r) => str(field(r, 'weakestBehaviours')) },
      { header: 'RHK tidak tercapai', value: (r) => str(field(r, 'missedResults')) },
      { header: 'Usulan', value: (r) => str(field(r, 'proposal')) },
    ],
  },
  {
    key: 'rewards',
    tab: 'Penghargaan',
    rowsKey: 'rewards',
    empty: 'Tidak ada pegawai dalam daftar penghargaan.',
    filter: 'period',
    columns: [
      { header: 'NIP', value: (r) => str(field(r, 'nip')) },
      { header: 'Periode', value: (r) => str(field(r, 'period')) },
      { header: 'Predikat', value: (r) => predikat(field(r, 'predikat')) },
      { header: 'Dicatat', value: (r) => str(field(r, 'listedAt')) },
    ],
  },
  {
    key: 'sanction-cases',
    tab: 'Kasus sanksi',
    rowsKey: 'cases',
    empty: 'Tidak ada kasus dua periode berturut-turut Sangat Kurang.',
    filter: null,
    columns: [
      { header: 'Kasus', value: (r) => str(field(r, 'caseId')) },
      { header: 'NIP', value: (r) => str(field(r, 'nip')) },
      { header: 'Periode', value: (r) => str(field(r, 'periods')) },
      { header: 'Ditandai', value: (r) => str(field(r, 'flaggedAt')) },
    ],
  },
  {
    key: 'promotion-eligibility',
    tab: 'Kenaikan pangkat',
    rowsKey: 'eligibility',
    empty: 'Belum ada kelayakan kenaikan pangkat yang ditetapkan (ditetapkan pada periode terakhir setiap tahun).',
    filter: 'year',
    columns: [
      { header: 'NIP', value: (r) => str(field(r, 'nip')) },
      { header: 'Tahun', value: (r) => str(field(r, 'year')) },
      { header: 'Layak', value: (r) => (field(r, 'eligible') === true ? 'Ya' : 'Tidak') },
      { header: 'Predikat tahunan', value: (r) => yearPredikat(field(r, 'yearPredikat')) },
      { header: 'Ditetapkan', value: (r) => str(field(r, 'determinedAt')) },
    ],
  },
];

/** The cells of the rows, column by column. */
export const cellsOf = (list: FollowUpList, rows: readonly Row[]): string[][] => rows.map((r) => list.columns.map((c) => c.value(r)));

/** The file's name: the list, and the period when filtered. */
export const fileNameOf = (list: FollowUpList, filter: string | null): string =>
  `tindak-lanjut-${list.key}${filter ? `-${filter}` : ''}.csv`;

/** The filter as typed, if it is one the list takes (else none: the input shows its problem). */
export function filterValue(list: FollowUpList, input: string): string | null {
  const v = input.trim();
  if (list.filter === 'period') return /^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/.test(v) ? v : null;
  if (list.filter === 'year') return /^\d{4}$/.test(v) ? v : null;
  return null;
}
