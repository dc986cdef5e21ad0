/**
 * A standalone entry for `tpp` alone (`node -r @swc-node/register apps/cli/src/commands/tpp-main.ts
 * tpp calc`): used by the tests and the bench to run the command as a child process without the
 * rest of the CLI.
 */
import { Command } from 'commander';
import { registerTppCommands } from './tpp';

const program = new Command('kinerja');
registerTppCommands(program);
program.parseAsync(process.argv).catch((e) => {
  process.stderr.write(`${String(e?.stack ?? e)}\n`);
  process.exitCode = 2;
});
