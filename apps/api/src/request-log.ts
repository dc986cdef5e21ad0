import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { loggableRequest, redactCredentials, type Logger } from '@kinerja/platform';

/** A caller's X-Request-Id is kept (for tracing across systems) when it is a plain token. */
const REQUEST_ID_RE = /^[\w.:-]{1,100}$/;

export type LoggedRequest = IncomingMessage & { id?: string; log?: Logger };

/**
 * One log line a request, when its response is finished (or its connection closed): its id, method,
 * URL (credentials masked), the caller's address and correlation id, the status and the time taken,
 * at `error` from 500 on. Every request gets an id (`X-Request-Id`, the caller's or a new one) and
 * `req.log`, a logger whose lines carry the whole request (headers with credentials masked): made
 * only when something logs about the request (an error), since building it costs more than the line.
 *
 * Why not pino-http: it made two child loggers a request and logged both header sets; in the load
 * bench its middleware, the children and the larger lines were about 5% of the API's busy samples.
 */
export function requestLog(log: Logger, options: { ignore?: (url: string) => boolean } = {}) {
  return (req: LoggedRequest, res: ServerResponse, next: () => void): void => {
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && REQUEST_ID_RE.test(given) ? given : randomUUID();
    req.id = id;
    res.setHeader('X-Request-Id', id);
    const correlation = req.headers['x-correlation-id'];
    const correlationId = typeof correlation === 'string' ? correlation : undefined;
    let child: Logger | undefined;
    Object.defineProperty(req, 'log', {
      configurable: true,
      get: () => {
        const { method, url, headers } = req;
        return (child ??= log.child({
          req: loggableRequest({ id, method, url, headers, remoteAddress: req.socket?.remoteAddress }),
          correlationId,
        }));
      },
      // Something that brings its own request logger may still set one.
      set: (given: Logger) => void (child = given),
    });
    if (options.ignore?.(req.url ?? '')) return next();
    const started = performance.now();
    const done = () => {
      res.removeListener('finish', done);
      res.removeListener('close', done);
      const line = {
        req: { id, method: req.method, url: redactCredentials(req.url ?? ''), remoteAddress: req.socket?.remoteAddress },
        correlationId,
        res: { statusCode: res.statusCode },
        responseTime: Math.round(performance.now() - started),
      };
      if (res.statusCode >= 500) log.error(line, 'request errored');
      else if (!res.writableFinished) log.info(line, 'request aborted');
      else log.info(line, 'request completed');
    };
    res.on('finish', done);
    res.on('close', done);
    next();
  };
}
