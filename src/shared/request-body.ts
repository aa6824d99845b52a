import type { IncomingMessage } from 'node:http';
import { tooLargeError } from './read-body.js';

/**
 * Reads a request's body into one Buffer, refusing (too_large) one whose Content-Length says it exceeds
 * maxBytes before reading any of it, and stopping as soon as a body sent without one (chunked) exceeds
 * it: a client cannot make the server hold more than maxBytes. The rest is left unread; the caller
 * answers and closes the connection. Not readBody (read-body.ts): leaving a for-await over a request
 * destroys it, and its socket with it, so the 413 could not be sent.
 */
export function readRequestBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(tooLargeError(maxBytes));
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer): void => {
      total += chunk.byteLength;
      if (total > maxBytes) {
        req.off('data', onData).pause();
        reject(tooLargeError(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks, total)));
    req.once('error', reject);
  });
}
