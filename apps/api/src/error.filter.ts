import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { Response } from 'express';
import { isKinerjaError } from '@kinerja/kernel';
import { databaseProblem, isDatabaseUnavailable, isQueueUnavailable } from '@kinerja/platform';

const EXCERPT = 200;
const MAX_DEPTH = 8;

/**
 * An error body names the bad input but never echoes it whole: a 1 MB value came back as a 1 MB
 * answer (and into every proxy's log). Each string is cut to an excerpt that says how much is left
 * out, without splitting a surrogate pair.
 */
export function excerpted(v: unknown, depth = 0): unknown {
  if (typeof v === 'string') {
    if (v.length <= EXCERPT) return v;
    const cut = /[\ud800-\udbff]/.test(v.charAt(EXCERPT - 1)) ? EXCERPT - 1 : EXCERPT;
    return `${v.slice(0, cut)}… (${v.length - cut} more characters)`;
  }
  if (v === null || typeof v !== 'object') return v;
  // A Decimal or a Date answers as JSON would show it, not as its fields.
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return excerpted((v as { toJSON(): unknown }).toJSON(), depth);
  if (depth >= MAX_DEPTH) return '…';
  if (Array.isArray(v)) return v.map((x) => excerpted(x, depth + 1));
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [excerpted(k), excerpted(x, depth + 1)]));
}

function send(res: Response, status: number, error: { code: string; message: string; details: unknown }) {
  res.status(status).json({ error: excerpted(error) });
}

/**
 * The one place errors become HTTP: `{ error: { code, message, details } }` with a stable code.
 * A KinerjaError maps by its category; Nest's own exceptions (404 route, bad JSON body) keep
 * their status; a database that is down or restarting is 503 DATABASE_UNAVAILABLE; anything else
 * is our bug: 500 with a request id to find it in the logs.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost) {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    const req = http.getRequest<{ id?: string; log?: { error(o: object, m: string): void; warn(o: object, m: string): void } }>();
    if (isKinerjaError(exception)) {
      send(res, exception.httpStatus, exception.toJSON());
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      // The router's URIError, as Nest wraps it: a path parameter whose %-escapes are not UTF-8
      // (a lone surrogate among them) is text kinerja refuses like any other ill-formed text.
      if (status === 400 && /^Failed to decode param/.test(exception.message)) {
        send(res, 400, {
          code: 'INVALID_TEXT',
          message: 'a path parameter is not percent-encoded UTF-8',
          details: { field: 'params', reason: 'NOT_UTF8' },
        });
        return;
      }
      // Nest wraps body-parser's failures: a body that is not JSON is the caller's to fix.
      const malformed = status === 400 && /JSON/i.test(exception.message);
      const code = malformed
        ? 'MALFORMED_JSON'
        : status === 404
          ? 'NOT_FOUND'
          : status === 413
            ? 'PAYLOAD_TOO_LARGE'
            : status === 400
              ? 'BAD_REQUEST'
              : `HTTP_${status}`;
      send(res, status, { code, message: exception.message, details: {} });
      return;
    }
    // body-parser errors (malformed JSON, too large) arrive as plain errors with a status.
    const status = (exception as { status?: number; type?: string })?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const type = (exception as { type?: string }).type;
      const code = type === 'entity.too.large' ? 'PAYLOAD_TOO_LARGE' : type === 'entity.parse.failed' ? 'MALFORMED_JSON' : 'BAD_REQUEST';
      send(res, status, { code, message: (exception as Error).message, details: {} });
      return;
    }
    // The database is down or restarting: not the request's fault nor a bug; the caller may retry
    // (with the same Idempotency-Key, a command is recorded once).
    if (isDatabaseUnavailable(exception)) {
      req.log?.warn({ problem: databaseProblem(exception) }, 'database unavailable');
      res.setHeader('Retry-After', '2');
      send(res, 503, {
        code: 'DATABASE_UNAVAILABLE',
        message: 'the database is unavailable for now; retry the request (with the same Idempotency-Key for a command)',
        details: { requestId: req.id },
      });
      return;
    }
    if (isQueueUnavailable(exception)) {
      req.log?.warn({ problem: databaseProblem(exception) }, 'job queue unavailable');
      res.setHeader('Retry-After', '2');
      send(res, 503, {
        code: 'QUEUE_UNAVAILABLE',
        message: 'the job queue is unavailable for now; retry the request',
        details: { requestId: req.id },
      });
      return;
    }
    req.log?.error({ err: exception }, 'unhandled error');
    send(res, 500, { code: 'INTERNAL', message: 'an unexpected error; quote the request id', details: { requestId: req.id } });
  }
}
