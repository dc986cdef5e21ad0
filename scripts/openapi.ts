/**
 * Writes the OpenAPI document to a file without a database or a server (Nest in preview mode), and
 * with --lint checks it with Redocly's linter (redocly.yaml). Run by `npm run lint`:
 *   node -r @swc-node/register scripts/openapi.ts [--lint] [file]
 */
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApiDocumentOffline } from '../apps/api/src/openapi/document';

async function main() {
  const args = process.argv.slice(2);
  const lint = args.includes('--lint');
  const given = args.find((a) => !a.startsWith('--'));
  const file = given ?? join(tmpdir(), `kinerja-openapi-${process.pid}.json`);
  writeFileSync(file, JSON.stringify(await openApiDocumentOffline(), null, 2));
  if (!lint) return console.log(file);
  const bin = join(__dirname, '..', 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
  // No telemetry and no update check: the lint runs offline in CI.
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
  const r = spawnSync(process.execPath, [bin, 'lint', '--config', join(__dirname, '..', 'redocly.yaml'), file], { stdio: 'inherit', env });
  if (!given) rmSync(file, { force: true });
  process.exitCode = r.status ?? 1;
}

main().catch((e) => {
  console.error(`openapi: ${(e as Error).stack ?? e}`);
  process.exitCode = 1;
});
