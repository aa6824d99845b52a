/**
 * The Bot API's answer envelope, for the fake's method handlers: `{ ok: true, result }` or
 * `{ ok: false, error_code, description, parameters? }`, with the HTTP status equal to error_code.
 * Spec: https://core.telegram.org/bots/api#making-requests
 */
import type { ServerResponse } from 'node:http';
import { sendJson } from './fake-api-server.js';

export type ApiResult =
  | { ok: true; result: unknown }
  | { ok: false; status: number; description: string; parameters?: Record<string, unknown> };

export const ok = (result: unknown): ApiResult => ({ ok: true, result });

export const bad = (description: string, status = 400, parameters?: Record<string, unknown>): ApiResult => ({
  ok: false,
  status,
  description,
  ...(parameters === undefined ? {} : { parameters }),
});

export function writeResult(res: ServerResponse, result: ApiResult): void {
  if (result.ok) {
    sendJson(res, 200, { ok: true, result: result.result });
    return;
  }
  const { status, description, parameters } = result;
  sendJson(res, status, { ok: false, error_code: status, description, ...(parameters && { parameters }) });
}

/** A parameter that grammY sends as JSON and a form-encoded client as a JSON string. */
export function jsonParam(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

export function numberParam(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return undefined;
}
