import pino, { Logger } from 'pino';
import { Clock, systemClock } from '@kinerja/kernel';
import type { Config } from './config';

/** Where log lines go: stdout unless told. */
export type LogDestination = pino.DestinationStream;

/** Log lines on stderr, written at once: a one-shot command keeps stdout for its answer (`--json`). */
export function stderrDestination(): LogDestination {
  return pino.destination({ dest: 2, sync: true });
}

/** Structured JSON logs; request and correlation ids ride on child loggers. */
export function createLogger(config: Pick<Config, 'logLevel'>, name = 'kinerja', destination?: LogDestination): Logger {
  const options = { name, level: config.logLevel, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * A warning that may repeat in a tight loop (a refused connection): at most one line per key
 * every `everyMs`; the next line says how many were held back (`repeated`).
 */
export function throttledWarn(log: Logger, everyMs = 10_000, clock: Clock = systemClock): (key: string, fields: object, msg: string) => void {
  const last = new Map<string, { at: number; held: number }>();
  return (key, fields, msg) => {
    const now = clock.now().getTime();
    const seen = last.get(key);
    if (seen && now - seen.at < everyMs) {
      seen.held++;
      return;
    }
    log.warn(seen?.held ? { ...fields, repeated: seen.held } : fields, msg);
    last.set(key, { at: now, held: 0 });
  };
}

export type { Logger };
