import type { Request } from 'express';
import { badInput } from '@kinerja/kernel';
import { evidenceTooLarge } from '@kinerja/domain/evidence';

// Reading an upload's body is edge work: the bytes are counted as they arrive, so a file over the
// limit is refused at its first byte too many, and what is read goes to the command whole.

/** How long a refused upload's connection keeps draining what the client still sends before it is closed. */
const LINGER_MS = 2000;

/**
 * Reads the raw body, keeping at most `max` bytes. One byte past the limit it refuses at once
 * (EVIDENCE_TOO_LARGE, or the upload's own `tooLarge`) and keeps nothing more; the caller then
 * answers and lets go of the connection.
 */
export function readBody(req: Request, max: number, tooLarge: (size: number, max: number) => Error = evidenceTooLarge): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size <= max) return void chunks.push(c);
      chunks.length = 0;
      req.off('data', onData);
      reject(tooLarge(size, max));
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('close', () => req.complete || reject(badInput('UPLOAD_ABORTED', 'the upload ended before its last byte')));
    req.on('error', reject);
  });
}

/**
 * An upload refused before its last byte: the client may still be sending (a chunked upload has
 * no Content-Length to refuse up front). Closing the socket at once resets the connection under
 * the unread bytes and the client never sees the 413; reading it all costs whatever the client
 * chooses to send. So: the answer goes out, then the connection is half-closed (the client sees
 * the answer complete and stops) and what is still in flight is dropped for a short while, then
 * the socket is closed for good.
 */
export function releaseAfterAnswer(req: Request): void {
  if (req.complete) return;
  req.on('data', () => undefined);
  req.resume();
  req.res?.once('finish', () => {
    const socket = req.socket;
    socket.end();
    const linger = setTimeout(() => socket.destroy(), LINGER_MS);
    linger.unref();
    socket.once('close', () => clearTimeout(linger));
  });
}
