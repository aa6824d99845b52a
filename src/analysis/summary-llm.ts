import { AppError, describeError, isAppError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { readBody } from '../shared/read-body.js';
import { createSemaphore } from '../shared/semaphore.js';
import { type Summary, type SummaryInput, summarizeExtractive, summaryLimits } from './summary.js';
import { attributeSentences, checkAnswer } from './summary-answer.js';
import { buildPrompt, type ChatMessage } from './summary-prompt.js';
import { majorityLanguage } from './summary-story.js';

export type LlmSummarizerOptions = {
  /** The API root, e.g. `http://127.0.0.1:11434/v1` (Ollama) or `https://api.openai.com/v1`. */
  baseUrl: string;
  model: string;
  /** Sent as `Authorization: Bearer …`; null for local servers that need none. Never logged. */
  apiKey: string | null;
  timeoutMs: number;
  fetch?: typeof fetch;
  /** Where a fallback to the extractive summary is reported. */
  log?: Logger;
  /** Aborted when Parley stops: a request in flight ends at once and no new one is sent. */
  signal?: AbortSignal;
  /**
   * After a timeout, an unreachable server, HTTP 429 or a 5xx, the LLM is left alone this long
   * (default 5 minutes): every story waiting out `timeoutMs` on a server that is down would hold up
   * the poll for as many timeouts as there are changed stories.
   */
  pauseMs?: number;
  now?: () => number;
  /**
   * How many requests may be in flight at once (default 2); the rest wait their turn, at most
   * `timeoutMs`, then take the extractive summary. Feeds are read many at a time, each waiting for its
   * stories' summaries, and a local server (Ollama, llama.cpp) answers a few at a time: the others
   * would wait out the timeout in its queue and pause the LLM.
   */
  concurrency?: number;
  /**
   * The entities a text names (the ids of config/topics.yaml, main.ts composes them from findEntities):
   * a name in the answer in another language or spelling than the reports' ("Medinsky" of "Мединский",
   * "Kyiv" of "Kiev") is known when it names only entities the reports name. Without it, a name must
   * appear in the reports as written, give or take its ending.
   */
  namesIn?: (text: string) => ReadonlySet<string>;
};

export type LlmSummarizer = {
  summarize(items: readonly SummaryInput[], language: string | null): Promise<Summary>;
};

const maxAnswerBytes = 1024 * 1024;

type Completion = { content: string; finishReason: string | null };

function endpoint(baseUrl: string): string {
  return new URL('chat/completions', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).toString();
}

function transportError(error: unknown): AppError {
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new AppError('timeout', 'LLM request timed out', { cause: error });
  }
  return new AppError('unreachable', `LLM endpoint unreachable: ${describeError(error)}`, { cause: error });
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

// Spec: https://platform.openai.com/docs/api-reference/chat/object (choices[0].message.content)
function parseCompletion(body: string): Completion {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw new AppError('parse_failed', 'LLM answer is not JSON', { cause: error });
  }
  const choices = record(parsed)?.['choices'];
  const first = record(Array.isArray(choices) ? choices[0] : undefined);
  const content = record(first?.['message'])?.['content'];
  if (typeof content !== 'string') throw new AppError('parse_failed', 'LLM answer has no message content');
  const finishReason = first?.['finish_reason'];
  return { content, finishReason: typeof finishReason === 'string' ? finishReason : null };
}

async function complete(options: LlmSummarizerOptions, messages: ChatMessage[]): Promise<Completion> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (options.apiKey !== null && options.apiKey !== '') headers['authorization'] = `Bearer ${options.apiKey}`;
  const body = JSON.stringify({ model: options.model, temperature: 0, stream: false, messages });
  const fetchFn = options.fetch ?? globalThis.fetch;
  // One deadline for the whole exchange: headers and body; or Parley stopping, whichever comes first.
  // Not AbortSignal.any with the stop signal: on Node 20 that signal keeps an entry for every signal
  // made from it, for as long as Parley runs (one per request).
  const controller = new AbortController();
  const signal = controller.signal;
  const timer = setTimeout(
    () => controller.abort(new DOMException('LLM request timed out', 'TimeoutError')),
    options.timeoutMs,
  );
  const onStop = (): void => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) onStop();
  else options.signal?.addEventListener('abort', onStop, { once: true });
  let text: string;
  try {
    const response = await fetchFn(endpoint(options.baseUrl), { method: 'POST', headers, body, signal });
    const status = response.status;
    // An error page is not read: a proxy's that declares megabytes would fail as too large, and a
    // server that is down would then not be left alone (serverDown judges the status).
    if (status < 200 || status > 299) {
      await response.body?.cancel().catch(() => undefined);
      throw new AppError('http_status', `LLM endpoint answered HTTP ${status}`, { details: { status } });
    }
    // An answer is a few hundred characters: a server streaming megabytes is cut off, not held whole.
    const length = Number(response.headers.get('content-length') ?? Number.NaN);
    text = (await readBody(response.body, maxAnswerBytes, Number.isFinite(length) ? length : null)).toString(
      'utf8',
    );
  } catch (error) {
    throw isAppError(error) ? error : transportError(error);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onStop);
  }
  return parseCompletion(text);
}

