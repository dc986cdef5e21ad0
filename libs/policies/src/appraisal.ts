/**
 * The appraisal rules of a Perkada as data: period length, the predikat matrix, the distribution
 * curve per organisational result, the small-unit exemption and the objection deadlines
 * (DOMAIN.md, "Performance cycle" and "Objections"). A document without an `appraisal` section
 * gets these defaults (PermenPANRB 6/2022, PP 30/2019, SE MenPANRB 3/2023).
 */
import { z } from 'zod';
import { PREDIKAT, type Predikat } from './predikat';

export const RATINGS = ['DI_ATAS_EKSPEKTASI', 'SESUAI_EKSPEKTASI', 'DI_BAWAH_EKSPEKTASI'] as const;
export type Rating = (typeof RATINGS)[number];

/** The unit's own organisational result, which picks the curve. */
export const ORGANISATION_RESULTS = ['ISTIMEWA', 'BAIK', 'BUTUH_PERBAIKAN', 'KURANG', 'SANGAT_KURANG'] as const;
export type OrganisationResult = (typeof ORGANISATION_RESULTS)[number];

export const APPRAISAL_PERIODS = ['MONTHLY', 'QUARTERLY'] as const;
export type AppraisalPeriodLength = (typeof APPRAISAL_PERIODS)[number];

const percent = z
  .string()
  .regex(/^\d{1,3}(\.\d{1,4})?$/, 'a percentage as a decimal string')
  .refine((s) => Number(s) <= 100, 'at most 100');
const predikat = z.enum(PREDIKAT);
const ratingRow = z.object(Object.fromEntries(RATINGS.map((r) => [r, predikat])) as Record<Rating, typeof predikat>).strict();

/** One rule of a curve: the share of the unit's rated employees whose predikat is one of `predikat`. */
const curveRule = z
  .object({
    predikat: z.array(predikat).min(1),
    /** At most this share: a cap of p% over n allows ⌊p·n/100⌋. */
    maxPercent: percent.optional(),
    /** At least this share: a floor of p% over n asks for ⌈p·n/100⌉. */
    minPercent: percent.optional(),
    /** At least this many people (the "at least one" rules). */
    minCount: z.number().int().min(0).optional(),
  })
  .strict()
  .refine(
    (r) => r.maxPercent !== undefined || r.minPercent !== undefined || r.minCount !== undefined,
    'a rule sets maxPercent, minPercent or minCount',
  );

export const appraisalPolicySchema = z
  .object({
    period: z.enum(APPRAISAL_PERIODS),
    /** results rating -> behaviour rating -> predikat. */
    matrix: z.object(Object.fromEntries(RATINGS.map((r) => [r, ratingRow])) as Record<Rating, typeof ratingRow>).strict(),
    curve: z
      .object(
        Object.fromEntries(ORGANISATION_RESULTS.map((o) => [o, z.array(curveRule)])) as Record<
          OrganisationResult,
          z.ZodArray<typeof curveRule>
        >,
      )
      .strict(),
    /** A unit with fewer rated employees than this is not checked against the curve. */
    minUnitSize: z.number().int().min(1),
    /** Calendar days after the issue date during which the employee may object (the issue date + N is the last day). */
    objectionWindowDays: z.number().int().min(1).max(365),
    /** Calendar days the atasan pejabat penilai has to decide, counted from the filing date. */
    decisionDays: z.number().int().min(1).max(365),
  })
  .strict();

export type AppraisalPolicy = z.infer<typeof appraisalPolicySchema>;
export type CurveRule = z.infer<typeof curveRule>;

export const DEFAULT_APPRAISAL_POLICY: AppraisalPolicy = {
  period: 'MONTHLY',
  matrix: {
    DI_ATAS_EKSPEKTASI: { DI_ATAS_EKSPEKTASI: 'SANGAT_BAIK', SESUAI_EKSPEKTASI: 'BAIK', DI_BAWAH_EKSPEKTASI: 'KURANG' },
    SESUAI_EKSPEKTASI: { DI_ATAS_EKSPEKTASI: 'BAIK', SESUAI_EKSPEKTASI: 'BAIK', DI_BAWAH_EKSPEKTASI: 'KURANG' },
    DI_BAWAH_EKSPEKTASI: {
      DI_ATAS_EKSPEKTASI: 'BUTUH_PERBAIKAN',
      SESUAI_EKSPEKTASI: 'BUTUH_PERBAIKAN',
      DI_BAWAH_EKSPEKTASI: 'SANGAT_KURANG',
    },
  },
  curve: {
    ISTIMEWA: [{ predikat: ['SANGAT_BAIK'], maxPercent: '70' }],
    BAIK: [
      { predikat: ['BAIK'], maxPercent: '70' },
      { predikat: ['BUTUH_PERBAIKAN', 'KURANG'], minCount: 1 },
    ],
    BUTUH_PERBAIKAN: [
      { predikat: ['BUTUH_PERBAIKAN'], minPercent: '60' },
      { predikat: ['SANGAT_BAIK'], maxPercent: '10' },
    ],
    KURANG: [
      { predikat: ['KURANG'], minPercent: '60' },
      { predikat: ['BUTUH_PERBAIKAN'], minPercent: '10' },
      { predikat: ['SANGAT_BAIK'], maxPercent: '10' },
    ],
    SANGAT_KURANG: [
      { predikat: ['SANGAT_KURANG'], minPercent: '60' },
      { predikat: ['KURANG', 'BUTUH_PERBAIKAN'], minPercent: '10' },
      { predikat: ['SANGAT_BAIK'], maxPercent: '0' },
    ],
  },
  minUnitSize: 5,
  objectionWindowDays: 14,
  decisionDays: 14,
};

/** The appraisal rules of a document: its own section, or the defaults. */
export const appraisalPolicyOf = (doc: { appraisal?: AppraisalPolicy }): AppraisalPolicy => doc.appraisal ?? DEFAULT_APPRAISAL_POLICY;

export type { Predikat };
