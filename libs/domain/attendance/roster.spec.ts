import { expectRefusal } from '@kinerja/kernel/testing';
import { parseRosterCsv, rosterDecider, ROSTER_CHUNK, type RecordShiftRoster, type ShiftRosterRecorded } from '.';

const NIP = '198503122010011002';
const SHIFTS = new Set(['P', 'S', 'M']);
const given = (events: ShiftRosterRecorded[]) => events.reduce(rosterDecider.evolve, rosterDecider.initialState());
const record = (rosterId: string, rows = [{ nip: NIP, date: '2026-11-02', shift: 'M' }]): RecordShiftRoster => ({
  type: 'RecordShiftRoster',
  opdId: 'RSUD',
  month: '2026-11',
  rosterId,
  rows,
  at: '2026-10-28T09:00:00Z',
});

describe('the shift roster of an OPD’s month', () => {
  it('reads nip, tanggal and shift, naming every bad line', () => {
    const csv = `nip;tanggal;shift\n${NIP};2026-11-02;m\n${NIP};2026-11-02;P\n123;2026-11-03;P\n${NIP};2026-12-01;P\n${NIP};2026-11-04;X\n${NIP};2026-11-31;P\n`;
    const { rows, errors } = parseRosterCsv(csv, { month: '2026-11', shifts: SHIFTS });
    expect(rows).toEqual([{ nip: NIP, date: '2026-11-02', shift: 'M' }]);
    expect(errors.map((e) => [e.line, e.code])).toEqual([
      [3, 'DUPLICATE_ROSTER_DAY'],
      [4, 'INVALID_NIP'],
      [5, 'DATE_OUTSIDE_MONTH'],
      [6, 'UNKNOWN_SHIFT'],
      [7, 'INVALID_DATE'],
    ]);
    expectRefusal(() => parseRosterCsv('nip,hari,shift\n', { month: '2026-11', shifts: SHIFTS }), 'INVALID_HEADER');
  });

  it('records a roster in parts, replaces it with another, and appends nothing for the same one twice', () => {
    const rows = Array.from({ length: ROSTER_CHUNK + 1 }, (_, i) => ({
      nip: NIP,
      date: `2026-11-${String((i % 30) + 1).padStart(2, '0')}`,
      shift: 'P',
    }));
    const first = rosterDecider.decide(record('a', rows), given([]));
    expect(first.map((e) => [e.data.part, e.data.parts, e.data.rows.length])).toEqual([
      [0, 2, ROSTER_CHUNK],
      [1, 2, 1],
    ]);
    expect(rosterDecider.decide(record('a', rows), given(first))).toEqual([]);
    expect(rosterDecider.decide(record('b'), given(first))).toHaveLength(1);
    expectRefusal(() => rosterDecider.decide(record('c', []), given([])), 'NO_ROSTER_ROWS');
  });
});
