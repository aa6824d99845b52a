import { STATUS_CODES } from 'node:http';
import { AppError } from '../shared/errors.js';
import { parseRetryAfter } from './response-headers.js';

const timeoutCodes = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);
const tlsCode = /^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|HOSTNAME_MISMATCH)/;

/** A non-2xx/304 answer; retryable when the server says it is temporary (408, 429, 5xx). */
export function httpStatusError(
  status: number,
  statusText: string,
  retryAfter: string | null,
  now: number,
): AppError {
  const reason = statusText || STATUS_CODES[status] || '';
  return new AppError('http_status', `HTTP ${status}${reason ? ` ${reason}` : ''}`, {
    retryable: status === 408 || status === 429 || status >= 500,
    details: { status, retryAfterSeconds: parseRetryAfter(retryAfter, now) },
  });
}

/**
 * A request not sent because its host asked, answering another one with 429 and Retry-After,
 * that nothing be sent to it before `until`: it fails as that answer would, with the time left, so the
 * feed is retried after it (poll-feeds.ts) and the host's other feeds do not each draw their own 429.
 */
export function hostWaitError(host: string, until: number, now: number): AppError {
  const seconds = Math.max(1, Math.ceil((until - now) / 1000));
  return new AppError(
    'http_status',
    `not asked: ${host} answered another request with HTTP 429 and Retry-After, ${seconds} s left`,
    { retryable: true, details: { status: 429, retryAfterSeconds: seconds, hostWait: true } },
  );
}

/**
 * A 304 to a request that sent no validators (If-None-Match, If-Modified-Since): the server or a cache
 * in between answered as if Parley held a copy it does not have. Taken as "not modified", the feed would
 * look healthy and never give an item; an error shows in `parley feeds` and is retried with backoff.
 */
export function unaskedNotModified(): AppError {
  return new AppError(
    'http_status',
    'HTTP 304 Not Modified to a request without If-None-Match or If-Modified-Since (the server or a proxy cache is misbehaving)',
    { retryable: true, details: { status: 304, retryAfterSeconds: null } },
  );
}

function codeOf(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || !('code' in value)) return null;
  return typeof value.code === 'string' ? value.code : null;
}

/**
 * The innermost cause of an undici "fetch failed" / "terminated" TypeError; or the proxy's failure to
 * open a tunnel (UND_ERR_PRX_CONN, outbound-proxy.ts), which wraps the socket error that would otherwise
 * blame the feed's host.
 */
function rootCause(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 5 && current instanceof Error && current.cause !== undefined; depth += 1) {
    if (current instanceof AppError || codeOf(current) === 'UND_ERR_PRX_CONN') return current;
    current = current.cause;
  }
  return current;
}

function describe(code: string | null, host: string, cause: unknown): string {
  const detail = cause instanceof Error ? cause.message : String(cause);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `cannot resolve ${host}`;
  if (code === 'ECONNREFUSED') return `connection refused by ${host}`;
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return `connection to ${host} closed unexpectedly`;
  if (code === 'UND_ERR_PRX_CONN') return `the proxy closed the connection while opening a tunnel to ${host}`;
  if (code !== null && tlsCode.test(code)) return `TLS error with ${host}: ${detail}`;
  return `cannot reach ${host}: ${detail}`;
}

/**
 * Translates what undici throws into AppError codes. Errors that are not network failures are
 * returned unchanged, to be rethrown: they are bugs and must stay loud.
 */
export function translateFetchError(error: unknown, url: URL): unknown {
  if (error instanceof AppError) return error;
  const cause = rootCause(error);
  if (cause instanceof AppError) return cause;
  const code = codeOf(cause);
  const details = { url: url.href, cause: code };
  if (code !== null && timeoutCodes.has(code)) {
    return new AppError('timeout', `${url.host} did not answer in time`, { details, cause: error });
  }
  // zlib reports corrupt gzip/deflate as Z_*, brotli as ERR_BROTLI_* / ERR__ERROR_*.
  if (code !== null && /^(Z_|ERR_BROTLI|ERR__)/.test(code)) {
    return new AppError('unreachable', `${url.host} sent a corrupt compressed body`, {
      details,
      cause: error,
    });
  }
  const isNetwork =
    error instanceof TypeError && (error.message === 'fetch failed' || error.message === 'terminated');
  if (!isNetwork) return error;
  return new AppError('unreachable', describe(code, url.host, cause), { details, cause: error });
}
