import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { httpStatusOf, type ErrorCategory } from '@kinerja/kernel';
import { BEHAVIOUR_VALUES } from '@kinerja/domain/appraisal';
import { ORGANISATION_RESULTS, RATINGS } from '@kinerja/policies';
import type { Runtime } from '@kinerja/platform';
import { ApiModule } from '../api.module';
import { handlersOf, isPublicHandler, openApiDocument } from './document';
import { AREAS, AUTHENTICATED, COMMAND, PARAMETER, WITH_BODY, WITH_TEXT } from './error-codes';
import { ROUTES } from './routes';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

let doc: OpenAPIObject;
let handlers: ReturnType<typeof handlersOf>;
beforeAll(async () => {
  // No database and no server: what `npm run lint:openapi` builds, from the real controllers.
  const app = await NestFactory.create(ApiModule.forRuntime({ config: {} } as unknown as Runtime), { preview: true, logger: false });
  doc = openApiDocument(app);
  handlers = handlersOf(app);
  await app.close();
});

function operations(): Array<{ key: string; path: string; method: string; op: Json }> {
  const out = [];
  for (const [path, item] of Object.entries<Json>(doc.paths))
    for (const method of METHODS) if (item[method]) out.push({ key: `${method.toUpperCase()} ${path}`, path, method, op: item[method] });
  return out;
}

const body = (key: string): Json => {
  const [method, path] = key.split(' ');
  return (doc.paths as Json)[path][method.toLowerCase()].requestBody.content['application/json'].schema;
};

