#!/usr/bin/env node
// The `kinerja` command. TypeScript is compiled on load by SWC (no build step after `npm ci`).
const path = require('node:path');
process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || path.join(__dirname, '..', 'tsconfig.json');
// `kinerja start` serves the web console: build it first when the build is missing or stale.
const args = process.argv.slice(2);
if (args[0] === 'start' && !args.includes('worker')) {
  try {
    require('../apps/console/build.js').ensureConsoleBuilt();
  } catch (e) {
    console.error(`kinerja: ${e.message}`);
    process.exit(1);
  }
}
require('@swc-node/register');
require('../apps/cli/src/main.ts');
