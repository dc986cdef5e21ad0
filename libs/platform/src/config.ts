import { resolve } from 'node:path';
import { KinerjaError } from '@kinerja/kernel';

/**
 * Configuration comes from the environment only, and is checked before anything starts: a bad
 * value stops the program with one line naming the variable.
 */
export interface Config {
  port: number;
  host: string;
  /** Set: use that PostgreSQL. Unset: start an embedded one in `dataDir/pg`. */
  databaseUrl?: string;
  dataDir: string;
  /** Set: BullMQ on Redis. Unset: BullMQ on PostgreSQL in the same database. */
  redisUrl?: string;
  eventStore: 'postgres' | 'kurrentdb';
  kurrentdbUrl?: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  eventMaxBytes: number;
  demoData: boolean;
  shutdownTimeoutMs: number;
  /** /health calls a projection behind when its oldest unapplied event is older than this. */
  projectionMaxLagSeconds: number;
  /** How long to keep retrying a database that refuses connections before giving up (exit 69). */
  databaseWaitMs: number;
  /** Connections each process's pool may open (KINERJA_DATABASE_POOL_MAX): with a worker's projection owners, what the processes on one server need of its max_connections. */
  databasePoolMax: number;
  /** Pipelined connections each process sends its one-shot statements on (KINERJA_DATABASE_PIPELINE; 0: none). */
  databasePipelineLanes: number;
  /** Key prefix of the queues on Redis, so installations (or test runs) can share one Redis. */
  queuePrefix: string;
  /** Public feedback links: answers allowed per client address and per link in each window. */
  publicFeedback: { perClient: number; perLink: number; windowSeconds: number };
  auth: {
    /** Production: verify tokens against this JWKS; unset: HS256 with a development secret. */
    jwksUrl?: string;
    issuer: string;
    audience: string;
    /** Development secret; unset: generated once and kept in DATA_DIR/jwt-secret. */
    devSecret?: string;
    /** The console's client at the identity provider (authorization code + PKCE); unset: the console cannot sign in with it. */
    oidcClientId?: string;
    oidcScope: string;
  };
  evidence: {
    /** The largest evidence file accepted, in bytes (policy default 10 MB). */
    maxBytes: number;
    /** Set: evidence in this S3-compatible bucket; unset: content-addressed files in `dataDir/evidence`. */
    s3?: { endpoint: string; bucket: string; accessKey: string; secretKey: string; region: string };
  };
  /** The Pemda's Ed25519 seal key (PEM, PKCS#8); unset: generated once and kept in DATA_DIR/seal-key.pem. */
  sealKeyFile?: string;
  documents: {
    /** The Pemda's name on the documents' header. */
    pemdaName: string;
    /** The public address of the console (the verification QR code opens `<publicUrl>/verifikasi/<code>`); unset: the request's origin. */
    publicUrl?: string;
    /** The secret of the verification codes; unset: generated once and kept in DATA_DIR/verification-secret. */
    verificationSecret?: string;
    /** Public verification look-ups allowed per client address per public-feedback window. */
    verificationPerClient: number;
  };
}

