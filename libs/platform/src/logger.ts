import pino, { Logger } from 'pino';
import type { Config } from './config';

/** Structured JSON logs; request and correlation ids ride on child loggers. */
export function createLogger(config: Pick<Config, 'logLevel'>, name = 'kinerja'): Logger {
  return pino({ name, level: config.logLevel, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime });
}
export type { Logger };
