import { deciderSpec as spec } from '@kinerja/kernel/testing';
import type { Actor as A } from '@kinerja/kernel';
import { employeeDecider } from './decider';
import type { EmployeeCommand, RegisterEmployee } from './commands';
import type { EmployeeEvent, EmployeeRegistered } from './events';
import { employeeAsOf, latestEmployeeRecord } from './as-of';
import { employeeRecordFor, maskBankAccount } from './masking';

const NIP = '198503122010011002';
const admin: A = { userId: 'u-admin', nip: '197001011995031001', roles: ['admin_kepegawaian'] };
const now = '2026-03-10T09:00:00+07:00';
const given = (events: EmployeeEvent[]) => spec(employeeDecider).given(events);

const registerCmd = (over: Partial<RegisterEmployee> = {}): RegisterEmployee => ({
  type: 'RegisterEmployee',
  nip: NIP,
  effectiveDate: '2026-01-01',
  by: admin,
  now,
  name: 'Siti Rahayu',
  asnStatus: 'PNS',
  employmentState: 'ACTIVE',
  positionId: 'POS-DINKES-ANALIS',
  positionGrade: 8,
  orgUnitId: 'OPD-DINKES',
  salaryBase: '4000000',
  salaryGross: '4500000',
  terCategory: 'A',
  ptkpStatus: 'K/0',
  bankAccount: { bankName: 'BANK JATENG', accountNumber: '1234567890', accountName: 'SITI RAHAYU' },
  ...over,
});

const registered = (over: Partial<RegisterEmployee> = {}): EmployeeRegistered => {
  const { type: _t, by: _b, now: at, ...d } = registerCmd(over);
  return { type: 'EmployeeRegistered', data: { ...d, at } } as EmployeeRegistered;
};

/** A change as a test writes it: of this employee, by the admin, now, effective 1 March unless said. */
type ChangeData<C> = C extends unknown ? Omit<C, 'nip' | 'by' | 'now' | 'effectiveDate'> & { effectiveDate?: string } : never;
const change = (data: ChangeData<Exclude<EmployeeCommand, RegisterEmployee>>): EmployeeCommand => {
  const cmd = { nip: NIP, by: admin, now, effectiveDate: '2026-03-01', ...data };
  return cmd;
};

describe('RegisterEmployee', () => {
  it('registers a new employee', () => given([]).when(registerCmd()).then([registered()]));

  it('refuses a second registration of the same NIP', () =>
    given([registered()]).when(registerCmd()).thenThrows('EMPLOYEE_ALREADY_REGISTERED'));

  it('refuses an invalid NIP with its reason', () =>
    given([])
      .when(registerCmd({ nip: '198502302010011002' }))
      .thenThrows('INVALID_NIP', { reason: 'BAD_BIRTH_DATE' }));

  it('refuses a fractional or negative amount', () => {
    given([])
      .when(registerCmd({ salaryBase: '4000000.50' }))
      .thenThrows('INVALID_AMOUNT', { field: 'salaryBase' });
    given([])
      .when(registerCmd({ salaryGross: '-1' }))
      .thenThrows('INVALID_AMOUNT', { field: 'salaryGross' });
  });

  it('refuses a gross salary below the salary base', () =>
    given([])
      .when(registerCmd({ salaryGross: '3999999' }))
      .thenThrows('INVALID_AMOUNT', { reason: 'GROSS_BELOW_BASE' }));

  it('refuses a position grade outside 1..17', () => {
    given([])
      .when(registerCmd({ positionGrade: 18 }))
      .thenThrows('INVALID_POSITION_GRADE');
    given([])
      .when(registerCmd({ positionGrade: 0 }))
      .thenThrows('INVALID_POSITION_GRADE');
    given([])
      .when(registerCmd({ positionGrade: 7.5 }))
      .thenThrows('INVALID_POSITION_GRADE');
  });

  it('refuses a TER category that does not follow from the PTKP status', () =>
    given([])
      .when(registerCmd({ ptkpStatus: 'K/3', terCategory: 'A' }))
      .thenThrows('TAX_CATEGORY_MISMATCH', { expected: 'C' }));

  it('refuses a bank account number that is not 6-20 digits', () =>
    given([])
      .when(registerCmd({ bankAccount: { bankName: 'BPD', accountNumber: '12-34', accountName: 'X' } }))
      .thenThrows('INVALID_BANK_ACCOUNT'));

  it('refuses an empty name and an unknown ASN status', () => {
    given([])
      .when(registerCmd({ name: '  ' }))
      .thenThrows('MISSING_FIELD', { field: 'name' });
    given([])
      .when(registerCmd({ asnStatus: 'HONORER' as never }))
      .thenThrows('INVALID_ASN_STATUS');
  });

  it('refuses an effective date that is not a real date', () =>
    given([])
      .when(registerCmd({ effectiveDate: '2026-02-30' }))
      .thenThrows('INVALID_DATE'));

  it('refuses to register a retired employee', () =>
    given([])
      .when(registerCmd({ employmentState: 'RETIRED' }))
      .thenThrows('EMPLOYEE_RETIRED'));
});

