import pino, { Logger } from 'pino';
import type { Config } from './config';

/** Structured JSON logs (on stderr for one-shot commands); request and correlation ids ride on child loggers. */
export function createLogger(config: Pick<Config, 'logLevel'>, name = 'kinerja', fd: 1 | 2 = 1): Logger {
  const options = { name, level: config.logLevel, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime };
  return fd === 1 ? pino(options) : pino(options, pino.destination({ dest: fd, sync: true }));
}
export type { Logger };
