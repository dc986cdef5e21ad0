import { fixedClock, generateNips } from '../libs/kernel/src';
import { appraisalStreamId, calibrationDecider, calibrationStreamId } from '../libs/domain/appraisal';
import { handleCommand } from '../libs/application/src';
import { appraisalReads, recreateDeadlines } from '../libs/platform/src';
import { INSPECTOR, startTestApp, TestApp, TestUser } from './support/app';
import { ADMIN, ANALIS, ANALIS2, buildDinkes, KABID_A, KABID_B, KADIS, me, ok, registerBody, SEKRETARIS, until } from './support/people';

/**
 * Issue 6 over HTTP: rating (all nine cells of the matrix), the unit's calibration and issue,
 * objections at the window's edges by the command's clock, who may decide, an amendment reaching
 * the ledger and pay, and the bad inputs that append nothing. The clock is the runtime's, set by
 * the test: the machine's date plays no part.
 */
const HEAD: TestUser = { sub: 'kepala.dinkes', nip: KADIS, roles: ['pegawai', 'kepala_opd:DINKES'] };
const STAFF = generateNips(3, 6060);
const [KADISPAR, P1, P2] = generateNips(3, 7070);
const PERIOD = '2026-03';
const ISSUE_AT = '2026-04-01T09:00:00+07:00';

const RATINGS = ['DI_ATAS_EKSPEKTASI', 'SESUAI_EKSPEKTASI', 'DI_BAWAH_EKSPEKTASI'] as const;
const MATRIX: Record<string, Record<string, string>> = {
  DI_ATAS_EKSPEKTASI: { DI_ATAS_EKSPEKTASI: 'SANGAT_BAIK', SESUAI_EKSPEKTASI: 'BAIK', DI_BAWAH_EKSPEKTASI: 'KURANG' },
  SESUAI_EKSPEKTASI: { DI_ATAS_EKSPEKTASI: 'BAIK', SESUAI_EKSPEKTASI: 'BAIK', DI_BAWAH_EKSPEKTASI: 'KURANG' },
  DI_BAWAH_EKSPEKTASI: {
    DI_ATAS_EKSPEKTASI: 'BUTUH_PERBAIKAN',
    SESUAI_EKSPEKTASI: 'BUTUH_PERBAIKAN',
    DI_BAWAH_EKSPEKTASI: 'SANGAT_KURANG',
  },
};
const because = (results: string, behaviour: string) => ({
  ...(results !== 'SESUAI_EKSPEKTASI' ? { results: `hasil kerja ${results.toLowerCase()}` } : {}),
  ...(behaviour !== 'SESUAI_EKSPEKTASI' ? { behaviour: `perilaku ${behaviour.toLowerCase()}` } : {}),
});
const rating = (results: string, behaviour: string) => ({ results, behaviour, reasons: because(results, behaviour) });
const BAIK = rating('SESUAI_EKSPEKTASI', 'SESUAI_EKSPEKTASI');

