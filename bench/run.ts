/**
 * `npm run bench -- <name> [args]` runs bench/<name>.bench.ts; with no name, every bench in turn.
 * Each bench measures its baselines in the same run, prints a table and the goals it met or missed.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

async function main() {
  const [name, ...args] = process.argv.slice(2);
  const all = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .map((f) => f.replace(/\.bench\.ts$/, ''))
    .sort();
  const chosen = name ? [name] : all;
  for (const n of chosen) {
    if (!all.includes(n)) {
      console.error(`unknown bench "${n}"; there are: ${all.join(', ')}`);
      process.exit(2);
    }
    const mod = require(join(__dirname, `${n}.bench.ts`));
    await mod.default(args);
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