export const CONFIG_VARIABLES = {
  PORT: 'HTTP port of the API and console (default 3000)',
  HOST: 'address the API listens on (default 127.0.0.1; 0.0.0.0 in containers)',
  DATABASE_URL: 'PostgreSQL URL; unset = embedded PostgreSQL in DATA_DIR',
  DATA_DIR: 'where embedded data lives (default ./.data)',
  REDIS_URL: 'Redis URL for the job queue; unset = queue on PostgreSQL',
  EVENT_STORE: 'postgres (default) or kurrentdb',
  KURRENTDB_URL: 'KurrentDB connection string, with EVENT_STORE=kurrentdb',
  LOG_LEVEL: 'fatal, error, warn, info (default), debug, trace or silent',
  KINERJA_EVENT_MAX_BYTES: 'largest event accepted, in bytes (default 1048576)',
  KINERJA_DEMO_DATA: 'auto (default: load the demo Pemda into an empty database) or off',
  KINERJA_SHUTDOWN_TIMEOUT_MS: 'how long SIGTERM waits for in-flight work (default 10000)',
  KINERJA_PROJECTION_MAX_LAG_S: '/health is degraded when a projection has not applied an event this many seconds old (default 60)',
  KINERJA_DATABASE_WAIT_S:
    'how long start-up and commands retry a database that refuses connections (too many clients, starting up) before giving up with exit 69 (default 60)',
  KINERJA_DATABASE_POOL_MAX:
    "connections each process's pool may open (default 20); a worker also holds one per projection it owns (15): size PostgreSQL's max_connections for every process on it",
  KINERJA_DATABASE_PIPELINE:
    'pipelined connections each process sends its one-shot statements on, beside the pool (default 2; 0: every statement checks out a pooled connection)',
  KINERJA_QUEUE_PREFIX: 'key prefix of the job queues on Redis (default kinerja)',
  KINERJA_PUBLIC_FEEDBACK_PER_CLIENT: 'public feedback answers allowed per client address per window (default 10)',
  KINERJA_PUBLIC_FEEDBACK_PER_LINK: 'public feedback answers allowed per link per window (default 1000)',
  KINERJA_PUBLIC_FEEDBACK_WINDOW_S: 'the rate-limit window of public feedback, in seconds (default 3600)',
  KINERJA_POLICY_DIR: "folder of the Pemda's shipped policy documents (default: the sample Perkada)",
  AUTH_JWKS_URL: 'JWKS URL of the identity provider (production); unset = development tokens from `kinerja token`',
  AUTH_ISSUER: 'expected token issuer (default kinerja-dev)',
  AUTH_AUDIENCE: 'expected token audience (default kinerja)',
  KINERJA_AUTH_SECRET: 'development HS256 secret (default: generated into DATA_DIR/jwt-secret)',
  AUTH_OIDC_CLIENT_ID: "the console's public client id at the identity provider (authorization code with PKCE; with AUTH_JWKS_URL)",
  AUTH_OIDC_SCOPE: 'scopes the console asks the identity provider for (default "openid profile")',
  KINERJA_EVIDENCE_MAX_BYTES: 'largest evidence file accepted, in bytes (default 10485760)',
  EVIDENCE_S3_ENDPOINT: 'S3-compatible endpoint URL for evidence files; unset = DATA_DIR/evidence on local disk',
  EVIDENCE_S3_BUCKET: 'bucket of the evidence files (with EVIDENCE_S3_ENDPOINT)',
  EVIDENCE_S3_ACCESS_KEY: 'access key of the evidence bucket',
  EVIDENCE_S3_SECRET_KEY: 'secret key of the evidence bucket',
  EVIDENCE_S3_REGION: 'region of the evidence bucket (default us-east-1)',
  KINERJA_SEAL_KEY_FILE: "the Pemda's Ed25519 private key signing audit seals (PEM, PKCS#8; default: generated into DATA_DIR/seal-key.pem)",
  KINERJA_PEMDA_NAME: "the Pemda's name on the documents (default Pemerintah Kabupaten Contoh)",
  KINERJA_PUBLIC_URL:
    "the console's public address, which the rekap's verification QR code opens (default: the address the request came to)",
  KINERJA_VERIFICATION_SECRET:
    'secret of the rekap verification codes, at least 32 characters (default: generated into DATA_DIR/verification-secret)',
  KINERJA_PUBLIC_VERIFICATION_PER_CLIENT: 'public verification look-ups allowed per client address per window (default 120)',
} as const;

function configError(variable: string, problem: string): KinerjaError {
  return new KinerjaError('CONFIG_INVALID', `${variable} ${problem}`, 'BAD_INPUT', { variable });
}

function int(env: NodeJS.ProcessEnv, name: string, dflt: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return dflt;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max)
    throw configError(name, `must be a whole number from ${min} to ${max} (got ${JSON.stringify(raw)})`);
  return Number(raw);
}

function url(env: NodeJS.ProcessEnv, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw configError(name, `is not a URL (expected ${protocols.map((p) => p + '//…').join(' or ')})`);
  }
  if (!protocols.includes(u.protocol)) throw configError(name, `must start with ${protocols.join(' or ')} (got ${u.protocol})`);
  return raw;
}

