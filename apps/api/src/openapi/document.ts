import type { INestApplication, Type } from '@nestjs/common';
import { ModulesContainer, NestFactory } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { z } from 'zod';
import { ErrorEnvelope } from '@kinerja/contracts';
import type { Runtime } from '@kinerja/platform';
import { ApiModule } from '../api.module';
import { PUBLIC } from '../auth.guard';
import { AREAS, AUTHENTICATED, CodeTable, COMMAND, CONTROLLER_AREAS, PARAMETER, WITH_BODY, WITH_QUERY, WITH_TEXT } from './error-codes';
import { PATH_PARAMETERS, RouteDoc, ROUTES } from './routes';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const STATUS_TEXT = new Map([
  [400, 'Bad input'],
  [401, 'No valid bearer token'],
  [403, 'Not allowed to this caller'],
  [404, 'Not found'],
  [409, 'Conflict with the current state or version'],
  [413, 'Too large'],
  [422, 'A business rule refuses it'],
  [429, 'Too many requests'],
  [503, 'A dependency is unavailable'],
]);

/** The OpenAPI document of the running app (served at /docs and /docs/openapi.json). */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setOpenAPIVersion('3.1.0')
      .setTitle('kinerja API')
      .setDescription(
        'Performance management and TPP payroll for the ASN of a Pemda. Commands append events; queries read projections. ' +
          'Every refusal is `{ "error": { "code", "message", "details" } }`; each operation lists the codes it can answer in `x-error-codes`.',
      )
      .setVersion('1')
      .addServer('/', 'this server')
      .addBearerAuth()
      .build(),
  );
  return completeDocument(doc, handlersOf(app));
}

/**
 * The document without a database or a listening server: Nest in preview mode registers the routes
 * and their metadata but instantiates nothing, so the runtime is never touched. For the lint and tests.
 */
export async function openApiDocumentOffline(): Promise<OpenAPIObject> {
  const app = await NestFactory.create(ApiModule.forRuntime({ config: {} } as unknown as Runtime), { preview: true, logger: false });
  try {
    return openApiDocument(app);
  } finally {
    await app.close();
  }
}

interface Handler {
  controller: Type;
  method: string;
  fn: (...args: unknown[]) => unknown;
}

/** Nest names an operation `<Controller>_<method>`: the way back from the document to the handler. */
export function handlersOf(app: INestApplication): Map<string, Handler> {
  const out = new Map<string, Handler>();
  for (const module of app.get(ModulesContainer).values())
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type;
      for (const [method, d] of Object.entries(Object.getOwnPropertyDescriptors(controller.prototype)))
        if (method !== 'constructor' && typeof d.value === 'function')
          out.set(`${controller.name}_${method}`, { controller, method, fn: d.value });
    }
  return out;
}

export const isPublicHandler = (h: Handler): boolean => !!(Reflect.getMetadata(PUBLIC, h.fn) ?? Reflect.getMetadata(PUBLIC, h.controller));

/** Fills in what Nest's decorators do not give: schemas from the zod contracts, parameters, security, error codes. */
export function completeDocument(doc: OpenAPIObject, handlers: Map<string, Handler>): OpenAPIObject {
  const components: Json = (doc.components ??= {});
  const schemas: Json = (components.schemas ??= {});
  const schemaOf = (s: z.ZodType, io: 'input' | 'output') => jsonSchema(s, io, schemas);
  const errorRef = schemaOf(ErrorEnvelope, 'output');
  for (const [path, item] of Object.entries(doc.paths) as [string, Json][])
    for (const method of METHODS) {
      const op: Json | undefined = item[method];
      if (!op) continue;
      const route = ROUTES.get(`${method.toUpperCase()} ${path}`);
      const handler = handlers.get(op.operationId);
      const isPublic = handler ? isPublicHandler(handler) : false;
      op.security = isPublic ? [] : [{ bearer: [] }];
      const isCommand = method !== 'get' && route?.command !== false;
      op.parameters = parameters(path, op.parameters ?? [], route, isCommand, schemaOf);
      if (route?.body) op.requestBody = { required: true, content: { 'application/json': { schema: schemaOf(route.body, 'input') } } };
      else if (route?.body === null) delete op.requestBody;
      else if (op.requestBody) tidyInlineSchemas(op.requestBody, schemas);
      if (route) op.responses = { ...op.responses, ...success(op.responses, route, schemaOf) };
      const codes = errorCodes(method, op, handler, isPublic, isCommand, route);
      for (const [status, names] of byStatus(codes))
        op.responses[status] = {
          description: `${STATUS_TEXT.get(status) ?? 'Refused'}: ${names.join(', ')}`,
          content: { 'application/json': { schema: errorRef } },
        };
      op['x-error-codes'] = Object.fromEntries([...codes].sort(([a], [b]) => a.localeCompare(b)));
    }
  return doc;
}

