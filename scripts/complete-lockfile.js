#!/usr/bin/env node
/**
 * Adds to package-lock.json the platform-specific optional packages (other operating systems and
 * CPUs) that npm left out because the registry it used did not serve them. `npm ci` insists that
 * every optional dependency has a lock entry, even one it will skip on this platform; with the
 * entries (name, version, os/cpu) it skips them and installs. Run after changing dependencies:
 * `npm install && node scripts/complete-lockfile.js`.
 */
const fs = require('node:fs');
const path = require('node:path');

const file = path.join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const pkgs = lock.packages;

const OS = ['darwin', 'win32', 'linux', 'freebsd', 'android', 'openharmony', 'sunos', 'aix', 'netbsd', 'openbsd'];
const CPU = {
  x64: 'x64',
  arm64: 'arm64',
  arm: 'arm',
  ia32: 'ia32',
  ppc64: 'ppc64',
  s390x: 's390x',
  loong64: 'loong64',
  riscv64: 'riscv64',
};

// Names that say the OS in words npm does not use (napi-windows-process-start-time, an optional
// dependency of Vite that the registry does not serve).
const OS_ALIAS = { windows: 'win32', macos: 'darwin' };

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = parts.map((p) => (OS.includes(p) ? p : OS_ALIAS[p])).find(Boolean);
  const cpu = parts.map((p) => CPU[p]).find(Boolean);
  return { os, cpu };
}

let added = 0;
for (const [where, meta] of Object.entries(pkgs)) {
  for (const [dep, range] of Object.entries(meta.optionalDependencies ?? {})) {
    const base = where ? `${where}/node_modules/${dep}` : `node_modules/${dep}`;
    if (pkgs[base] || pkgs[`node_modules/${dep}`]) continue;
    const { os, cpu } = platformOf(dep);
    if (!os) continue; // not a platform package: leave it for npm to resolve
    const version = String(range).replace(/^[\^~=]/, '');
    if (!/^\d+\.\d+\.\d+/.test(version)) continue;
    pkgs[`node_modules/${dep}`] = { version, optional: true, os: [os], ...(cpu ? { cpu: [cpu] } : {}) };
    added++;
  }
}
fs.writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
console.log(`package-lock.json: ${added} platform packages recorded`);
