import { fixedClock } from '@kinerja/kernel';
import pino from 'pino';
import { throttledWarn } from './logger';

describe('throttledWarn', () => {
  it('writes at most one line per key in each interval, and the next line counts those held back', () => {
    const lines: Array<Record<string, unknown>> = [];
    const log = pino({ level: 'warn', base: undefined, timestamp: false }, { write: (l: string) => lines.push(JSON.parse(l)) });
    const clock = fixedClock('2026-11-30T00:00:00Z');
    const warn = throttledWarn(log, 10_000, clock);
    for (let i = 0; i < 1000; i++) warn('payroll', { queue: 'payroll' }, 'job queue error');
    warn('reminders', { queue: 'reminders' }, 'job queue error');
    clock.set('2026-11-30T00:00:09.999Z');
    warn('payroll', { queue: 'payroll' }, 'job queue error');
    clock.set('2026-11-30T00:00:10Z');
    warn('payroll', { queue: 'payroll' }, 'job queue error');
    expect(lines.map(({ queue, repeated, msg }) => ({ queue, repeated, msg }))).toEqual([
      { queue: 'payroll', repeated: undefined, msg: 'job queue error' },
      { queue: 'reminders', repeated: undefined, msg: 'job queue error' },
      { queue: 'payroll', repeated: 1000, msg: 'job queue error' },
    ]);
  });
});