function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, values: readonly T[], dflt: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return dflt;
  if (!values.includes(raw as T)) throw configError(name, `must be one of ${values.join(', ')} (got ${JSON.stringify(raw)})`);
  return raw as T;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  // A misspelt KINERJA_ variable would otherwise be silently ignored.
  for (const name of Object.keys(env))
    if (name.startsWith('KINERJA_') && !(name in CONFIG_VARIABLES) && !name.startsWith('KINERJA_TEST_'))
      throw configError(name, `is not a known setting (known: ${Object.keys(CONFIG_VARIABLES).join(', ')})`);
  const eventStore = oneOf(env, 'EVENT_STORE', ['postgres', 'kurrentdb'] as const, 'postgres');
  const kurrentdbUrl = url(env, 'KURRENTDB_URL', ['esdb:', 'esdb+discover:', 'kurrentdb:', 'kurrentdb+discover:']);
  if (eventStore === 'kurrentdb' && !kurrentdbUrl) throw configError('KURRENTDB_URL', 'is required when EVENT_STORE=kurrentdb');
  return {
    port: int(env, 'PORT', 3000, 0, 65535),
    host: env.HOST || '127.0.0.1',
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    dataDir: resolve(cwd, env.DATA_DIR || '.data'),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    eventStore,
    kurrentdbUrl,
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    eventMaxBytes: int(env, 'KINERJA_EVENT_MAX_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
    demoData: oneOf(env, 'KINERJA_DEMO_DATA', ['auto', 'off'] as const, 'auto') === 'auto',
    shutdownTimeoutMs: int(env, 'KINERJA_SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000),
    projectionMaxLagSeconds: int(env, 'KINERJA_PROJECTION_MAX_LAG_S', 60, 1, 86_400),
    databaseWaitMs: int(env, 'KINERJA_DATABASE_WAIT_S', 60, 0, 3600) * 1000,
    databasePoolMax: int(env, 'KINERJA_DATABASE_POOL_MAX', 20, 2, 1000),
    databasePipelineLanes: int(env, 'KINERJA_DATABASE_PIPELINE', 2, 0, 16),
    queuePrefix: queuePrefix(env),
    publicFeedback: {
      perClient: int(env, 'KINERJA_PUBLIC_FEEDBACK_PER_CLIENT', 10, 1, 1_000_000),
      perLink: int(env, 'KINERJA_PUBLIC_FEEDBACK_PER_LINK', 1000, 1, 100_000_000),
      windowSeconds: int(env, 'KINERJA_PUBLIC_FEEDBACK_WINDOW_S', 3600, 1, 86_400),
    },
    auth: {
      jwksUrl: url(env, 'AUTH_JWKS_URL', ['https:', 'http:']),
      issuer: env.AUTH_ISSUER || 'kinerja-dev',
      audience: env.AUTH_AUDIENCE || 'kinerja',
      devSecret: authSecret(env),
      oidcClientId: oidcClientId(env),
      oidcScope: env.AUTH_OIDC_SCOPE || 'openid profile',
    },
    evidence: {
      maxBytes: int(env, 'KINERJA_EVIDENCE_MAX_BYTES', 10 * 1024 * 1024, 1, 1024 * 1024 * 1024),
      s3: evidenceBucket(env),
    },
    sealKeyFile: env.KINERJA_SEAL_KEY_FILE ? resolve(cwd, env.KINERJA_SEAL_KEY_FILE) : undefined,
    documents: {
      pemdaName: pemdaName(env),
      publicUrl: url(env, 'KINERJA_PUBLIC_URL', ['https:', 'http:'])?.replace(/\/+$/, ''),
      verificationSecret: verificationSecret(env),
      verificationPerClient: int(env, 'KINERJA_PUBLIC_VERIFICATION_PER_CLIENT', 120, 1, 1_000_000),
    },
  };
}

function pemdaName(env: NodeJS.ProcessEnv): string {
  const n = (env.KINERJA_PEMDA_NAME ?? '').trim();
  if (!n) return 'Pemerintah Kabupaten Contoh';
  // eslint-disable-next-line no-control-regex
  if (n.length > 120 || /[\u0000-\u001f\u007f]/.test(n))
    throw configError('KINERJA_PEMDA_NAME', 'must be one line of at most 120 characters');
  return n;
}

function verificationSecret(env: NodeJS.ProcessEnv): string | undefined {
  const s = env.KINERJA_VERIFICATION_SECRET;
  if (s === undefined || s === '') return undefined;
  if (s.length < 32) throw configError('KINERJA_VERIFICATION_SECRET', 'must be at least 32 characters');
  return s;
}

function evidenceBucket(env: NodeJS.ProcessEnv): Config['evidence']['s3'] {
  const endpoint = url(env, 'EVIDENCE_S3_ENDPOINT', ['https:', 'http:']);
  if (!endpoint) return undefined;
  const need = (name: string) => {
    const v = env[name];
    if (!v) throw configError(name, 'is required when EVIDENCE_S3_ENDPOINT is set');
    return v;
  };
  return {
    endpoint,
    bucket: need('EVIDENCE_S3_BUCKET'),
    accessKey: need('EVIDENCE_S3_ACCESS_KEY'),
    secretKey: need('EVIDENCE_S3_SECRET_KEY'),
    region: env.EVIDENCE_S3_REGION || 'us-east-1',
  };
}

function queuePrefix(env: NodeJS.ProcessEnv): string {
  const p = env.KINERJA_QUEUE_PREFIX || 'kinerja';
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(p)) throw configError('KINERJA_QUEUE_PREFIX', 'may hold only letters, digits, _ and - (at most 64)');
  return p;
}

function oidcClientId(env: NodeJS.ProcessEnv): string | undefined {
  const id = env.AUTH_OIDC_CLIENT_ID;
  if (!id) return undefined;
  if (!/^[\w.:@-]{1,200}$/.test(id)) throw configError('AUTH_OIDC_CLIENT_ID', 'must be a client id (letters, digits, . _ : @ -)');
  if (!env.AUTH_JWKS_URL)
    throw configError('AUTH_OIDC_CLIENT_ID', 'needs AUTH_JWKS_URL: the identity provider must also verify the tokens');
  return id;
}

function authSecret(env: NodeJS.ProcessEnv): string | undefined {
  const s = env.KINERJA_AUTH_SECRET;
  if (s === undefined || s === '') return undefined;
  if (s.length < 32) throw configError('KINERJA_AUTH_SECRET', 'must be at least 32 characters');
  return s;
}

/** A URL safe to print: the password replaced. */
export function redactUrl(raw: string): string {
  try {
    const u = new URL(raw);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable url)';
  }
}
