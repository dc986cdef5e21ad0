// Keeps the layering in DESIGN.md ("Layout") true: a library may depend only on the libraries listed
// for it below. Run by `npm run lint` as `depcruise apps libs --config .dependency-cruiser.js`.

const { LAYERS } = require('./scripts/layers');

const { CONVERTED_CONTROLLERS } = require('./scripts/converted-controllers');

const SPEC = '\\.(spec|e2e)\\.ts$';
// Test-only code inside a library: specs and the `testing` helpers (libs/<lib>/src/testing.ts or testing/).
const TEST_CODE = `${SPEC}|^libs/[^/]+/src/testing(\\.ts$|/)`;

const layerRules = Object.entries(LAYERS).map(([lib, allowed]) => ({
  name: `layer-${lib}`,
  comment:
    `libs/${lib} may import only ${allowed.length ? allowed.map((l) => `libs/${l}`).join(', ') : 'nothing of ours'} ` +
    '(DESIGN.md, "Layout": a library depends only on the libraries above it).',
  severity: 'error',
  from: { path: `^libs/${lib}/` },
  to: { path: '^libs/[^/]+/', pathNot: `^libs/(${[lib, ...allowed].join('|')})/` },
}));

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'layer-unknown-lib',
      comment:
        'A new folder under libs/ needs its place in LAYERS in .dependency-cruiser.js (and in DESIGN.md). ' +
        'A warning, so that adding a library does not break the build before its place is decided.',
      severity: 'warn',
      from: { path: '^libs/([^/]+)/', pathNot: `^libs/(${Object.keys(LAYERS).join('|')})/` },
      to: { path: '^libs/', pathNot: '^libs/$1/' },
    },
    {
      name: 'domain-through-index',
      comment: "A domain folder uses another domain folder only through that folder's index.ts.",
      severity: 'error',
      from: { path: '^libs/domain/([^/]+)/', pathNot: SPEC },
      to: { path: '^libs/domain/[^/]+/', pathNot: '^libs/domain/$1/|^libs/domain/[^/]+/index\\.ts$' },
    },
    {
      name: 'controller-only-dispatches',
      comment:
        'A converted controller parses, sends a command or query on the bus and maps the answer: it never ' +
        'reaches the event store, pg, the runtime, the read models, the process managers or an application ' +
        'service directly (README, "Application layer"; the list is scripts/converted-controllers.js).',
      severity: 'error',
      from: { path: `^(${CONVERTED_CONTROLLERS.map((f) => f.replace(/\./g, '\\.')).join('|')})$` },
      to: {
        path: [
          '^libs/(event-store|platform|projections|workflows)/',
          '^libs/application/src/.*service\\.ts$',
          '(^|/)node_modules/pg/',
          '^apps/api/src/runtime\\.token\\.ts$',
        ],
      },
    },
    {
      name: 'libs-not-to-apps',
      comment: 'Libraries never import from apps/: apps are the shell around the libraries, not the other way round.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'production-not-to-test',
      comment: 'Production code in apps/ and libs/ never imports test/; only spec files may.',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: SPEC },
      to: { path: '^test/' },
    },
    {
      name: 'specs-only-to-test-support',
      comment: 'Spec files in apps/ and libs/ may import test/support and test/fixtures, nothing else under test/.',
      severity: 'error',
      from: { path: `^(apps|libs)/.*${SPEC}` },
      to: { path: '^test/', pathNot: '^test/(support|fixtures)/' },
    },
    {
      name: 'no-circular',
      comment: 'Circular dependencies make load order matter and layers meaningless.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-dev-deps-in-production',
      comment:
        'Production code (apps, libs, except specs and libs/*/src/testing) must not import devDependencies: ' +
        'they are not installed with `npm ci --omit=dev`. Type-only imports are erased and so are allowed.',
      severity: 'error',
      // The console is bundled by `npm run build` (its packages are build tools, in the bundle, not at run time).
      from: { path: '^(apps|libs)/', pathNot: `${TEST_CODE}|^apps/console/` },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'console-in-the-browser',
      comment:
        'The console runs in the browser and talks to the API over HTTP only: of ours it imports the contracts and ' +
        'the pure libraries they stand on (kernel, policies, domain), never the application, the store, the read ' +
        'models, the platform or another app.',
      severity: 'error',
      from: { path: '^apps/console/', pathNot: SPEC },
      to: { path: ['^libs/(application|event-store|projections|workflows|platform)/', '^apps/(api|cli|worker)/'] },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing (a typo, or a package missing from package.json).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-undeclared-packages',
      comment: 'Every npm package imported must be declared in package.json.',
      severity: 'error',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|\\.data|coverage)/' },
    // Type-only imports count for layering too: a type from the wrong layer is still a wrong dependency.
    tsPreCompilationDeps: true,
    // Resolves the @kinerja/<lib> and @kinerja/domain/<name> paths of tsconfig.json.
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.json'],
      mainFields: ['main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