/** A zod schema as an OpenAPI 3.1 (JSON Schema 2020-12) schema; named schemas (`meta({ id })`) become components. */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output', components: Json): Json {
  const out = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  return tidyInlineSchemas(out, components);
}

/** Moves `$defs` into the document's components and points the references there. */
function tidyInlineSchemas(node: Json, components: Json): Json {
  const walk = (n: unknown): unknown => {
    if (Array.isArray(n)) return n.map(walk);
    if (!n || typeof n !== 'object') return n;
    const o: Json = {};
    for (const [k, v] of Object.entries(n)) {
      if (k === '$schema') continue;
      if (k === '$defs') {
        for (const [name, def] of Object.entries(v as Json)) components[name] = walk(def);
        continue;
      }
      o[k] = k === '$ref' && typeof v === 'string' ? v.replace('#/$defs/', '#/components/schemas/') : walk(v);
    }
    return o;
  };
  const tidy = walk(node) as Json;
  for (const k of Object.keys(node)) delete node[k];
  return Object.assign(node, tidy);
}

function parameters(
  path: string,
  given: Json[],
  route: RouteDoc | undefined,
  isCommand: boolean,
  schemaOf: (s: z.ZodType, io: 'input') => Json,
): Json[] {
  const out = new Map<string, Json>();
  for (const p of given) out.set(`${p.in}:${p.name}`, p);
  for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) {
    const known = PATH_PARAMETERS.get(name);
    const schema = known ? schemaOf(known, 'input') : { type: 'string' };
    const { description, ...rest } = schema;
    out.set(`path:${name}`, { name, in: 'path', required: true, schema: rest, ...(description ? { description } : {}) });
  }
  if (route?.query) {
    const q = schemaOf(route.query, 'input');
    const required = new Set<string>(q.required ?? []);
    for (const [name, prop] of Object.entries<Json>(q.properties ?? {})) {
      const { description, ...schema } = prop;
      out.set(`query:${name}`, {
        name,
        in: 'query',
        required: required.has(name) && schema.default === undefined,
        schema,
        ...(description ? { description } : {}),
      });
    }
  }
  for (const p of out.values()) if (p.in === 'query' && !p.schema?.type && !p.schema?.enum) p.schema = { type: 'string' };
  if (isCommand) {
    const header = (name: string, description: string) => {
      if (![...out.values()].some((p) => p.in === 'header' && p.name.toLowerCase() === name.toLowerCase()))
        out.set(`header:${name}`, { name, in: 'header', required: false, schema: { type: 'string' }, description });
    };
    header('Idempotency-Key', 'a retry with the same key returns the first answer');
    header('If-Match', 'the stream version the change is based on; 409 when it moved');
  }
  return [...out.values()];
}

function success(responses: Json, route: RouteDoc, schemaOf: (s: z.ZodType, io: 'output') => Json): Json {
  const status = Object.keys(responses).find((s) => /^2\d\d$/.test(s)) ?? '200';
  const json = (description: string, s: z.ZodType) => ({ description, content: { 'application/json': { schema: schemaOf(s, 'output') } } });
  const out: Json = {};
  for (const [other, { description, schema }] of Object.entries(route.other ?? {})) out[other] = json(description, schema);
  const r = route.response;
  out[status] =
    r instanceof z.ZodType ? json('the answer', r) : { description: r.description, content: { [r.mediaType]: { schema: r.schema } } };
  return out;
}

/** Every code the operation can answer, with its status: the tables of error-codes.ts, combined. */
function errorCodes(
  method: string,
  op: Json,
  handler: Handler | undefined,
  isPublic: boolean,
  isCommand: boolean,
  route: RouteDoc | undefined,
) {
  const codes = new Map<string, number>();
  const add = (t: CodeTable, keep: (status: number) => boolean = () => true) => {
    for (const [code, status] of Object.entries(t)) if (keep(status)) codes.set(code, status);
  };
  if (!isPublic) add(AUTHENTICATED);
  if (op.requestBody) add(WITH_BODY);
  if (route?.query) add(WITH_QUERY);
  if (op.requestBody || route?.query || (op.parameters as Json[]).some((p) => p.in !== 'header')) add(WITH_TEXT);
  if (isCommand && !isPublic) add(COMMAND);
  for (const p of op.parameters as Json[]) if (p.in !== 'header') add(PARAMETER[p.name] ?? {});
  // A query reads: it answers its area's "not found", "not allowed" and "not available", never a rule of a command.
  const reads = (status: number) => method !== 'get' || [403, 404, 503].includes(status);
  for (const area of route?.areas ?? ((handler && CONTROLLER_AREAS[handler.controller.name]) || [])) add(AREAS[area], reads);
  return codes;
}

function byStatus(codes: Map<string, number>): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const [code, status] of [...codes].sort(([a], [b]) => a.localeCompare(b))) out.set(status, [...(out.get(status) ?? []), code]);
  return out;
}