describe('changes', () => {
  const base = { nip: NIP, at: now, effectiveDate: '2026-03-01' };

  it('changes the position with its grade', () =>
    given([registered()])
      .when(change({ type: 'ChangePosition', positionId: 'POS-KASI', positionGrade: 9 }))
      .then([{ type: 'PositionChanged', data: { ...base, positionId: 'POS-KASI', positionGrade: 9 } }]));

  it('transfers to another OPD, naming the one left', () =>
    given([registered()])
      .when(change({ type: 'TransferOrgUnit', orgUnitId: 'OPD-DISDIK' }))
      .then([{ type: 'OrgUnitTransferred', data: { ...base, orgUnitId: 'OPD-DISDIK', fromOrgUnitId: 'OPD-DINKES' } }]));

  it('changes the salary', () =>
    given([registered()])
      .when(change({ type: 'ChangeSalary', salaryBase: '4200000', salaryGross: '4700000', reason: 'KGB SK 800/12' }))
      .then([{ type: 'SalaryChanged', data: { ...base, reason: 'KGB SK 800/12', salaryBase: '4200000', salaryGross: '4700000' } }]));

  it('changes the tax category with the PTKP status', () =>
    given([registered()])
      .when(change({ type: 'ChangeTaxCategory', terCategory: 'B', ptkpStatus: 'K/1' }))
      .then([{ type: 'TaxCategoryChanged', data: { ...base, terCategory: 'B', ptkpStatus: 'K/1' } }]));

  it('changes the bank account', () => {
    const bankAccount = { bankName: 'BRI', accountNumber: '000111222333', accountName: 'SITI RAHAYU' };
    given([registered()])
      .when(change({ type: 'ChangeBankAccount', bankAccount }))
      .then([{ type: 'BankAccountChanged', data: { ...base, bankAccount } }]);
  });

  it('puts the employee on leave and back', () => {
    const leave: EmployeeEvent = { type: 'EmploymentStateChanged', data: { ...base, employmentState: 'ON_LEAVE' } };
    given([registered()])
      .when(change({ type: 'ChangeEmploymentState', employmentState: 'ON_LEAVE' }))
      .then([leave]);
    given([registered(), leave])
      .when(change({ type: 'ChangeEmploymentState', employmentState: 'ACTIVE', effectiveDate: '2026-06-01' }))
      .then([{ type: 'EmploymentStateChanged', data: { ...base, effectiveDate: '2026-06-01', employmentState: 'ACTIVE' } }]);
  });

  it('appends nothing for a change to what is already in force', () => {
    given([registered()])
      .when(change({ type: 'ChangeSalary', salaryBase: '4000000', salaryGross: '4500000' }))
      .then([]);
    given([registered()])
      .when(change({ type: 'TransferOrgUnit', orgUnitId: 'OPD-DINKES' }))
      .then([]);
  });

  it('refuses a change to an unknown employee', () =>
    given([])
      .when(change({ type: 'ChangeSalary', salaryBase: '1', salaryGross: '1' }))
      .thenThrows('EMPLOYEE_NOT_FOUND'));

  it('refuses a change effective before the registration', () =>
    given([registered()])
      .when(change({ type: 'ChangeSalary', salaryBase: '1', salaryGross: '1', effectiveDate: '2025-12-31' }))
      .thenThrows('EFFECTIVE_DATE_BEFORE_REGISTRATION'));

  it('refuses an invalid amount in a salary change', () =>
    given([registered()])
      .when(change({ type: 'ChangeSalary', salaryBase: '4,200,000', salaryGross: '4700000' }))
      .thenThrows('INVALID_AMOUNT'));

  it('refuses a command for another NIP than the stream', () =>
    given([registered()])
      .when({ ...change({ type: 'TransferOrgUnit', orgUnitId: 'X' }), nip: '199002282015032001' })
      .thenThrows('NIP_MISMATCH'));

  describe('after retirement', () => {
    const retired: EmployeeEvent = {
      type: 'EmploymentStateChanged',
      data: { ...base, effectiveDate: '2026-07-01', employmentState: 'RETIRED' },
    };

    it('refuses any change effective on or after the retirement', () => {
      given([registered(), retired])
        .when(change({ type: 'ChangeEmploymentState', employmentState: 'ACTIVE', effectiveDate: '2026-08-01' }))
        .thenThrows('EMPLOYEE_RETIRED');
      given([registered(), retired])
        .when(change({ type: 'ChangeSalary', salaryBase: '5000000', salaryGross: '5000000', effectiveDate: '2026-07-01' }))
        .thenThrows('EMPLOYEE_RETIRED', { retiredFrom: '2026-07-01' });
    });

    it('still takes a change effective before the retirement (a late raise)', () =>
      given([registered(), retired])
        .when(change({ type: 'ChangeSalary', salaryBase: '4100000', salaryGross: '4600000', effectiveDate: '2026-04-01' }))
        .then([{ type: 'SalaryChanged', data: { ...base, effectiveDate: '2026-04-01', salaryBase: '4100000', salaryGross: '4600000' } }]));

    it('refuses a retirement dated before changes already recorded', () => {
      const raise: EmployeeEvent = {
        type: 'SalaryChanged',
        data: { ...base, effectiveDate: '2026-09-01', salaryBase: '4100000', salaryGross: '4600000' },
      };
      given([registered(), raise])
        .when(change({ type: 'ChangeEmploymentState', employmentState: 'RETIRED', effectiveDate: '2026-07-01' }))
        .thenThrows('LATER_CHANGES_EXIST');
    });
  });
});

