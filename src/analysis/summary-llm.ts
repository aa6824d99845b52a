import { AppError, describeError, isAppError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { readBody } from '../shared/read-body.js';
import { type Summary, type SummaryInput, summarizeExtractive, summaryLimits } from './summary.js';
import { attributeSentences, checkAnswer } from './summary-answer.js';
import { buildMessages, type ChatMessage } from './summary-prompt.js';
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
  // One deadline for the whole exchange: headers and body.
  const signal = AbortSignal.timeout(options.timeoutMs);
  let text: string;
  let status: number;
  try {
    const response = await fetchFn(endpoint(options.baseUrl), { method: 'POST', headers, body, signal });
    status = response.status;
    // An answer is a few hundred characters: a server streaming megabytes is cut off, not held whole.
    const length = Number(response.headers.get('content-length') ?? Number.NaN);
    text = (await readBody(response.body, maxAnswerBytes, Number.isFinite(length) ? length : null)).toString(
      'utf8',
    );
  } catch (error) {
    throw isAppError(error) ? error : transportError(error);
  }
  if (status < 200 || status > 299) {
    throw new AppError('http_status', `LLM endpoint answered HTTP ${status}`, { details: { status } });
  }
  return parseCompletion(text);
}

/**
 * Story summaries from an OpenAI-compatible chat completions endpoint (OpenAI, Ollama, vLLM,
 * llama.cpp server) with a strict prompt and temperature 0. Any failure (network, timeout, HTTP
 * status, malformed JSON, an empty, cut-off or over-long answer, a number or quotation not in the
 * items) gives the extractive summary instead, engine `extractive`, and a warning in the log.
 */
export function createLlmSummarizer(options: LlmSummarizerOptions): LlmSummarizer {
  const limits = { maxSentences: summaryLimits.maxSentences, maxChars: summaryLimits.maxChars };
  return {
    async summarize(items, language) {
      const storyLanguage = language ?? majorityLanguage(items);
      if (items.length === 0) return summarizeExtractive(items, { language: storyLanguage });
      try {
        const messages = buildMessages(items, storyLanguage, limits);
        const answer = await complete(options, messages);
        if (answer.finishReason === 'length')
          throw new AppError('invalid_input', 'answer cut off at the token limit');
        const reports = messages.filter((message) => message.role === 'user').map((m) => m.content);
        const prompt = reports.join('\n');
        const checked = checkAnswer(answer.content, prompt, storyLanguage, limits);
        if (!checked.ok) throw new AppError('invalid_input', checked.reason);
        return {
          text: checked.text,
          sentences: attributeSentences(checked.sentences, items, storyLanguage),
          engine: 'llm',
        };
      } catch (error) {
        const reason = isAppError(error) ? error.code : 'bug';
        options.log?.warn(
          { model: options.model, reason, error: describeError(error) },
          'llm summary failed; extractive summary used',
        );
        return summarizeExtractive(items, { language: storyLanguage });
      }
    },
  };
}
