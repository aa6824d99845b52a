/**
 * One error class for every failure Parley expects, with a closed set of codes.
 * Adapters translate SDK and network errors into these; anything else is a bug and is rethrown.
 */
export const errorCodes = [
  'config_invalid',
  'db_unavailable',
  'invalid_input',
  'invalid_url',
  'blocked_address',
  'http_status',
  'timeout',
  'too_large',
  'too_many_redirects',
  'unreachable',
  'not_a_feed',
  'parse_failed',
  'rate_limited',
  'chat_gone',
  'chat_migrated',
  'message_rejected',
  'stopped',
  // Asked for something Parley does not have (`explain` of an unknown story): the command failed, exit 1.
  'not_found',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export type AppErrorOptions = {
  retryable?: boolean;
  details?: Record<string, unknown>;
  cause?: unknown;
};

/** Codes a caller may retry later without changing anything. */
const retryableByDefault: ReadonlySet<ErrorCode> = new Set(['timeout', 'unreachable', 'rate_limited']);

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.retryable = options.retryable ?? retryableByDefault.has(code);
    this.details = options.details ?? {};
  }
}

export function isAppError(value: unknown, code?: ErrorCode): value is AppError {
  return value instanceof AppError && (code === undefined || value.code === code);
}

/** A short, single-line description of any thrown value, for logs and stored error columns. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] ?? error.name;
  return String(error);
}

/** The system error code (ECONNRESET, ETIMEDOUT …) of an error or of one of its causes, if any. */
export function systemErrorCode(error: unknown): string | null {
  let current = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth += 1) {
    if ('code' in current && typeof current.code === 'string') return current.code;
    current = 'cause' in current ? current.cause : null;
  }
  return null;
}

/**
 * The status an outbound proxy refused a CONNECT tunnel with (407 wrong password, 403 not allowed, 502
 * the target unreachable from it), from an error or one of its causes: undici says "Proxy response (407)
 * !== 200 when HTTP Tunneling", and of a request in absolute form (an http:// target, no tunnel) "Proxy
 * Authentication Required (407)" (undici 7 ProxyAgent). Nothing went to the platform.
 */
export function proxyRefusalStatus(error: unknown): number | null {
  let current = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    const status = /^Proxy (?:response|Authentication Required) \((\d{3})\)/.exec(current.message)?.[1];
    if (status !== undefined) return Number(status);
    current = current.cause;
  }
  return null;
}

/**
 * Codes that prove a request never reached the server, so no message can have been sent. UND_ERR_PRX_CONN:
 * the proxy closed the connection before the tunnel to the server was open (ingest/outbound-proxy.ts).
 */
const neverSent: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_PRX_CONN',
]);

/** Whether a failed send may still have been delivered: unknown unless the code proves otherwise. */
export function outcomeUnknown(code: string | null): boolean {
  return code === null || !neverSent.has(code);
}
