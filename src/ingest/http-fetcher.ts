import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, fetch, type Headers } from 'undici';
import { type Clock, systemClock } from '../shared/clock.js';
import { AppError } from '../shared/errors.js';
import type { ProxySettings } from '../shared/proxy.js';
import { readBody } from '../shared/read-body.js';
import {
  type AddressPolicy,
  assertLiteralAllowed,
  createGuardedLookup,
  createHostCheck,
  isBlockedAddress,
  type ResolveHost,
} from './address-guard.js';
import { hostWaitError, httpStatusError, translateFetchError, unaskedNotModified } from './fetch-errors.js';
import { createLimiter } from './host-limiter.js';
import { nextRedirectUrl, parseHttpUrl } from './http-url.js';
import { createProxyDispatcher } from './outbound-proxy.js';
import { parseMaxAge } from './response-headers.js';

export type HttpFetcherOptions = {
  userAgent: string;
  /** Total time for one request including redirects and the body. */
  timeoutMs: number;
  connectTimeoutMs: number;
  /** Body cap after decompression. */
  maxBytes: number;
  maxRedirects: number;
  concurrency: number;
  perHostConcurrency: number;
  /** Minimum gap between request starts to the same host. */
  perHostIntervalMs: number;
  allowPrivateNetworks: boolean;
  /** Requests to hosts not in its NO_PROXY go through the proxy; null or absent: all go direct. */
  proxy?: ProxySettings | null;
};

/** Seams for tests: the clock dates Retry-After; the policy decides which resolved addresses are refused. */
export type HttpFetcherDeps = {
  clock?: Clock;
  isBlockedAddress?: AddressPolicy;
  /** How a host is resolved for the check made before a request goes through the proxy. */
  resolveHost?: ResolveHost;
};

export type FetchRequest = {
  url: string;
  etag?: string | null;
  lastModified?: string | null;
  accept?: string;
};

export type FetchResponse =
  | { kind: 'not-modified'; status: 304; finalUrl: string; maxAgeSeconds: number | null }
  | {
      kind: 'ok';
      status: number;
      finalUrl: string;
      body: Buffer;
      contentType: string | null;
      etag: string | null;
      lastModified: string | null;
      maxAgeSeconds: number | null;
    };

export type HttpFetcher = {
  fetch(request: FetchRequest): Promise<FetchResponse>;
  /**
   * Shutdown: requests in flight are aborted and queued or later ones fail at once, all with a
   * `stopped` error, so that a stopping Parley starts no new fetch and waits for none.
   */
  cancel(): void;
  close(): Promise<void>;
};

const feedAccept =
  'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8';
const redirectStatuses = new Set([301, 302, 303, 307, 308]);

type Hop = FetchResponse | { kind: 'redirect'; location: string };

function requestHeaders(request: FetchRequest, userAgent: string): Record<string, string> {
  const headers: Record<string, string> = {
    'user-agent': userAgent,
    accept: request.accept ?? feedAccept,
    'accept-encoding': 'gzip, deflate, br',
  };
  if (request.etag) headers['if-none-match'] = request.etag;
  if (request.lastModified) headers['if-modified-since'] = request.lastModified;
  return headers;
}

// A host's Retry-After is honoured for at most this long across its other feeds and pages: a bogus
// one (days) must not silence a site; each feed still honours its own answer (ingest.maxBackoff).
const maxHostWaitMs = 6 * 3_600_000;
// A wait that ends this soon is waited out rather than failed: the minute's poll takes the feeds due
// within its 2 s of jitter (poll-feeds.ts), and a feed retried at the end of its host's wait would
// otherwise fail a second early and wait for the next poll (3 minutes for a 120 s Retry-After).
const shortHostWaitMs = 2_000;

/**
 * The hosts that answered 429 (Too Many Requests) with a Retry-After, until when. A site serving many
 * feeds (a news site's sections, a search engine's topic feeds) limits them together: asking each feed
 * in turn would draw a 429 per feed and prolong the limit. Requests to such a host fail at once, as its
 * answer would (hostWaitError), until the time it gave. Not a 503: a shared feed host (FeedBurner, a
 * feed service) answers it for one publisher's broken feed, and it would hold everyone's. Entries go
 * once past.
 */
function createHostWaits() {
  const until = new Map<string, number>();
  return {
    heard(host: string, status: number, retryAfterSeconds: unknown, now: number): void {
      if (status !== 429) return;
      if (typeof retryAfterSeconds !== 'number' || retryAfterSeconds <= 0) return;
      const at = now + Math.min(retryAfterSeconds * 1000, maxHostWaitMs);
      if ((until.get(host) ?? 0) < at) until.set(host, at);
    },
    /** How long requests to the host must still wait (0: none); fails them when that is longer than `shortMs`. */
    left(host: string, now: number, shortMs: number): number {
      const at = until.get(host);
      if (at === undefined) return 0;
      if (at <= now) until.delete(host);
      else if (at - now > shortMs) throw hostWaitError(host, at, now);
      return Math.max(0, at - now);
    },
  };
}

/** Content-Length when it counts the bytes readBody will see, i.e. the body is not compressed. */
function identityLength(headers: Headers): number | null {
  if ((headers.get('content-encoding') ?? 'identity') !== 'identity') return null;
  const length = Number(headers.get('content-length') ?? Number.NaN);
  return Number.isFinite(length) ? length : null;
}

function stoppedError(url: URL): AppError {
  return new AppError('stopped', `not fetched: Parley is stopping (${url.host})`, {
    details: { url: url.href },
  });
}