const defaultPauseMs = 5 * 60_000;
const defaultConcurrency = 2;

/** A failure of the server rather than of one answer: the next story would meet it too. */
function serverDown(error: AppError): boolean {
  if (error.code === 'timeout' || error.code === 'unreachable') return true;
  const status = error.details?.['status'];
  return error.code === 'http_status' && typeof status === 'number' && (status === 429 || status >= 500);
}

/**
 * Story summaries from an OpenAI-compatible chat completions endpoint (OpenAI, Ollama, vLLM,
 * llama.cpp server) with a strict prompt and temperature 0. Any failure (network, timeout, HTTP
 * status, malformed JSON, an empty, cut-off or over-long answer, a number or quotation not in the
 * items) gives the extractive summary instead, engine `extractive`, and a warning in the log.
 */
export function createLlmSummarizer(options: LlmSummarizerOptions): LlmSummarizer {
  const limits = { maxSentences: summaryLimits.maxSentences, maxChars: summaryLimits.maxChars };
  const now = options.now ?? Date.now;
  const pauseMs = options.pauseMs ?? defaultPauseMs;
  let pausedUntil = 0;
  const stopped = () => options.signal?.aborted === true;
  const slots = createSemaphore(Math.max(1, options.concurrency ?? defaultConcurrency));
  const unavailable = (items: readonly SummaryInput[]) =>
    items.length === 0 || stopped() || now() < pausedUntil;
  return {
    async summarize(items, language) {
      const storyLanguage = language ?? majorityLanguage(items);
      if (unavailable(items)) return summarizeExtractive(items, { language: storyLanguage });
      const extractive = async () => summarizeExtractive(items, { language: storyLanguage });
      // A story waits for a free request at most one timeout: a server that answers slowly but in
      // time would otherwise hold each feed's poll for the whole queue. The check is made again after
      // the wait: a request before it may have found the server down, or Parley stopping.
      return slots.runWithin(
        options.timeoutMs,
        async () => (unavailable(items) ? extractive() : await summarizeNow(items, storyLanguage)),
        async () => {
          options.log?.info({ model: options.model }, 'llm busy; extractive summary used');
          return extractive();
        },
      );
    },
  };

  async function summarizeNow(
    items: readonly SummaryInput[],
    storyLanguage: string | null,
  ): Promise<Summary> {
    try {
      const { messages, reportsText } = buildPrompt(items, storyLanguage, limits);
      const answer = await complete(options, messages);
      if (answer.finishReason === 'length')
        throw new AppError('invalid_input', 'answer cut off at the token limit');
      const checked = checkAnswer(answer.content, reportsText, storyLanguage, limits, options.namesIn);
      if (!checked.ok) throw new AppError('invalid_input', checked.reason);
      return {
        text: checked.text,
        sentences: attributeSentences(checked.sentences, items, storyLanguage),
        engine: 'llm',
      };
    } catch (error) {
      const reason = isAppError(error) ? error.code : 'bug';
      const down = isAppError(error) && serverDown(error) && !stopped();
      if (down) pausedUntil = now() + pauseMs;
      options.log?.warn(
        {
          model: options.model,
          reason,
          error: describeError(error),
          ...(down ? { pausedUntil: new Date(pausedUntil).toISOString() } : {}),
        },
        `llm summary failed; extractive summary used${down ? ', and for every story until pausedUntil' : ''}`,
      );
      return summarizeExtractive(items, { language: storyLanguage });
    }
  }
}
