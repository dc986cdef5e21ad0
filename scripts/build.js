// Compiles the CLI, the API, the worker and the libraries they use to JavaScript in dist/, so that a
// `kinerja` command starts without compiling TypeScript on load. Run by `npm ci` (the prepare script)
// and `npm run build`; bin/kinerja.js runs it again when the build is missing or stale, so that
// `npm start` stays the only command a newcomer needs, and an edited source is never run from an old
// build (the tests run the CLI through bin/kinerja.js too).
//
// Each build is a folder dist/<stamp>, the stamp a hash of every source's path, size and modification
// time (stat only: the check runs before every command and costs a few milliseconds). A build is
// written to a temporary folder and renamed into place, so two processes building at once (two jest
// workers, two terminals) each find a complete build. The layout under dist/<stamp> is the
// repository's (apps/cli/src/main.js, libs/kernel/src/index.js…); the `@kinerja/*` path aliases of
// tsconfig.json become relative requires, and decorators get their metadata as jest.config.js's SWC
// options give them (Nest injects by it).
const { createHash } = require('node:crypto');
const { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { dirname, join, relative } = require('node:path');

const ROOT = join(__dirname, '..');
/** What is compiled: every TypeScript file under these (specs and end-to-end tests aside). */
const SOURCES = ['apps/cli/src', 'apps/api/src', 'apps/worker/src', 'libs'];
/** What else a build depends on: the compiler settings, the compiler's version, this script. */
const INPUTS = ['tsconfig.json', 'package-lock.json', 'scripts/build.js'];
/** Builds kept besides the newest (a long-running `kinerja start` may still load from its own). */
const KEEP = 2;
const COMPLETE = '.complete';
/**
 * Code whose imports of packages (and of our libraries) are loaded on first use, not on load: a
 * command loads Nest, pg, BullMQ, PDFKit… only when it uses them (`kinerja --help` uses none).
 */
const LAZY = ['apps/cli/src'];

const isSource = (name) => name.endsWith('.ts') && !name.endsWith('.d.ts') && !/\.(spec|e2e)\.ts$/.test(name);

function walk(dir, out) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== 'dist') walk(p, out);
    } else if (isSource(e.name)) out.push(p);
  }
  return out;
}

/** The sources of a build under `root`, in a stable order. */
function sources(root = ROOT) {
  return SOURCES.flatMap((s) => walk(join(root, s), [])).sort();
}

/** The stamp of the sources as they are now: their paths, sizes and modification times. */
function stamp(root = ROOT) {
  const h = createHash('sha256');
  for (const f of [...sources(root), ...INPUTS.map((i) => join(root, i))]) {
    let s;
    try {
      s = statSync(f);
    } catch {
      continue;
    }
    h.update(`${relative(root, f)}\0${s.size}\0${s.mtimeMs}\n`);
  }
  return h.digest('hex').slice(0, 16);
}

/** SWC's options: those of jest.config.js, with the path aliases of tsconfig.json resolved at build time. */
function swcOptions(root, file, paths) {
  const lazy = LAZY.some((dir) => relative(root, file).startsWith(dir));
  return {
    filename: file,
    swcrc: false,
    configFile: false,
    sourceMaps: true,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
      // The lazy ones keep their aliases as they are, for resolveRequires below.
      ...(lazy ? {} : { baseUrl: root, paths }),
    },
    module: { type: 'commonjs', lazy },
  };
}

/** `require('@kinerja/…')` written as a call (SWC resolves only imports): the same alias, as a relative path. */
function resolveRequires(code, root, file, paths) {
  return code.replace(/require\((['"])(@kinerja\/[^'"]+)\1\)/g, (whole, q, spec) => {
    for (const [alias, [target]] of Object.entries(paths)) {
      const m = alias.endsWith('/*') ? spec.startsWith(alias.slice(0, -1)) && spec.slice(alias.length - 1) : spec === alias && '';
      if (m === false) continue;
      let rel = relative(dirname(file), join(root, target.replace('*', m)));
      if (!rel.startsWith('.')) rel = `./${rel}`;
      return `require(${q}${rel.split('\\').join('/')}${q})`;
    }
    return whole;
  });
}

/** Compiles every source into dist/<stamp> (unless there already); returns that folder. */
function build(root = ROOT, s = stamp(root)) {
  const dist = join(root, 'dist');
  const out = join(dist, s);
  if (existsSync(join(out, COMPLETE))) return out;
  const swc = require('@swc/core');
  const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8'));
  const tmp = join(dist, `.tmp-${s}-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  for (const file of sources(root)) {
    const rel = relative(root, file).replace(/\.ts$/, '.js');
    const target = join(tmp, rel);
    const { code, map } = swc.transformFileSync(file, swcOptions(root, file, compilerOptions.paths));
    mkdirSync(dirname(target), { recursive: true });
    const base = rel.split(/[\\/]/).pop();
    writeFileSync(target, `${resolveRequires(code, root, file, compilerOptions.paths)}\n//# sourceMappingURL=${base}.map\n`);
    if (map) writeFileSync(`${target}.map`, map);
  }
  writeFileSync(join(tmp, COMPLETE), `${s}\n`);
  try {
    renameSync(tmp, out);
  } catch (e) {
    // Another process renamed its build of the same stamp first: same sources, same build.
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(join(out, COMPLETE))) throw e;
  }
  prune(dist, s);
  return out;
}

/** Removes all but the newest builds, and temporary folders of builds that died. */
function prune(dist, current) {
  const builds = readdirSync(dist, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== current)
    .map((e) => ({ path: join(dist, e.name), tmp: e.name.startsWith('.tmp-'), mtime: statSync(join(dist, e.name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  const old = Date.now() - 10 * 60_000;
  let kept = 0;
  for (const b of builds) {
    if (b.tmp ? b.mtime < old : ++kept > KEEP) rmSync(b.path, { recursive: true, force: true });
  }
}

/**
 * The folder of the build of the sources as they are now, building it first when missing or stale.
 * `log(line)` hears that a build happens (it takes a few seconds).
 */
function ensureBuilt(log = (line) => console.error(line), root = ROOT) {
  const s = stamp(root);
  const out = join(root, 'dist', s);
  if (existsSync(join(out, COMPLETE))) return out;
  log(`kinerja: compiling to JavaScript (dist/${s}), once after each change of the sources…`);
  return build(root, s);
}

module.exports = { build, ensureBuilt, stamp, sources };

if (require.main === module) {
  const t = process.hrtime.bigint();
  const out = build();
  const files = sources().length;
  console.log(`built ${files} files into ${relative(ROOT, out)} in ${Number((process.hrtime.bigint() - t) / 1_000_000n)} ms`);
}
