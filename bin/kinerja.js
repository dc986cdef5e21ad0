#!/usr/bin/env node
// The `kinerja` command. It runs the compiled JavaScript of dist/ (scripts/build.js: built by `npm ci`,
// and here again, once, when the sources changed since), so no TypeScript is compiled on load.
const args = process.argv.slice(2);
let build;
try {
  // `kinerja start` serves the web console: build it first when the build is missing or stale.
  if (args[0] === 'start' && !args.includes('worker')) require('../apps/console/build.js').ensureConsoleBuilt();
  build = require('../scripts/build.js').ensureBuilt();
} catch (e) {
  console.error(`kinerja: ${e.message}`);
  process.exit(1);
}
require(`${build}/apps/cli/src/main.js`);
