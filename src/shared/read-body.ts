import { AppError } from './errors.js';

/** `10485760` → `10 MB`, `1536` → `1.5 KB`: for messages people read. */
export function formatBytes(bytes: number): string {
  const units = [
    ['MB', 1024 * 1024],
    ['KB', 1024],
  ] as const;
  for (const [unit, size] of units) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(1))} ${unit}`;
  }
  return `${bytes} bytes`;
}

export function tooLargeError(maxBytes: number): AppError {
  return new AppError('too_large', `response larger than ${formatBytes(maxBytes)}`, {
    details: { maxBytes },
  });
}

/**
 * Reads a (decompressed) body stream into one Buffer, stopping as soon as it exceeds maxBytes, so
 * neither a huge response nor a compression bomb is ever held whole. `declaredBytes` (an
 * uncompressed Content-Length) lets an oversized body be refused before reading any of it.
 */
export async function readBody(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
  declaredBytes: number | null = null,
): Promise<Buffer> {
  if (declaredBytes !== null && declaredBytes > maxBytes) {
    await body?.cancel();
    throw tooLargeError(maxBytes);
  }
  if (!body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  // Leaving the loop early (throw) cancels the stream, which releases the connection.
  for await (const chunk of body) {
    total += chunk.byteLength;
    if (total > maxBytes) throw tooLargeError(maxBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}
