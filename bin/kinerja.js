#!/usr/bin/env node
// The `kinerja` command. TypeScript is compiled on load by SWC (no build step after `npm ci`).
const path = require('node:path');
process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || path.join(__dirname, '..', 'tsconfig.json');
require('@swc-node/register');
require('../apps/cli/src/main.ts');