describe('employeeAsOf', () => {
  const ev = (type: string, effectiveDate: string, data: object) =>
    ({ type, data: { nip: NIP, at: now, effectiveDate, ...data } }) as EmployeeEvent;
  const history: EmployeeEvent[] = [
    registered(),
    ev('SalaryChanged', '2026-04-01', { salaryBase: '4200000', salaryGross: '4700000' }),
    // recorded later, effective earlier: a back-dated promotion
    ev('PositionChanged', '2026-02-01', { positionId: 'POS-KASI', positionGrade: 9 }),
    // a same-day correction recorded afterwards wins
    ev('SalaryChanged', '2026-04-01', { salaryBase: '4250000', salaryGross: '4750000' }),
  ];

  it('is undefined before the registration', () => expect(employeeAsOf(history, '2025-12-31')).toBeUndefined());

  it('gives the record in force on each date, whatever the recording order', () => {
    expect(employeeAsOf(history, '2026-01-31')).toMatchObject({ positionId: 'POS-DINKES-ANALIS', positionGrade: 8, salaryBase: '4000000' });
    expect(employeeAsOf(history, '2026-02-01')).toMatchObject({
      positionId: 'POS-KASI',
      positionGrade: 9,
      salaryBase: '4000000',
      lastChangedOn: '2026-02-01',
    });
    expect(employeeAsOf(history, '2026-04-01')).toMatchObject({ positionId: 'POS-KASI', salaryBase: '4250000', salaryGross: '4750000' });
    expect(latestEmployeeRecord(history)).toEqual(employeeAsOf(history, '2030-01-01'));
  });

  it('reads the same history the decider folds', () => {
    let s = employeeDecider.initialState();
    for (const e of history) s = employeeDecider.evolve(s, e);
    expect(s.status === 'REGISTERED' && employeeAsOf(s.history, '2026-03-01')).toEqual(employeeAsOf(history, '2026-03-01'));
  });
});

describe('masking', () => {
  it('shows only the last 4 digits of a bank account', () => {
    expect(maskBankAccount('1234567890')).toBe('******7890');
    expect(maskBankAccount('1234')).toBe('****');
  });

  it('hides salary and masks the account for a viewer without the financial right', () => {
    const r = latestEmployeeRecord([registered()])!;
    const v = employeeRecordFor(r, false);
    expect(v.bankAccount.accountNumber).toBe('******7890');
    expect(v).not.toHaveProperty('salaryBase');
    expect(v).not.toHaveProperty('salaryGross');
    expect(employeeRecordFor(r, true)).toEqual(r);
  });
});
