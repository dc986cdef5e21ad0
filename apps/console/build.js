// Builds the console when its build is missing or stale, so that `npm ci && npm start` on a fresh
// clone serves it without a separate step. Stale means: any source the bundle is made of (the console,
// the libraries it imports, the lock file) differs from what the build in dist was made of. The
// fingerprint is a hash of those files' paths and bytes, kept beside the build.
const { createHash } = require('node:crypto');
const { existsSync, readdirSync, readFileSync, statSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');
const { spawnSync } = require('node:child_process');

// Vite loads its TypeScript config by bundling it (as today); its notice about the native loader of a
// future major version would be the first thing a newcomer reads on `npm start`.
const VITE_ENV = { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' };

const ROOT = join(__dirname, '..', '..');
const DIST = join(__dirname, 'dist');
const STAMP = join(DIST, '.fingerprint');
const SOURCES = [
  'apps/console/src',
  'apps/console/index.html',
  'apps/console/vite.config.ts',
  'libs/contracts/src',
  'libs/kernel/src',
  'libs/policies/src',
  'libs/domain',
  'package-lock.json',
];

function files(path, out) {
  if (!existsSync(path)) return out;
  const entries = readdirSync(path, { withFileTypes: true });
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(path, e.name);
    if (e.isDirectory()) files(p, out);
    else if (!/\.(spec|e2e)\.ts$/.test(e.name)) out.push(p);
  }
  return out;
}

/** The hash of everything the bundle is built from (under `root`, the repository). */
function fingerprint(root = ROOT) {
  const h = createHash('sha256');
  for (const s of SOURCES) {
    const p = join(root, s);
    const all = !existsSync(p) ? [] : statSync(p).isDirectory() ? files(p, []) : [p];
    for (const f of all) {
      h.update(relative(root, f)).update('\0').update(readFileSync(f)).update('\0');
    }
  }
  return h.digest('hex');
}

/** 'missing', 'stale' or 'fresh', of the build in `root`'s apps/console/dist. */
function consoleBuildState(root = ROOT) {
  const dist = join(root, 'apps', 'console', 'dist');
  const stamp = join(dist, '.fingerprint');
  if (!existsSync(join(dist, 'index.html')) || !existsSync(stamp)) return 'missing';
  return readFileSync(stamp, 'utf8').trim() === fingerprint(root) ? 'fresh' : 'stale';
}

/**
 * Builds when missing or stale. `log(line)` hears what happens; a build that cannot run (Vite not
 * installed, as after `npm ci --omit=dev`) is reported and the API still starts (it serves a page
 * saying the console is not built).
 */
function ensureConsoleBuilt(log = (line) => console.error(line)) {
  const state = consoleBuildState();
  if (state === 'fresh') return { built: false, state };
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!existsSync(vite)) {
    log(`console: the build is ${state} and Vite is not installed (npm ci installs it); serving the API only`);
    return { built: false, state };
  }
  log(`console: the build is ${state}; building (npm run build)…`);
  const before = fingerprint();
  const r = spawnSync(process.execPath, [vite, 'build', '--config', join(__dirname, 'vite.config.ts'), '--logLevel', 'warn'], {
    cwd: ROOT,
    env: VITE_ENV,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`console build failed (exit ${r.status}): run npm run build to see why`);
  writeFileSync(STAMP, before + '\n');
  log('console: built');
  return { built: true, state };
}

module.exports = { consoleBuildState, ensureConsoleBuilt, fingerprint };

if (require.main === module) {
  // `npm run build`: always build, then stamp.
  const r = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(__dirname, 'vite.config.ts')],
    {
      cwd: ROOT,
      env: VITE_ENV,
      stdio: 'inherit',
    },
  );
  if (r.status !== 0) process.exit(r.status ?? 1);
  writeFileSync(STAMP, fingerprint() + '\n');
}
