import fc from 'fast-check';
import { ORGANISATION_STREAM_ID } from '../libs/domain/organisation';
import { PROTOTYPE_NAMES } from '../libs/kernel/src/testing';
import { startTestApp, TestApp, TestUser } from './support/app';
import {
  ADMIN,
  ANALIS,
  ANALIS2,
  buildDinkes,
  KABID_A,
  KABID_B,
  KADIS,
  me,
  ok,
  OTHER,
  registerBody,
  SEKRETARIS,
  until,
} from './support/people';

const BENDAHARA: TestUser = { sub: 'bendahara.dinkes', roles: ['bendahara:DINKES'] };
const BENDAHARA_DISDIK: TestUser = { sub: 'bendahara.disdik', roles: ['bendahara:DISDIK'] };

describe('people and organisation over HTTP (real PostgreSQL)', () => {
  let app: TestApp;
  const eventCount = async () => Number((await app.db.pool.query('SELECT count(*) AS n FROM events')).rows[0].n);
  beforeAll(async () => {
    app = await startTestApp();
    await buildDinkes(app);
  });
  afterAll(async () => {
    await app.close();
  });

  describe('supervisor history', () => {
    const sup = async (nip: string, date: string) =>
      (await app.call('GET', `/api/v1/employees/${nip}/supervisor?date=${date}`, undefined, {}, me(ANALIS2))).body;

    it('answers with the supervisor of the day, before and after a mid-period reassignment', async () => {
      expect((await sup(ANALIS, '2026-02-01')).supervisor).toMatchObject({ nip: KABID_A, positionId: 'KABID-P2P', acting: false });
      expect((await sup(ANALIS, '2026-03-14')).supervisor).toMatchObject({ nip: KABID_A });
      expect((await sup(ANALIS, '2026-03-15')).supervisor).toMatchObject({ nip: KABID_B });
      expect((await sup(ANALIS, '2026-09-01')).supervisor).toMatchObject({ nip: KABID_B });
      expect((await sup(ANALIS, '2025-12-31')).supervisor).toBeNull();
    });

    it('gives the acting (Plt) supervisor while the acting assignment runs, and the rater’s supervisor through it', async () => {
      expect((await sup(KABID_B, '2026-03-31')).supervisor).toMatchObject({ nip: KADIS, acting: false });
      expect((await sup(KABID_B, '2026-04-01')).supervisor).toMatchObject({ nip: SEKRETARIS, positionId: 'KADIS', acting: true });
      expect((await sup(KABID_B, '2026-07-01')).supervisor).toMatchObject({ nip: KADIS, acting: false });
      const r = (await app.call('GET', `/api/v1/employees/${ANALIS}/rater-supervisor?date=2026-05-04`, undefined, {}, me(ANALIS))).body;
      expect(r).toMatchObject({ rater: { nip: KABID_B }, raterSupervisor: { nip: SEKRETARIS, acting: true } });
      expect((await sup(ANALIS, '2026-02-01')).raterSupervisor).toMatchObject({ nip: KADIS });
    });

    it('shows the org chart as of a date, Plt included', async () => {
      const chart = await until(async () => {
        const c = await app.call('GET', '/api/v1/org-chart?date=2026-05-01&opd=DINKES', undefined, {}, me(ANALIS));
        const kadis = c.body.opds?.[0]?.positions.find((p: any) => p.positionId === 'KADIS');
        return kadis?.holders.length === 2 && kadis.holders.every((h: any) => h.name) && c.body;
      }, 'org chart read model');
      const kadis = chart.opds[0].positions.find((p: any) => p.positionId === 'KADIS');
      expect(kadis.holders).toEqual([
        { nip: KADIS, acting: false, assignmentId: expect.any(String), name: 'Dr. Hartono' },
        { nip: SEKRETARIS, acting: true, assignmentId: 'plt-kadis', name: 'Ratna Sari' },
      ]);
      const feb = (await app.call('GET', '/api/v1/org-chart?date=2026-02-01&opd=DINKES')).body;
      const p2p = feb.opds[0].children.find((u: any) => u.unitId === 'DINKES-P2P');
      expect(p2p.positions.find((p: any) => p.positionId === 'KABID-P2P').holders.map((h: any) => h.nip)).toEqual([KABID_A]);
    });
  });

  describe('pay privacy on the employee record', () => {
    const view = (as: TestUser, nip = ANALIS) => app.call('GET', `/api/v1/employees/${nip}`, undefined, {}, as);

    it('shows salary and the full account to the employee, the OPD’s finance roles and the inspectorate', async () => {
      for (const as of [me(ANALIS), BENDAHARA, { sub: 'i', roles: ['inspektorat'] }]) {
        const r = await view(as);
        expect(r.status).toBe(200);
        expect(r.body).toMatchObject({
          nip: ANALIS,
          salaryBase: '4000000',
          salaryGross: '4500000',
          bankAccount: { accountNumber: '3010012345' },
          financialDetails: 'shown',
        });
      }
    });

    it('hides salary and masks the account for the supervisor and BKPSDM', async () => {
      for (const as of [me(KABID_B), ADMIN]) {
        const r = await view(as);
        expect(r.status).toBe(200);
        expect(r.body.salaryBase).toBeUndefined();
        expect(r.body.salaryGross).toBeUndefined();
        expect(r.body.bankAccount.accountNumber).toBe('******2345');
        expect(r.body.financialDetails).toBe('hidden');
      }
    });

    it('refuses a colleague and another OPD’s treasurer with a code', async () => {
      expect(await view(me(ANALIS2))).toMatchObject({ status: 403, body: { error: { code: 'NOT_OWN_RECORD' } } });
      expect(await view(BENDAHARA_DISDIK)).toMatchObject({ status: 403, body: { error: { code: 'OUTSIDE_OPD' } } });
    });

    it('shows the record as of a date', async () => {
      await ok(app, 'POST', `/api/v1/employees/${ANALIS}/position`, {
        positionId: 'ANALIS-P2P',
        positionGrade: 9,
        effectiveDate: '2026-06-01',
        reason: 'SK 821/2026',
      });
      expect((await view(me(ANALIS))).body.positionGrade).toBe(9);
      expect((await app.call('GET', `/api/v1/employees/${ANALIS}?date=2026-05-31`, undefined, {}, me(ANALIS))).body.positionGrade).toBe(8);
    });
  });

  describe('the directory', () => {
    it('searches by name and NIP, paginates, and shows each reader only whom they may see', async () => {
      await until(async () => (await app.call('GET', '/api/v1/employees?pageSize=2')).body.page?.total === 7, 'directory');
      const p1 = (await app.call('GET', '/api/v1/employees?pageSize=2&page=1')).body;
      const p4 = (await app.call('GET', '/api/v1/employees?pageSize=2&page=4')).body;
      expect(p1.items.map((e: any) => e.name)).toEqual(['Agus Santoso', 'Budi Pratama']);
      expect(p4).toMatchObject({ items: [{ name: 'Siti Wulandari' }], page: { page: 4, pageSize: 2, total: 7, pages: 4 } });
      // An entry's fields and their types, as the page read gives them.
      const day = expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/);
      expect(p4.items[0]).toEqual({
        ...{ nip: ANALIS, name: 'Siti Wulandari', asnStatus: expect.any(String), employmentState: expect.any(String) },
        ...{
          positionId: expect.any(String),
          positionGrade: expect.any(Number),
          opdId: expect.any(String),
          registeredFrom: day,
          lastChangedOn: day,
        },
      });
      expect((await app.call('GET', '/api/v1/employees?q=wulan')).body.items.map((e: any) => e.nip)).toEqual([ANALIS]);
      expect((await app.call('GET', `/api/v1/employees?q=${OTHER.slice(0, 12)}`)).body.items.map((e: any) => e.nip)).toEqual([OTHER]);
      expect((await app.call('GET', '/api/v1/employees?opd=DISDIK')).body.page.total).toBe(1);
      // A plain employee sees themself; a supervisor also their direct reports; a treasurer their OPD.
      expect((await app.call('GET', '/api/v1/employees', undefined, {}, me(ANALIS))).body.items.map((e: any) => e.nip)).toEqual([ANALIS]);
      const kabid = (await app.call('GET', '/api/v1/employees', undefined, {}, me(KABID_B))).body.items.map((e: any) => e.nip).sort();
      expect(kabid).toEqual([KABID_B, ANALIS, ANALIS2].sort());
      expect((await app.call('GET', '/api/v1/employees', undefined, {}, BENDAHARA)).body.page.total).toBe(6);
    });

    it('serves a search in the middle of a name from a trigram index, not by reading the whole directory', async () => {
      // Migration 0010 installs pg_trgm (it ships with PostgreSQL); the projection then indexes lower(name) by trigrams.
      const { rows } = await app.db.pool.query(
        `SELECT i.indexdef FROM pg_indexes i JOIN projections p ON p.name = 'employee_directory'
          WHERE i.tablename = 'employee_directory__g' || p.active_generation AND i.indexdef LIKE '%gin_trgm_ops%'`,
      );
      expect(rows).toHaveLength(1);
      const c = await app.db.pool.connect();
      try {
        // With scans priced out, the planner must have the index to use: a plain b-tree cannot serve '%…%'.
        await c.query('BEGIN');
        await c.query('SET LOCAL enable_seqscan = off');
        const plan = (await c.query(`EXPLAIN SELECT nip FROM employee_directory WHERE lower(name) LIKE '%wulan%'`)).rows
          .map((r) => r['QUERY PLAN'])
          .join('\n');
        expect(plan).toMatch(/_name_trgm/);
        await c.query('ROLLBACK');
      } finally {
        c.release();
      }
      expect((await app.call('GET', '/api/v1/employees?q=ulanda')).body.items.map((e: any) => e.name)).toEqual(['Siti Wulandari']);
    });
  });

  describe('bad input: a coded 4xx and nothing appended', () => {
    it('refuses bad NIPs, bad fields, bad dates and unknown employees', async () => {
      const before = await eventCount();
      const bad = async (method: string, path: string, body: unknown, status: number, code: string) => {
        const r = await app.call(method, path, body, {}, ADMIN);
        expect({ path, status: r.status, code: r.body.error?.code }).toEqual({ path, status, code });
        return r;
      };
      const r = await bad('POST', '/api/v1/employees', registerBody('199001012015033003', 'X', 'ANALIS-P2P', 8), 400, 'INVALID_NIP');
      expect(r.body.error.details).toMatchObject({ reason: 'BAD_GENDER_DIGIT' });
      await bad(
        'POST',
        '/api/v1/employees',
        { ...registerBody(ANALIS, 'X', 'ANALIS-P2P', 8), positionGrade: 'nine' },
        400,
        'VALIDATION_FAILED',
      );
      await bad('POST', '/api/v1/employees', registerBody(ANALIS, 'X', 'ANALIS-P2P', 8), 409, 'EMPLOYEE_ALREADY_REGISTERED');
      await bad(
        'POST',
        '/api/v1/employees',
        { ...registerBody('199002032015032001', 'X', 'ANALIS-P2P', 8), salaryGross: '1000' },
        400,
        'INVALID_AMOUNT',
      );
      await bad(
        'POST',
        '/api/v1/employees',
        { ...registerBody('199002032015032001', 'X', 'ANALIS-P2P', 8), effectiveDate: '2026-02-30' },
        400,
        'INVALID_DATE',
      );
      await bad(
        'POST',
        `/api/v1/employees/199002032015032001/salary`,
        { salaryBase: '1', salaryGross: '2', effectiveDate: '2026-01-01' },
        404,
        'EMPLOYEE_NOT_FOUND',
      );
      await bad(
        'POST',
        `/api/v1/employees/12345/salary`,
        { salaryBase: '1', salaryGross: '2', effectiveDate: '2026-01-01' },
        400,
        'INVALID_NIP',
      );
      await bad('POST', '/api/v1/assignments', { positionId: 'KADIS', nip: ANALIS2, validFrom: '2026-02-01' }, 422, 'POSITION_OCCUPIED');
      await bad('POST', '/api/v1/assignments', { positionId: 'NOPE', nip: ANALIS2, validFrom: '2026-02-01' }, 404, 'UNKNOWN_POSITION');
      await bad(
        'POST',
        '/api/v1/positions/KABID-P2P/move',
        { unitId: 'DINKES-P2P', parentPositionId: 'ANALIS-P2P', effectiveDate: '2026-01-01' },
        422,
        'SUPERVISOR_POSITION_SHARED',
      );
      await bad('GET', `/api/v1/employees/${ANALIS}/supervisor?date=2026-13-01`, undefined, 400, 'INVALID_DATE');
      await bad(
        'POST',
        `/api/v1/employees/${ANALIS}/salary`,
        { salaryBase: '5000000', salaryGross: '5500000', effectiveDate: '2026-01-01', extra: 1 },
        400,
        'VALIDATION_FAILED',
      );
      expect(await eventCount()).toBe(before);
    });

    // The sweep found these answering 500, or 201 with an event for a record that does not exist
    // (`POST /assignments/constructor/end` appended AssignmentEnded and froze the org chart).
    it('answers ids that are names of Object.prototype with a coded 4xx and appends nothing', async () => {
      const BPKAD: TestUser = { sub: 'bpkad', roles: ['bpkad'] };
      const at = '2026-07-01';
      const routes: Array<[string, string, (id: string) => string, (id: string) => unknown, TestUser, number, string]> = [
        ['position', 'GET', (id) => `/api/v1/positions/${id}?date=${at}`, () => undefined, ADMIN, 404, 'UNKNOWN_POSITION'],
        ['cascade', 'GET', (id) => `/api/v1/org-units/${id}/cascade?year=2026`, () => undefined, ADMIN, 404, 'UNKNOWN_ORG_UNIT'],
        [
          'unit move',
          'POST',
          (id) => `/api/v1/org-units/${id}/move`,
          () => ({ parentUnitId: 'DINKES', effectiveDate: at }),
          ADMIN,
          404,
          'UNKNOWN_ORG_UNIT',
        ],
        [
          'unit move to',
          'POST',
          () => '/api/v1/org-units/DINKES-P2P/move',
          (id) => ({ parentUnitId: id, effectiveDate: at }),
          ADMIN,
          404,
          'UNKNOWN_ORG_UNIT',
        ],
        [
          'position move',
          'POST',
          (id) => `/api/v1/positions/${id}/move`,
          () => ({ unitId: 'DINKES-P2P', parentPositionId: 'KADIS', effectiveDate: at }),
          ADMIN,
          404,
          'UNKNOWN_POSITION',
        ],
        [
          'position move under',
          'POST',
          () => '/api/v1/positions/ANALIS-P2P/move',
          (id) => ({ unitId: 'DINKES-P2P', parentPositionId: id, effectiveDate: at }),
          ADMIN,
          404,
          'UNKNOWN_POSITION',
        ],
        [
          'assign',
          'POST',
          () => '/api/v1/assignments',
          (id) => ({ positionId: id, nip: ANALIS2, validFrom: at }),
          ADMIN,
          404,
          'UNKNOWN_POSITION',
        ],
        ['end assignment', 'POST', (id) => `/api/v1/assignments/${id}/end`, () => ({ validUntil: at }), ADMIN, 404, 'UNKNOWN_ASSIGNMENT'],
        [
          'answer report',
          'POST',
          (id) => `/api/v1/daily-reports/${ANALIS}/2026-03/${id}/answer`,
          () => ({ kind: 'ACKNOWLEDGED' }),
          me(KABID_B),
          404,
          'REPORT_NOT_FOUND',
        ],
        [
          'answer realisation',
          'POST',
          (id) => `/api/v1/realisations/${ANALIS}/2026-03/${id}/answer`,
          () => ({ kind: 'ACKNOWLEDGED' }),
          me(KABID_B),
          404,
          'REALISATION_NOT_FOUND',
        ],
        [
          'employee position',
          'POST',
          () => `/api/v1/employees/${ANALIS}/position`,
          (id) => ({ positionId: id, positionGrade: 8, effectiveDate: at }),
          ADMIN,
          404,
          'UNKNOWN_POSITION',
        ],
        [
          'employee OPD',
          'POST',
          () => `/api/v1/employees/${ANALIS}/org-unit`,
          (id) => ({ orgUnitId: id, effectiveDate: at }),
          ADMIN,
          404,
          'UNKNOWN_OPD',
        ],
        [
          'TPP budget',
          'POST',
          (id) => `/api/v1/payroll/opds/${id}/budgets/2026-03`,
          () => ({ amount: '1000000', reason: 'DPA 2026' }),
          BPKAD,
          404,
          'UNKNOWN_OPD',
        ],
        ['payroll step', 'POST', (id) => `/api/v1/payroll/opds/DINKES/runs/2026-03/${id}`, () => ({}), BPKAD, 400, 'UNKNOWN_STEP'],
      ];
      const globalPosition = async () =>
        String((await app.db.pool.query('SELECT coalesce(max(global_position), 0) AS p FROM events')).rows[0].p);
      const every = PROTOTYPE_NAMES.flatMap((name) => routes.map((_, i) => [name, i] as [string, number]));
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...PROTOTYPE_NAMES), fc.nat(routes.length - 1), async (name, i) => {
          const [what, method, path, body, as, status, code] = routes[i];
          const before = await globalPosition();
          const r = await app.call(method, path(encodeURIComponent(name)), body(name), {}, as);
          expect({ what, name, status: r.status, code: r.body?.error?.code }).toEqual({ what, name, status, code });
          expect(await globalPosition()).toBe(before);
        }),
        // Every name on every route, then no random runs beyond them.
        { examples: every, numRuns: every.length },
      );
      // Such an event appended before this fix (the log keeps it) changes nothing in the read model,
      // which goes on following the log: a change made after it shows in the org chart.
      await app.rt.store.append(ORGANISATION_STREAM_ID, [
        { type: 'AssignmentEnded', data: { assignmentId: 'constructor', validUntil: '2026-07-01', at: '2026-07-01T00:00:00Z' } },
      ]);
      await ok(app, 'POST', '/api/v1/positions', {
        positionId: 'PROTO-CHECK',
        unitId: 'DINKES-P2P',
        name: 'Cek',
        grade: 7,
        parentPositionId: 'KABID-P2P',
        effectiveDate: '2026-07-01',
      });
      await until(async () => {
        const chart = (await app.call('GET', '/api/v1/org-chart?date=2026-07-02&opd=DINKES', undefined, {}, ADMIN)).body;
        return JSON.stringify(chart).includes('PROTO-CHECK');
      }, 'the org chart showing a position created after the refusals');
    });

    it('refuses a position or an OPD nobody created, look-alikes with control, zero-width or right-to-left characters included', async () => {
      const NEW = '199002032015032001';
      const before = await eventCount();
      const lookalikes = (real: string) =>
        ['\u200b', '\u200d', '\u202e', '\u2067', '\ufeff']
          .map((c) => real.slice(0, 3) + c + real.slice(3))
          .concat([`${real} `, real.toLowerCase(), `${real}-X`]);
      for (const positionId of lookalikes('ANALIS-P2P')) {
        for (const [path, body] of [
          [`/api/v1/employees/${ANALIS}/position`, { positionId, positionGrade: 8, effectiveDate: '2026-02-01' }],
          ['/api/v1/employees', registerBody(NEW, 'Baru', positionId, 8)],
        ] as const) {
          const r = await app.call('POST', path, body, {}, ADMIN);
          expect({ positionId, status: r.status, code: r.body.error?.code }).toEqual({ positionId, status: 404, code: 'UNKNOWN_POSITION' });
        }
      }
      for (const opd of [...lookalikes('DINKES'), 'DINKES-P2P', '0', 'NaN']) {
        for (const [path, body] of [
          [`/api/v1/employees/${ANALIS}/org-unit`, { orgUnitId: opd, effectiveDate: '2026-02-01' }],
          ['/api/v1/employees', registerBody(NEW, 'Baru', 'ANALIS-P2P', 8, opd)],
        ] as const) {
          const r = await app.call('POST', path, body, {}, ADMIN);
          expect({ opd, status: r.status, code: r.body.error?.code }).toEqual({ opd, status: 404, code: 'UNKNOWN_OPD' });
        }
      }
      // A control character: refused with a code whichever check meets it first.
      const r = await app.call(
        'POST',
        `/api/v1/employees/${ANALIS}/position`,
        { positionId: 'ANALIS\u0007-P2P', positionGrade: 8, effectiveDate: '2026-02-01' },
        {},
        ADMIN,
      );
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(r.body.error?.code).toEqual(expect.any(String));
      expect(await eventCount()).toBe(before);
      // The ids that exist are still accepted.
      await ok(app, 'POST', `/api/v1/employees/${ANALIS}/org-unit`, { orgUnitId: 'DISDIK', effectiveDate: '2026-10-01' });
    });

    it('answers a stale If-Match with 409 and a retried Idempotency-Key with the first answer', async () => {
      const path = `/api/v1/employees/${ANALIS2}/salary`;
      const body = { salaryBase: '4100000', salaryGross: '4600000', effectiveDate: '2026-02-01' };
      const stale = await app.call('POST', path, body, { 'if-match': '"7"' }, ADMIN);
      expect(stale).toMatchObject({ status: 409, body: { error: { code: 'VERSION_CONFLICT', details: { currentVersion: 0 } } } });
      const first = await app.call('POST', path, body, { 'idempotency-key': 'raise-1', 'if-match': '0' }, ADMIN);
      expect(first).toMatchObject({ status: 201, body: { version: 1, events: ['SalaryChanged'], replayed: false } });
      const again = await app.call('POST', path, body, { 'idempotency-key': 'raise-1' }, ADMIN);
      expect(again).toMatchObject({ status: 201, body: { version: 1, replayed: true } });
      const { rows } = await app.db.pool.query(`SELECT metadata FROM events WHERE stream_id = $1 ORDER BY stream_position`, [
        `Employee-${ANALIS2}`,
      ]);
      expect(rows[1].metadata).toMatchObject({ actor: 'admin.bkpsdm', role: 'role:admin_kepegawaian', idempotencyKey: 'raise-1' });
    });
  });
});
