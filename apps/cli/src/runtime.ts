import type { Actor } from '@kinerja/kernel';
import { Config, createLogger, createRuntime, loadConfig, Logger, Runtime, stderrDestination } from '@kinerja/platform';

/** Who a command run from the console acts as: an operator of BKPSDM, recorded as such. */
export const CLI_ACTOR: Actor = { userId: 'system:cli', roles: ['admin_kepegawaian'] };

/**
 * A one-shot command's logger: quieter than `start` (only warnings unless LOG_LEVEL says
 * otherwise), and on stderr, so that stdout holds only the command's answer (`--json`).
 */
export function commandLogger(config: Config): Logger {
  return createLogger({ logLevel: process.env.LOG_LEVEL ? config.logLevel : 'warn' }, 'kinerja', stderrDestination());
}

/**
 * Opens the runtime for a one-shot command and always closes it (stopping an embedded database
 * it started; one that a running `kinerja start` owns is used, and left running).
 */
export async function withRuntime<T>(fn: (rt: Runtime) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const rt = await createRuntime(config, commandLogger(config), { attach: true });
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}
