import type { Request } from 'express';
import { badInput, isKinerjaError } from '@kinerja/kernel';
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
 * chooses to send. So, a lingering close: the answer goes out, then the connection is half-closed
 * (the client sees the answer complete and stops) and what is still in flight is dropped for a
 * short while, then the socket is closed for good.
 */
export function releaseAfterAnswer(req: Request): void {
  if (req.complete) return;
  const socket = req.socket;
  const lingeringClose = () => {
    socket.end();
    const linger = setTimeout(() => socket.destroy(), LINGER_MS);
    linger.unref();
    socket.once('close', () => clearTimeout(linger));
  };
  req.on('data', () => undefined);
  req.resume();
  if (req.res && !req.res.headersSent) {
    // Said in the answer, so the client does not send its next request on this connection: it did,
    // as the connection was being closed, and that request failed with "other side closed" (CI).
    req.res.setHeader('Connection', 'close');
    // After an answer that says `close`, Node closes the socket as soon as the answer is written
    // (destroySoon): under the bytes the client is still sending that is a reset, and a client that
    // has not read the answer yet loses it (CI: fetch failed, EPIPE). This connection lingers instead.
    socket.destroySoon = lingeringClose;
  } else req.res?.once('finish', lingeringClose);
}

/**
 * The request's bytes as they arrive, counted: one byte past `max` refuses (`tooLarge`), so a
 * chunked endless upload is cut there. Stopping early leaves the request open for
 * `releaseAfterAnswer`, which lets the answer reach the client.
 */
export async function* countedBody(req: Request, max: number, tooLarge: (size: number, max: number) => Error): AsyncGenerator<Buffer> {
  let size = 0;
  try {
    for await (const chunk of req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > max) throw tooLarge(size, max);
      yield chunk;
    }
  } catch (e) {
    throw isKinerjaError(e) ? e : badInput('UPLOAD_ABORTED', 'the upload ended before its last byte');
  }
  if (!req.complete) throw badInput('UPLOAD_ABORTED', 'the upload ended before its last byte');
}

/** Headers of one part of a multipart form, at most this long. */
const PART_HEADERS_MAX = 16 * 1024;

/**
 * The bytes of the field `field` of a multipart/form-data body, as they arrive (a file is never
 * held whole): what comes before and after it is read and dropped. No such field: NO_FILE_FIELD.
 */
export async function* multipartField(body: AsyncIterable<Buffer>, contentType: string, field = 'file'): AsyncGenerator<Buffer> {
  const boundary = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!boundary) throw badInput('MALFORMED_MULTIPART', 'a multipart/form-data body names its boundary in Content-Type');
  const delimiter = Buffer.from(`\r\n--${boundary[1] ?? boundary[2]}`);
  // The first boundary has no line break before it: one is put there, so every boundary is `delimiter`.
  let buf: Buffer = Buffer.from('\r\n');
  let state: 'seek' | 'headers' | 'field' | 'done' = 'seek';
  let found = false;
  for await (const chunk of body) {
    if (state === 'done') continue;
    buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
    for (;;) {
      if (state === 'seek') {
        const at = buf.indexOf(delimiter);
        if (at < 0) {
          buf = buf.subarray(Math.max(0, buf.length - delimiter.length + 1));
          break;
        }
        buf = buf.subarray(at + delimiter.length);
        state = 'headers';
      } else if (state === 'headers') {
        if (buf.length >= 2 && buf[0] === 0x2d && buf[1] === 0x2d) {
          state = 'done'; // the closing boundary, and no such field before it
          break;
        }
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) {
          if (buf.length > PART_HEADERS_MAX) throw badInput('MALFORMED_MULTIPART', 'the headers of a part are too long');
          break;
        }
        const head = buf.subarray(0, end).toString('latin1');
        buf = buf.subarray(end + 4);
        const name = /content-disposition:[^\r\n]*;\s*name="([^"]*)"/i.exec(head)?.[1];
        found ||= name === field;
        state = name === field ? 'field' : 'seek';
      } else if (state === 'field') {
        const at = buf.indexOf(delimiter);
        if (at >= 0) {
          if (at > 0) yield buf.subarray(0, at);
          state = 'done';
          break;
        }
        // The tail might be the start of the boundary: kept until the next piece says.
        const keep = delimiter.length - 1;
        if (buf.length > keep) {
          yield buf.subarray(0, buf.length - keep);
          buf = buf.subarray(buf.length - keep);
        }
        break;
      } else break;
    }
  }
  if (!found) throw badInput('NO_FILE_FIELD', `send a multipart form with the file in its field "${field}"`);
  if (state !== 'done') throw badInput('MALFORMED_MULTIPART', 'the file part of the form never ends (no closing boundary)');
}
