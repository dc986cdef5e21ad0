import { claimsOf, isExpired } from './token';

const jwt = (payload: unknown) =>
  ['{"alg":"HS256"}', JSON.stringify(payload), 'sig'].map((p, i) => (i < 2 ? Buffer.from(p).toString('base64url') : p)).join('.');

describe('the console reads its token for display only', () => {
  it('takes sub, nip, name, roles and exp; a name in UTF-8 survives', () => {
    expect(
      claimsOf(jwt({ sub: 'kasi.dinkes', nip: '199301032024041695', name: 'Ahmad Santoso ✓', roles: ['pegawai', 7], exp: 100 })),
    ).toEqual({
      sub: 'kasi.dinkes',
      nip: '199301032024041695',
      name: 'Ahmad Santoso ✓',
      roles: ['pegawai'],
      exp: 100,
    });
  });

  it('refuses what is not a JWT with a subject', () => {
    expect(claimsOf('abc')).toBeNull();
    expect(claimsOf(jwt({ roles: [] }))).toBeNull();
    expect(claimsOf('a.###.c')).toBeNull();
  });

  it('counts a token as expired a few seconds early, so no request leaves with one about to be refused', () => {
    const at = new Date('2026-11-30T10:00:00Z');
    const exp = at.getTime() / 1000;
    expect(isExpired({ sub: 'x', roles: [], exp: exp + 60 }, at)).toBe(false);
    expect(isExpired({ sub: 'x', roles: [], exp: exp + 3 }, at)).toBe(true);
    expect(isExpired({ sub: 'x', roles: [] }, at)).toBe(false);
  });
});
