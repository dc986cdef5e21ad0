import fc from 'fast-check';
import { generateNips, isValidNip, nipFromSeed, parseNip } from './nip';
import { isKinerjaError } from './errors';

function reasonOf(s: string): string | undefined {
  try {
    parseNip(s);
    return undefined;
  } catch (e) {
    if (!isKinerjaError(e)) throw e;
    expect(e.code).toBe('INVALID_NIP');
    expect(e.category).toBe('BAD_INPUT');
    return e.details.reason as string;
  }
}

describe('parseNip', () => {
  it('splits a valid NIP into its parts', () => {
    expect(parseNip('198503122010011002')).toEqual({
      nip: '198503122010011002',
      birthDate: '1985-03-12',
      cpnsStart: '2010-01',
      gender: 'L',
      sequence: 2,
    });
    expect(parseNip('199002282015032001').gender).toBe('P');
  });

  it('accepts 29 February of a leap year', () => {
    expect(parseNip('199202292015031001').birthDate).toBe('1992-02-29');
  });

  it('accepts a CPNS start in the month of the 18th birthday', () => {
    expect(parseNip('199005202008051001').cpnsStart).toBe('2008-05');
  });

  it.each([
    ['WRONG_LENGTH', '19850312201001100'],
    ['WRONG_LENGTH', '1985031220100110021'],
    ['WRONG_LENGTH', ''],
    ['NOT_DIGITS', '19850312201001100A'],
    ['NOT_DIGITS', '1985031 2010011002'],
    ['NOT_DIGITS', '1.98503122010011E+'],
    ['BAD_BIRTH_DATE', '198513122010011002'], // month 13
    ['BAD_BIRTH_DATE', '198502302010011002'], // 30 February
    ['BAD_BIRTH_DATE', '199102292015031001'], // 29 February of a common year
    ['BAD_BIRTH_DATE', '198503002010011002'], // day 0
    ['BAD_BIRTH_DATE', '185003122010011002'], // before 1900
    ['BAD_CPNS_MONTH', '198503122010001002'], // month 00
    ['BAD_CPNS_MONTH', '198503122010131002'], // month 13
    ['CPNS_BEFORE_18', '199005202008041001'], // a month before the 18th birthday
    ['CPNS_BEFORE_18', '199005201985011001'], // before birth
    ['BAD_GENDER_DIGIT', '198503122010013002'],
    ['BAD_GENDER_DIGIT', '198503122010010002'],
  ])('refuses %s: %s', (reason, nip) => {
    expect(reasonOf(nip)).toBe(reason);
    expect(isValidNip(nip)).toBe(false);
  });

  it('refuses a non-string without crashing', () => {
    expect(isValidNip(198503122010011000 as unknown)).toBe(false);
  });
});

describe('NIP generator', () => {
  it('is deterministic in its seed', () => {
    expect(nipFromSeed(42)).toBe(nipFromSeed(42));
    expect(generateNips(150, 7)).toEqual(generateNips(150, 7));
    expect(generateNips(150, 7)).not.toEqual(generateNips(150, 8));
  });

  it('gives 150 distinct valid NIPs for the demo', () => {
    const nips = generateNips(150);
    expect(new Set(nips).size).toBe(150);
    for (const n of nips) expect(reasonOf(n)).toBeUndefined();
  });

  it('gives a valid NIP for any seed', () => {
    fc.assert(fc.property(fc.integer(), (seed) => isValidNip(nipFromSeed(seed))));
  });
});
