import { z } from 'zod';

// Reconciliation with e-Kinerja BKN and the SIASN export (issue 16).

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month YYYY-MM');
const o = z.looseObject;
const predikat = z.enum(['SANGAT_BAIK', 'BAIK', 'BUTUH_PERBAIKAN', 'KURANG', 'SANGAT_KURANG']);
const source = z.enum(['KINERJA', 'BKN']);

/** An export file as downloaded from e-Kinerja BKN, base64 in JSON (a 10 MB file is about 13.4 MB of base64). */
export const BknImportBody = z
  .object({
    fileName: z.string().trim().min(1).max(200).describe('the file’s name; .xlsx is read as a workbook, anything else as CSV (`,` or `;`)'),
    contentBase64: z
      .string()
      .min(1)
      .max(14_000_000)
      .regex(/^[A-Za-z0-9+/=\r\n]+$/, 'base64')
      .describe('the file’s bytes, base64'),
    dryRun: z.boolean().optional().describe('check only: every bad row named, nothing appended'),
  })
  .strict();

export const ResolveDifferenceBody = z
  .object({
    choice: source
      .optional()
      .describe('the predikat to pay: KINERJA or BKN; absent: the source the policy in force names (predikatSource)'),
    reason: z.string().trim().min(1).max(500).describe('why this predikat is the one to pay'),
  })
  .strict();

export const DifferencesQuery = z
  .object({
    month: month.optional(),
    opdId: z.string().min(1).max(100).optional().describe('only the employees this OPD pays (payroll register)'),
    status: z.enum(['unresolved', 'resolved', 'all']).default('unresolved'),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();

export const SiasnExportQuery = z
  .object({
    format: z.enum(['json', 'csv']).default('json'),
    opdId: z.string().min(1).max(100).optional().describe('only the appraisals of this OPD'),
  })
  .strict();

const rowError = o({ line: z.number(), column: z.string(), nip: z.string().optional(), code: z.string(), message: z.string() });
export const BknImportReport = o({
  period: z.string(),
  months: z.array(z.string()),
  fileName: z.string(),
  format: z.enum(['csv', 'xlsx']),
  dryRun: z.boolean(),
  rows: z.number(),
  valid: z.number(),
  errors: z.array(rowError),
  appended: z.number().describe('events appended: 0 on a dry run and for the file already in force'),
  importId: z.string(),
});

const difference = o({
  month: z.string(),
  nip: z.string(),
  name: z.string(),
  opdId: z.string().nullable(),
  kind: z.enum(['DIFFERENT_PREDIKAT', 'BKN_ONLY', 'KINERJA_ONLY']),
  kinerja: predikat.nullable(),
  bkn: predikat.nullable(),
  paid: predikat.nullable().describe('the predikat the pay inputs hold for the month now'),
  resolved: z.boolean(),
  proposal: source.describe('what the policy in force for the month proposes'),
  resolution: o({
    choice: source,
    predikat,
    kinerjaPredikat: predikat.nullable(),
    bknPredikat: predikat.nullable(),
    reason: z.string(),
    by: z.string().nullable(),
    at: z.string(),
    eventId: z.string(),
  }).nullable(),
});
export const DifferencesPage = o({
  total: z.number(),
  limit: z.number(),
  offset: z.number(),
  differences: z.array(difference),
  imports: z.array(
    o({ month: z.string(), period: z.string(), importId: z.string(), fileName: z.string(), rowCount: z.number(), importedAt: z.string() }),
  ),
});
export const ResolutionAnswer = o({
  streamId: z.string(),
  version: z.number(),
  month: z.string(),
  nip: z.string(),
  choice: source,
  governingSource: source,
});
export const SiasnRowsView = o({
  period: z.string(),
  rows: z.array(
    o({
      nipBaru: z.string(),
      nama: z.string(),
      periode: z.string(),
      tahun: z.number(),
      bulanMulaiPenilaian: z.number(),
      bulanSelesaiPenilaian: z.number(),
      hasilKinerjaNilai: z.number(),
      perilakuKerjaNilai: z.number(),
      kuadranKinerjaNilai: z.number(),
      penilaiNipNrp: z.string(),
      penilaiNama: z.string(),
      penilaiJabatanNama: z.string(),
      penilaiUnorNama: z.string(),
    }),
  ),
});
