import { loadConfig, redactUrl } from './config';

const refusal = (env: Record<string, string>) => {
  try {
    loadConfig(env, '/srv/kinerja');
  } catch (e) {
    return e as { code: string; message: string; details: { variable: string } };
  }
  throw new Error('expected a refusal');
};

describe('configuration', () => {
  it('runs on the embedded defaults with nothing set', () => {
    expect(loadConfig({}, '/srv/kinerja')).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      dataDir: '/srv/kinerja/.data',
      redisUrl: undefined,
      eventStore: 'postgres',
      demoData: true,
      queuePrefix: 'kinerja',
      projectionMaxLagSeconds: 60,
      databasePoolMax: 20,
      databasePipelineLanes: 2,
      auth: { issuer: 'kinerja-dev', audience: 'kinerja' },
    });
  });

  it.each([
    [{ PORT: '80a' }, 'PORT', /whole number/],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL', /postgres:/],
    [{ REDIS_URL: 'not a url' }, 'REDIS_URL', /not a URL/],
    [{ EVENT_STORE: 'mongo' }, 'EVENT_STORE', /one of postgres, kurrentdb/],
    [{ EVENT_STORE: 'kurrentdb' }, 'KURRENTDB_URL', /required/],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL', /one of/],
    [{ KINERJA_AUTH_SECRET: 'short' }, 'KINERJA_AUTH_SECRET', /32 characters/],
    [{ KINERJA_QUEUE_PREFIX: 'a b' }, 'KINERJA_QUEUE_PREFIX', /letters, digits/],
    [{ KINERJA_DEMO_DATAS: 'off' }, 'KINERJA_DEMO_DATAS', /not a known setting/],
    [{ KINERJA_PROJECTION_MAX_LAG_S: '0' }, 'KINERJA_PROJECTION_MAX_LAG_S', /from 1 to 86400/],
    [{ KINERJA_DATABASE_POOL_MAX: '1' }, 'KINERJA_DATABASE_POOL_MAX', /from 2 to 1000/],
  ])('refuses %j naming %s', (env, variable, message) => {
    const e = refusal(env as Record<string, string>);
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.details.variable).toBe(variable);
    expect(e.message).toMatch(message);
  });

  it('knows every KINERJA_ setting the code reads', () => {
    expect(() =>
      loadConfig({
        KINERJA_POLICY_DIR: '/etc/kinerja/perkada',
        KINERJA_SHUTDOWN_TIMEOUT_MS: '5000',
        KINERJA_PROJECTION_MAX_LAG_S: '300',
        KINERJA_DATABASE_POOL_MAX: '12',
      }),
    ).not.toThrow();
  });

  it('reads the seal key file relative to the working directory; unset, the key is generated into DATA_DIR', () => {
    expect(loadConfig({ KINERJA_SEAL_KEY_FILE: 'keys/seal.pem' }, '/srv/kinerja').sealKeyFile).toBe('/srv/kinerja/keys/seal.pem');
    expect(loadConfig({}, '/srv/kinerja').sealKeyFile).toBeUndefined();
  });

  it('never prints a password', () => {
    expect(redactUrl('postgres://kinerja:s3cret@db:5432/kinerja')).toBe('postgres://kinerja:***@db:5432/kinerja');
  });
});
