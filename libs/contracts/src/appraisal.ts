import { z } from 'zod';
// The modules themselves, not the libraries' indexes: the console bundles these schemas, and the
// indexes also hold Node-only code (the policy loader, the unit's distribution).
import { ORGANISATION_RESULTS, RATINGS } from '@kinerja/policies/appraisal';
import { PREDIKAT } from '@kinerja/policies/predikat';
import { BEHAVIOUR_VALUES } from '@kinerja/domain/appraisal/events';
import { EVIDENCE_HASH, EVIDENCE_URL } from '@kinerja/domain/appraisal/commands';
import { isLocalDate } from '@kinerja/domain/shared';
import { refusing, type Refusal } from './parse';

/**
 * Request shapes of appraisal, calibration, objections and training, parsed into the deciders'
 * typed commands. A value outside its list is refused with the code clients have always had for
 * it (INVALID_RATING naming the field, INVALID_OUTCOME, …), not VALIDATION_FAILED; the allowed
 * values are documented (`meta`) rather than declared as an enum for the same reason.
 */
const oneOf = <V extends string>(values: readonly V[], refusal: Refusal, max = 40) =>
  refusing(z.string().max(max), (v): v is V => (values as readonly string[]).includes(v), refusal).meta({ enum: [...values] });
const rating = oneOf(RATINGS, {
  code: 'INVALID_RATING',
  message: (field) => `${field} is one of ${RATINGS.join(', ')}`,
  details: (field, value) => ({ field, value }),
});
const written = z.string().max(4000);
const id = z.string().min(1).max(64);

/** Each BerAKHLAK value and each RHK rated on its own: optional detail beside the two overall ratings. */
const behaviourValue = oneOf(BEHAVIOUR_VALUES, {
  code: 'INVALID_BEHAVIOUR_VALUE',
  message: () => `a behaviour value is one of ${BEHAVIOUR_VALUES.join(', ')}`,
  details: (_field, value) => ({ value }),
});
const detail = {
  behaviourValues: z.partialRecord(behaviourValue, rating).optional(),
  resultRatings: z
    .array(z.object({ resultId: id, rating }).strict())
    .max(30)
    .optional(),
};

export const RateAppraisalBody = z
  .object({
    results: rating,
    behaviour: rating,
    reasons: z.object({ results: written.optional(), behaviour: written.optional() }).strict().optional(),
    ...detail,
  })
  .strict();

export const OrganisationResultBody = z
  .object({
    result: oneOf(ORGANISATION_RESULTS, {
      code: 'INVALID_ORGANISATION_RESULT',
      message: () => `the organisational result is one of ${ORGANISATION_RESULTS.join(', ')}`,
      details: (_field, value) => ({ result: value }),
    }),
    reason: written,
  })
  .strict();
export const JustifyDistributionBody = z.object({ justification: written }).strict();

type Evidence = { kind: 'FILE'; sha256: string } | { kind: 'LINK'; url: string };
const evidence = refusing(
  z.union([
    z.object({ kind: z.literal('FILE'), sha256: z.string().max(64) }).strict(),
    z.object({ kind: z.literal('LINK'), url: z.string().max(500) }).strict(),
  ]),
  (e): e is Evidence => (e.kind === 'FILE' ? EVIDENCE_HASH.test(e.sha256) : EVIDENCE_URL.test(e.url)),
  {
    code: 'INVALID_EVIDENCE',
    message: () => 'an evidence item is { kind: FILE, sha256 } or { kind: LINK, url: http(s)://… }',
    details: (field) => ({ field }),
  },
);
export const FileObjectionBody = z.object({ reasons: written.optional(), evidence: z.array(evidence).max(20).optional() }).strict();
export const DecideObjectionBody = z
  .object({
    outcome: oneOf(
      ['CONFIRM', 'AMEND'] as const,
      { code: 'INVALID_OUTCOME', message: () => 'outcome is CONFIRM or AMEND', details: (_field, value) => ({ outcome: value }) },
      20,
    ),
    reasons: written.optional(),
    results: rating.optional(),
    behaviour: rating.optional(),
    ...detail,
  })
  .strict();

export const RecordTrainingBody = z
  .object({
    course: z.string().max(300),
    hours: refusing(z.number(), (h): h is number => Number.isInteger(h) && h >= 1 && h <= 1000, {
      code: 'INVALID_HOURS',
      message: () => 'hours (JP) is a whole number from 1 to 1000',
      details: (_field, value) => ({ hours: value }),
    }),
    completedOn: refusing(z.string().max(10), isLocalDate, {
      code: 'INVALID_DATE',
      message: (field) => `${field} must be a real date YYYY-MM-DD`,
      details: (field, value) => ({ field, value }),
    }),
    recommendationId: z.string().max(100).optional(),
  })
  .strict();

export const YearPredikatBody = z
  .object({
    year: z.number(),
    predikat: oneOf(PREDIKAT, {
      code: 'UNKNOWN_PREDIKAT',
      message: () => `predikat is one of ${PREDIKAT.join(', ')}`,
      details: (_field, value) => ({ predikat: value }),
    }),
    source: z.string().max(200),
    reason: z.string().max(1000),
  })
  .strict();

export const PageQuery = z
  .object({ limit: z.coerce.number().int().min(1).max(500).default(100), offset: z.coerce.number().int().min(0).default(0) })
  .strict();
