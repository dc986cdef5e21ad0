/**
 * A policy document: the rules a Pemda enacts in a Perkada, as data. Each document is one
 * version, effective from a date, and names the Perkada (number, year, date) that enacts it, so
 * every figure computed under it can cite its legal source. Amounts and percentages are decimal
 * strings: a JSON number would pass through a float on the way in.
 */
import { z } from 'zod';
import { badInput, D } from '@kinerja/kernel';

import { PREDIKAT, type Predikat } from './predikat';
import { appraisalPolicySchema } from './appraisal';

export { PREDIKAT, type Predikat };

import { ATTENDANCE_CODES, type AttendanceCode } from './attendance-codes';
import { attendancePolicySchema, attendancePolicyProblems } from './attendance';

export { ATTENDANCE_CODES, type AttendanceCode };

export const SANCTION_LEVELS = ['NONE', 'RINGAN', 'SEDANG', 'BERAT'] as const;
export type SanctionLevel = (typeof SANCTION_LEVELS)[number];

export const POSITION_GRADES = Array.from({ length: 17 }, (_, i) => i + 1);

const percent = z
  .string()
  .regex(/^\d{1,3}(\.\d{1,4})?$/, 'a percentage as a decimal string, e.g. "0.5" (at most 4 decimals)')
  .refine((s) => new D(s).lte(100), 'a percentage of at most 100');
