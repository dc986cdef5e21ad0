import { isKinerjaError } from '@kinerja/kernel';
import {
  DecideObjectionBody,
  FileObjectionBody,
  OrganisationResultBody,
  RateAppraisalBody,
  RecordTrainingBody,
  YearPredikatBody,
} from './appraisal';
import { parseInput } from './parse';

/** The refusal a client gets for a body: its code and details, or 'ok' when it parses. */
function refusal(schema: Parameters<typeof parseInput>[0], body: unknown): { code: string; details: unknown } | 'ok' {
  try {
    parseInput(schema, body);
    return 'ok';
  } catch (e) {
    if (!isKinerjaError(e)) throw e;
    return { code: e.code, details: e.details };
  }
}

const S = 'SESUAI_EKSPEKTASI';
const ok = { results: S, behaviour: S };

/*
 * Refusals that were the deciders' while commands carried `unknown`: the edge now gives them, with
 * the same code and details, so a decider only ever sees known values.
 */
describe('appraisal bodies refuse unknown values with their own codes', () => {
  it('an unknown rating is INVALID_RATING naming the field and the value', () => {
    expect(refusal(RateAppraisalBody, { ...ok, results: 'BAGUS' })).toEqual({
      code: 'INVALID_RATING',
      details: { field: 'results', value: 'BAGUS' },
    });
    expect(refusal(RateAppraisalBody, { ...ok, behaviourValues: { KOMPETEN: 'OK' } })).toEqual({
      code: 'INVALID_RATING',
      details: { field: 'behaviourValues.KOMPETEN', value: 'OK' },
    });
    expect(refusal(RateAppraisalBody, { ...ok, resultRatings: [{ resultId: 'R1', rating: 'X' }] })).toEqual({
      code: 'INVALID_RATING',
      details: { field: 'resultRatings.0.rating', value: 'X' },
    });
    expect(refusal(DecideObjectionBody, { outcome: 'AMEND', results: 'BAGUS', behaviour: S })).toEqual({
      code: 'INVALID_RATING',
      details: { field: 'results', value: 'BAGUS' },
    });
  });

  it('the first refused field in the body’s order answers', () => {
    expect(refusal(RateAppraisalBody, { results: 'X', behaviour: 'Y' })).toEqual({
      code: 'INVALID_RATING',
      details: { field: 'results', value: 'X' },
    });
  });

  it('an unknown behaviour value, outcome, organisational result, predikat', () => {
    expect(refusal(RateAppraisalBody, { ...ok, behaviourValues: { JUJUR: S } })).toEqual({
      code: 'INVALID_BEHAVIOUR_VALUE',
      details: { value: 'JUJUR' },
    });
    expect(refusal(DecideObjectionBody, { outcome: 'REJECT' })).toEqual({ code: 'INVALID_OUTCOME', details: { outcome: 'REJECT' } });
    expect(refusal(OrganisationResultBody, { result: 'LUAR_BIASA', reason: 'x' })).toEqual({
      code: 'INVALID_ORGANISATION_RESULT',
      details: { result: 'LUAR_BIASA' },
    });
    expect(refusal(YearPredikatBody, { year: 2025, predikat: 'ISTIMEWA', source: 's', reason: 'r' })).toEqual({
      code: 'UNKNOWN_PREDIKAT',
      details: { predikat: 'ISTIMEWA' },
    });
  });

  it('malformed evidence is INVALID_EVIDENCE naming the item', () => {
    for (const item of [
      { kind: 'FILE', sha256: 'nope' },
      { kind: 'LINK', url: 'javascript:alert(1)' },
    ])
      expect(refusal(FileObjectionBody, { reasons: 'r', evidence: [{ kind: 'LINK', url: 'https://x.example' }, item] })).toEqual({
        code: 'INVALID_EVIDENCE',
        details: { field: 'evidence.1' },
      });
    expect(refusal(FileObjectionBody, { reasons: 'r', evidence: [{ kind: 'FILE', sha256: 'a'.repeat(64) }] })).toBe('ok');
  });

  it('bad training hours are INVALID_HOURS, a date that is not one INVALID_DATE', () => {
    const training = { course: 'Pelatihan Pelayanan Prima', hours: 24, completedOn: '2026-03-28' };
    expect(refusal(RecordTrainingBody, training)).toBe('ok');
    for (const hours of [0, -1, 1.5, 1001])
      expect(refusal(RecordTrainingBody, { ...training, hours })).toEqual({ code: 'INVALID_HOURS', details: { hours } });
    for (const completedOn of ['2026-02-30', '28-03-2026'])
      expect(refusal(RecordTrainingBody, { ...training, completedOn })).toEqual({
        code: 'INVALID_DATE',
        details: { field: 'completedOn', value: completedOn },
      });
  });

  it('a wrong shape is still VALIDATION_FAILED, listing only the fields of the wrong shape', () => {
    // A refused value beside a wrong shape does not add its own entry to the list.
    expect(refusal(RateAppraisalBody, { results: 'x'.repeat(50), behaviour: 'BAGUS' })).toEqual({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ path: 'results', message: expect.any(String) }] },
    });
    expect(refusal(RateAppraisalBody, { results: S })).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ path: 'behaviour' }] },
    });
  });
});
