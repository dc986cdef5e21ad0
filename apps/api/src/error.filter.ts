import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { Response } from 'express';
import { isKinerjaError } from '@kinerja/kernel';

/**
 * The one place errors become HTTP: `{ error: { code, message, details } }` with a stable code.
 * A KinerjaError maps by its category; Nest's own exceptions (404 route, bad JSON body) keep
 * their status; anything else is our bug: 500 with a request id to find it in the logs.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost) {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    const req = http.getRequest<{ id?: string; log?: { error(o: object, m: string): void } }>();
    if (isKinerjaError(exception)) {
      res.status(exception.httpStatus).json({ error: exception.toJSON() });
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      // Nest wraps body-parser's failures: a body that is not JSON is the caller's to fix.
      const malformed = status === 400 && /JSON/i.test(exception.message);
      const code = malformed ? 'MALFORMED_JSON' : status === 404 ? 'NOT_FOUND' : status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 400 ? 'BAD_REQUEST' : `HTTP_${status}`;
      res.status(status).json({ error: { code, message: exception.message, details: {} } });
      return;
    }
    // body-parser errors (malformed JSON, too large) arrive as plain errors with a status.
    const status = (exception as { status?: number; type?: string })?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const type = (exception as { type?: string }).type;
      const code = type === 'entity.too.large' ? 'PAYLOAD_TOO_LARGE' : type === 'entity.parse.failed' ? 'MALFORMED_JSON' : 'BAD_REQUEST';
      res.status(status).json({ error: { code, message: (exception as Error).message, details: {} } });
      return;
    }
    req.log?.error({ err: exception }, 'unhandled error');
    res.status(500).json({ error: { code: 'INTERNAL', message: 'an unexpected error; quote the request id', details: { requestId: req.id } } });
  }
}
