import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { badInput } from '@kinerja/kernel';
import type { ReadContext, RequestContext } from '@kinerja/application';

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

/**
 * The context of a read: why (`X-Reason` header, or the `reason` query parameter) and which request.
 * A read of another person's record, pay or appraisal through a role is recorded with it in their
 * access log. A reason is 1-500 characters without control characters (else 400 INVALID_REASON).
 */
export function readContext(headers: Headers, query: Record<string, unknown>): ReadContext {
  const ctx: ReadContext = {};
  const header = single(headers['x-reason']);
  const reason = header ?? (typeof query.reason === 'string' ? query.reason : undefined);
  if (reason !== undefined) {
    const trimmed = reason.trim();
    // eslint-disable-next-line no-control-regex
    if (trimmed.length === 0 || trimmed.length > 500 || /[\u0000-\u001f\u007f]/.test(trimmed))
      throw badInput('INVALID_REASON', 'a reason (X-Reason or ?reason=) is 1-500 characters without control characters', {
        length: reason.length,
      });
    ctx.reason = trimmed;
  }
  const requestId = single(headers['x-request-id']);
  if (requestId) ctx.requestId = requestId;
  const correlationId = single(headers['x-correlation-id']);
  if (correlationId) ctx.correlationId = correlationId;
  return ctx;
}

/** `@Read() read: ReadContext`: why and in which request a record is read, parsed by `readContext`. */
export const Read = createParamDecorator((_: unknown, host: ExecutionContext): ReadContext => {
  const req = host.switchToHttp().getRequest<Request>();
  return readContext(req.headers, req.query as Record<string, unknown>);
});
