import { POSTGRES_SERVER_ENV, withPostgresServerEnv } from './postgres-env';

describe('withPostgresServerEnv', () => {
  const NAME = 'MALLOC_TRIM_THRESHOLD_';
  const saved = process.env[NAME];
  afterEach(() => {
    if (saved === undefined) delete process.env[NAME];
    else process.env[NAME] = saved;
  });

  it('sets the server environment while the server starts, then puts the environment back', async () => {
    delete process.env[NAME];
    const seen = await withPostgresServerEnv(async () => process.env[NAME]);
    expect(seen).toBe(POSTGRES_SERVER_ENV.get(NAME));
    expect(process.env[NAME]).toBeUndefined();
  });

  it('keeps a value the user set, and puts the environment back when the start fails', async () => {
    process.env[NAME] = '65536';
    const seen: Array<string | undefined> = [];
    await expect(
      withPostgresServerEnv(async () => {
        seen.push(process.env[NAME]);
        throw new Error('initdb failed');
      }),
    ).rejects.toThrow('initdb failed');
    expect(seen).toEqual(['65536']);
    expect(process.env[NAME]).toBe('65536');
  });

  it('keeps the setting for starts that overlap until the last is done', async () => {
    delete process.env[NAME];
    let release!: () => void;
    const first = withPostgresServerEnv(() => new Promise<void>((r) => (release = r)));
    const second = await withPostgresServerEnv(async () => process.env[NAME]);
    expect(second).toBe(POSTGRES_SERVER_ENV.get(NAME));
    expect(process.env[NAME]).toBe(POSTGRES_SERVER_ENV.get(NAME)); // the first is still starting
    release();
    await first;
    expect(process.env[NAME]).toBeUndefined();
  });
});
