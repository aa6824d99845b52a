import * as z from 'zod';
import type { FeedSource } from '../domain/feed.js';
import { digestLagMs } from '../domain/schedule.js';
import type { ProxySettings } from '../shared/proxy.js';
import type { AnalysisSpecs } from './analysis-files.js';
import {
  byteSize,
  clockTime,
  count,
  httpUrl,
  languageTag,
  logLevels,
  port,
  positiveDuration,
  positiveTimerDuration,
  section,
  timerDuration,
  timeZone,
  webhookUrl,
  weekday,
  withDefault,
} from './config-values.js';

/**
 * What a config file may say. Defaults are written in YAML notation and parsed like the file, so
 * config/parley.yaml and these lines say the same thing in the same words.
 */
const feedEntry = z.strictObject({
  url: httpUrl.transform((url) => url.trim()),
  name: withDefault(z.string().nullable(), null),
  language: withDefault(languageTag.nullable(), null),
  fullText: withDefault(z.boolean(), false),
  enabled: withDefault(z.boolean(), true),
});

const longestFeedWaitMs = 365 * 86_400_000;

const ingest = section({
  maxItemAgeDays: withDefault(count(0), 14),
  allowPrivateNetworks: withDefault(z.boolean(), false),
  interval: withDefault(positiveDuration, '30m'),
  minInterval: withDefault(positiveDuration, '5m'),
  maxInterval: withDefault(positiveDuration, '6h'),
  maxBackoff: withDefault(positiveDuration, '24h'),
  timeout: withDefault(positiveTimerDuration, '30s'),
  connectTimeout: withDefault(positiveTimerDuration, '10s'),
  maxBytes: withDefault(byteSize, '10MB'),
  maxRedirects: withDefault(count(0), 5),
  concurrency: withDefault(count(1), 16),
  perHostConcurrency: withDefault(count(1), 2),
  perHostInterval: withDefault(timerDuration, '250ms'),
  userAgent: z.string().min(1).nullable().default(null),
  articleConcurrency: withDefault(count(1), 4),
}).check((ctx) => {
  const { interval, minInterval, maxInterval, maxBackoff } = ctx.value;
  const problem = (path: string, message: string) =>
    ctx.issues.push({ code: 'custom', path: [path], input: ctx.value, message });
  // A next fetch time is a Date: a huge wait (with a Retry-After as huge) lies past the last one there is.
  for (const [key, ms] of [
    ['maxInterval', maxInterval],
    ['maxBackoff', maxBackoff],
  ] as const)
    if (ms > longestFeedWaitMs) problem(key, 'is longer than a year (365d)');
  if (minInterval > maxInterval) problem('minInterval', 'is longer than ingest.maxInterval');
  else if (interval < minInterval || interval > maxInterval) {
    problem('interval', 'must lie between ingest.minInterval and ingest.maxInterval');
  }
});

const configFileFields = z.strictObject({
  database: section({ path: withDefault(z.string().min(1), 'data/parley.db') }),
  // `opml` stays undefined when absent so the loader can tell "not said" from "null: none".
  feeds: z.preprocess(
    (value) => (value === null ? undefined : value),
    z
      .strictObject({
        opml: z.string().min(1).nullable().optional(),
        list: withDefault(z.array(feedEntry), []),
      })
      .optional(),
  ),
  ingest,
  topics: withDefault(z.string().min(1), 'config/topics.yaml'),
  retention: section({ days: withDefault(count(0), 90) }),
  analysis: section({
    lexicon: withDefault(z.string().min(1), 'config/lexicon.yaml'),
    windowHours: withDefault(z.number().positive(), 72),
  }),
  summary: section({
    engine: withDefault(z.enum(['extractive', 'llm']), 'extractive'),
    model: z.string().min(1).nullable().default(null),
    timeout: withDefault(positiveTimerDuration, '20s'),
    concurrency: withDefault(count(1).max(16), 2),
  }).check((ctx) => {
    if (ctx.value.engine === 'llm' && ctx.value.model === null) {
      const message = 'is required when summary.engine is llm (the model name the server knows)';
      ctx.issues.push({ code: 'custom', path: ['model'], input: null, message });
    }
  }),
  digest: section({
    schedule: section({
      frequency: withDefault(z.enum(['weekly', 'daily', 'off']), 'weekly'),
      weekday: withDefault(weekday, 'friday'),
      time: withDefault(clockTime, '09:00'),
    }),
    timezone: withDefault(timeZone, 'UTC'),
    catchUpHours: withDefault(z.number().min(0), 24),
  }),
  delivery: section({
    // Spec: https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this (~30/s, 1/s
    // per chat, 20/min per group); Slack chat.postMessage: ~1/s per channel (platform-facts §1.1, §2.6).
    telegram: section({
      perSecond: withDefault(z.number().positive().max(1000), 25),
      chatInterval: withDefault(timerDuration, '1s'),
      groupPerMinute: withDefault(z.number().positive().max(60), 20),
    }),
    slack: section({
      perSecond: withDefault(z.number().positive().max(100), 10),
      channelInterval: withDefault(timerDuration, '1s'),
    }),
    concurrency: withDefault(count(1).max(16), 1),
    maxAttempts: withDefault(count(1).max(50), 30),
    retryDelay: withDefault(positiveTimerDuration, '10s'),
    maxRetryDelay: withDefault(positiveTimerDuration, '30m'),
    sendTimeout: withDefault(positiveTimerDuration, '20s'),
  }),
  telegram: section({
    mode: withDefault(z.enum(['polling', 'webhook']), 'polling'),
    webhook: section({
      url: webhookUrl
        .transform((url) => url.trim())
        .nullable()
        .default(null),
      port: withDefault(port, 8443),
      host: withDefault(z.string().min(1), '0.0.0.0'),
      path: withDefault(z.string().startsWith('/', { error: 'must start with /' }), '/telegram'),
    }),
  }).check((ctx) => {
    if (ctx.value.mode === 'webhook' && ctx.value.webhook.url === null) {
      const message = 'is required in webhook mode: the public https URL Telegram calls';
      ctx.issues.push({ code: 'custom', path: ['webhook', 'url'], input: null, message });
    }
  }),
  slack: section({
    mode: withDefault(z.enum(['socket', 'http']), 'socket'),
    port: withDefault(port, 3000),
    // The HTTP receiver's interface: 127.0.0.1 behind a reverse proxy on the same machine.
    host: withDefault(z.string().min(1), '0.0.0.0'),
  }),
  server: section({ host: withDefault(z.string().min(1), '127.0.0.1'), port: withDefault(port, 9464) }),
  log: section({ level: withDefault(z.enum(logLevels), 'info') }),
});

