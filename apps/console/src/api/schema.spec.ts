import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// The console's request and answer types are the API's OpenAPI document, generated, never copied by hand:
// a route or a contract changed without `npm run console:api` fails here (and the console's type check
// then shows every screen the change touches). Run as a child: openapi-typescript's dependencies are ES
// modules, which jest's CommonJS runtime does not load.
it('the console API types are generated from the current OpenAPI document', () => {
  const root = join(__dirname, '..', '..', '..', '..');
  const r = spawnSync(process.execPath, ['-r', '@swc-node/register', 'scripts/console-api.ts', '--check'], { cwd: root, encoding: 'utf8' });
  expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
});
