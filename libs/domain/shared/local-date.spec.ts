import fc from 'fast-check';
import { localDateOf } from './local-date';

const formats = new Map<string, Intl.DateTimeFormat>();
/** The day as Intl gives it, asked every time (what localDateOf remembers must agree with it). */
const fresh = (t: number, timeZone: string) => {
  if (!formats.has(timeZone))
    formats.set(timeZone, new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }));
  return formats.get(timeZone)!.format(t);
};

// WIB, WITA, WIT (and WIB's +07:20 of 1924-1932 among the instants drawn); a zone with a quarter-hour offset; zones whose clocks moved at midnight (Brazil's
// summer time began at 00:00, Asia/Gaza's ended at 01:00 into the day before) and by half an hour
// (Lord Howe); Samoa skipped 30 December 2011 altogether.
const ZONES = [
  'Asia/Jakarta',
  'Asia/Makassar',
  'Asia/Jayapura',
  'Asia/Kathmandu',
  'America/Sao_Paulo',
  'Asia/Gaza',
  'Australia/Lord_Howe',
  'Pacific/Apia',
];

describe('localDateOf', () => {
  it('gives the Pemda’s calendar day of an instant (WIB by default, the zone when given)', () => {
    expect(localDateOf('2026-06-30T16:59:59.999Z')).toBe('2026-06-30');
    expect(localDateOf('2026-06-30T17:00:00.000Z')).toBe('2026-07-01');
    expect(localDateOf(new Date('2026-06-30T15:59:59.999Z'), 'Asia/Makassar')).toBe('2026-06-30');
    expect(localDateOf(new Date('2026-06-30T16:00:00.000Z'), 'Asia/Makassar')).toBe('2026-07-01');
    expect(() => localDateOf('kemarin')).toThrow(expect.objectContaining({ code: 'INVALID_INSTANT' }));
  });

  it('agrees with a fresh Intl format for instants asked again and again around midnights and clock changes', () => {
    const midnightish = fc.integer({ min: Date.UTC(1920, 0, 1), max: Date.UTC(2030, 0, 1) });
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        midnightish,
        // Runs of instants close together, so that remembered quarter hours are asked about again.
        fc.array(fc.integer({ min: -20 * 60_000, max: 20 * 60_000 }), { minLength: 1, maxLength: 40 }),
        (zone, at, steps) => {
          for (const step of steps) {
            const t = at + step;
            expect([zone, t, localDateOf(new Date(t), zone)]).toEqual([zone, t, fresh(t, zone)]);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('agrees minute by minute across the days whose clocks changed at or near midnight', () => {
    const days: Array<[string, number]> = [
      ['America/Sao_Paulo', Date.UTC(2018, 10, 4, 0)], // summer time from 00:00: 4 November 2018 began at 01:00
      ['America/Sao_Paulo', Date.UTC(2019, 1, 17, 0)], // and ended at 00:00 back to 23:00 of the 16th
      ['Asia/Gaza', Date.UTC(2020, 9, 23, 20)],
      ['Australia/Lord_Howe', Date.UTC(2025, 9, 4, 12)],
      ['Pacific/Apia', Date.UTC(2011, 11, 29, 8)], // 29 December 2011, then 31 December
      ['Asia/Kathmandu', Date.UTC(2026, 5, 30, 18)],
      // Offsets off the quarter hour, where a quarter hour holds a midnight: WIB was +07:20 in 1924-1932,
      // Liberia -00:44:30 until 1972.
      ['Asia/Jakarta', Date.UTC(1930, 5, 30, 16)],
      ['Africa/Monrovia', Date.UTC(1970, 5, 30, 0)],
    ];
    for (const [zone, from] of days)
      for (let t = from - 2 * 3_600_000; t < from + 30 * 3_600_000; t += 60_000) {
        const got = localDateOf(new Date(t), zone);
        if (got !== fresh(t, zone)) throw new Error(`${zone} ${new Date(t).toISOString()}: ${got}, not ${fresh(t, zone)}`);
      }
  });
});
