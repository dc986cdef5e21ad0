import { originOf } from './console';

// The console's CSP lets the page connect to the identity provider (discovery and the PKCE token
// request): its origin, taken from AUTH_ISSUER, which may be any string a provider chose.
it('lets the page reach the issuer’s origin only when the issuer is an http(s) URL; any other issuer starts nothing', () => {
  expect(originOf('https://sso.pemda.go.id/realms/asn')).toEqual(['https://sso.pemda.go.id']);
  expect(originOf('http://127.0.0.1:8080')).toEqual(['http://127.0.0.1:8080']);
  expect(originOf('kinerja-dev')).toEqual([]);
  expect(originOf('javascript:alert(1)')).toEqual([]);
  expect(originOf(undefined)).toEqual([]);
});
