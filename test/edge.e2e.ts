import fc from 'fast-check';
import { generateNips } from '../libs/kernel/src';
import { startTestApp, TestApp, TestUser } from './support/app';
import { ADMIN, ANALIS, buildDinkes, KABID_B, me, ok, registerBody, YEAR } from './support/people';

/**
 * The HTTP edge, against the real app logging at info: no credential reaches a log line, text
 * PostgreSQL cannot store (lone surrogates, NUL) or that means nothing in a field (control
 * characters) is refused with INVALID_TEXT before anything is appended, and error bodies never
 * echo a large input back.
 */
describe('the HTTP edge: credentials kept out of the logs, ill-formed text refused, short error bodies', () => {
  let app: TestApp;
  const logged: string[] = [];
  /** Every credential this suite sends: none of them may appear in any log line. */
  const secrets = new Set<string>();
  const eventCount = async () => Number((await app.db.pool.query('SELECT count(*) AS n FROM events')).rows[0].n);
  const [NEWCOMER] = generateNips(1, 777);

  /** Calls with a bearer token minted here, so the suite knows every token it used. */
  const call = async (method: string, path: string, body?: unknown, as: TestUser | null = ADMIN) => {
    const headers: Record<string, string> = {};
    if (as) {
      const token = await app.token(as);
      secrets.add(token);
      headers.authorization = `Bearer ${token}`;
    }
    return app.call(method, path, body, headers, null);
  };

  beforeAll(async () => {
    app = await startTestApp({ LOG_LEVEL: 'info' }, { logTo: { write: (line: string) => void logged.push(line) } });
    await buildDinkes(app);
  });
  afterAll(async () => {
    await app.close();
  });

  describe('ill-formed text: 400 INVALID_TEXT naming the field, nothing appended', () => {
    /** Commands whose strings all reach an event when the command is accepted. */
    const commands: Array<{ path: string; body: Record<string, unknown>; as: TestUser }> = [
      {
        path: '/api/v1/org-units',
        body: { unitId: 'DINKES-KIA', name: 'Bidang KIA', parentUnitId: 'DINKES', effectiveDate: '2026-02-01', reason: 'Perbup 3/2026' },
        as: ADMIN,
      },
      {
        path: '/api/v1/positions',
        body: {
          positionId: 'KASI-KIA',
          unitId: 'DINKES-P2P',
          name: 'Kasi KIA',
          grade: 9,
          parentPositionId: 'KABID-P2P',
          effectiveDate: '2026-02-01',
        },
        as: ADMIN,
      },
      { path: '/api/v1/employees', body: registerBody(NEWCOMER, 'Rina Marlina', 'ANALIS-P2P', 8), as: ADMIN },
      { path: `/api/v1/feedback/${ANALIS}/${YEAR}/public-links`, body: { service: 'Loket pelayanan KIA' }, as: me(KABID_B) },
    ];
    /** Every path to a string in a body (object keys excluded), as [segments, display]. */
    const stringLeaves = (v: unknown, at: Array<string | number> = []): Array<Array<string | number>> =>
      typeof v === 'string'
        ? [at]
        : Array.isArray(v)
          ? v.flatMap((x, i) => stringLeaves(x, [...at, i]))
          : v && typeof v === 'object'
            ? Object.entries(v).flatMap(([k, x]) => stringLeaves(x, [...at, k]))
            : [];
    const display = (at: Array<string | number>) =>
      at.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : `${s}.${k}`), 'body');
    const setAt = (v: unknown, at: Array<string | number>, f: (s: string) => string): unknown => {
      if (at.length === 0) return f(v as string);
      const source = v as Record<string | number, unknown>;
      const copy = (Array.isArray(v) ? [...v] : { ...source }) as Record<string | number, unknown>;
      copy[at[0]] = setAt(source[at[0]], at.slice(1), f);
      return copy;
    };
    const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
    /** Control characters that mean nothing in a field; tab, LF and CR are kept for multi-line text. */
    const bodyControl = fc.constantFrom(
      ...[...Array(32).keys(), 0x7f].filter((c) => ![9, 10, 13].includes(c)).map((c) => String.fromCharCode(c)),
    );
    const anyControl = fc.constantFrom(...[...Array(32).keys(), 0x7f].map((c) => String.fromCharCode(c)));
    const inject = (bad: string, at: number) => (s: string) => s.slice(0, at % (s.length + 1)) + bad + s.slice(at % (s.length + 1));
    const refused = async (method: string, path: string, body: unknown, as: TestUser, field: string) => {
      const before = await eventCount();
      const r = await call(method, path, body, as);
      expect({ status: r.status, code: r.body?.error?.code, field: r.body?.error?.details?.field }).toEqual({
        status: 400,
        code: 'INVALID_TEXT',
        field,
      });
      expect(await eventCount()).toBe(before);
    };

    it('tells a caller without a token that first, and the same request with one is INVALID_TEXT', async () => {
      const before = await eventCount();
      const body = { ...commands[0].body, name: 'Bidang\u0000KIA' };
      const anonymous = await call('POST', '/api/v1/org-units', body, null);
      expect({ status: anonymous.status, code: anonymous.body?.error?.code }).toEqual({ status: 401, code: 'TOKEN_MISSING' });
      await refused('POST', '/api/v1/org-units', body, ADMIN, 'body.name');
      const query = await call('GET', '/api/v1/employees?q=a%00b', undefined, null);
      expect(query.status).toBe(401);
      expect(await eventCount()).toBe(before);
    });

    it('a lone surrogate or a control character anywhere in a JSON body, values and keys', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.nat(commands.length - 1),
          fc.nat(),
          fc.oneof(loneSurrogate, bodyControl),
          fc.nat(),
          fc.boolean(),
          async (which, leaf, bad, at, inKey) => {
            const { path, body, as } = commands[which];
            if (inKey) {
              const key = inject(bad, at)('catatan');
              await refused('POST', path, { ...body, [key]: 'x' }, as, 'body');
              return;
            }
            const leaves = stringLeaves(body);
            const target = leaves[leaf % leaves.length];
            await refused('POST', path, setAt(body, target, inject(bad, at)), as, display(target));
          },
        ),
        { numRuns: 60 },
      );
      // The same command, well-formed, is accepted: the refusals above were about the text alone.
      await ok(app, 'POST', commands[0].path, { ...commands[0].body, name: 'Bidang KIA\tdan Gizi' });
    });

    it('the reported sweep cases: NUL in ?q, ?opd and payroll ?after; a lone surrogate in a path or deep in a body', async () => {
      await refused('GET', '/api/v1/employees?q=%00', undefined, ADMIN, 'query.q');
      await refused('GET', '/api/v1/employees?opd=%00', undefined, ADMIN, 'query.opd');
      await refused('GET', '/api/v1/org-chart?opd=DIN%00KES', undefined, ADMIN, 'query.opd');
      await refused('GET', `/api/v1/payroll/opds/DINKES/runs/${YEAR}-01/lines?after=%00`, undefined, ADMIN, 'query.after');
      await refused('GET', '/api/v1/positions/%ED%A0%80', undefined, ADMIN, 'params');
      await refused(
        'POST',
        '/api/v1/employees',
        {
          ...registerBody(NEWCOMER, 'Rina', 'ANALIS-P2P', 8),
          bankAccount: { bankName: 'BANK JATENG', accountNumber: '1', accountName: '\ud800x' },
        },
        ADMIN,
        'body.bankAccount.accountName',
      );
    });

    it('a control character in a query or path parameter, on any route', async () => {
      const routes: Array<[string, string]> = [
        ['/api/v1/employees?q=', 'query.q'],
        ['/api/v1/employees?opd=', 'query.opd'],
        [`/api/v1/employees/${ANALIS}?date=`, 'query.date'],
        ['/api/v1/org-chart?opd=', 'query.opd'],
        [`/api/v1/payroll/opds/DINKES/runs/${YEAR}-01/lines?after=`, 'query.after'],
        ['/api/v1/positions/', 'params.positionId'],
        ['/api/v1/employees/', 'params.nip'],
      ];
      await fc.assert(
        fc.asyncProperty(
          fc.nat(routes.length - 1),
          anyControl,
          fc.string({ maxLength: 8, unit: fc.constantFrom('a', 'B', '1', '-') }),
          async (which, bad, text) => {
            const [route, field] = routes[which];
            await refused('GET', route + encodeURIComponent(text + bad + text), undefined, ADMIN, field);
          },
        ),
        { numRuns: 40 },
      );
    });
  });

  describe('error bodies echo at most a short excerpt of the input', () => {
    const MB = 1024 * 1024;
    const small = async (method: string, path: string, body: unknown, status: number, code?: string) => {
      const r = await call(method, path, body);
      expect({ status: r.status, code: r.body?.error?.code }).toEqual({ status, code: code ?? expect.any(String) });
      expect(JSON.stringify(r.body).length).toBeLessThan(4096);
      return r.body.error;
    };

    it('a 1 MB value, a 1 MB malformed body, a body of a hundred thousand bad items', async () => {
      const bad = await small(
        'POST',
        '/api/v1/employees',
        { ...registerBody(NEWCOMER, 'Rina', 'ANALIS-P2P', 8), nip: '1'.repeat(MB) },
        400,
      );
      // The excerpt says it is one: the caller can tell the value was longer.
      expect(JSON.stringify(bad.details)).toMatch(/1{20,}.*more/);
      await small('POST', '/api/v1/employees', `{"nip":"${'x'.repeat(MB)}`, 400, 'MALFORMED_JSON');
      await small(
        'POST',
        '/api/v1/employees',
        { ...registerBody(NEWCOMER, 'Rina', 'ANALIS-P2P', 8), [`k${'y'.repeat(MB)}`]: 1 },
        400,
        'VALIDATION_FAILED',
      );
      await small(
        'POST',
        `/api/v1/workplans/${ANALIS}/${YEAR}/draft`,
        { results: Array.from({ length: 100_000 }, () => ({ resultId: 1 })) },
        400,
        'VALIDATION_FAILED',
      );
      await small(
        'POST',
        '/api/v1/employees/import',
        { csv: `${'z'.repeat(MB)}\n`, dryRun: true, nope: 'x'.repeat(MB) },
        400,
        'VALIDATION_FAILED',
      );
    });
  });

  describe('credentials in the logs', () => {
    it('no bearer token, cookie, public feedback link token or link signature used in this suite appears in any log line', async () => {
      // A public feedback link: its token is the credential in the URL path.
      const link = await call('POST', `/api/v1/feedback/${ANALIS}/${YEAR}/public-links`, { service: 'Pengaduan' }, me(KABID_B));
      expect(link.status).toBe(201);
      secrets.add(link.body.token);
      expect((await call('GET', `/api/v1/public-feedback/${link.body.token}`, undefined, null)).status).toBe(200);
      expect(
        (
          await call(
            'POST',
            `/api/v1/public-feedback/${link.body.token}?src=qr`,
            { ratings: { KECEPATAN: 5, KEJELASAN: 4, KERAMAHAN: 5, KEMUDAHAN: 4 } },
            null,
          )
        ).status,
      ).toBe(201);
      // A refused token and a cookie are credentials too.
      const forged = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJmb3JnZWQifQ.c2lnbmF0dXJlLW9mLWEtZm9yZ2VkLXRva2Vu';
      const cookie = 'kinerja_session_5f2b7c9e1d';
      secrets.add(forged).add(cookie);
      const refused = await app.call(
        'GET',
        '/api/v1/employees',
        undefined,
        { authorization: `Bearer ${forged}`, cookie: `session=${cookie}` },
        null,
      );
      expect(refused.status).toBe(401);
      // A signed evidence link, in a query string and in a body.
      const signature = 'b6f1e0c4d2a9873e5f';
      secrets.add(signature);
      const signed = `https://bucket.example/bukti.pdf?X-Amz-Signature=${signature}&sig=${signature}`;
      await call('GET', `/api/v1/employees?X-Amz-Signature=${signature}`);
      await call(
        'POST',
        `/api/v1/realisations/${ANALIS}/${YEAR}-03`,
        { indicatorId: 'A-1-I1', quantity: 1, quality: 90, timeMonths: 1, evidence: [{ kind: 'LINK', url: signed }] },
        me(ANALIS),
      );

      const text = logged.join('');
      // The log did record these requests (the check below is not vacuous)...
      expect(text.split('/api/v1/public-feedback/').length).toBeGreaterThan(2);
      expect(text.split('"msg":"request completed"').length).toBeGreaterThan(10);
      expect(text).toContain('"url":"/api/v1/employees?X-Amz-Signature=[redacted]"');
      // At least the link token, the forged token, the cookie, the signature and one bearer token
      // per user who called (ADMIN, KABID_B, ANALIS); a user's tokens minted within one second are
      // the same token, so how many more depends on the run's speed.
      expect(secrets.size).toBeGreaterThanOrEqual(7);
      // ...and none of the credentials.
      expect([...secrets].filter((s) => text.includes(s))).toEqual([]);
    });
  });
});
