import { fold } from '@kinerja/kernel';
import { deciderSpec } from '@kinerja/kernel/testing';
import { excusesOf, faultDayDecider, leaveDecider, monthExcuses, type LeaveCommand, type LeaveEvent } from './leave';

const NIP = '198001012010012001';
const KASI = '197503032000031003';
const AT = '2026-11-20T03:00:00.000Z';
const spec = deciderSpec(leaveDecider);

const request = (over: Partial<Extract<LeaveCommand, { type: 'RequestLeave' }>> = {}): LeaveCommand => ({
  type: 'RequestLeave',
  nip: NIP,
  leaveId: 'cuti-1',
  kind: 'CUTI_TAHUNAN',
  from: '2026-11-23',
  to: '2026-11-25',
  document: 'SC 851/77/2026',
  reason: 'keperluan keluarga',
  at: AT,
  ...over,
});
const requested = (over: Partial<Extract<LeaveEvent, { type: 'LeaveRequested' }>['data']> = {}): LeaveEvent => ({
  type: 'LeaveRequested',
  data: {
    nip: NIP,
    leaveId: 'cuti-1',
    kind: 'CUTI_TAHUNAN',
    from: '2026-11-23',
    to: '2026-11-25',
    document: 'SC 851/77/2026',
    reason: 'keperluan keluarga',
    at: AT,
    ...over,
  },
});
const approved = (leaveId = 'cuti-1'): LeaveEvent => ({
  type: 'LeaveApproved',
  data: { nip: NIP, leaveId, decidedBy: KASI, note: '', at: AT },
});

describe('a leave request', () => {
  it('is recorded with its letter, and the same request sent again appends nothing', () => {
    spec.given([]).when(request()).then([requested()]);
    spec.given([requested()]).when(request()).then([]);
    spec
      .given([requested()])
      .when(request({ to: '2026-11-27' }))
      .thenThrows('LEAVE_ID_TAKEN');
  });

  it('refuses what a person could not mean', () => {
    spec
      .given([])
      .when(request({ kind: 'GANGGUAN_MESIN' }))
      .thenThrows('UNKNOWN_LEAVE_KIND');
    spec
      .given([])
      .when(request({ kind: '__proto__' }))
      .thenThrows('UNKNOWN_LEAVE_KIND');
    spec
      .given([])
      .when(request({ from: '2026-11-31' }))
      .thenThrows('INVALID_DATE');
    spec
      .given([])
      .when(request({ from: '2026-11-25', to: '2026-11-23' }))
      .thenThrows('INVALID_DATE_RANGE');
    spec
      .given([])
      .when(request({ from: '2026-01-01', to: '2027-01-02' }))
      .thenThrows('LEAVE_TOO_LONG');
    spec
      .given([])
      .when(request({ document: '  ' }))
      .thenThrows('MISSING_FIELD', { field: 'document' });
  });

  it('cannot cover a day another open or approved request covers; a refused one frees its days', () => {
    spec
      .given([requested()])
      .when(request({ leaveId: 'dl-1', kind: 'DINAS_LUAR', from: '2026-11-25', to: '2026-11-26' }))
      .thenThrows('LEAVE_OVERLAPS', { leaveId: 'cuti-1' });
    const rejected: LeaveEvent = {
      type: 'LeaveRejected',
      data: { nip: NIP, leaveId: 'cuti-1', decidedBy: KASI, note: 'akhir bulan', at: AT },
    };
    spec
      .given([requested(), rejected])
      .when(request({ leaveId: 'dl-1', kind: 'DINAS_LUAR', from: '2026-11-25', to: '2026-11-26' }))
      .thenMatches((e) => expect(e.map((x) => x.type)).toEqual(['LeaveRequested']));
  });

  it('is approved once by the supervisor; a refusal says why; a decided request is not decided again', () => {
    const decide = (approve: boolean, note = ''): LeaveCommand => ({
      type: 'DecideLeave',
      nip: NIP,
      leaveId: 'cuti-1',
      approve,
      decidedBy: KASI,
      note,
      at: AT,
    });
    spec.given([requested()]).when(decide(true)).then([approved()]);
    spec.given([requested(), approved()]).when(decide(true)).then([]);
    spec.given([requested()]).when(decide(false)).thenThrows('MISSING_FIELD', { field: 'note' });
    spec.given([requested(), approved()]).when(decide(false, 'salah')).thenThrows('LEAVE_ALREADY_DECIDED');
    spec.given([]).when(decide(true)).thenThrows('LEAVE_NOT_FOUND');
  });

  it('an approved request is cancelled only before its first day', () => {
    const cancel = (today: string): LeaveCommand => ({
      type: 'CancelLeave',
      nip: NIP,
      leaveId: 'cuti-1',
      reason: 'batal berangkat',
      today,
      at: AT,
    });
    spec
      .given([requested(), approved()])
      .when(cancel('2026-11-22'))
      .then([{ type: 'LeaveCancelled', data: { nip: NIP, leaveId: 'cuti-1', reason: 'batal berangkat', at: AT } }]);
    spec.given([requested(), approved()]).when(cancel('2026-11-23')).thenThrows('LEAVE_ALREADY_STARTED');
  });
});

describe('the excuses of a month', () => {
  it('are the approved days in the month, with the letter; open, refused and cancelled requests excuse nothing', () => {
    const state = fold(leaveDecider, [
      requested({ leaveId: 'a', from: '2026-10-30', to: '2026-11-02', kind: 'CUTI_SAKIT', document: 'SKD RSUD 12/2026' }),
      approved('a'),
      requested({ leaveId: 'b', from: '2026-11-10', to: '2026-11-10' }),
    ]);
    expect(excusesOf(state, '2026-11')).toEqual(
      new Map([
        ['2026-11-01', { kind: 'CUTI_SAKIT', reference: 'SKD RSUD 12/2026' }],
        ['2026-11-02', { kind: 'CUTI_SAKIT', reference: 'SKD RSUD 12/2026' }],
      ]),
    );
    expect([...excusesOf(state, '2026-10').keys()]).toEqual(['2026-10-30', '2026-10-31']);
  });

  it('a machine fault day of the OPD excuses a day without leave, once declared', () => {
    const fault = deciderSpec(faultDayDecider);
    const declare = {
      type: 'DeclareFaultDay' as const,
      opdId: 'DINKES',
      date: '2026-11-12',
      reason: 'mesin presensi mati listrik',
      declaredBy: 'admin.dinkes',
      at: AT,
    };
    const declared = {
      type: 'FaultDayDeclared' as const,
      data: { opdId: 'DINKES', date: '2026-11-12', reason: 'mesin presensi mati listrik', declaredBy: 'admin.dinkes', at: AT },
    };
    fault.given([]).when(declare).then([declared]);
    fault.given([declared]).when(declare).then([]);
    const leave = fold(leaveDecider, [requested({ from: '2026-11-12', to: '2026-11-12' }), approved()]);
    const month = monthExcuses(
      leave,
      new Map([
        ['2026-11-12', 'mesin mati'],
        ['2026-11-13', 'mesin mati'],
      ]),
      '2026-11',
    );
    expect(month.get('2026-11-12')).toEqual({ kind: 'CUTI_TAHUNAN', reference: 'SC 851/77/2026' });
    expect(month.get('2026-11-13')).toEqual({ kind: 'GANGGUAN_MESIN', reference: 'mesin mati' });
  });
});
