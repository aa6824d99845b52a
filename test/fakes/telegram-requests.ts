/** The fake Bot API's request log, and waiting for a request that may already have arrived. */

export type FakeRequest = { method: string; params: Record<string, unknown>; ok: boolean; at: number };

type Listener = {
  method: string;
  match: (params: Record<string, unknown>) => boolean;
  resolve(request: FakeRequest): void;
};

export function createRequestLog() {
  const requests: FakeRequest[] = [];
  let listeners: Listener[] = [];

  return {
    requests,
    record(method: string, params: Record<string, unknown>, ok: boolean, at: number): void {
      const request = { method, params, ok, at };
      requests.push(request);
      if (!ok) return;
      const waiting = listeners.filter((listener) => listener.method === method && listener.match(params));
      listeners = listeners.filter((listener) => !waiting.includes(listener));
      for (const listener of waiting) listener.resolve(request);
    },
    waitFor(
      method: string,
      match: (params: Record<string, unknown>) => boolean = () => true,
      timeoutMs = 5000,
    ): Promise<FakeRequest> {
      const found = requests.find(
        (request) => request.ok && request.method === method && match(request.params),
      );
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners = listeners.filter((entry) => entry !== listener);
          reject(new Error(`the fake Bot API got no matching ${method} within ${timeoutMs} ms`));
        }, timeoutMs);
        const listener: Listener = {
          method,
          match,
          resolve: (request) => {
            clearTimeout(timer);
            resolve(request);
          },
        };
        listeners.push(listener);
      });
    },
  };
}
