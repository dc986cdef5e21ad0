import { createHash, createHmac, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { KinerjaError, systemClock } from '@kinerja/kernel';
import type { EvidenceStore } from '@kinerja/application';
import type { Config } from './config';

const sha256Hex = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

function checkHash(sha256: string): void {
  if (!/^[0-9a-f]{64}$/.test(sha256))
    throw new KinerjaError('INVALID_SHA256', 'sha256 is 64 lower-case hex digits', 'BAD_INPUT', { sha256 });
}

export function evidenceTampered(sha256: string, actual: string): KinerjaError {
  return new KinerjaError('EVIDENCE_TAMPERED', 'the stored file no longer matches its hash: it was changed after upload', 'CONFLICT', {
    sha256,
    actual,
  });
}

/** Local disk, content-addressed: `<root>/<first two hex digits>/<sha256>`, written to a temp file then renamed. */
export class LocalEvidenceStore implements EvidenceStore {
  constructor(readonly root: string) {}

  pathOf(sha256: string): string {
    checkHash(sha256);
    return join(this.root, sha256.slice(0, 2), sha256);
  }

  async put(sha256: string, bytes: Buffer): Promise<void> {
    const path = this.pathOf(sha256);
    if (sha256Hex(bytes) !== sha256)
      throw new KinerjaError('EVIDENCE_HASH_MISMATCH', 'the bytes do not have the given hash', 'BAD_INPUT', { sha256 });
    // Already there and intact: nothing to do. A changed copy is replaced by the true bytes.
    const existing = await readFile(path).catch(() => undefined);
    if (existing && sha256Hex(existing) === sha256) return;
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.${randomUUID()}.tmp`;
    try {
      await writeFile(tmp, bytes, { flag: 'wx' });
      await rename(tmp, path);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
  }

  async has(sha256: string): Promise<boolean> {
    return stat(this.pathOf(sha256)).then(
      (s) => s.isFile(),
      () => false,
    );
  }

  async get(sha256: string): Promise<Buffer | undefined> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.pathOf(sha256));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
    const actual = sha256Hex(bytes);
    if (actual !== sha256) throw evidenceTampered(sha256, actual);
    return bytes;
  }
}

export interface S3Settings {
  endpoint: string;
  bucket: string;
  accessKey: string;
  secretKey: string;
  region: string;
}

/** `20130524T000000Z` */
export const amzDateOf = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** RFC 3986 encoding as SigV4 wants it (unreserved characters kept; `/` kept in paths). */
const uriEncode = (s: string, keepSlash: boolean) =>
  encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%2F/g, keepSlash ? '/' : '%2F');

export interface SignedRequest {
  headers: Record<string, string>;
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
}

/**
 * AWS Signature Version 4 for S3 (service `s3`, unsigned query strings not used). Pure: the same
 * inputs give the same signature, so it is tested against the published AWS example.
 */
export function signS3Request(req: {
  method: string;
  url: URL;
  headers: Record<string, string>;
  payloadSha256: string;
  now: Date;
  accessKey: string;
  secretKey: string;
  region: string;
}): SignedRequest {
  const amzDate = amzDateOf(req.now);
  const day = amzDate.slice(0, 8);
  const headers: Record<string, string> = {
    ...req.headers,
    host: req.url.host,
    'x-amz-content-sha256': req.payloadSha256,
    'x-amz-date': amzDate,
  };
  const lower = Object.entries(headers)
    .map(([k, v]) => [k.toLowerCase(), String(v).trim().replace(/\s+/g, ' ')] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const signedHeaders = lower.map(([k]) => k).join(';');
  const query = [...req.url.searchParams.entries()]
    .map(([k, v]) => [uriEncode(k, false), uriEncode(v, false)])
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const path = uriEncode(decodeURIComponent(req.url.pathname || '/'), true);
  const canonicalRequest = [req.method, path, query, lower.map(([k, v]) => `${k}:${v}\n`).join(''), signedHeaders, req.payloadSha256].join(
    '\n',
  );
  const scope = `${day}/${req.region}/s3/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${req.secretKey}`, day), req.region), 's3'), 'aws4_request');
  const signature = createHmac('sha256', signingKey).update(stringToSign).digest('hex');
  return {
    headers: {
      ...headers,
      authorization: `AWS4-HMAC-SHA256 Credential=${req.accessKey}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
    },
    canonicalRequest,
    stringToSign,
    signature,
  };
}

/** An S3-compatible bucket (AWS S3, MinIO, ...), path-style, signed by hand with SigV4 over fetch. */
export class S3EvidenceStore implements EvidenceStore {
  constructor(
    readonly s3: S3Settings,
    // The machine's clock, never a clock a test has set: S3 refuses a signature dated away from its own time.
    private readonly clock: () => Date = () => systemClock.now(),
  ) {}

  urlOf(sha256: string): URL {
    checkHash(sha256);
    return new URL(
      `${this.s3.endpoint.replace(/\/+$/, '')}/${encodeURIComponent(this.s3.bucket)}/evidence/${sha256.slice(0, 2)}/${sha256}`,
    );
  }

  private async send(method: string, sha256: string, body?: Buffer, contentType?: string): Promise<Response> {
    const url = this.urlOf(sha256);
    const payloadSha256 = body ? sha256Hex(body) : sha256Hex('');
    const signed = signS3Request({
      method,
      url,
      headers: contentType ? { 'content-type': contentType } : {},
      payloadSha256,
      now: this.clock(),
      accessKey: this.s3.accessKey,
      secretKey: this.s3.secretKey,
      region: this.s3.region,
    });
    const { host: _host, ...headers } = signed.headers;
    void _host;
    try {
      return await fetch(url, { method, headers, body: body ? new Uint8Array(body) : undefined });
    } catch (e) {
      throw new KinerjaError('EVIDENCE_STORE_UNAVAILABLE', `the evidence bucket cannot be reached: ${(e as Error).message}`, 'UNAVAILABLE');
    }
  }

  private failed(res: Response, what: string): KinerjaError {
    return new KinerjaError('EVIDENCE_STORE_UNAVAILABLE', `the evidence bucket refused ${what} (HTTP ${res.status})`, 'UNAVAILABLE', {
      status: res.status,
    });
  }

  async put(sha256: string, bytes: Buffer, contentType: string): Promise<void> {
    if (sha256Hex(bytes) !== sha256)
      throw new KinerjaError('EVIDENCE_HASH_MISMATCH', 'the bytes do not have the given hash', 'BAD_INPUT', { sha256 });
    const res = await this.send('PUT', sha256, bytes, contentType);
    await res.arrayBuffer().catch(() => undefined);
    if (!res.ok) throw this.failed(res, 'the upload');
  }

  async has(sha256: string): Promise<boolean> {
    const res = await this.send('HEAD', sha256);
    if (res.status === 404) return false;
    if (!res.ok) throw this.failed(res, 'a HEAD');
    return true;
  }

  async get(sha256: string): Promise<Buffer | undefined> {
    const res = await this.send('GET', sha256);
    if (res.status === 404) return undefined;
    if (!res.ok) throw this.failed(res, 'a download');
    const bytes = Buffer.from(await res.arrayBuffer());
    const actual = sha256Hex(bytes);
    if (actual !== sha256) throw evidenceTampered(sha256, actual);
    return bytes;
  }
}

/** The store the configuration names: a bucket when EVIDENCE_S3_* is set, else `DATA_DIR/evidence`. */
export function createEvidenceStore(config: Config): EvidenceStore {
  return config.evidence.s3 ? new S3EvidenceStore(config.evidence.s3) : new LocalEvidenceStore(join(config.dataDir, 'evidence'));
}
