import { fixedClock } from '../libs/kernel/src';
import { startTestApp, TestApp, TestUser } from './support/app';
import { ADMIN, ANALIS, ANALIS2, buildDinkes, KABID_A, KABID_B, me, ok, until } from './support/people';

/**
 * Leave and official duty (issue 16, item 3): the employee asks with a letter, the supervisor of the
 * day decides, a refusal says why; and a machine-fault day declared by the OPD's admin. Every
 * refusal is coded and appends nothing.
 */
describe('leave requests and machine-fault days', () => {
  let app: TestApp;
  const ADMIN_DINKES: TestUser = { sub: 'admin.dinkes', roles: ['admin_opd:DINKES'] };
  const ADMIN_DISDIK: TestUser = { sub: 'admin.disdik', roles: ['admin_opd:DISDIK'] };
  const leaveEvents = async (nip: string) => (await app.rt.store.readStream(`Leave-${nip}`)).length;
  const request = (body: object, as: TestUser = me(ANALIS), nip = ANALIS) => app.call('POST', `/api/v1/leave/${nip}`, body, {}, as);
  const annual = { kind: 'CUTI_TAHUNAN', from: '2026-11-16', to: '2026-11-18', document: 'SC/800/117/2026', reason: 'Urusan keluarga' };

  beforeAll(async () => {
    app = await startTestApp();
    app.rt.clock = fixedClock('2026-11-10T09:00:00+07:00');
    await buildDinkes(app);
  });
  afterAll(() => app.close());

  it('an employee asks once: the same request again appends nothing, overlapping days are refused', async () => {
    const first = await request(annual);
    expect(first.status).toBe(201);
    expect(first.body.events).toEqual(['LeaveRequested']);
    const again = await request(annual);
    expect(again.status).toBe(201);
    expect(again.body.leaveId).toBe(first.body.leaveId);
    expect(again.body.events).toEqual([]);
    const clash = await request({ ...annual, kind: 'DINAS_LUAR', from: '2026-11-18', to: '2026-11-19' });
    expect(clash.status).toBe(409);
    expect(clash.body.error).toMatchObject({ code: 'LEAVE_OVERLAPS', details: { leaveId: first.body.leaveId } });
    expect(await leaveEvents(ANALIS)).toBe(1);
  });

  it('refuses bad input with a code and appends nothing', async () => {
    const before = await leaveEvents(ANALIS);
    const cases: Array<[object, number, string]> = [
      [{ ...annual, kind: 'LIBURAN' }, 400, 'UNKNOWN_LEAVE_KIND'],
      [{ ...annual, from: '2026-11-20', to: '2026-11-19' }, 400, 'INVALID_DATE_RANGE'],
      [{ ...annual, from: '2026-02-30' }, 400, 'INVALID_DATE'],
      [{ ...annual, document: '   ' }, 400, 'VALIDATION_FAILED'],
      [{ ...annual, leaveId: '__proto__', from: '2026-12-01', to: '2026-12-01' }, 201, ''],
    ];
    for (const [body, status, code] of cases) {
      const r = await request(body);
      expect([r.status, r.body.error?.code ?? '']).toEqual([status, code]);
    }
    expect(await leaveEvents(ANALIS)).toBe(before + 1);
    // `__proto__` is just an id: its decision finds it, and an unknown id is a 404, never a 500.
    const unknown = await app.call('POST', `/api/v1/leave/${ANALIS}/constructor/decision`, { approve: true }, {}, me(KABID_B));
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'LEAVE_NOT_FOUND']);
  });

  it('the supervisor of the day decides; a peer, a former supervisor and the employee cannot', async () => {
    const { leaveId } = (await request(annual)).body;
    const decide = (as: TestUser, body: object = { approve: true }) =>
      app.call('POST', `/api/v1/leave/${ANALIS}/${leaveId}/decision`, body, {}, as);
    for (const who of [me(ANALIS2), me(KABID_A), me(ANALIS)]) expect((await decide(who)).status).toBe(403);
    const before = await leaveEvents(ANALIS);
    expect((await decide(me(KABID_B))).body.events).toEqual(['LeaveApproved']);
    expect(await leaveEvents(ANALIS)).toBe(before + 1);
    const listed = await until(async () => {
      const b = (await app.call('GET', `/api/v1/leave/${ANALIS}`, undefined, {}, me(ANALIS))).body;
      return b.items?.find((r: { leaveId: string; status: string }) => r.leaveId === leaveId && r.status === 'DISETUJUI');
    }, 'the approved request in the list');
    expect(listed).toMatchObject({
      kind: 'CUTI_TAHUNAN',
      from: '2026-11-16',
      to: '2026-11-18',
      decidedBy: KABID_B,
      document: 'SC/800/117/2026',
    });
    expect((await app.call('GET', `/api/v1/leave/${ANALIS}`, undefined, {}, me(ANALIS2))).status).toBe(403);
  });

  it('a refusal says why; an approved request is cancelled only before it starts', async () => {
    const sick = (
      await request(
        { kind: 'CUTI_SAKIT', from: '2026-11-11', to: '2026-11-12', document: 'SKD 12/2026', reason: 'Demam' },
        me(ANALIS2),
        ANALIS2,
      )
    ).body;
    const refuse = (note?: string) =>
      app.call('POST', `/api/v1/leave/${ANALIS2}/${sick.leaveId}/decision`, { approve: false, ...(note ? { note } : {}) }, {}, me(KABID_B));
    expect((await refuse()).body.error.code).toBe('MISSING_FIELD');
    expect((await refuse('Surat dokter tidak terbaca')).body.events).toEqual(['LeaveRejected']);
    const duty = (
      await request(
        { kind: 'DINAS_LUAR', from: '2026-11-12', to: '2026-11-13', document: 'ST/090/2026', reason: 'Rapat provinsi' },
        me(ANALIS2),
        ANALIS2,
      )
    ).body;
    await ok(app, 'POST', `/api/v1/leave/${ANALIS2}/${duty.leaveId}/decision`, { approve: true }, me(KABID_B));
    const cancel = () => app.call('POST', `/api/v1/leave/${ANALIS2}/${duty.leaveId}/cancel`, { reason: 'Rapat ditunda' }, {}, me(ANALIS2));
    app.rt.clock = fixedClock('2026-11-12T08:00:00+07:00');
    expect((await cancel()).body.error.code).toBe('LEAVE_ALREADY_STARTED');
    app.rt.clock = fixedClock('2026-11-10T09:00:00+07:00');
    expect((await cancel()).body.events).toEqual(['LeaveCancelled']);
    // The same days asked again after the withdrawal are a new request, not the withdrawn one.
    const again = await request(
      { kind: 'DINAS_LUAR', from: '2026-11-12', to: '2026-11-13', document: 'ST/091/2026', reason: 'Rapat dijadwalkan ulang' },
      me(ANALIS2),
      ANALIS2,
    );
    expect(again.body.events).toEqual(['LeaveRequested']);
    expect(again.body.leaveId).not.toBe(duty.leaveId);
  });

  it('the OPD’s admin declares a machine-fault day with a reason; another OPD’s admin and a future day are refused', async () => {
    const declare = (as: TestUser, body: object) => app.call('POST', '/api/v1/attendance/opds/DINKES/fault-days', body, {}, as);
    expect((await declare(ADMIN_DISDIK, { date: '2026-11-05', reason: 'Listrik padam' })).status).toBe(403);
    expect((await declare(ADMIN_DINKES, { date: '2026-11-25', reason: 'Listrik padam' })).body.error.code).toBe('DATE_IN_FUTURE');
    expect((await declare(ADMIN_DINKES, { date: '2026-11-05', reason: 'Listrik padam' })).body.events).toEqual(['FaultDayDeclared']);
    // Declared once: the same day again is no new event.
    expect((await declare(ADMIN, { date: '2026-11-05', reason: 'Listrik padam' })).body.events).toEqual([]);
    expect((await app.rt.store.readStream('AttendanceFault-DINKES.2026-11')).length).toBe(1);
    const listed = await until(async () => {
      const b = (await app.call('GET', '/api/v1/attendance/opds/DINKES/fault-days?month=2026-11', undefined, {}, ADMIN_DINKES)).body;
      return b.items?.length === 1 && b.items;
    }, 'the fault day in the list');
    expect(listed[0]).toMatchObject({ date: '2026-11-05', reason: 'Listrik padam', declaredBy: 'admin.dinkes' });
  });
});
