import type { Actor } from '@kinerja/kernel';
import { createLogger, createRuntime, loadConfig, Runtime } from '@kinerja/platform';

/** Who a command run from the console acts as: an operator of BKPSDM, recorded as such. */
export const CLI_ACTOR: Actor = { userId: 'system:cli', roles: ['admin_kepegawaian'] };

/**
 * Opens the runtime for a one-shot command and always closes it (stopping an embedded database).
 * Quieter than `start`: only warnings unless LOG_LEVEL says otherwise.
 */
export async function withRuntime<T>(fn: (rt: Runtime) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const rt = await createRuntime(config, createLogger({ logLevel: process.env.LOG_LEVEL ? config.logLevel : 'warn' }));
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}
