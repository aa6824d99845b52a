/**
 * One corpus case through Parley's real ingest path: bytes → decodeFeedBytes → parseFeed, and the
 * file helpers every suite of the parser corpus run (test/eval/corpora.ts) shares.
 * A thrown AppError is a clean rejection; anything else thrown (or a hang) is a crash.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { type DecodedText, decodeFeedBytes } from '../../src/ingest/charset.js';
import { type ParsedFeed, parseFeed } from '../../src/ingest/feed-parser.js';
import { isAppError } from '../../src/shared/errors.js';

/** What the source suite says should happen: a feed, a refusal (not a feed by design), or either. */
export type Expectation = 'feed' | 'reject' | 'either';

export type CaseOutcome =
  | { kind: 'parsed'; feed: ParsedFeed; decoded: DecodedText; ms: number }
  | { kind: 'rejected'; reason: string; internal: boolean; decoded: DecodedText | null; ms: number }
  | { kind: 'crash'; reason: string; decoded: DecodedText | null; ms: number };

// A parse that takes longer than this is reported as a crash (a hang), not waited for.
const caseTimeoutMs = 20_000;

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 160);
}

/** A TypeError or RangeError inside a library is a bug meeting odd input, even when wrapped in an AppError. */
function internalErrorName(cause: unknown): string | null {
  const internal =
    cause instanceof TypeError || cause instanceof RangeError || cause instanceof ReferenceError;
  return internal ? cause.name : null;
}

function withTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no result after ${caseTimeoutMs} ms`)), caseTimeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export async function runCase(body: Uint8Array, contentType: string | null): Promise<CaseOutcome> {
  const started = performance.now();
  const elapsed = (): number => performance.now() - started;
  let decoded: DecodedText | null = null;
  try {
    decoded = decodeFeedBytes(body, contentType);
    const feed = await withTimeout(parseFeed(decoded.text));
    return { kind: 'parsed', feed, decoded, ms: elapsed() };
  } catch (error) {
    if (isAppError(error)) {
      const internal = internalErrorName(error.cause);
      const wraps = internal === null ? '' : ` (wraps a library ${internal})`;
      const reason = `${error.code}${wraps}: ${oneLine(error.message)}`;
      return { kind: 'rejected', reason, internal: internal !== null, decoded, ms: elapsed() };
    }
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { kind: 'crash', reason: oneLine(reason), decoded, ms: elapsed() };
  }
}

/** Every file under dir, as paths relative to dir, sorted for a stable report. */
export function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

/**
 * A corpus file's bytes. Gzip bodies are inflated here because over HTTP that is the transport's
 * job (Content-Encoding: gzip, undone by the fetcher); node-feedparser ships two such bodies.
 */
export function readBody(path: string): { body: Uint8Array; gunzipped: boolean } {
  const raw = readFileSync(path);
  if (raw[0] !== 0x1f || raw[1] !== 0x8b) return { body: raw, gunzipped: false };
  try {
    return { body: gunzipSync(raw), gunzipped: true };
  } catch {
    return { body: raw, gunzipped: false };
  }
}

/** Expected-output JSON; rss-parser wrote encoding.json in latin1, so fall back to it. */
export function readJsonLenient(path: string): unknown {
  const raw = readFileSync(path);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    text = new TextDecoder('latin1').decode(raw);
  }
  return JSON.parse(text) as unknown;
}

/** Titles are compared with surrounding whitespace trimmed on both sides. */
export function sameText(actual: string | null | undefined, expected: string): boolean {
  return (actual ?? '').trim() === expected.trim();
}

export function quote(text: string | null | undefined): string {
  if (text === null || text === undefined) return 'null';
  const flat = JSON.stringify(text);
  return flat.length > 70 ? `${flat.slice(0, 67)}…"` : flat;
}
