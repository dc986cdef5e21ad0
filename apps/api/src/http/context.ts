import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { badInput } from '@kinerja/kernel';
import type { RequestContext } from '@kinerja/application';

type Headers = Record<string, string | string[] | undefined>;

const single = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v.join(', ') : v);

/**
 * The one reading of the command headers (DESIGN.md, "API"): Idempotency-Key, If-Match, X-Request-Id
 * and X-Correlation-Id, with the same strict rules on every route, so that a key or a version refused
 * on one route is refused on all of them.
 */
export function requestContext(headers: Headers): RequestContext {
  const ctx: RequestContext = {};
  const key = single(headers['idempotency-key']);
  if (key !== undefined) {
    if (!/^[\w.:-]{1,200}$/.test(key)) throw badInput('INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key is 1-200 letters, digits or _.:-');
    ctx.idempotencyKey = key;
  }
  const ifMatch = single(headers['if-match']);
  if (ifMatch !== undefined) {
    const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(ifMatch.trim());
    if (!m) throw badInput('INVALID_IF_MATCH', 'If-Match is the stream version the change is based on, e.g. "3"');
    ctx.expectedVersion = Number(m[1]);
  }
  const requestId = single(headers['x-request-id']);
  if (requestId) ctx.requestId = requestId;
  const correlationId = single(headers['x-correlation-id']);
  if (correlationId) ctx.correlationId = correlationId;
  return ctx;
}

/** `@Ctx() ctx: RequestContext`: the request context of a command, parsed by `requestContext`. */
export const Ctx = createParamDecorator((_: unknown, host: ExecutionContext): RequestContext =>
  requestContext(host.switchToHttp().getRequest<Request>().headers),
);
