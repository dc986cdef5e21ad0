import 'reflect-metadata';
import type { Server } from 'node:http';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import type { Runtime } from '@kinerja/platform';
import { ApiModule } from './api.module';
import { serveConsole } from './console';
import { ErrorFilter } from './error.filter';
import { openApiDocument } from './openapi/document';
import { requestLog } from './request-log';

export interface RunningApi {
  url: string;
  close(): Promise<void>;
}

/** Serves the REST API, OpenAPI at /docs, /health, /metrics and the web console at /. */
export async function startApi(rt: Runtime): Promise<RunningApi> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRuntime(rt), {
    logger: {
      log: (m) => rt.log.debug(String(m)),
      error: (m, trace) => rt.log.error({ trace }, String(m)),
      warn: (m) => rt.log.warn(String(m)),
      debug: (m) => rt.log.debug(String(m)),
      verbose: (m) => rt.log.trace(String(m)),
    },
    bodyParser: true,
  });
  // Every log line of a request carries its id; a caller's X-Request-Id is kept for tracing.
  app.use(requestLog(rt.log, { ignore: (url) => url === '/health' || url === '/metrics' }));
  // Imports (attendance, predikat) arrive as CSV inside JSON: a Pemda's month is a few MB.
  app.useBodyParser('json', { limit: '25mb' });
  app.useGlobalFilters(new ErrorFilter());
  app.enableShutdownHooks([]); // shutdown is ours: see apps/cli start (drain, then close)
  const doc = openApiDocument(app);
  SwaggerModule.setup('docs', app, doc, { jsonDocumentUrl: 'docs/openapi.json' });
  serveConsole(app, { identityProvider: rt.auth.dev ? undefined : rt.config.auth.issuer });
  await app.listen(rt.config.port, rt.config.host);
  const server = app.getHttpServer() as Server;
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : rt.config.port;
  return {
    url: `http://${rt.config.host === '0.0.0.0' ? '127.0.0.1' : rt.config.host}:${port}`,
    // Nest closes the HTTP server, which stops accepting and waits for in-flight requests.
    close: () => app.close(),
  };
}
