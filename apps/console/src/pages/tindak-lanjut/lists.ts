import { PREDIKAT_LABEL, label } from '../../i18n/terms';

// The follow-up lists of BKPSDM: which endpoint, which key of its answer, and the columns shown and
// downloaded (the same for the table and the CSV, so the file is what the screen lists).

export type ListKey = 'escalated-objections' | 'training-recommendations' | 'rewards' | 'sanction-cases';
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

export interface FollowUpList {
  key: ListKey;
  tab: string;
  /** The key of the answer holding the rows. */
  rowsKey: 'objections' | 'recommendations' | 'rewards' | 'cases';
  empty: string;
  columns: Column[];
  /** The server filters by period (only the rewards list takes `period`). */
  byPeriod: boolean;
}

export const LISTS: readonly FollowUpList[] = [
  {
    key: 'escalated-objections',
    tab: 'Keberatan dieskalasi',
    rowsKey: 'objections',
    empty: 'Tidak ada keberatan yang dieskalasi ke BKPSDM.',
    byPeriod: false,
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
    byPeriod: false,
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
    byPeriod: true,
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
    byPeriod: false,
    columns: [
      { header: 'Kasus', value: (r) => str(field(r, 'caseId')) },
      { header: 'NIP', value: (r) => str(field(r, 'nip')) },
      { header: 'Periode', value: (r) => str(field(r, 'periods')) },
      { header: 'Ditandai', value: (r) => str(field(r, 'flaggedAt')) },
    ],
  },
];

/** The cells of the rows, column by column. */
export const cellsOf = (list: FollowUpList, rows: readonly Row[]): string[][] => rows.map((r) => list.columns.map((c) => c.value(r)));

/** The file's name: the list, and the period when filtered. */
export const fileNameOf = (list: FollowUpList, period: string | null): string =>
  `tindak-lanjut-${list.key}${period ? `-${period}` : ''}.csv`;