const hourMs = 3_600_000;

/**
 * A weekly period in a chat's zone is longer than 7 days by the week's fall-back: an hour in most zones,
 * two in Antarctica/Troll (UTC+2 in summer, UTC+0 in winter). Without it, `catchUpHours` plus the lag
 * a whole number of days (23 h and 1 h) let the prune at start delete the first hour of a Kyiv digest
 * caught up on the Saturday after the October change, before it was composed.
 */
const longestClockChangeMs = 2 * hourMs;

/**
 * The fewest whole days of stories a weekly digest needs kept: it covers the 7 days that end the digest
 * lag (two polling intervals, at least an hour) before its slot, and goes out up to digest.catchUpHours
 * after the slot, while the nightly prune deletes what is older than `retention.days` from then. Any chat
 * may ask for a weekly digest, whatever digest.schedule says. 9 with the defaults (24 h catch-up, 1 h lag).
 */
export function minimumRetentionDays(catchUpHours: number, pollIntervalMs: number): number {
  // Only the latest slot is ever composed: a weekly digest goes out at most a week late, whatever the window.
  const lateHours = Math.min(catchUpHours, 7 * 24);
  const week = 7 * 24 * hourMs + longestClockChangeMs;
  return Math.ceil((week + lateHours * hourMs + digestLagMs(pollIntervalMs)) / (24 * hourMs));
}

export const configFileSchema = configFileFields.check((ctx) => {
  const { retention, digest, ingest } = ctx.value;
  const least = minimumRetentionDays(digest.catchUpHours, ingest.interval);
  if (retention.days > 0 && retention.days < least) {
    const lagHours = Math.round(digestLagMs(ingest.interval) / hourMs);
    const message =
      `must be 0 (keep everything) or at least ${least}: a weekly digest covers 7 days ending ${lagHours} h ` +
      `before its slot (the digest lag) and may go out ${Math.min(digest.catchUpHours, 7 * 24)} h after it (digest.catchUpHours)`;
    ctx.issues.push({ code: 'custom', path: ['retention', 'days'], input: retention.days, message });
  }
});

export type ConfigFile = z.output<typeof configFileSchema>;

type DeepReadonly<T> = T extends (infer E)[]
  ? readonly DeepReadonly<E>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

export type FeedListEntry = z.output<typeof feedEntry>;

/** Read only from the environment, never from a file. Unset or empty variables are null. */
export type Secrets = {
  telegramBotToken: string | null;
  /** setWebhook's secret_token, checked on every webhook request (telegram.mode: webhook). */
  telegramWebhookSecret: string | null;
  slackBotToken: string | null;
  slackAppToken: string | null;
  slackSigningSecret: string | null;
  llmApiKey: string | null;
};

/**
 * The validated configuration. Durations are milliseconds, sizes bytes, paths absolute (or
 * `:memory:`). Frozen: nothing changes it after start-up.
 */
export type Config = DeepReadonly<
  Omit<ConfigFile, 'feeds' | 'ingest'> & {
    feeds: {
      /** The OPML file the feeds come from, or null for none. */
      opml: string | null;
      list: FeedListEntry[];
      /** What to poll: enabled list entries, then the OPML's feeds; duplicate URLs dropped. */
      sources: FeedSource[];
    };
    ingest: Omit<ConfigFile['ingest'], 'userAgent'> & { userAgent: string };
    /** config/topics.yaml and the lexicon, validated. */
    specs: AnalysisSpecs;
    secrets: Secrets;
    apiRoots: { telegram: string; slack: string; llm: string | null };
    /** The outbound proxy from the environment; null: everything goes direct. */
    proxy: ProxySettings | null;
  }
>;
