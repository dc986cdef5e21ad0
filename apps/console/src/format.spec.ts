import {
  daysOfMonth,
  daysUntil,
  formatBytes,
  formatDate,
  formatDateWithDay,
  formatInstant,
  formatMonth,
  formatPeriod,
  formatRupiah,
  isWeekend,
} from './format';

describe('Indonesian formats', () => {
  it('formats whole rupiah exactly, beyond what a float holds, and shows anything else as it came', () => {
    expect(formatRupiah('1234567')).toBe('Rp\u00a01.234.567');
    expect(formatRupiah('0')).toBe('Rp\u00a00');
    expect(formatRupiah('-250000')).toBe('-Rp\u00a0250.000');
    // 2^53 + 1: a float would print ...992.
    expect(formatRupiah('9007199254740993')).toBe('Rp\u00a09.007.199.254.740.993');
    expect(formatRupiah('12.5')).toBe('12.5');
    expect(formatRupiah(null)).toBe('–');
  });

  it('writes dates, months, quarters and instants as the Pemda reads them (WIB)', () => {
    expect(formatDate('2026-11-30')).toBe('30 November 2026');
    expect(formatDate('2026-01-05T10:00:00Z')).toBe('5 Januari 2026');
    expect(formatDateWithDay('2026-11-30')).toBe('Senin, 30 November 2026');
    expect(formatMonth('2026-02')).toBe('Februari 2026');
    expect(formatPeriod('2026-Q4')).toBe('Triwulan IV 2026');
    expect(formatPeriod('2026-10')).toBe('Oktober 2026');
    // 17:30 UTC is 00:30 the next day in Jakarta.
    expect(formatInstant('2026-11-30T17:30:00Z')).toMatch(/^1 Des 2026.*00[.:]30 WIB$/);
    expect(formatInstant('not a time')).toBe('not a time');
  });

  it('counts days and lays out a month', () => {
    expect(daysUntil('2026-12-14', '2026-11-30')).toBe(14);
    expect(daysUntil('2026-11-30', '2026-11-30')).toBe(0);
    expect(daysUntil('2026-11-29', '2026-11-30')).toBe(-1);
    expect(daysOfMonth('2028-02')).toHaveLength(29);
    expect(daysOfMonth('2026-11')[0]).toBe('2026-11-01');
    expect(isWeekend('2026-11-28')).toBe(true);
    expect(isWeekend('2026-11-30')).toBe(false);
    expect(formatBytes(1536)).toBe('1,5 KB');
    expect(formatBytes(10 * 1024 * 1024)).toBe('10 MB');
  });
});
