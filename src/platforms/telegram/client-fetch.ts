import type { ApiClientOptions } from 'grammy';

type Signal = { aborted: boolean; addEventListener(type: 'abort', listener: () => void): void };

/** grammY's signals come from the abort-controller package (shim.node.js), which undici's fetch refuses. */
function nativeSignal(signal: Signal | null | undefined): AbortSignal | undefined {
  if (signal === null || signal === undefined || signal instanceof AbortSignal) return signal ?? undefined;
  const controller = new AbortController();
  if (signal.aborted) controller.abort();
  else signal.addEventListener('abort', () => controller.abort());
  return controller.signal;
}

/**
 * grammY's `client.fetch` (node-fetch by default) from a WHATWG fetch: grammY passes a URL string, a
 * JSON body and its own signal, and reads `res.json()` (grammY 1.46 core/client.js).
 */
export function clientFetch(fetch: typeof globalThis.fetch | undefined): Pick<ApiClientOptions, 'fetch'> {
  if (fetch === undefined) return {};
  const adapted = (url: string, init: RequestInit & { signal?: Signal | null } = {}) =>
    fetch(url, { ...init, signal: nativeSignal(init.signal) ?? null });
  return { fetch: adapted as unknown as ApiClientOptions['fetch'] };
}