describe('the OpenAPI document at /docs', () => {
  it('documents every operation of the controllers from the route table, and nothing else', () => {
    const keys = operations().map((o) => o.key);
    expect(keys.length).toBeGreaterThan(80);
    expect(keys.filter((k) => !ROUTES.has(k))).toEqual([]);
    expect([...ROUTES.keys()].filter((k) => !keys.includes(k))).toEqual([]);
  });

  it('asks for the bearer token on every operation that is not public, and only those', () => {
    const publicOps: string[] = [];
    for (const { key, op } of operations()) {
      const handler = handlers.get(op.operationId);
      expect({ key, handler: !!handler }).toEqual({ key, handler: true });
      if (isPublicHandler(handler!)) {
        publicOps.push(key);
        expect({ key, security: op.security }).toEqual({ key, security: [] });
      } else expect({ key, security: op.security }).toEqual({ key, security: [{ bearer: [] }] });
    }
    // The seal key is published: an outsider checks seals with it, without an account.
    // So is a rekap's verification: anyone holding the printed document checks it.
    expect(publicOps.sort()).toEqual([
      'GET /api/v1/audit/seal-key',
      'GET /api/v1/public-feedback/{token}',
      'GET /api/v1/public/verification/{code}',
      'GET /api/v1/session',
      'GET /health',
      'POST /api/v1/public-feedback/{token}',
      'POST /api/v1/session/demo',
    ]);
    expect(doc.components?.securitySchemes?.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    // The payroll, pay, policy, audit and jobs routes, which had none.
    for (const key of [
      'POST /api/v1/payroll/opds/{opdId}/runs/{month}/{step}',
      'GET /api/v1/employees/{nip}/pay/{month}',
      'POST /api/v1/policies',
      'GET /api/v1/audit/streams/{streamId}',
      'GET /api/v1/jobs/{id}',
    ])
      expect(operations().find((o) => o.key === key)?.op.security).toEqual([{ bearer: [] }]);
  });

  it('gives every operation a 2xx answer with a schema', () => {
    for (const { key, op } of operations()) {
      const ok = Object.entries<Json>(op.responses).filter(([s]) => /^2\d\d$/.test(s));
      expect({ key, ok: ok.length }).toEqual({ key, ok: 1 });
      const content = Object.values<Json>(ok[0][1].content ?? {});
      expect({ key, schema: content.length > 0 && content.every((c) => c.schema && Object.keys(c.schema).length > 0) }).toEqual({
        key,
        schema: true,
      });
    }
    const answer = (doc.components!.schemas as Json).CommandAnswer;
    expect(answer.required).toEqual(expect.arrayContaining(['streamId', 'version', 'events', 'replayed']));
    const rated = operations().find((o) => o.key === 'POST /api/v1/appraisals/{nip}/{period}/rating')!.op;
    expect(rated.responses['201'].content['application/json'].schema.properties.predikat).toBeDefined();
  });

  it('documents every path and query parameter the controllers read', () => {
    for (const { key, path, op } of operations()) {
      const documented = (where: string) => (op.parameters as Json[]).filter((p) => p.in === where).map((p) => p.name);
      for (const [, name] of path.matchAll(/\{([^}]+)\}/g))
        expect({ key, name, documented: documented('path').includes(name) }).toEqual({ key, name, documented: true });
      for (const p of op.parameters as Json[])
        expect({ key, name: p.name, schema: !!p.schema }).toEqual({ key, name: p.name, schema: true });
      const h = handlers.get(op.operationId)!;
      const queries = Object.entries<{ data?: string }>(Reflect.getMetadata(ROUTE_ARGS_METADATA, h.controller, h.method) ?? {})
        .filter(([k]) => k.split(':')[0] === String(RouteParamtypes.QUERY))
        .map(([, v]) => v.data);
      for (const name of queries)
        if (name === undefined) expect({ key, query: documented('query').length > 0 }).toEqual({ key, query: true });
        else expect({ key, name, documented: documented('query').includes(name) }).toEqual({ key, name, documented: true });
    }
    const params = (key: string) =>
      (operations().find((o) => o.key === key)!.op.parameters as Json[]).filter((p) => p.in === 'query').map((p) => p.name);
    expect(params('GET /api/v1/audit/streams/{streamId}')).toEqual(expect.arrayContaining(['asOf', 'from', 'limit']));
    expect(params('GET /api/v1/employees')).toEqual(expect.arrayContaining(['q', 'page', 'pageSize', 'opd']));
    expect(params('GET /api/v1/employees/{nip}')).toEqual(['date', 'asOf', 'reason']);
    expect(params('GET /api/v1/audit/timeline')).toEqual(
      expect.arrayContaining(['nip', 'actor', 'opd', 'type', 'stream', 'from', 'to', 'correlationId', 'cursor', 'limit']),
    );
    expect(params('GET /api/v1/payroll/opds/{opdId}/runs/{month}/lines')).toEqual(expect.arrayContaining(['after', 'limit']));
    expect(params('GET /api/v1/appraisals/{nip}')).toEqual(expect.arrayContaining(['year', 'limit', 'offset']));
  });

  it('lists the allowed rating values as enums', () => {
    const rate = body('POST /api/v1/appraisals/{nip}/{period}/rating');
    expect(rate.properties.results.enum).toEqual([...RATINGS]);
    expect(rate.properties.behaviour.enum).toEqual([...RATINGS]);
    expect(rate.properties.behaviourValues.propertyNames.enum).toEqual([...BEHAVIOUR_VALUES]);
    expect(rate.properties.resultRatings.items.properties.rating.enum).toEqual([...RATINGS]);
    const decide = body('POST /api/v1/appraisals/{nip}/{period}/objection/decision');
    expect(decide.properties.outcome.enum).toEqual(['CONFIRM', 'AMEND']);
    expect(decide.properties.results.enum).toEqual([...RATINGS]);
    expect(body('POST /api/v1/appraisal-units/{opdId}/{period}/organisation-result').properties.result.enum).toEqual([
      ...ORGANISATION_RESULTS,
    ]);
  });

  it('gives the payroll step and budget bodies their schemas', () => {
    const step = body('POST /api/v1/payroll/opds/{opdId}/runs/{month}/{step}');
    expect(step.required).toEqual(['digest']);
    expect(Object.keys(step.properties).sort()).toEqual(['digest', 'sp2dDate', 'sp2dNumber']);
    expect(step.properties.digest.pattern).toBe('^[0-9a-f]{64}$');
    const budget = body('POST /api/v1/payroll/opds/{opdId}/budgets/{month}');
    expect(budget.required.sort()).toEqual(['amount', 'reason']);
    for (const { key, method, op } of operations())
      if (method === 'post' && ROUTES.get(key)?.body !== null && key !== 'POST /api/v1/evidence')
        expect({ key, body: !!op.requestBody?.content?.['application/json']?.schema }).toEqual({ key, body: true });
  });

  it('lists the error codes each operation can answer, each under its status with the error envelope', () => {
    const envelope = (doc.components!.schemas as Json).Error;
    expect(envelope.properties.error.required).toEqual(['code', 'message', 'details']);
    for (const { key, method, op } of operations()) {
      const codes: Record<string, number> = op['x-error-codes'];
      const secured = op.security.length > 0;
      if (secured) expect({ key, codes }).toEqual({ key, codes: expect.objectContaining(AUTHENTICATED) });
      if (secured && method === 'post' && ROUTES.get(key)?.command !== false)
        expect({ key, codes }).toEqual({ key, codes: expect.objectContaining(COMMAND) });
      if (op.requestBody?.content?.['application/json']) expect({ key, codes }).toEqual({ key, codes: expect.objectContaining(WITH_BODY) });
      for (const [code, status] of Object.entries(codes)) {
        expect({ key, code, listed: op.responses[status]?.description.includes(code) }).toEqual({ key, code, listed: true });
        expect(op.responses[status].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
      }
    }
    const step = operations().find((o) => o.key === 'POST /api/v1/payroll/opds/{opdId}/runs/{month}/{step}')!.op['x-error-codes'];
    expect(step).toMatchObject({
      DIGEST_MISMATCH: 409,
      SEGREGATION_OF_DUTIES: 422,
      STEP_OUT_OF_ORDER: 422,
      UNKNOWN_STEP: 400,
      INVALID_OPD_ID: 400,
      VERSION_CONFLICT: 409,
    });
    // A signing step does not answer what only an import does, nor a query a command's rule.
    expect(step).not.toHaveProperty('CSV_REQUIRED');
    const run = operations().find((o) => o.key === 'GET /api/v1/payroll/opds/{opdId}/runs/{month}')!.op['x-error-codes'];
    expect(run).toMatchObject({ RUN_NOT_FOUND: 404, TOKEN_MISSING: 401 });
    expect(run).not.toHaveProperty('SEGREGATION_OF_DUTIES');
    const objection = operations().find((o) => o.key === 'POST /api/v1/appraisals/{nip}/{period}/objection')!.op['x-error-codes'];
    expect(objection).toMatchObject({ OBJECTION_WINDOW_CLOSED: 422, INVALID_NIP: 400, INVALID_PERIOD: 400 });
  });
});

/**
 * The code tables must not rot: every code thrown with a literal in libs/ and apps/ is listed,
 * with the status of its category, unless no HTTP route can reach it.
 */
describe('the error code tables', () => {
  const ROOT = join(__dirname, '..', '..', '..', '..');
  // Thrown only by the CLI, at start-up, or inside the store and the projection runner, never to a caller.
  const NOT_HTTP = new Set([
    'PRICING_FAILED', // the calculation job's, shown as the run's failure
    'PROJECTION_STOPPED', // the runner's, shown in /health and `kinerja projections`
    'CONFIG_INVALID',
    'DATABASE_UNREACHABLE',
    'MIGRATION_CHANGED',
    'POLICY_DIR_UNREADABLE',
    'KURRENTDB_CONNECTION_STRING_MISSING',
    'KURRENTDB_UNSUPPORTED',
    'STORE_CLOSED',
    'STREAM_DELETED',
    'INVALID_CHECKPOINT',
    'INVALID_RANGE',
    'INVALID_AS_OF',
    'EVENT_ID_CONFLICT',
    'INVALID_EXPECTED_VERSION',
    'NO_EVENTS',
    'INVALID_EVENT_TYPE',
    'INVALID_EVENT_ID',
    'DUPLICATE_EVENT_ID',
    'INVALID_SCHEMA_VERSION',
    'INVALID_EVENT_DATA',
    'APPEND_TOO_LARGE',
    'INVALID_PROJECTION_NAME',
    'UNKNOWN_PROJECTION',
    'NO_POLICY_VERSION',
    'INVALID_JSON',
    'DEV_TOKENS_DISABLED',
    'INVALID_REMINDER_KIND',
    'INVALID_INSTANT',
    'INVALID_READ_KIND', // the access log's decider: its commands come from the query handlers, never from a request
  ]);
  const CATEGORY_OF: Record<string, ErrorCategory> = {
    badInput: 'BAD_INPUT',
    notFound: 'NOT_FOUND',
    conflict: 'CONFLICT',
    forbidden: 'FORBIDDEN',
    unauthenticated: 'UNAUTHENTICATED',
    domainError: 'RULE',
    KinerjaError: 'RULE',
  };

  function sources(dir: string, out: string[] = []): string[] {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) sources(p, out);
      else if (p.endsWith('.ts') && !/\.(spec|e2e)\.ts$/.test(p) && !/\/testing(\.ts|\/)/.test(p)) out.push(p);
    }
    return out;
  }

  it('lists every code the code throws, with its status', () => {
    const listed = new Map<string, Set<number>>();
    for (const table of [AUTHENTICATED, WITH_BODY, WITH_TEXT, COMMAND, ...Object.values(PARAMETER), ...Object.values(AREAS)])
      for (const [code, status] of Object.entries<number>(table)) listed.set(code, (listed.get(code) ?? new Set()).add(status));
    const problems: string[] = [];
    let seen = 0;
    for (const file of [...sources(join(ROOT, 'libs')), ...sources(join(ROOT, 'apps'))]) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(
        /\b(domainError|badInput|notFound|conflict|forbidden|unauthenticated|KinerjaError)\(\s*'([A-Z][A-Z0-9_]+)'/g,
      )) {
        const call = text.slice(m.index, m.index + 400).split(/\)\s*[;,]\s*\n/)[0];
        const given = /'(BAD_INPUT|UNAUTHENTICATED|FORBIDDEN|NOT_FOUND|CONFLICT|RULE|TOO_LARGE|RATE_LIMITED|UNAVAILABLE)'/.exec(
          call,
        )?.[1] as ErrorCategory | undefined;
        const category = (['domainError', 'KinerjaError'].includes(m[1]) && given) || CATEGORY_OF[m[1]];
        const code = m[2];
        seen++;
        if (NOT_HTTP.has(code) || relative(ROOT, file).startsWith('apps/cli/')) continue;
        const statuses = listed.get(code);
        if (!statuses) problems.push(`${code} (${relative(ROOT, file)}) is in no table of apps/api/src/openapi/error-codes.ts`);
        else if (!statuses.has(httpStatusOf[category]))
          problems.push(`${code} (${relative(ROOT, file)}) is ${httpStatusOf[category]}, listed as ${[...statuses]}`);
      }
    }
    expect(seen).toBeGreaterThan(150);
    expect(problems).toEqual([]);
  });
});