/**
 * `work`, or the signal's reason once it aborts: a DNS lookup cannot be aborted itself, and a resolver
 * that hangs must not hold a fetch past its deadline or a shutdown (the direct path resolves inside
 * connect, which both end).
 */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export function createHttpFetcher(options: HttpFetcherOptions, deps: HttpFetcherDeps = {}): HttpFetcher {
  const clock = deps.clock ?? systemClock;
  const policy: AddressPolicy | null = options.allowPrivateNetworks
    ? null
    : (deps.isBlockedAddress ?? isBlockedAddress);
  // The total deadline is ours; undici's own header/body timeouts only back it up.
  const agentOptions = {
    connect: { timeout: options.connectTimeoutMs, lookup: createGuardedLookup(policy) },
    headersTimeout: options.timeoutMs + 1_000,
    bodyTimeout: options.timeoutMs + 1_000,
  };
  const proxy = options.proxy ?? null;
  // Direct connections (NO_PROXY hosts) keep the guarded lookup; the one to the proxy may be private.
  const agent =
    proxy === null
      ? new Agent(agentOptions)
      : createProxyDispatcher(proxy, { ...agentOptions, proxyTls: { timeout: options.connectTimeoutMs } });
  // Through a proxy each host is checked by name first (the proxy, not Parley, connects to it).
  const checkHost = policy === null ? null : createHostCheck(policy, deps.resolveHost);
  const limiter = createLimiter(options);
  const waits = createHostWaits();
  // Requests in flight, aborted by cancel(); `stopping` refuses the rest (one listener per request on a
  // shared signal would warn past ten concurrent fetches).
  const inFlight = new Set<{ controller: AbortController; url: () => URL }>();
  let stopping = false;

  async function hop(url: URL, request: FetchRequest, signal: AbortSignal): Promise<Hop> {
    if (policy) assertLiteralAllowed(url.hostname, policy);
    // Through a proxy the guarded lookup never sees the host's address: it is checked here, every hop.
    // NO_PROXY hosts too (their connection is guarded as well): the check never depends on matching it.
    if (checkHost !== null && proxy !== null) await untilAborted(checkHost(url.hostname), signal);
    const headers = requestHeaders(request, options.userAgent);
    // Spec: https://fetch.spec.whatwg.org/#concept-request-redirect-mode ("manual" so every hop is checked here)
    const response = await fetch(url.href, { dispatcher: agent, redirect: 'manual', signal, headers });
    const finalUrl = url.href;
    const maxAgeSeconds = parseMaxAge(response.headers.get('cache-control'));
    const location = response.headers.get('location');
    if (response.status === 304 || (redirectStatuses.has(response.status) && location !== null)) {
      await response.body?.cancel();
      if (response.status === 304) {
        if (!request.etag && !request.lastModified) throw unaskedNotModified();
        return { kind: 'not-modified', status: 304, finalUrl, maxAgeSeconds };
      }
      return { kind: 'redirect', location: location ?? '' };
    }
    if (response.status < 200 || response.status > 299) {
      await response.body?.cancel();
      const error = httpStatusError(
        response.status,
        response.statusText,
        response.headers.get('retry-after'),
        clock.now(),
      );
      waits.heard(url.host, response.status, error.details['retryAfterSeconds'], clock.now());
      throw error;
    }
    const body = await readBody(response.body, options.maxBytes, identityLength(response.headers));
    const header = (name: string) => response.headers.get(name);
    const [contentType, etag, lastModified] = [
      header('content-type'),
      header('etag'),
      header('last-modified'),
    ];
    return {
      kind: 'ok',
      status: response.status,
      finalUrl,
      body,
      contentType,
      etag,
      lastModified,
      maxAgeSeconds,
    };
  }

  /** Follows redirects; `at.url` always names the hop in progress, for error messages. */
  async function follow(
    at: { url: URL },
    request: FetchRequest,
    signal: AbortSignal,
    startClock: () => void,
  ) {
    const chain = [at.url.href];
    for (;;) {
      const current = at.url;
      const result = await limiter.run(current.host, async () => {
        if (stopping) throw stoppedError(current);
        const left = waits.left(current.host, clock.now(), shortHostWaitMs);
        // Aborted (Parley stopping): an AbortError whose cause, the reason, translateFetchError finds.
        if (left > 0) await sleep(left, undefined, { signal });
        startClock();
        return hop(current, request, signal);
      });
      if (result.kind !== 'redirect') return result;
      at.url = nextRedirectUrl(result.location, current, chain, options.maxRedirects);
      chain.push(at.url.href);
    }
  }

  return {
    async fetch(request: FetchRequest): Promise<FetchResponse> {
      const start = parseHttpUrl(request.url);
      if (stopping) throw stoppedError(start);
      const at = { url: start };
      const controller = new AbortController();
      const running = { controller, url: () => at.url };
      inFlight.add(running);
      let timer: NodeJS.Timeout | undefined;
      // The deadline starts with the first request, not while queued behind other feeds.
      const startClock = () => {
        timer ??= setTimeout(() => {
          const message = `no complete answer from ${at.url.host} within ${options.timeoutMs} ms`;
          controller.abort(
            new AppError('timeout', message, { details: { url: at.url.href, timeoutMs: options.timeoutMs } }),
          );
        }, options.timeoutMs);
      };
      try {
        return await follow(at, request, controller.signal, startClock);
      } catch (error) {
        // Whatever failed, the connection in use must not stay open.
        controller.abort();
        throw translateFetchError(error, at.url);
      } finally {
        clearTimeout(timer);
        inFlight.delete(running);
      }
    },
    cancel: () => {
      stopping = true;
      for (const { controller, url } of inFlight) controller.abort(stoppedError(url()));
    },
    close: () => agent.close(),
  };
}
