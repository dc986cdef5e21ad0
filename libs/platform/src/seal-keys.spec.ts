import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyFingerprint, openSealFile, sealFileText, SealFields } from '@kinerja/domain/seal';
import { sealKeys } from './seal-keys';

const fields = (key: string): SealFields => ({
  seal: 1,
  sealedAt: '2026-11-30T17:05:00.000Z',
  trigger: 'DAILY',
  runId: null,
  cut: '1',
  streams: 0,
  root: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  key,
});

describe('the seal key', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'kinerja-seal-key-'));

  it('is generated once into DATA_DIR (owner-only), and the same key signs after a restart', () => {
    const dataDir = dir();
    const a = sealKeys({ dataDir });
    const f = fields(keyFingerprint(a.publicKey()));
    const text = sealFileText(f, a.sign(f));
    expect(statSync(join(dataDir, 'seal-key.pem')).mode & 0o777).toBe(0o600);
    const b = sealKeys({ dataDir });
    expect(openSealFile(text, b.publicKey())).toEqual(f);
  });

  it('is read from KINERJA_SEAL_KEY_FILE; a file that is no Ed25519 private key is refused with a code', () => {
    const d = dir();
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    writeFileSync(join(d, 'k.pem'), privateKey.export({ format: 'pem', type: 'pkcs8' }));
    expect(keyFingerprint(sealKeys({ dataDir: d, sealKeyFile: join(d, 'k.pem') }).publicKey())).toBe(keyFingerprint(publicKey));
    writeFileSync(join(d, 'bad.pem'), 'not a key');
    expect(() => sealKeys({ dataDir: d, sealKeyFile: join(d, 'bad.pem') }).publicKey()).toThrow(
      expect.objectContaining({ code: 'SEAL_KEY_UNREADABLE' }),
    );
    writeFileSync(
      join(d, 'rsa.pem'),
      generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }),
    );
    expect(() => sealKeys({ dataDir: d, sealKeyFile: join(d, 'rsa.pem') }).publicKey()).toThrow(/not Ed25519/);
    expect(() => sealKeys({ dataDir: d, sealKeyFile: join(d, 'missing.pem') }).publicKey()).toThrow(
      expect.objectContaining({ code: 'SEAL_KEY_UNREADABLE' }),
    );
    expect(readFileSync(join(d, 'k.pem'), 'utf8')).toMatch(/PRIVATE KEY/);
  });
});
