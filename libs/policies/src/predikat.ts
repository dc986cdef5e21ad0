/** The five predikat of an appraisal, best first (DOMAIN.md glossary). */
export const PREDIKAT = ['SANGAT_BAIK', 'BAIK', 'BUTUH_PERBAIKAN', 'KURANG', 'SANGAT_KURANG'] as const;
export type Predikat = (typeof PREDIKAT)[number];
