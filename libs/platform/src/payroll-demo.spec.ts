import { attendanceRulesOf, calendarOf, parseZktecoLog, scheduleOf, summariseMonth } from '@kinerja/domain/attendance';
import { DEFAULT_ATTENDANCE_POLICY, loadShippedCalendar } from '@kinerja/policies';
import { demoScanLog } from './payroll-demo';

describe('the demo’s attendance machine log', () => {
  it('summarises to exactly the counts of the demo’s attendance CSV, employee by employee', () => {
    const nips = Array.from({ length: 40 }, (_, i) => `19800101200501${String(1000 + i)}`);
    const pinMaps = new Map([['DINKES-PINTU-1', new Map(nips.map((n, i) => [String(i + 1), n]))]]);
    const parsed = parseZktecoLog(demoScanLog(nips, '2026-10'), { device: 'DINKES-PINTU-1', month: '2026-10', pinMaps });
    expect(parsed.errors).toEqual([]);
    const policy = DEFAULT_ATTENDANCE_POLICY;
    nips.forEach((nip, i) => {
      const m = summariseMonth({
        month: '2026-10',
        schedule: scheduleOf(policy, 'DINKES'),
        calendar: calendarOf(policy, loadShippedCalendar(2026) ?? []),
        scans: parsed.scans.filter((s) => s.nip === nip).map((s) => s.at),
        excuses: new Map(),
        rules: attendanceRulesOf(policy),
      });
      // payroll-demo.ts: `${i % 3},${i % 5 === 0 ? 1 : 0},0,0,${i % 4 === 0 ? 1 : 0},0,0,0,${i % 17 === 0 ? 1 : 0}`
      expect([i, m.counts]).toEqual([
        i,
        {
          TL1: i % 3,
          TL2: i % 5 === 0 ? 1 : 0,
          TL3: 0,
          TL4: 0,
          PSW1: i % 4 === 0 ? 1 : 0,
          PSW2: 0,
          PSW3: 0,
          PSW4: 0,
          TK: i % 17 === 0 ? 1 : 0,
        },
      ]);
    });
  });
});