describe('appraisal, calibration and objections over HTTP', () => {
  let app: TestApp;
  const clock = fixedClock(ISSUE_AT);
  const version = (stream: string) => app.rt.store.streamVersion(stream);
  const rate = (nip: string, rater: string, body: object) =>
    app.call('POST', `/api/v1/appraisals/${nip}/${PERIOD}/rating`, body, {}, me(rater));
  const ledger = async (nip: string) => (await app.call('GET', `/api/v1/appraisals/${nip}/${PERIOD}`, undefined, {}, ADMIN)).body;

  beforeAll(async () => {
    app = await startTestApp();
    app.rt.clock = clock;
    await buildDinkes(app);
    // Three staff of the Sekretariat, so the unit has seven rated employees on 31 March.
    await ok(app, 'POST', '/api/v1/positions', {
      positionId: 'STAF-SEKRETARIAT',
      unitId: 'DINKES',
      name: 'Staf',
      grade: 6,
      parentPositionId: 'SEKRETARIS',
      seats: 3,
      effectiveDate: '2020-01-01',
    });
    for (const [i, nip] of STAFF.entries()) {
      await ok(app, 'POST', '/api/v1/employees', registerBody(nip, `Staf ${i + 1}`, 'STAF-SEKRETARIAT', 6));
      await ok(app, 'POST', '/api/v1/assignments', { positionId: 'STAF-SEKRETARIAT', nip, validFrom: '2026-01-01' });
    }
  });
  afterAll(() => app.close());

  it('gives the predikat of each of the nine cells of the matrix (the supervisor on the period’s last day rates)', async () => {
    for (const results of RATINGS)
      for (const behaviour of RATINGS) {
        const r = await rate(ANALIS, KABID_B, rating(results, behaviour));
        expect({ results, behaviour, status: r.status, predikat: r.body.predikat }).toEqual({
          results,
          behaviour,
          status: 201,
          predikat: MATRIX[results][behaviour],
        });
      }
    const row = await until(async () => {
      const l = await ledger(ANALIS);
      return l.revision === 9 && l;
    }, 'the ninth rating in the ledger');
    expect(row).toMatchObject({ state: 'DRAFT', predikat: 'SANGAT_KURANG', raterNip: KABID_B });
  });

  it('refuses bad ratings with a code and appends nothing', async () => {
    const before = await version(appraisalStreamId(ANALIS, PERIOD));
    // Kabid A supervised Analis until 15 March: not on the period's last day.
    for (const [nip, rater, body, status, code] of [
      [ANALIS, ANALIS2, BAIK, 403, 'NOT_SUPERVISOR'],
      [ANALIS, KABID_A, BAIK, 403, 'NOT_SUPERVISOR'],
      [ANALIS, KABID_B, { results: 'LUAR_BIASA', behaviour: 'SESUAI_EKSPEKTASI' }, 400, 'INVALID_RATING'],
      [ANALIS, KABID_B, { results: 'DI_ATAS_EKSPEKTASI', behaviour: 'SESUAI_EKSPEKTASI' }, 400, 'REASON_REQUIRED'],
      [ANALIS, KABID_B, { ...BAIK, behaviourValues: { JUJUR: 'SESUAI_EKSPEKTASI' } }, 400, 'INVALID_BEHAVIOUR_VALUE'],
    ] as const) {
      const r = await app.call('POST', `/api/v1/appraisals/${nip}/${PERIOD}/rating`, body, {}, me(rater));
      expect({ status: r.status, code: r.body.error?.code }).toEqual({ status, code });
    }
    const r = await app.call('POST', `/api/v1/appraisals/${ANALIS}/2026-13/rating`, BAIK, {}, me(KABID_B));
    expect([r.status, r.body.error.code]).toEqual([400, 'INVALID_PERIOD']);
    expect(await version(appraisalStreamId(ANALIS, PERIOD))).toBe(before);
  });

  it('refuses to issue a unit off the curve, shows the distribution beside the curve, and issues on the head’s justification', async () => {
    const unit = `/api/v1/appraisal-units/DINKES/${PERIOD}`;
    // Five BAIK, one SANGAT_BAIK, one KURANG: the curve of an organisation rated BAIK allows ⌊70% × 7⌋ = 4 BAIK.
    await ok(app, 'POST', `/api/v1/appraisals/${ANALIS}/${PERIOD}/rating`, BAIK, me(KABID_B));
    await ok(app, 'POST', `/api/v1/appraisals/${ANALIS2}/${PERIOD}/rating`, BAIK, me(KABID_B));
    await ok(
      app,
      'POST',
      `/api/v1/appraisals/${SEKRETARIS}/${PERIOD}/rating`,
      rating('DI_ATAS_EKSPEKTASI', 'DI_ATAS_EKSPEKTASI'),
      me(KADIS),
    );
    await ok(app, 'POST', `/api/v1/appraisals/${KABID_B}/${PERIOD}/rating`, BAIK, me(KADIS));
    await ok(app, 'POST', `/api/v1/appraisals/${STAFF[0]}/${PERIOD}/rating`, BAIK, me(SEKRETARIS));
    await ok(app, 'POST', `/api/v1/appraisals/${STAFF[1]}/${PERIOD}/rating`, BAIK, me(SEKRETARIS));

    // Not everyone rated yet; then no organisational result yet.
    let r = await app.call('POST', `${unit}/issue`, undefined, {}, HEAD);
    expect([r.status, r.body.error.code, r.body.error.details.unrated]).toEqual([422, 'APPRAISALS_INCOMPLETE', [STAFF[2]]]);
    await ok(
      app,
      'POST',
      `/api/v1/appraisals/${STAFF[2]}/${PERIOD}/rating`,
      rating('SESUAI_EKSPEKTASI', 'DI_BAWAH_EKSPEKTASI'),
      me(SEKRETARIS),
    );
    r = await app.call('POST', `${unit}/issue`, undefined, {}, HEAD);
    expect([r.status, r.body.error.code]).toEqual([422, 'ORGANISATION_RESULT_MISSING']);
    r = await app.call('POST', `${unit}/organisation-result`, { result: 'BAIK', reason: 'LKjIP 2026 triwulan I' }, {}, HEAD);
    expect([r.status, r.body.error.code]).toEqual([403, 'ROLE_REQUIRED']);
    await ok(app, 'POST', `${unit}/organisation-result`, { result: 'BAIK', reason: 'LKjIP 2026 triwulan I' }, ADMIN);

    const cal = calibrationStreamId('DINKES', PERIOD);
    const before = await version(cal);
    r = await app.call('POST', `${unit}/issue`, undefined, {}, HEAD);
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('DISTRIBUTION_EXCEEDED');
    expect(r.body.error.details.counts).toEqual({ SANGAT_BAIK: 1, BAIK: 5, BUTUH_PERBAIKAN: 0, KURANG: 1, SANGAT_KURANG: 0 });
    expect(r.body.error.details.checks).toEqual([
      { predikat: ['BAIK'], kind: 'max', percent: '70', limit: 4, actual: 5, ok: false },
      { predikat: ['BUTUH_PERBAIKAN', 'KURANG'], kind: 'min', percent: null, limit: 1, actual: 1, ok: true },
    ]);
    expect(await version(cal)).toBe(before);

    const dist = await ok(app, 'GET', `${unit}/distribution`, undefined, HEAD, 200);
    expect(dist).toMatchObject({
      organisationResult: 'BAIK',
      employees: 7,
      rated: 7,
      unrated: [],
      minUnitSize: 5,
      check: { withinCurve: false, exempt: false },
    });
    expect(dist.curve).toEqual([
      { predikat: ['BAIK'], maxPercent: '70' },
      { predikat: ['BUTUH_PERBAIKAN', 'KURANG'], minCount: 1 },
    ]);
    // The head of another OPD neither sees nor justifies it.
    const otherHead: TestUser = { sub: 'kepala.disdik', roles: ['pegawai', 'kepala_opd:DISDIK'] };
    expect((await app.call('GET', `${unit}/distribution`, undefined, {}, otherHead)).status).toBe(403);

    r = await app.call('POST', `${unit}/justification`, { justification: 'x' }, {}, otherHead);
    expect([r.status, r.body.error.code]).toEqual([403, 'OUTSIDE_OPD']);
    r = await app.call('POST', `${unit}/justification`, { justification: '' }, {}, HEAD);
    expect([r.status, r.body.error.code]).toEqual([400, 'REASON_REQUIRED']);
    await ok(
      app,
      'POST',
      `${unit}/justification`,
      { justification: 'Lima pegawai menuntaskan program vaksinasi HPV lebih awal; bukti di LKjIP.' },
      HEAD,
    );

    const issued = await ok(app, 'POST', `${unit}/issue`, undefined, HEAD);
    expect(issued).toMatchObject({
      issuedOn: '2026-04-01',
      issued: 7,
      withinCurve: false,
      justification: expect.stringContaining('vaksinasi'),
    });
    // Issued: the period is closed to ratings, and to issuing again.
    r = await app.call('POST', `${unit}/issue`, undefined, {}, HEAD);
    expect([r.status, r.body.error.code]).toEqual([409, 'PERIOD_CLOSED']);
    r = await rate(ANALIS, KABID_B, BAIK);
    expect([r.status, r.body.error.code]).toEqual([409, 'PERIOD_CLOSED']);
    const row = await until(async () => {
      const l = await ledger(ANALIS2);
      return l.state === 'ISSUED' && l;
    }, 'the issued appraisal in the ledger');
    expect(row).toMatchObject({
      predikat: 'BAIK',
      issuedOn: '2026-04-01',
      objectionDeadline: '2026-04-15',
      raterNip: KABID_B,
      raterSupervisorNip: SEKRETARIS,
    });
  });

  it('accepts an objection on day 14 and refuses it on day 15, by the command’s clock', async () => {
    clock.set('2026-04-15T23:59:00+07:00');
    let r = await app.call('POST', `/api/v1/appraisals/${ANALIS2}/${PERIOD}/objection`, { evidence: [] }, {}, me(ANALIS2));
    expect([r.status, r.body.error.code]).toEqual([400, 'REASON_REQUIRED']);
    r = await app.call(
      'POST',
      `/api/v1/appraisals/${ANALIS2}/${PERIOD}/objection`,
      { reasons: 'Saya juga menuntaskan program HPV' },
      {},
      me(ANALIS),
    );
    expect([r.status, r.body.error.code]).toEqual([403, 'NOT_OWN_RECORD']);
    r = await app.call(
      'POST',
      `/api/v1/appraisals/${ANALIS2}/${PERIOD}/objection`,
      { reasons: 'bukti terlampir', evidence: [{ kind: 'FILE', sha256: 'c'.repeat(64) }] },
      {},
      me(ANALIS2),
    );
    expect([r.status, r.body.error.code]).toEqual([404, 'EVIDENCE_NOT_FOUND']);
    await ok(
      app,
      'POST',
      `/api/v1/appraisals/${ANALIS2}/${PERIOD}/objection`,
      { reasons: 'Target cakupan imunisasi terlampaui 120%', evidence: [{ kind: 'LINK', url: 'https://drive.example/lkh' }] },
      me(ANALIS2),
    );
    r = await app.call('POST', `/api/v1/appraisals/${ANALIS2}/${PERIOD}/objection`, { reasons: 'sekali lagi' }, {}, me(ANALIS2));
    expect([r.status, r.body.error.code]).toEqual([409, 'OBJECTION_ALREADY_FILED']);

    clock.set('2026-04-16T00:00:00+07:00');
    const before = await version(appraisalStreamId(STAFF[2], PERIOD));
    r = await app.call('POST', `/api/v1/appraisals/${STAFF[2]}/${PERIOD}/objection`, { reasons: 'perilaku saya baik' }, {}, me(STAFF[2]));
    expect(r.status).toBe(422);
    expect(r.body.error).toMatchObject({
      code: 'OBJECTION_WINDOW_CLOSED',
      details: { issuedOn: '2026-04-01', lastDay: '2026-04-15', today: '2026-04-16' },
    });
    expect(await version(appraisalStreamId(STAFF[2], PERIOD))).toBe(before);

    const row = await until(async () => {
      const l = await ledger(ANALIS2);
      return l.state === 'OBJECTED' && l;
    }, 'the objection in the ledger');
    expect(row.objection).toMatchObject({ decisionDue: '2026-04-29', decider: SEKRETARIS });
    // It waits in the decider's inbox; the rater's shows nothing to decide.
    const inbox = (await app.call('GET', '/api/v1/inbox', undefined, {}, me(SEKRETARIS))).body;
    expect(inbox.objectionsToDecide).toEqual([
      { nip: ANALIS2, period: PERIOD, objectionId: row.objection.id, decisionDue: '2026-04-29', escalated: false },
    ]);
    expect((await app.call('GET', '/api/v1/inbox', undefined, {}, me(KABID_B))).body.objectionsToDecide).toEqual([]);
  });

  it('lets only the rater’s supervisor on the issue date decide, even after the org chart changed; the amendment reaches the ledger', async () => {
    const path = `/api/v1/appraisals/${ANALIS2}/${PERIOD}/objection/decision`;
    const amend = {
      outcome: 'AMEND',
      results: 'DI_ATAS_EKSPEKTASI',
      behaviour: 'DI_ATAS_EKSPEKTASI',
      reasons: 'Bukti capaian 120% diterima',
    };
    // 2 July: the Sekretaris's term as Plt Kadis ended on 1 July; the Kadis supervises the Kabid again.
    clock.set('2026-07-02T10:00:00+07:00');
    const before = await version(appraisalStreamId(ANALIS2, PERIOD));
    for (const [who, status, code] of [
      [KABID_B, 403, 'RATER_MAY_NOT_DECIDE'],
      [KADIS, 403, 'NOT_RATERS_SUPERVISOR'],
    ] as const) {
      const r = await app.call('POST', path, amend, {}, me(who));
      expect({ who, status: r.status, code: r.body.error?.code }).toEqual({ who, status, code });
    }
    let r = await app.call('POST', path, { ...amend, outcome: 'UPHOLD' }, {}, me(SEKRETARIS));
    expect([r.status, r.body.error.code]).toEqual([400, 'INVALID_OUTCOME']);
    r = await app.call('POST', path, { ...amend, results: 'BAGUS' }, {}, me(SEKRETARIS));
    expect([r.status, r.body.error.code]).toEqual([400, 'INVALID_RATING']);
    expect(await version(appraisalStreamId(ANALIS2, PERIOD))).toBe(before);

    await ok(app, 'POST', path, amend, me(SEKRETARIS));
    r = await app.call('POST', path, { outcome: 'CONFIRM', reasons: 'lagi' }, {}, me(SEKRETARIS));
    expect([r.status, r.body.error.code]).toEqual([409, 'OBJECTION_ALREADY_DECIDED']);

    const row = await until(async () => {
      const l = await ledger(ANALIS2);
      return l.state === 'DECIDED' && l;
    }, 'the decision in the ledger');
    expect(row).toMatchObject({
      predikat: 'SANGAT_BAIK',
      issuedPredikat: 'BAIK',
      decision: { outcome: 'AMEND', previousPredikat: 'BAIK', predikat: 'SANGAT_BAIK', decidedBy: SEKRETARIS, late: true },
    });
    // The amended predikat is the month's predikat for TPP, naming the objection (a paid month gets an adjustment line).
    const pay = await until(async () => {
      const { rows } = await app.rt.db.pool.query('SELECT predikat, objection_id FROM pay_predikat WHERE nip = $1 AND month = $2', [
        ANALIS2,
        PERIOD,
      ]);
      return rows[0]?.objection_id && rows[0];
    }, 'the amended predikat in the pay inputs');
    expect(pay).toEqual({ predikat: 'SANGAT_BAIK', objection_id: row.objection.id });
    // The inspectorate replays the appraisal as it stood before the decision; the employee reads their own, nobody else's.
    const stream = `/api/v1/audit/streams/${appraisalStreamId(ANALIS2, PERIOD)}`;
    const decidedAt = row.events.find((e: { type: string }) => e.type === 'ObjectionDecided').recordedAt;
    const asItWas = (await app.call('GET', `${stream}?asOf=${encodeURIComponent(new Date(Date.parse(decidedAt) - 1).toISOString())}`)).body;
    expect(asItWas.events.map((e: { type: string }) => e.type).filter((t: string) => t !== 'ObjectionEscalated')).toEqual([
      'AppraisalRated',
      'AppraisalIssued',
      'ObjectionFiled',
    ]);
    expect((await app.call('GET', stream, undefined, {}, me(ANALIS2))).status).toBe(200);
    const other = await app.call('GET', stream, undefined, {}, me(ANALIS));
    expect([other.status, other.body.error.code]).toEqual([403, 'NOT_OWN_RECORD']);
    expect(
      (await app.call('GET', `/api/v1/audit/streams/${calibrationStreamId('DINKES', PERIOD)}`, undefined, {}, me(ANALIS))).status,
    ).toBe(403);
    // (An escalation may sit between the filing and the decision: the decision came late.)
    const types = row.events.map((e: { type: string }) => e.type).filter((t: string) => t !== 'ObjectionEscalated');
    expect(types).toEqual(['AppraisalRated', 'AppraisalIssued', 'ObjectionFiled', 'ObjectionDecided', 'RewardListed']);
  });

  it('names the stream of every event behind the ledger, the calibration and the follow-up lists, and the audit route replays each', async () => {
    const row = await ledger(ANALIS2);
    const unit = await ok(app, 'GET', `/api/v1/appraisal-units/DINKES/${PERIOD}`, undefined, ADMIN, 200);
    const rewards = await ok(app, 'GET', `/api/v1/follow-up/rewards?period=${PERIOD}`, undefined, ADMIN, 200);
    const named: Array<{ eventId: string; streamId: string; streamPosition?: number }> = [
      ...row.events,
      ...unit.calibration.events,
      ...unit.appraisals.flatMap((a: { events: [] }) => a.events),
      ...rewards.rewards,
    ];
    expect(rewards.rewards.map((r: { nip: string }) => r.nip)).toContain(ANALIS2);
    expect(new Set(named.map((n) => n.streamId))).toEqual(
      new Set([calibrationStreamId('DINKES', PERIOD), ...unit.appraisals.map((a: { nip: string }) => appraisalStreamId(a.nip, PERIOD))]),
    );
    const replayed = new Map<string, Array<{ id: string; streamPosition: number }>>();
    for (const streamId of new Set(named.map((n) => n.streamId)))
      replayed.set(streamId, (await ok(app, 'GET', `/api/v1/audit/streams/${streamId}`, undefined, INSPECTOR, 200)).events);
    for (const n of named) {
      const e = replayed.get(n.streamId)!.find((x) => x.id === n.eventId);
      expect({ eventId: n.eventId, found: e !== undefined }).toEqual({ eventId: n.eventId, found: true });
      if (n.streamPosition !== undefined) expect(e!.streamPosition).toBe(n.streamPosition);
    }
  });
});