const wholeRupiah = z.string().regex(/^\d{1,15}$/, 'whole rupiah as a string of digits');
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
  .refine(
    (s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    'a real calendar date',
  );

const terTable = z.object({
  brackets: z.array(z.object({ upTo: wholeRupiah, ratePercent: percent })).min(1),
  aboveLastPercent: percent,
});

const policyDocumentSchema = z
  .object({
    kind: z.literal('kinerja.policy'),
    schemaVersion: z.literal(1),
    policyVersion: z.string().regex(/^[a-z0-9][a-z0-9._/-]{0,99}$/, 'a policy version id: lower-case letters, digits, . _ / -'),
    effectiveFrom: isoDate,
    effectiveUntil: isoDate.optional(),
    enactedBy: z.object({
      title: z.string().min(1),
      shortTitle: z.string().min(1),
      number: z.string().min(1),
      year: z.number().int().min(1945).max(9999),
      enactedOn: isoDate,
    }),
    notes: z.string().optional(),
    tpp: z.object({
      ceilings: z.array(z.object({ positionGrade: z.number().int().min(1).max(17), ceiling: wholeRupiah })).min(1),
      split: z.object({ performancePercent: percent, disciplinePercent: percent }),
      predikatPayPercent: z.object(Object.fromEntries(PREDIKAT.map((p) => [p, percent])) as Record<Predikat, typeof percent>).strict(),
      attendanceDeductions: z
        .object(
          Object.fromEntries(
            ATTENDANCE_CODES.map((c) => [c, z.object({ percent, per: z.enum(['OCCURRENCE', 'DAY']), description: z.string() })]),
          ) as Record<
            AttendanceCode,
            z.ZodObject<{ percent: typeof percent; per: z.ZodEnum<{ OCCURRENCE: 'OCCURRENCE'; DAY: 'DAY' }>; description: z.ZodString }>
          >,
        )
        .strict(),
      deductionCapPercent: percent,
      sanctionCutPercent: z
        .object(Object.fromEntries(SANCTION_LEVELS.map((s) => [s, percent])) as Record<SanctionLevel, typeof percent>)
        .strict(),
      // Some Pemda cut the performance part for each working day without a daily report (laporan harian).
      dailyReportCut: z.object({ enabled: z.boolean(), percentPerMissingReport: percent, capPercent: percent }),
    }),
    /** Optional: without it the defaults of DOMAIN.md apply (appraisalPolicyOf). */
    appraisal: appraisalPolicySchema.optional(),
    /**
     * Which predikat governs TPP when kinerja's issued predikat and e-Kinerja BKN's export disagree
     * (issue 16). Absent: kinerja's own. Either way an unresolved difference blocks submitting the run.
     */
    predikatSource: z.enum(['KINERJA', 'BKN']).optional(),
    /** Optional: without it DEFAULT_ATTENDANCE_POLICY applies (attendancePolicyOf). */
    attendance: attendancePolicySchema.optional(),
    healthContribution: z.object({ employeePercent: percent, employerPercent: percent, capAmount: wholeRupiah }),
    incomeTax: z.object({
      method: z.literal('TER_PP_58_2023'),
      categoryOfPtkp: z.record(z.string().regex(/^(TK|K)\/[0-3]$/), z.string()),
      ter: z.record(z.string().regex(/^[A-Z]$/), terTable),
    }),
  })
  .strict();

export type PolicyDocument = z.infer<typeof policyDocumentSchema>;
export type TerTable = z.infer<typeof terTable>;

/** Rules the schema cannot say alone; each returns problems as `path: message`. */
function semanticProblems(doc: PolicyDocument): string[] {
  const problems: string[] = [];
  const grades = doc.tpp.ceilings.map((c) => c.positionGrade);
  if (new Set(grades).size !== grades.length) problems.push('tpp.ceilings: a position grade appears twice');
  const split = new D(doc.tpp.split.performancePercent).plus(doc.tpp.split.disciplinePercent);
  if (!split.eq(100)) problems.push(`tpp.split: performance + discipline must be 100, is ${split.toString()}`);
  if (doc.effectiveUntil && doc.effectiveUntil < doc.effectiveFrom) problems.push('effectiveUntil: before effectiveFrom');
  for (const [status, category] of Object.entries(doc.incomeTax.categoryOfPtkp)) {
    // Own keys only: a category named `constructor` must not find Object.prototype's.
    if (!Object.hasOwn(doc.incomeTax.ter, category)) problems.push(`incomeTax.categoryOfPtkp.${status}: no TER table "${category}"`);
  }
  let maxRate = new D(0);
  for (const [category, table] of Object.entries(doc.incomeTax.ter)) {
    table.brackets.forEach((b, i) => {
      // Brackets are "above the previous bound up to and including this one": bounds must rise.
      if (i > 0 && !new D(b.upTo).gt(table.brackets[i - 1].upTo))
        problems.push(`incomeTax.ter.${category}.brackets.${i}.upTo: must be above the previous bound`);
      maxRate = D.max(maxRate, b.ratePercent);
    });
    maxRate = D.max(maxRate, table.aboveLastPercent);
  }
  // Keeps net pay from going negative whatever the input.
  if (maxRate.plus(doc.healthContribution.employeePercent).gt(100))
    problems.push('incomeTax/healthContribution: the highest TER rate plus the employee contribution exceeds 100%');
  if (doc.attendance) problems.push(...attendancePolicyProblems(doc.attendance));
  return problems;
}

/**
 * Validates a parsed JSON value as a policy document. A bad document is refused with
 * INVALID_POLICY_DOCUMENT, naming every failing field, so a Perkada typo never reaches a payslip.
 */
export function parsePolicyDocument(value: unknown, source = 'policy document'): PolicyDocument {
  const parsed = policyDocumentSchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw badInput('INVALID_POLICY_DOCUMENT', `${source} is not a valid policy document: ${issues.join('; ')}`, { source, issues });
  }
  const problems = semanticProblems(parsed.data);
  if (problems.length > 0)
    throw badInput('INVALID_POLICY_DOCUMENT', `${source} is not a valid policy document: ${problems.join('; ')}`, {
      source,
      issues: problems,
    });
  return parsed.data;
}

/** Parses a set of documents and refuses two documents claiming the same version id. */
export function parsePolicyDocuments(entries: ReadonlyArray<{ source: string; value: unknown }>): PolicyDocument[] {
  const seen = new Map<string, string>();
  return entries.map(({ source, value }) => {
    const doc = parsePolicyDocument(value, source);
    const other = seen.get(doc.policyVersion);
    if (other)
      throw badInput('DUPLICATE_POLICY_VERSION', `${source} and ${other} both claim version ${doc.policyVersion}`, {
        source,
        other,
        policyVersion: doc.policyVersion,
      });
    seen.set(doc.policyVersion, source);
    return doc;
  });
}
