import { startTestApp, TestApp, TestUser } from './support/app';
import { ADMIN, ANALIS, ANALIS2, buildDinkes, KABID_B, me, OTHER, until } from './support/people';

const INSPECTOR: TestUser = { sub: 'inspektur', nip: '197001011995031001', roles: ['pegawai', 'inspektorat'] };
const BENDAHARA: TestUser = { sub: 'bendahara.dinkes', roles: ['bendahara:DINKES'] };
const BPKAD: TestUser = { sub: 'bpkad', roles: ['bpkad'] };

interface Row {
  eventId: string;
  type: string;
  streamId: string;
  streamPosition: number;
  actor: string | null;
  reason: string | null;
  correlationId: string | null;
  nip: string | null;
  opdId: string | null;
}

describe('the audit timeline, its exports and the access log', () => {
  let app: TestApp;
  const timeline = async (query: string, as: TestUser = INSPECTOR) => app.call('GET', `/api/v1/audit/timeline?${query}`, undefined, {}, as);
  const events = async (query: string, as: TestUser = INSPECTOR): Promise<Row[]> => {
    const r = await timeline(query, as);
    if (r.status !== 200) throw new Error(`${query} -> ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.events;
  };
  /** Waits until the timeline holds every event recorded so far. */
  const caughtUp = async () => {
    const head = await app.rt.store.head();
    await until(async () => {
      const r = await events('order=desc&limit=1');
      return (
        r[0] && (await app.call('GET', `/api/v1/audit/timeline?order=desc&limit=1`)).body.events[0]?.globalPosition === head.globalPosition
      );
    }, 'the timeline to catch up');
  };

  beforeAll(async () => {
    app = await startTestApp();
    await buildDinkes(app);
    await caughtUp();
  }, 120_000);
  afterAll(async () => {
    await app.close();
  });

  it('filters by employee, OPD, actor, type, stream, correlation id and time', async () => {
    const about = await events(`nip=${ANALIS}&limit=1000`);
    expect(about.length).toBeGreaterThan(0);
    expect(about.every((e) => e.nip === ANALIS)).toBe(true);
    expect(about).toEqual(
      expect.arrayContaining([expect.objectContaining({ streamId: `Employee-${ANALIS}`, type: 'EmployeeRegistered', opdId: 'DINKES' })]),
    );

    const disdik = await events('opd=DISDIK&limit=1000');
    expect(disdik).toEqual(expect.arrayContaining([expect.objectContaining({ streamId: `Employee-${OTHER}`, opdId: 'DISDIK' })]));
    expect(disdik.every((e) => e.opdId === 'DISDIK')).toBe(true);

    const registered = await events('type=EmployeeRegistered&limit=1000');
    expect(registered.map((e) => e.streamId).sort()).toEqual(expect.arrayContaining([`Employee-${ANALIS}`, `Employee-${OTHER}`]));
    expect(registered).toHaveLength(7);
    expect((await events(`actor=${ADMIN.sub}&limit=1000`)).every((e) => e.actor === ADMIN.sub)).toBe(true);
    expect((await events(`stream=Employee-${ANALIS2}`)).map((e) => e.streamPosition)).toEqual([0]);

    // Every event one request caused, by its correlation id.
    const moved = await app.call(
      'POST',
      `/api/v1/employees/${ANALIS2}/position`,
      { positionId: 'ANALIS-P2P', positionGrade: 9, effectiveDate: '2026-06-01', reason: 'kenaikan kelas jabatan' },
      { 'x-correlation-id': 'req-kenaikan-1' },
      ADMIN,
    );
    expect(moved.status).toBe(201);
    const caused = await until(async () => {
      const r = await events('correlationId=req-kenaikan-1');
      return r.length > 0 && r;
    }, 'the correlated event');
    expect(caused).toEqual([
      expect.objectContaining({ streamId: `Employee-${ANALIS2}`, type: 'PositionChanged', reason: 'kenaikan kelas jabatan' }),
    ]);

    expect(await events('from=2100-01-01')).toEqual([]);
    expect(await events('to=2000-01-01')).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    expect((await events(`from=2000-01-01&to=2100-12-31&stream=Employee-${ANALIS2}`)).length).toBe(2);
    expect(
      (await events(`from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}&stream=Employee-${ANALIS2}`)).length,
    ).toBe(0);
    expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('pages by cursor: events appended between two pages are neither lost nor repeated', async () => {
    const stream = `Probe-${Date.now()}`;
    const append = (from: number, n: number) =>
      app.rt.store.append(
        stream,
        Array.from({ length: n }, (_, i) => ({ type: 'ProbeRecorded', data: { i: from + i }, metadata: { actor: 'probe' } })),
      );
    await append(0, 5);
    await until(async () => (await events(`stream=${stream}`)).length === 5, 'five probes');
    const first = await timeline(`stream=${stream}&limit=3`);
    expect(first.body.events.map((e: Row) => e.streamPosition)).toEqual([0, 1, 2]);
    expect(first.body.page.next).toMatch(/^\d+\.\d+$/);
    await append(5, 4);
    await app.rt.store.append(`Probe-other-${Date.now()}`, [{ type: 'ProbeRecorded', data: {} }]);
    await until(async () => (await events(`stream=${stream}`)).length === 9, 'nine probes');
    const seen: number[] = first.body.events.map((e: Row) => e.streamPosition);
    for (let cursor = first.body.page.next; cursor;) {
      const page = await timeline(`stream=${stream}&limit=3&cursor=${cursor}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.events.map((e: Row) => e.streamPosition));
      cursor = page.body.page.next;
    }
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    // Newest first, the same way.
    const desc = await timeline(`stream=${stream}&limit=5&order=desc`);
    const rest = await timeline(`stream=${stream}&limit=5&order=desc&cursor=${desc.body.page.next}`);
    expect([...desc.body.events, ...rest.body.events].map((e: Row) => e.streamPosition)).toEqual([8, 7, 6, 5, 4, 3, 2, 1, 0]);
    expect(rest.body.page.next).toBeNull();
  });

  it('shows an employee the events about themselves only; others are refused', async () => {
    const own = await events('limit=1000', me(ANALIS));
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((e) => e.nip === ANALIS)).toBe(true);
    expect((await events(`nip=${ANALIS}`, me(ANALIS))).length).toBeGreaterThan(0);
    const other = await timeline(`nip=${ANALIS2}`, me(ANALIS));
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('NOT_OWN_RECORD');
    expect((await timeline('', BENDAHARA)).status).toBe(403);
    expect((await timeline(`nip=${ANALIS}`, BENDAHARA)).status).toBe(403);
    expect((await app.call('GET', '/api/v1/audit/exports/timeline.csv', undefined, {}, me(ANALIS))).status).toBe(403);
  });

  it('refuses bad filters with a code, and appends nothing', async () => {
    const head = await app.rt.store.head();
    const cases: Array<[string, string]> = [
      ['from=2026-11-30&to=2026-11-01', 'INVALID_DATE_RANGE'],
      ['from=2026-11-30T10:00:00Z&to=2026-11-30T09:59:59Z', 'INVALID_DATE_RANGE'],
      ['from=2026-13-45', 'INVALID_DATE'],
      ['to=yesterday', 'INVALID_DATE'],
      ['from=2026-02-30', 'INVALID_DATE'],
      ['limit=5000', 'INVALID_LIMIT'],
      ['limit=0', 'INVALID_LIMIT'],
      ['cursor=abc', 'INVALID_CURSOR'],
      ['nip=123', 'INVALID_NIP'],
      ['opd=%3Cscript%3E', 'INVALID_OPD_ID'],
      ['colour=red', 'VALIDATION_FAILED'],
    ];
    for (const [query, code] of cases) {
      const r = await timeline(query);
      expect({ query, status: r.status, code: r.body.error?.code }).toEqual({ query, status: 400, code });
    }
    const csv = await app.call('GET', '/api/v1/audit/exports/timeline.csv?from=2026-11-30&to=2026-11-01');
    expect(csv.status).toBe(400);
    expect(csv.body.error.code).toBe('INVALID_DATE_RANGE');
    expect(await app.rt.store.head()).toEqual(head);
  });

  it('records the reads of another person’s record, pay and appraisal through a role, and the employee sees them', async () => {
    const stream = `AccessLog-${ANALIS}-${new Date().toISOString().slice(0, 7)}`;
    const recorded = async () => (await app.rt.store.readStream(stream)).length;
    const get = (path: string, as: TestUser, headers: Record<string, string> = {}) => app.call('GET', path, undefined, headers, as);

    expect(
      (await get(`/api/v1/employees/${ANALIS}`, INSPECTOR, { 'x-reason': 'pemeriksaan reguler 2026', 'x-correlation-id': 'audit-1' }))
        .status,
    ).toBe(200);
    expect((await get(`/api/v1/employees/${ANALIS}/pay/2026-10?reason=${encodeURIComponent('uji petik TPP')}`, INSPECTOR)).status).toBe(
      200,
    );
    expect((await get(`/api/v1/appraisals/${ANALIS}`, INSPECTOR)).status).toBe(200);
    expect((await get(`/api/v1/employees/${ANALIS}`, BENDAHARA)).status).toBe(200);
    expect(await recorded()).toBe(4);

    // Not recorded: the employee's own reads, a supervisor's, a refused read.
    expect((await get(`/api/v1/employees/${ANALIS}`, me(ANALIS))).status).toBe(200);
    expect((await get(`/api/v1/employees/${ANALIS}/pay/2026-10`, me(ANALIS))).status).toBe(200);
    expect((await get(`/api/v1/appraisals/${ANALIS}`, me(KABID_B))).status).toBe(200);
    expect((await get(`/api/v1/employees/${ANALIS}`, me(OTHER))).status).toBe(403);
    expect((await get(`/api/v1/employees/${ANALIS}/pay/2026-10`, { sub: 'bendahara.disdik', roles: ['bendahara:DISDIK'] })).status).toBe(
      403,
    );
    // A bad reason refuses the read, and records nothing.
    expect((await get(`/api/v1/employees/${ANALIS}?reason=${'x'.repeat(501)}`, BPKAD)).body.error.code).toBe('INVALID_REASON');
    expect((await get(`/api/v1/employees/${ANALIS}`, BPKAD, { 'x-reason': ' ' })).body.error.code).toBe('INVALID_REASON');
    expect(await recorded()).toBe(4);

    const log = await until(async () => {
      const r = await get(`/api/v1/employees/${ANALIS}/access-log`, me(ANALIS));
      return r.status === 200 && r.body.reads.length === 4 && r.body;
    }, 'the access log');
    expect(log.reads.map((r: { what: string; reader: string; via: string }) => [r.what, r.reader, r.via])).toEqual([
      ['employee.record', 'bendahara.dinkes', 'role:bendahara'],
      ['appraisal.ledger', 'inspektur', 'role:inspektorat'],
      ['pay.ledger', 'inspektur', 'role:inspektorat'],
      ['employee.record', 'inspektur', 'role:inspektorat'],
    ]);
    expect(log.reads[2]).toMatchObject({ scope: '2026-10', reason: 'uji petik TPP' });
    expect(log.reads[3]).toMatchObject({ reason: 'pemeriksaan reguler 2026', correlationId: 'audit-1', readerNip: INSPECTOR.nip });
    // Paged, newest first.
    const page1 = await get(`/api/v1/employees/${ANALIS}/access-log?limit=3`, me(ANALIS));
    const page2 = await get(`/api/v1/employees/${ANALIS}/access-log?limit=3&cursor=${page1.body.page.next}`, me(ANALIS));
    expect([...page1.body.reads, ...page2.body.reads].map((r: { eventId: string }) => r.eventId)).toEqual(
      log.reads.map((r: { eventId: string }) => r.eventId),
    );
    expect(page2.body.page.next).toBeNull();
    // Another employee may not read it; the reads are on the employee's timeline too.
    expect((await get(`/api/v1/employees/${ANALIS}/access-log`, me(ANALIS2))).status).toBe(403);
    const onTimeline = await until(async () => {
      const r = await events('type=DataAccessed&correlationId=audit-1', me(ANALIS));
      return r.length === 1 && r;
    }, 'the read on the timeline');
    expect(onTimeline[0]).toMatchObject({ actor: 'inspektur', reason: 'pemeriksaan reguler 2026', nip: ANALIS });
  });

  it('exports the timeline as JSON Lines and CSV, naming the log head it is consistent with', async () => {
    await caughtUp();
    const jsonl = await app.call('GET', '/api/v1/audit/exports/timeline.jsonl?opd=DISDIK');
    expect(jsonl.status).toBe(200);
    expect(jsonl.headers.get('content-type')).toMatch(/^application\/jsonl/);
    const lines = String(jsonl.body)
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({
      export: 'audit-timeline',
      format: 'jsonl',
      seal: null,
      logHead: { globalPosition: expect.any(String) },
    });
    expect(lines[0].events).toBe(lines.length - 1);
    expect(jsonl.headers.get('x-kinerja-log-head')).toBe(`${lines[0].logHead.transactionId}.${lines[0].logHead.globalPosition}`);
    expect(lines.slice(1).every((l) => l.opdId === 'DISDIK')).toBe(true);
    expect(lines.slice(1)).toEqual(
      await events('opd=DISDIK&limit=1000').then((r) => r.map((e) => expect.objectContaining({ eventId: e.eventId }))),
    );

    // Hostile text in a CSV: quoted, quotes doubled, a formula-leading cell defused.
    const hostile = `Probe-hostile-${Date.now()}`;
    await app.rt.store.append(hostile, [
      { type: 'ProbeRecorded', data: {}, metadata: { actor: '=cmd|" /C calc"!A0', reason: 'a, "quoted"\nsecond line', role: '@SUM(1+1)' } },
      { type: 'ProbeRecorded', data: {}, metadata: { actor: '+62 812', reason: '-1', role: 'plain' } },
    ]);
    await until(async () => (await events(`stream=${hostile}`)).length === 2, 'the hostile events');
    const csv = await app.call('GET', `/api/v1/audit/exports/timeline.csv?stream=${hostile}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = String(csv.body);
    expect(text.split('\n')[0]).toMatch(/^"?# kinerja audit timeline export: consistent with log head \d+\.\d+; 2 events; seal none/);
    expect(text.split('\n')[1]).toBe(
      'recordedAt,eventId,type,streamId,streamType,streamPosition,transactionId,globalPosition,actor,role,reason,policyVersion,correlationId,nip,opdId',
    );
    expect(text).toContain(`,"'=cmd|"" /C calc""!A0",'@SUM(1+1),"a, ""quoted""\nsecond line",`);
    expect(text).toContain(`,'+62 812,plain,'-1,`);
  });
});
