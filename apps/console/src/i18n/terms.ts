import { PREDIKAT, type Predikat } from '@kinerja/policies/predikat';
import { BEHAVIOUR_VALUES, type BehaviourValue } from '@kinerja/domain/appraisal/events';

// The glossary's words as the console shows them (DOMAIN.md): the API speaks the enum values.

export const PREDIKAT_LABEL: ReadonlyMap<Predikat, string> = new Map([
  ['SANGAT_BAIK', 'Sangat Baik'],
  ['BAIK', 'Baik'],
  ['BUTUH_PERBAIKAN', 'Butuh Perbaikan'],
  ['KURANG', 'Kurang'],
  ['SANGAT_KURANG', 'Sangat Kurang'],
]);
export const PREDIKAT_ORDER: readonly Predikat[] = PREDIKAT;

export const RATING_LABEL: ReadonlyMap<string, string> = new Map([
  ['DI_ATAS_EKSPEKTASI', 'Di atas ekspektasi'],
  ['SESUAI_EKSPEKTASI', 'Sesuai ekspektasi'],
  ['DI_BAWAH_EKSPEKTASI', 'Di bawah ekspektasi'],
]);

export const BEHAVIOUR_LABEL: ReadonlyMap<BehaviourValue, string> = new Map([
  ['BERORIENTASI_PELAYANAN', 'Berorientasi Pelayanan'],
  ['AKUNTABEL', 'Akuntabel'],
  ['KOMPETEN', 'Kompeten'],
  ['HARMONIS', 'Harmonis'],
  ['LOYAL', 'Loyal'],
  ['ADAPTIF', 'Adaptif'],
  ['KOLABORATIF', 'Kolaboratif'],
]);
export const BEHAVIOURS: readonly BehaviourValue[] = BEHAVIOUR_VALUES;

/** Status words of plans, reports, appraisals and objections. */
export const STATUS_LABEL: ReadonlyMap<string, string> = new Map([
  ['NONE', 'Belum ada'],
  ['DRAFT', 'Draf'],
  ['SUBMITTED', 'Diajukan'],
  ['APPROVED', 'Disetujui'],
  ['RETURNED', 'Dikembalikan'],
  ['REVISING', 'Direvisi'],
  ['ISSUED', 'Ditetapkan'],
  ['OBJECTED', 'Diajukan keberatan'],
  ['DECIDED', 'Keberatan diputus'],
  ['FINAL', 'Final'],
  ['ACCEPTED', 'Diterima'],
  ['REVISION_REQUESTED', 'Perlu diperbaiki'],
  ['ANSWERED', 'Ditanggapi'],
]);

export const ROLE_LABEL: ReadonlyMap<string, string> = new Map([
  ['pegawai', 'Pegawai'],
  ['admin_kepegawaian', 'Admin kepegawaian (BKPSDM)'],
  ['kepala_opd', 'Kepala OPD'],
  ['bendahara', 'Bendahara'],
  ['ppk_skpd', 'PPK-SKPD'],
  ['bpkad', 'BPKAD'],
  ['inspektorat', 'Inspektorat'],
]);

export const label = (map: ReadonlyMap<string, string>, key: string | null | undefined): string =>
  key === null || key === undefined ? '–' : (map.get(key) ?? key);

/** "kepala_opd:DINKES" -> "Kepala OPD (DINKES)". */
export function roleLabel(role: string): string {
  const [name, scope] = role.split(':');
  const l = ROLE_LABEL.get(name) ?? name;
  return scope ? `${l} (${scope})` : l;
}
