import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// `npm start` rebuilds the console when its build is missing or stale: what "stale" means is what
// the bundle is made of (the console, the libraries it imports, the lock file) changing.
const { consoleBuildState, fingerprint } = require('./build.js') as {
  consoleBuildState(root?: string): 'missing' | 'stale' | 'fresh';
  fingerprint(root?: string): string;
};

describe('the console build is missing, stale or fresh', () => {
  const root = mkdtempSync(join(tmpdir(), 'kinerja-console-build-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('follows the sources, not the clock', () => {
    const repo = join(__dirname, '..', '..');
    cpSync(join(repo, 'apps', 'console', 'src'), join(root, 'apps', 'console', 'src'), { recursive: true });
    cpSync(join(repo, 'libs', 'contracts', 'src'), join(root, 'libs', 'contracts', 'src'), { recursive: true });
    writeFileSync(join(root, 'package-lock.json'), '{}');
    expect(consoleBuildState(root)).toBe('missing');

    const dist = join(root, 'apps', 'console', 'dist');
    mkdirSync(dist, { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<div id="root"></div>');
    writeFileSync(join(dist, '.fingerprint'), fingerprint(root) + '\n');
    expect(consoleBuildState(root)).toBe('fresh');

    // A test file changes nothing the bundle holds.
    writeFileSync(join(root, 'apps', 'console', 'src', 'x.spec.ts'), 'it("x", () => undefined);');
    expect(consoleBuildState(root)).toBe('fresh');

    // A contract the console validates with does.
    writeFileSync(join(root, 'libs', 'contracts', 'src', 'session.ts'), '// changed\n', { flag: 'a' });
    expect(consoleBuildState(root)).toBe('stale');

    // And so does the lock file (another React, another Mantine).
    writeFileSync(join(dist, '.fingerprint'), fingerprint(root) + '\n');
    writeFileSync(join(root, 'package-lock.json'), '{"lockfileVersion":3}');
    expect(consoleBuildState(root)).toBe('stale');
  });
});
