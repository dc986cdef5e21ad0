import { createHash } from 'node:crypto';
import { canonicalState, Decider, generateNips } from '@kinerja/kernel';
import { organisationDecider } from '@kinerja/domain/organisation';
import { longOrganisationHistory } from '@kinerja/domain/organisation/long-history';
import { EmployeeEvent, employeeDecider } from '@kinerja/domain/employee';
import { LeaveEvent, leaveDecider } from '@kinerja/domain/attendance';

/**
 * A snapshot is read only by a decider with the same key: its snapshot version and its evolve's
 * own code (stream-state.ts). An edit of a helper evolve calls changes neither, so each snapshotted
 * decider's fold of a fixed stream is pinned here, under its version: when this fails, the state
 * now folds differently, and the decider's `snapshot.version` must be bumped (then pin the new fold).
 */
const at = '2026-01-05T08:00:00+07:00';
const [nip] = generateNips(1, 5);

function foldHash<E, S>(d: Decider<unknown, E, S>, events: E[]): string {
  const apply = d.snapshot?.apply ?? d.evolve;
  return createHash('sha256')
    .update(canonicalState(events.reduce(apply, d.initialState())))
    .digest('hex')
    .slice(0, 16);
}

const employeeEvents: EmployeeEvent[] = [
  {
    type: 'EmployeeRegistered',
    data: {
      nip,
      at,
      effectiveDate: '2001-03-01',
      name: 'Budi',
      asnStatus: 'PNS',
      employmentState: 'ACTIVE',
      positionId: 'JAB-1',
      positionGrade: 7,
      orgUnitId: 'OPD-1',
      salaryBase: '3000000',
      salaryGross: '3500000',
      terCategory: 'A',
      ptkpStatus: 'K/1',
      bankAccount: { bankName: 'BANK JATENG', accountNumber: '1', accountName: 'BUDI' },
    },
  },
  { type: 'SalaryChanged', data: { nip, at, effectiveDate: '2005-01-01', salaryBase: '3500000', salaryGross: '4000000' } },
  { type: 'PositionChanged', data: { nip, at, effectiveDate: '2010-01-01', positionId: 'JAB-2', positionGrade: 9 } },
  { type: 'OrgUnitTransferred', data: { nip, at, effectiveDate: '2012-01-01', orgUnitId: 'OPD-2', fromOrgUnitId: 'OPD-1' } },
  { type: 'TaxCategoryChanged', data: { nip, at, effectiveDate: '2013-01-01', terCategory: 'B', ptkpStatus: 'K/2' } },
  {
    type: 'BankAccountChanged',
    data: { nip, at, effectiveDate: '2014-01-01', bankAccount: { bankName: 'BRI', accountNumber: '2', accountName: 'BUDI' } },
  },
  { type: 'EmploymentStateChanged', data: { nip, at, effectiveDate: '2030-01-01', employmentState: 'RETIRED' } },
];

const leaveEvents: LeaveEvent[] = [
  {
    type: 'LeaveRequested',
    data: { nip, at, leaveId: 'L1', kind: 'CUTI_TAHUNAN', from: '2026-02-02', to: '2026-02-04', document: 'd', reason: 'r' },
  },
  { type: 'LeaveApproved', data: { nip, at, leaveId: 'L1', decidedBy: 'u2', note: 'ok' } },
  {
    type: 'LeaveRequested',
    data: { nip, at, leaveId: 'L2', kind: 'CUTI_SAKIT', from: '2026-03-02', to: '2026-03-03', document: 'd', reason: 'r' },
  },
  { type: 'LeaveRejected', data: { nip, at, leaveId: 'L2', decidedBy: 'u2', note: 'no' } },
  {
    type: 'LeaveRequested',
    data: { nip, at, leaveId: 'L3', kind: 'CUTI_TAHUNAN', from: '2026-04-06', to: '2026-04-07', document: 'd', reason: 'r' },
  },
  { type: 'LeaveCancelled', data: { nip, at, leaveId: 'L3', reason: 'r' } },
];

describe('snapshotted deciders: the fold each snapshot version stands for', () => {
  it.each([
    [
      'organisation',
      organisationDecider as Decider<unknown, unknown, unknown>,
      longOrganisationHistory(300, 3).events as unknown[],
      'organisation-2',
      '9dc9a062d10832b6',
    ],
    ['employee', employeeDecider as Decider<unknown, unknown, unknown>, employeeEvents as unknown[], 'employee-1', '656de11681f3173c'],
    ['leave', leaveDecider as Decider<unknown, unknown, unknown>, leaveEvents as unknown[], 'leave-1', 'fdc47b91ca5905fc'],
  ])('%s', (_name, decider, events, version, pin) => {
    expect(decider.snapshot?.version).toBe(version);
    expect(foldHash(decider, events)).toBe(pin);
  });
});
