import type { Clock } from '@kinerja/kernel';
import { Auth } from './auth';

const config = {
  dataDir: '/nonexistent',
  auth: { issuer: 'kinerja-dev', audience: 'kinerja', devSecret: 'auth-spec-secret-for-development-tokens-0123456789' },
};

/** A clock the test moves; the tokens are signed at the real time, so it starts there. */
function movableClock() {
  let at = Date.now();
  const clock: Clock = { now: () => new Date(at) };
  return { clock, advance: (seconds: number) => (at += seconds * 1000) };
}

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => 'accepted',
    (e: { code: string }) => e.code,
  );

describe('bearer tokens, verified once per token', () => {
  it('accepts a token again with the same caller, and a caller changed by one request does not leak into the next', async () => {
    const auth = new Auth(config);
    const token = await auth.sign({ sub: 'u-1', nip: '198312102010061298', roles: ['pegawai'] });
    const first = await auth.verify(`Bearer ${token}`);
    first.roles.push('admin_kepegawaian');
    expect(await auth.verify(`Bearer ${token}`)).toEqual({ userId: 'u-1', nip: '198312102010061298', roles: ['pegawai'] });
  });

  it('refuses a token once it has expired, though it was accepted before', async () => {
    const { clock, advance } = movableClock();
    const auth = new Auth(config, clock);
    const token = await auth.sign({ sub: 'u-2', roles: ['pegawai'] }, { expiresIn: '30s' });
    expect(await auth.verify(`Bearer ${token}`)).toMatchObject({ userId: 'u-2' });
    advance(31);
    expect(await refusal(auth.verify(`Bearer ${token}`))).toBe('TOKEN_EXPIRED');
  });

  it('refuses a token whose signature was changed, while the genuine one is accepted', async () => {
    const auth = new Auth(config);
    const token = await auth.sign({ sub: 'u-3', roles: ['pegawai'] });
    await auth.verify(`Bearer ${token}`);
    const [h, p, sig] = token.split('.');
    const forged = `${h}.${p}.${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await refusal(auth.verify(`Bearer ${forged}`))).toMatch(/^TOKEN_INVALID/);
    const [, , s2] = (await auth.sign({ sub: 'u-3', roles: ['pegawai', 'admin_kepegawaian'] })).split('.');
    expect(await refusal(auth.verify(`Bearer ${h}.${p}.${s2}`))).toMatch(/^TOKEN_INVALID/);
  });
});
