import { z } from 'zod';
import { ORGANISATION_RESULTS, PREDIKAT, RATINGS } from '@kinerja/policies';
import { BEHAVIOUR_VALUES } from '@kinerja/domain/appraisal';

/**
 * Request shapes of appraisal, calibration, objections and training. Ratings travel as strings
 * and are checked by the decider, which answers an unknown one with INVALID_RATING naming the field;
 * the allowed values are only documented here (`meta`), so that the coded answer stays the decider's.
 */
const oneOf = (values: readonly string[], max = 40) => z.string().max(max).meta({ enum: [...values] });
const rating = oneOf(RATINGS);
const written = z.string().max(4000);
const id = z.string().min(1).max(64);

/** Each BerAKHLAK value and each RHK rated on its own: optional detail beside the two overall ratings. */
const detail = {
  behaviourValues: z.record(oneOf(BEHAVIOUR_VALUES), rating).optional(),
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

export const OrganisationResultBody = z.object({ result: oneOf(ORGANISATION_RESULTS), reason: written }).strict();
export const JustifyDistributionBody = z.object({ justification: written }).strict();

const evidence = z.union([
  z.object({ kind: z.literal('FILE'), sha256: z.string().max(64) }).strict(),
  z.object({ kind: z.literal('LINK'), url: z.string().max(500) }).strict(),
]);
export const FileObjectionBody = z.object({ reasons: written.optional(), evidence: z.array(evidence).max(20).optional() }).strict();
export const DecideObjectionBody = z
  .object({
    outcome: oneOf(['CONFIRM', 'AMEND'], 20),
    reasons: written.optional(),
    results: rating.optional(),
    behaviour: rating.optional(),
    ...detail,
  })
  .strict();

export const RecordTrainingBody = z
  .object({
    course: z.string().max(300),
    hours: z.number(),
    completedOn: z.string().max(10),
    recommendationId: z.string().max(100).optional(),
  })
  .strict();

export const YearPredikatBody = z
  .object({ year: z.number(), predikat: oneOf(PREDIKAT), source: z.string().max(200), reason: z.string().max(1000) })
  .strict();

export const PageQuery = z
  .object({ limit: z.coerce.number().int().min(1).max(500).default(100), offset: z.coerce.number().int().min(0).default(0) })
  .strict();
