import pino, { Logger } from 'pino';
import { Clock, systemClock } from '@kinerja/kernel';
import type { Config } from './config';

/** Where log lines go: stdout unless told (a suite that reads the logs passes its own). */
export type LogDestination = pino.DestinationStream;

const REDACTED = '[redacted]';

/**
 * Credentials as they can turn up in any text: a bearer token in a header or an error message, a
 * JWT on its own, the public feedback link's token (its URL path is the credential), a signed link's
 * signature or token in a query string. `\\` and `"` end a match so a JSON log line stays valid.
 */
const CREDENTIALS: ReadonlyArray<[RegExp, string]> = [
  [/\b(Bearer|Basic)\s+[^\s"\\,;]+/gi, `$1 ${REDACTED}`],
  [/\beyJ[\w-]*\.[\w-]+\.[\w-]*/g, REDACTED],
  [/(\/public-feedback\/)[^/?#\s"\\]+/g, `$1${REDACTED}`],
  [/([?&][^=&#\s"\\]*(?:sig|signature|token|secret|password|credential|key)[^=&#\s"\\]*=)[^&#\s"\\]+/gi, `$1${REDACTED}`],
];

/** The text with every credential it carries masked. */
export function redactCredentials(text: string): string {
  return CREDENTIALS.reduce((s, [re, by]) => s.replace(re, by), text);
}

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key']);

/** Headers fit for a log line: the credential headers' values masked. */
export function loggableHeaders(headers: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k, SECRET_HEADERS.has(k.toLowerCase()) ? REDACTED : v]));
}

/**
 * The request as the request log shows it: the URL with its credentials masked and no separate
 * query or params (they repeat the URL, token included).
 */
export function loggableRequest(req: {
  id?: unknown;
  method?: string;
  url?: string;
  headers?: Record<string, unknown>;
  remoteAddress?: string;
}) {
  return {
    id: req.id,
    method: req.method,
    url: redactCredentials(req.url ?? ''),
    headers: loggableHeaders(req.headers),
    remoteAddress: req.remoteAddress,
  };
}

/**
 * Structured JSON logs; request and correlation ids ride on child loggers. Every line is passed
 * through redactCredentials before it is written, whatever logged it (a library's error message
 * quoting a URL, Nest's own lines), so no credential reaches the log at any level.
 */
export function createLogger(config: Pick<Config, 'logLevel'>, name = 'kinerja', destination?: LogDestination): Logger {
  const options: pino.LoggerOptions = {
    name,
    level: config.logLevel,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', 'headers.authorization', 'headers.cookie'],
      censor: REDACTED,
    },
    hooks: { streamWrite: redactCredentials },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Log lines on stderr, written at once: a one-shot command keeps stdout for its answer (`--json`). */
export function stderrDestination(): LogDestination {
  return pino.destination({ dest: 2, sync: true });
}

/**
 * A warning that may repeat in a tight loop (a refused connection): at most one line per key
 * every `everyMs`; the next line says how many were held back (`repeated`).
 */
export function throttledWarn(
  log: Logger,
  everyMs = 10_000,
  clock: Clock = systemClock,
): (key: string, fields: object, msg: string) => void {
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
