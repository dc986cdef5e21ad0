import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DocumentSettings } from '@kinerja/application';
import type { Config } from './config';

/**
 * The documents' settings from the configuration. The verification secret is KINERJA_VERIFICATION_SECRET,
 * else one generated once into DATA_DIR/verification-secret (read when first needed): every API
 * process must use the same one, so with several machines set the variable.
 */
export function documentSettings(config: Config): DocumentSettings {
  let secret: string | undefined = config.documents.verificationSecret;
  return {
    pemdaName: config.documents.pemdaName,
    publicUrl: config.documents.publicUrl ?? null,
    verificationSecret: () => (secret ??= secretFile(config.dataDir)),
    verificationPerClient: config.documents.verificationPerClient,
    windowSeconds: config.publicFeedback.windowSeconds,
  };
}

function secretFile(dataDir: string): string {
  const file = join(dataDir, 'verification-secret');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    try {
      writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e; // another process made it first
    }
  }
  return readFileSync(file, 'utf8').trim();
}