describe('follow-up over two years: promotion eligibility, training, rewards', () => {
  let app: TestApp;
  const clock = fixedClock('2026-01-02T09:00:00+07:00');
  const HEAD_DISPAR: TestUser = { sub: 'kepala.dispar', nip: KADISPAR, roles: ['pegawai', 'kepala_opd:DISPAR'] };
  const HEAD_DISPAR_ACTOR = { userId: HEAD_DISPAR.sub, nip: KADISPAR, roles: HEAD_DISPAR.roles };

  /** December of `year` rated, issued by the head, and final when its window ends (the timer, run by the sweep once the clock passed it). */
  async function yearEnd(year: number, ratings: Array<[string, object]>) {
    const period = `${year}-12`;
    clock.set(`${year + 1}-01-02T09:00:00+07:00`);
    for (const [nip, body] of ratings) await ok(app, 'POST', `/api/v1/appraisals/${nip}/${period}/rating`, body, me(KADISPAR));
    await ok(app, 'POST', `/api/v1/appraisal-units/DISPAR/${period}/organisation-result`, { result: 'BAIK', reason: 'LKjIP' }, ADMIN);
    // Two rated employees: fewer than the policy's five, so the unit is not held to the curve.
    expect(await ok(app, 'POST', `/api/v1/appraisal-units/DISPAR/${period}/issue`, undefined, HEAD_DISPAR)).toMatchObject({
      issued: 2,
      withinCurve: true,
    });
    clock.set(`${year + 1}-01-17T00:00:01+07:00`);
    for (const [nip] of ratings)
      await until(async () => {
        await recreateDeadlines(app.rt);
        const l = (await app.call('GET', `/api/v1/appraisals/${nip}/${period}`, undefined, {}, ADMIN)).body;
        return l.state === 'FINAL';
      }, `${nip} ${period} final`);
  }

  beforeAll(async () => {
    app = await startTestApp();
    app.rt.clock = clock;
    await ok(app, 'POST', '/api/v1/org-units', {
      unitId: 'DISPAR',
      name: 'Dinas Pariwisata',
      parentUnitId: null,
      budgetCode: 'B-DISPAR',
      effectiveDate: '2020-01-01',
    });
    await ok(app, 'POST', '/api/v1/positions', {
      positionId: 'KADISPAR',
      unitId: 'DISPAR',
      name: 'Kepala Dinas',
      grade: 15,
      parentPositionId: null,
      seats: 1,
      effectiveDate: '2020-01-01',
    });
    await ok(app, 'POST', '/api/v1/positions', {
      positionId: 'STAF-DISPAR',
      unitId: 'DISPAR',
      name: 'Staf',
      grade: 7,
      parentPositionId: 'KADISPAR',
      seats: 2,
      effectiveDate: '2020-01-01',
    });
    for (const [nip, name, pos, grade] of [
      [KADISPAR, 'Kepala', 'KADISPAR', 15],
      [P1, 'Pegawai Satu', 'STAF-DISPAR', 7],
      [P2, 'Pegawai Dua', 'STAF-DISPAR', 7],
    ] as const) {
      await ok(app, 'POST', '/api/v1/employees', registerBody(nip, name, pos, grade, 'DISPAR'));
      await ok(app, 'POST', '/api/v1/assignments', { positionId: pos, nip, validFrom: '2026-01-01' });
    }
  });
  afterAll(() => app.close());

  it('finds promotion eligibility only with at least BAIK in each of the last two years, recommends training and lists rewards', async () => {
    // P2's 2025 was appraised before kinerja: BKPSDM records its predikat from e-Kinerja BKN.
    const history = `/api/v1/follow-up/employees/${P2}/year-predikat`;
    const y2025 = { year: 2025, predikat: 'BAIK', source: 'e-Kinerja BKN', reason: 'SKP 2025, predikat tahunan' };
    for (const [body, as, status, code] of [
      [y2025, me(P2), 403, 'ROLE_REQUIRED'],
      [{ ...y2025, year: 2026 }, ADMIN, 400, 'INVALID_YEAR'],
      [{ ...y2025, predikat: 'ISTIMEWA' }, ADMIN, 400, 'UNKNOWN_PREDIKAT'],
    ] as const) {
      const r = await app.call('POST', history, body, {}, as);
      expect({ status: r.status, code: r.body.error?.code }).toEqual({ status, code });
    }
    await ok(app, 'POST', history, y2025, ADMIN);
    const again = await app.call('POST', history, { ...y2025, predikat: 'SANGAT_BAIK' }, {}, ADMIN);
    expect([again.status, again.body.error.code]).toEqual([409, 'YEAR_PREDIKAT_EXISTS']);
    await yearEnd(2026, [
      [P1, BAIK],
      [P2, BAIK],
    ]);
    await yearEnd(2027, [
      [P1, rating('DI_ATAS_EKSPEKTASI', 'DI_ATAS_EKSPEKTASI')],
      [
        P2,
        {
          ...rating('DI_BAWAH_EKSPEKTASI', 'SESUAI_EKSPEKTASI'),
          behaviourValues: { ADAPTIF: 'DI_BAWAH_EKSPEKTASI', KOLABORATIF: 'DI_BAWAH_EKSPEKTASI', LOYAL: 'SESUAI_EKSPEKTASI' },
        },
      ],
    ]);
    const followUp = async (nip: string) =>
      until(async () => {
        const b = (await app.call('GET', `/api/v1/follow-up/employees/${nip}?year=2028`, undefined, {}, me(nip))).body;
        return b.promotionEligibility?.length === 2 && b;
      }, `${nip}'s two years`);
    const one = await followUp(P1);
    expect(one.promotionEligibility).toEqual([
      expect.objectContaining({ year: 2026, eligible: false, yearPredikat: { 2025: null, 2026: 'BAIK' } }),
      expect.objectContaining({ year: 2027, eligible: true, yearPredikat: { 2026: 'BAIK', 2027: 'SANGAT_BAIK' } }),
    ]);
    const two = await followUp(P2);
    expect(two.promotionEligibility[0]).toMatchObject({ year: 2026, eligible: true, yearPredikat: { 2025: 'BAIK', 2026: 'BAIK' } });
    expect(two.yearPredikatBeforeKinerja).toEqual([expect.objectContaining({ year: 2025, predikat: 'BAIK', source: 'e-Kinerja BKN' })]);
    const appraised = await app.call('POST', history, { ...y2025, year: 2026 }, {}, ADMIN);
    expect([appraised.status, appraised.body.error.code]).toEqual([409, 'YEAR_APPRAISED_IN_KINERJA']);
    expect(two.promotionEligibility[1]).toMatchObject({
      year: 2027,
      eligible: false,
      yearPredikat: { 2026: 'BAIK', 2027: 'BUTUH_PERBAIKAN' },
    });
    expect(two.trainingRecommendations).toEqual([
      expect.objectContaining({
        recommendationId: `TR-${P2}-2027-12`,
        predikat: 'BUTUH_PERBAIKAN',
        weakestBehaviours: ['ADAPTIF', 'KOLABORATIF'],
        closedByTrainingId: null,
      }),
    ]);
    const rewards = (await app.call('GET', '/api/v1/follow-up/rewards?period=2027-12', undefined, {}, ADMIN)).body.rewards;
    expect(rewards.map((r: { nip: string }) => r.nip)).toEqual([P1]);
    expect((await app.call('GET', '/api/v1/follow-up/rewards', undefined, {}, me(P1))).status).toBe(403);

    // A completed training closes the recommendation and counts towards the year's competence development hours.
    const training = {
      course: 'Pelatihan Kepemimpinan Adaptif',
      hours: 24,
      completedOn: '2028-01-10',
      recommendationId: `TR-${P2}-2027-12`,
    };
    let r = await app.call('POST', `/api/v1/trainings/${P2}`, { ...training, recommendationId: `TR-${P1}-2027-12` }, {}, me(P2));
    expect([r.status, r.body.error.code]).toEqual([404, 'UNKNOWN_RECOMMENDATION']);
    r = await app.call('POST', `/api/v1/trainings/${P2}`, { ...training, hours: 0 }, {}, me(P2));
    expect([r.status, r.body.error.code]).toEqual([400, 'INVALID_HOURS']);
    await ok(app, 'POST', `/api/v1/trainings/${P2}`, training, me(P2));
    await ok(app, 'POST', `/api/v1/trainings/${P2}`, { course: 'Seminar Pariwisata', hours: 8, completedOn: '2028-01-12' }, ADMIN);
    r = await app.call('POST', `/api/v1/trainings/${P2}`, { ...training, course: 'Lain', completedOn: '2028-01-11' }, {}, me(P2));
    expect([r.status, r.body.error.code]).toEqual([409, 'RECOMMENDATION_CLOSED']);
    const after = await until(async () => {
      const b = (await app.call('GET', `/api/v1/follow-up/employees/${P2}?year=2028`, undefined, {}, me(P2))).body;
      return b.competenceDevelopment?.hours === 32 && b;
    }, 'the hours of 2028');
    expect(after.trainingRecommendations[0].closedByTrainingId).toEqual(expect.any(String));
    expect(after.competenceDevelopment.trainings.map((t: { course: string }) => t.course).sort()).toEqual([
      'Pelatihan Kepemimpinan Adaptif',
      'Seminar Pariwisata',
    ]);
  });

  it('completes an issue cut short between the OPD’s event and the appraisals’ (a crash), issuing nothing twice', async () => {
    clock.set('2028-07-02T09:00:00+07:00');
    for (const nip of [P1, P2]) await ok(app, 'POST', `/api/v1/appraisals/${nip}/2028-06/rating`, BAIK, me(KADISPAR));
    await ok(app, 'POST', '/api/v1/appraisal-units/DISPAR/2028-06/organisation-result', { result: 'BAIK', reason: 'LKjIP' }, ADMIN);
    // The OPD's issue recorded, then the process died before any AppraisalIssued.
    const svc = appraisalReads(app.rt);
    await handleCommand(
      app.rt.store,
      calibrationStreamId('DISPAR', '2028-06'),
      calibrationDecider,
      {
        type: 'IssueUnitAppraisals',
        opdId: 'DISPAR',
        period: '2028-06',
        drafts: [
          { nip: P1, predikat: 'BAIK' },
          { nip: P2, predikat: 'BAIK' },
        ],
        unrated: [],
        issuedOn: '2028-07-02',
        policy: (await svc.policyFor('2028-06')).policy,
        policyVersion: 'perkada-contoh-1-2026/v1',
        by: HEAD_DISPAR_ACTOR,
        now: clock.now().toISOString(),
      },
      { actor: HEAD_DISPAR_ACTOR },
    );
    expect((await svc.appraisal(P1, '2028-06')).state.status).toBe('DRAFT');
    // The head asks again (no Idempotency-Key): the rest is issued, once.
    expect(await ok(app, 'POST', '/api/v1/appraisal-units/DISPAR/2028-06/issue', undefined, HEAD_DISPAR)).toMatchObject({
      issued: 2,
      issuedOn: '2028-07-02',
    });
    for (const nip of [P1, P2]) {
      const types = (await app.rt.store.readStream(appraisalStreamId(nip, '2028-06'))).map((e) => e.type);
      expect(types).toEqual(['AppraisalRated', 'AppraisalIssued']);
    }
    const r = await app.call('POST', '/api/v1/appraisal-units/DISPAR/2028-06/issue', undefined, {}, HEAD_DISPAR);
    expect([r.status, r.body.error.code]).toEqual([409, 'PERIOD_CLOSED']);
  });

  it('decides AMEND with only the results: the behaviour stays as rated and the predikat is from the merge', async () => {
    const period = '2028-09';
    clock.set('2028-10-02T09:00:00+07:00');
    await ok(app, 'POST', `/api/v1/appraisals/${P1}/${period}/rating`, BAIK, me(KADISPAR));
    // Results below, behaviour above expectation: BUTUH_PERBAIKAN.
    const asRated = rating('DI_BAWAH_EKSPEKTASI', 'DI_ATAS_EKSPEKTASI');
    expect(await ok(app, 'POST', `/api/v1/appraisals/${P2}/${period}/rating`, asRated, me(KADISPAR))).toMatchObject({
      predikat: 'BUTUH_PERBAIKAN',
    });
    await ok(app, 'POST', `/api/v1/appraisal-units/DISPAR/${period}/organisation-result`, { result: 'BAIK', reason: 'LKjIP' }, ADMIN);
    await ok(app, 'POST', `/api/v1/appraisal-units/DISPAR/${period}/issue`, undefined, HEAD_DISPAR);
    clock.set('2028-10-05T09:00:00+07:00');
    await ok(app, 'POST', `/api/v1/appraisals/${P2}/${period}/objection`, { reasons: 'Semua RHK tercapai, bukti di LKH' }, me(P2));
    // The head of the OPD rated it; nobody above is in the system, so BKPSDM records the decision.
    clock.set('2028-10-09T09:00:00+07:00');
    const decision = { outcome: 'AMEND', results: 'DI_ATAS_EKSPEKTASI', reasons: 'Bukti capaian RHK diterima' };
    await ok(app, 'POST', `/api/v1/appraisals/${P2}/${period}/objection/decision`, decision, ADMIN);
    const row = await until(async () => {
      const l = (await app.call('GET', `/api/v1/appraisals/${P2}/${period}`, undefined, {}, ADMIN)).body;
      return l.state === 'DECIDED' && l;
    }, 'the decision in the ledger');
    // New results (DI_ATAS) with the rater's behaviour (DI_ATAS): SANGAT_BAIK.
    expect(row).toMatchObject({
      predikat: 'SANGAT_BAIK',
      decision: { outcome: 'AMEND', previousPredikat: 'BUTUH_PERBAIKAN', predikat: 'SANGAT_BAIK' },
    });
    const decided = (await app.rt.store.readStream(appraisalStreamId(P2, period))).find((e) => e.type === 'ObjectionDecided');
    expect(decided?.data).toMatchObject({ results: 'DI_ATAS_EKSPEKTASI', behaviour: 'DI_ATAS_EKSPEKTASI', predikat: 'SANGAT_BAIK' });
  });
});
