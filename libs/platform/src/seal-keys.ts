import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SealDeps, SealKeys, SealRequest } from '@kinerja/application';
import { signSeal } from '@kinerja/domain/seal';
import { KinerjaError } from '@kinerja/kernel';
import type { Config } from './config';
import { QUEUES } from './queue';
import type { Runtime } from './runtime';

export const SEAL_JOB = 'audit.seal';

/**
 * The Pemda's seal key: `KINERJA_SEAL_KEY_FILE` (an Ed25519 private key, PEM PKCS#8), else one
 * generated into `DATA_DIR/seal-key.pem` on first use and kept (as the development JWT secret is).
 * Processes that seal (the worker, the console) must share it: with several machines, give the file.
 */
export function sealKeys(config: Pick<Config, 'dataDir' | 'sealKeyFile'>): SealKeys {
  let loaded: { privateKey: KeyObject; publicKey: KeyObject } | undefined;
  const load = () => {
    if (loaded) return loaded;
    const file = config.sealKeyFile ?? join(config.dataDir, 'seal-key.pem');
    if (!config.sealKeyFile && !existsSync(file)) {
      mkdirSync(config.dataDir, { recursive: true });
      const pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
      try {
        writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e; // another process made it first
      }
    }
    let privateKey: KeyObject;
    try {
      privateKey = createPrivateKey(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new KinerjaError(
        'SEAL_KEY_UNREADABLE',
        `the seal key ${file} cannot be read as a PEM private key (${(e as Error).message})`,
        'RULE',
        {
          file,
        },
      );
    }
    if (privateKey.asymmetricKeyType !== 'ed25519')
      throw new KinerjaError('SEAL_KEY_UNREADABLE', `the seal key ${file} is ${privateKey.asymmetricKeyType}, not Ed25519`, 'RULE', {
        file,
      });
    loaded = { privateKey, publicKey: createPublicKey(privateKey) };
    return loaded;
  };
  return {
    publicKey: () => load().publicKey,
    sign: (fields) => signSeal(fields, load().privateKey),
  };
}

/** A BullMQ job id from a seal's key (BullMQ refuses `:` in custom ids). */
const jobIdOf = (key: string) => `seal-${key.replace(/[^A-Za-z0-9_.-]/g, '_')}`;

/** The seal port of the application layer: the key, and a seal asked for on the maintenance queue. */
export function sealDeps(rt: Runtime): SealDeps {
  return {
    keys: sealKeys(rt.config),
    jobs: {
      async request(r: SealRequest) {
        // KurrentDB keeps no hash chain: nothing to seal (STREAM_HEADS_NOT_SUPPORTED).
        if (rt.config.eventStore !== 'postgres') return;
        await rt.queues.queue(QUEUES.maintenance).add(SEAL_JOB, r, {
          jobId: jobIdOf(r.key),
          removeOnComplete: { age: 86400 },
          removeOnFail: { age: 86400 },
          attempts: 5,
          backoff: { type: 'exponential', delay: 5000 },
        });
      },
    },
  };
}
