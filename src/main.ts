#!/usr/bin/env node
/**
 * The composition root: the only module that reads process.env, opens the database and builds the
 * SDK clients. Everything else receives what it needs.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';
import { analyseItem } from './analysis/analyse-item.js';
import { defaultClusterOptions } from './analysis/cluster.js';
import { titleAmong } from './analysis/cluster-titles.js';
import { entitiesNamedBy } from './analysis/entities.js';
import { furnitureCleaner } from './analysis/feed-furniture.js';
import {
  type CompiledLexicon,
  type CompiledTopics,
  compileLexicon,
  compileTopics,
} from './analysis/lexicon.js';
import { storyMembershipRule } from './analysis/relevance-story.js';
import { createStoryClusterer } from './analysis/story-clusterer.js';
import { summarizeExtractive } from './analysis/summary.js';
import { createLlmSummarizer } from './analysis/summary-llm.js';
import { topicLabels, topicList, topicNamed } from './analysis/topics.js';
import { runCli } from './cli/program.js';
import type { Runtime } from './cli/runtime.js';
import { readFailure } from './config/problems.js';
import type { Config } from './config/schema.js';
import { createDigestComposer } from './digest/digest-composer.js';
import { digestLanguages } from './domain/chat.js';
import type { FetchSchedulePolicy } from './domain/fetch-schedule.js';
import type {
  ChatStore,
  DigestComposer,
  FeedStore,
  ItemStore,
  MessageSender,
  Outbox,
  StoryStore,
  Summarizer,
} from './domain/ports.js';
import { digestLagMs } from './domain/schedule.js';
import { createArticleReader } from './ingest/article-reader.js';
import { createFeedReader } from './ingest/feed-reader.js';
import { createHttpFetcher, type HttpFetcher } from './ingest/http-fetcher.js';
import { detectLanguage } from './ingest/language.js';
import { createProxyTransport, type ProxyTransport } from './ingest/outbound-proxy.js';
import { createSlackSender } from './platforms/slack/slack-sender.js';
import { createTelegramSender } from './platforms/telegram/telegram-sender.js';
import { createPoller } from './scheduler/poll-feeds.js';
import { createStoryPipeline, type StoryPipeline } from './scheduler/story-pipeline.js';
import type { Clock } from './shared/clock.js';
import { systemClock } from './shared/clock.js';
import type { Logger } from './shared/logger.js';
import { createLogger } from './shared/logger.js';
import { redactSecrets } from './shared/redact.js';
import { backupDatabase } from './storage/backup.js';
import { createChatStore } from './storage/chat-store.js';
import { openDatabase } from './storage/database.js';
import { createFeedStore } from './storage/feed-store.js';
import { createItemStore } from './storage/item-store.js';
import { createOutbox } from './storage/outbox-store.js';
import { createPruner } from './storage/retention.js';
import { createStoryStore } from './storage/story-store.js';

/**
 * When feeds are read. A feed's `<ttl>` or max-age may stretch its interval up to `maxInterval`, but
 * never past the digest lag: a report published just before a digest's period ends must be read
 * before that digest is composed, one lag after the period's end, or it is in neither digest.
 */
export function schedulePolicy(config: Pick<Config, 'ingest'>): FetchSchedulePolicy {
  const { interval, minInterval, maxInterval, maxBackoff, timeout } = config.ingest;
  // A feed stretched by its <ttl> to the lag itself was read a little after the lag: the poll ticker's
  // minute and the fetch itself came on top, so a report published just before a period's end was
  // stored after its digest. The margin is that minute, the fetch timeout and a minute for the rest.
  const margin = 2 * 60_000 + timeout;
  const longest = Math.max(interval, Math.min(maxInterval, digestLagMs(interval) - margin));
  return { interval, minInterval, maxInterval: longest, maxBackoff, backoffBase: minInterval };
}

function createFetcher(config: Config): HttpFetcher {
  const ingest = config.ingest;
  return createHttpFetcher({
    userAgent: ingest.userAgent,
    timeoutMs: ingest.timeout,
    connectTimeoutMs: ingest.connectTimeout,
    maxBytes: ingest.maxBytes,
    maxRedirects: ingest.maxRedirects,
    concurrency: ingest.concurrency,
    perHostConcurrency: ingest.perHostConcurrency,
    perHostIntervalMs: ingest.perHostInterval,
    allowPrivateNetworks: ingest.allowPrivateNetworks,
    proxy: config.proxy,
  });
}

/** Extractive by default; an OpenAI-compatible LLM when configured, which falls back to extractive on any error. */
function createSummarizer(
  config: Config,
  topics: CompiledTopics,
  log: Logger,
  stop: AbortSignal,
  outbound: ProxyTransport | null,
): Summarizer {
  const { engine, model, timeout, concurrency } = config.summary;
  const baseUrl = config.apiRoots.llm;
  if (engine === 'llm' && model !== null && baseUrl !== null) {
    const llm = createLlmSummarizer({
      baseUrl,
      model,
      apiKey: config.secrets.llmApiKey,
      timeoutMs: timeout,
      concurrency,
      log,
      signal: stop,
      namesIn: entitiesNamedBy(topics),
      ...(outbound === null ? {} : { fetch: outbound.fetch }),
    });
    return { summarize: async (items, language) => llm.summarize(items, language) };
  }
  if (engine === 'llm')
    log.warn({ reason: 'LLM_BASE_URL not set' }, 'summary engine llm unavailable: using extractive');
  return extractiveSummarizer;
}

const extractiveSummarizer: Summarizer = {
  summarize: async (items, language) => {
    // null: the summarizer takes the language most of the story's items are in.
    const summary = summarizeExtractive(items, language === null ? {} : { language });
    return { text: summary.text, engine: summary.engine };
  },
};

/** Analysis and clustering of stored items; the clustering window is rebuilt from the database. */
function createStories(
  config: Config,
  stories: StoryStore,
  clock: Clock,
  log: Logger,
  stop: AbortSignal,
  outbound: ProxyTransport | null,
): StoryPipeline {
  const lexicon = compileLexicon(config.specs.lexicon);
  const topics = compileTopics(config.specs.topics);
  const horizonMs = clusteringHorizonMs(config);
  const clusterer = createStoryClusterer({
    ...defaultClusterOptions,
    windowHours: config.analysis.windowHours,
    nextStoryId: stories.maxStoryId() + 1,
  });
  for (const member of stories.recentMembers(clock.now() - horizonMs)) {
    const analysis = member.analysis ?? analyseItem(member.item, lexicon, topics);
    clusterer.seed(member.itemId, member.item, analysis, member.storyId, member.duplicateOf, member.outlet);
  }
  const analyser = {
    analyse: (item: Parameters<typeof analyseItem>[0]) => analyseItem(item, lexicon, topics),
  };
  return createStoryPipeline({
    analyser,
    clusterer,
    summarizer: createSummarizer(config, topics, log, stop, outbound),
    // A story's versions in other languages quote their reports: no LLM call per language.
    versionSummarizer: extractiveSummarizer,
    stories,
    clock,
    log,
    lagMs: digestLagMs(config.ingest.interval),
    cleaner: (recent) => furnitureCleaner(recent),
    byStory: storyMembershipRule(lexicon.spec),
    topicIds: new Set(topics.topics.map((topic) => topic.id)),
    horizonMs,
    windowMs: config.analysis.windowHours * 3_600_000,
    titleAmong,
    languageOf: detectLanguage,
  });
}

// With no age limit at ingest, stories are kept this long: older items rarely arrive.
const unlimitedAgeReachDays = 30;

/**
 * How long a story stays in the clusterer after its last report: the clustering window plus the age of
 * the oldest item the ingest takes, so that a days-old item (a new feed's backlog, the first poll)
 * still finds the stories it may join, after a restart too; never longer than retention keeps them.
 */
export function clusteringHorizonMs(config: Pick<Config, 'analysis' | 'ingest' | 'retention'>): number {
  const days = config.ingest.maxItemAgeDays > 0 ? config.ingest.maxItemAgeDays : unlimitedAgeReachDays;
  const reach = (config.analysis.windowHours + days * 24) * 3_600_000;
  return config.retention.days > 0 ? Math.min(reach, config.retention.days * 86_400_000) : reach;
}

/** A sender for each platform whose bot token is set. Platform SDKs never retry on their own (duplicates). */
function createSenders(config: Config, outbound: ProxyTransport | null): MessageSender[] {
  const senders: MessageSender[] = [];
  const timeoutMs = config.delivery.sendTimeout;
  const fetch = outbound === null ? {} : { fetch: outbound.fetch };
  const { telegramBotToken, slackBotToken } = config.secrets;
  if (telegramBotToken !== null)
    senders.push(
      createTelegramSender({
        token: telegramBotToken,
        apiRoot: config.apiRoots.telegram,
        timeoutMs,
        ...fetch,
      }),
    );
  if (slackBotToken !== null)
    senders.push(
      createSlackSender({ token: slackBotToken, apiUrl: config.apiRoots.slack, timeoutMs, ...fetch }),
    );
  return senders;
}

/**
 * Builds the object graph for one command. The database opens on first use, so `feeds check` never creates
 * one; `readonly` for a command that writes nothing: it neither migrates nor writes the database.
 */
export function openRuntime(
  config: Config,
  options: { logLevel?: string; clock?: Clock; readonly?: boolean } = {},
): Runtime {
  const log = createLogger({ level: options.logLevel ?? config.log.level });
  // Another clock only for replays of dated material (`npm run eval -- replay`).
  const clock = options.clock ?? systemClock;
  const fetcher = createFetcher(config);
  // Telegram, Slack and the LLM go through the proxy as the feeds do (the fetcher has its own, guarded).
  const outbound = config.proxy === null ? null : createProxyTransport(config.proxy);
  // Aborted by cancelFetches: LLM requests end with the fetches, and summaries turn extractive.
  const stopping = new AbortController();
  let model: { lexicon: CompiledLexicon; topics: CompiledTopics } | null = null;
  const compiled = () => {
    model ??= { lexicon: compileLexicon(config.specs.lexicon), topics: compileTopics(config.specs.topics) };
    return model;
  };
  const reader = createFeedReader({ fetcher, clock });
  let db: ReturnType<typeof openDatabase> | null = null;
  // A database in memory cannot open read-only, and has no other process to upgrade under.
  const readonly = options.readonly === true && config.database.path !== ':memory:';
  const database = () => {
    db ??= openDatabase(config.database.path, { readonly });
    return db;
  };
  type Stores = { feeds: FeedStore; items: ItemStore; stories: StoryStore; chats: ChatStore; outbox: Outbox };
  let stores: Stores | null = null;
  const store = (): Stores => {
    const open = database();
    stores ??= {
      feeds: createFeedStore(open),
      items: createItemStore(open),
      stories: createStoryStore(open),
      chats: createChatStore(open),
      outbox: createOutbox(open),
    };
    return stores;
  };
  const policy = {
    ...schedulePolicy(config),
    maxItemAgeDays: config.ingest.maxItemAgeDays,
    articleConcurrency: config.ingest.articleConcurrency,
    articleBudgetMs: 2 * config.ingest.timeout,
  };
  let poller: ReturnType<typeof createPoller> | null = null;
  let senders: MessageSender[] | null = null;
  let composer: DigestComposer | null = null;
  const runtime: Runtime = {
    config,
    log,
    reader,
    outbound,
    get feeds() {
      return store().feeds;
    },
    get items() {
      return store().items;
    },
    get stories() {
      return store().stories;
    },
    get chats() {
      return store().chats;
    },
    get outbox() {
      return store().outbox;
    },
    get senders() {
      senders ??= createSenders(config, outbound);
      return senders;
    },
    get composer() {
      const { topics } = compiled();
      composer ??= createDigestComposer({
        stories: store().stories,
        labels: topicLabels(topics, 'en'),
        translatedLabels: Object.fromEntries(
          digestLanguages
            .filter((language) => language !== 'en')
            .map((language) => [language, topicLabels(topics, language)]),
        ),
        clock,
        lagMs: digestLagMs(config.ingest.interval),
      });
      return composer;
    },
    clock,
    get pruner() {
      return createPruner(database());
    },
    topicList: () => topicList(compiled().topics),
    topicNamed: (word) => topicNamed(compiled().topics, word),
    analyse: (item) => analyseItem(item, compiled().lexicon, compiled().topics),
    get poller() {
      const { feeds, items, stories } = store();
      poller ??= createPoller({
        feeds,
        items,
        stories: createStories(config, stories, clock, log, stopping.signal, outbound),
        reader,
        articles: createArticleReader(fetcher),
        clock,
        log,
        policy,
      });
      return poller;
    },
    cancelFetches: () => {
      fetcher.cancel();
      stopping.abort();
    },
    // From a connection of its own that migrates nothing: a backup taken with a newly installed Parley
    // before its first start is the database the old one wrote (restorable to it), and the old one still
    // running does not see its schema change under it.
    backup: async (file, options) => {
      if (db !== null || config.database.path === ':memory:')
        return backupDatabase(database(), file, options);
      const source = openDatabase(config.database.path, { readonly: true, anySchema: true });
      try {
        return await backupDatabase(source, file, options);
      } finally {
        source.close();
      }
    },
    async close() {
      await fetcher.close();
      // Every command is done with the platforms by now: a request still open (a Slack start retried
      // in the background) is cut rather than waited for.
      await outbound?.close();
      db?.close();
    },
  };
  return runtime;
}

async function main(): Promise<void> {
  // `parley stories | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const unreadable = loadDotEnv('.env', process.env);
  if (unreadable !== null) {
    process.stderr.write(`parley: ${unreadable}\n`);
    process.exitCode = 2;
    return;
  }
  process.exitCode = await runCli(process.argv.slice(2), {
    env: process.env,
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    openRuntime,
    stopSignal: () => waitForStopSignal(process),
  });
  // The command is done and the database closed. A library may still hold the event loop (grammY
  // retries getMe without end while Telegram is unreachable): a stopped Parley must not hang there.
  // The clock starts once stdout and stderr have handed everything to the OS (a pipe is written
  // asynchronously, and `parley feeds export | less` may read slowly), so no output is cut off.
  await Promise.all([drained(process.stdout), drained(process.stderr)]);
  setTimeout(() => process.exit(), EXIT_GRACE_MS).unref();
}

/**
 * `.env` in the working directory, as the README promises; variables already in the environment win.
 * Not process.loadEnvFile: it keeps a UTF-8 byte-order mark (Windows Notepad writes one) in the first
 * name, so a TELEGRAM_BOT_TOKEN on the first line was silently not set, and it throws a TypeError on a
 * file it cannot read. Returns why the file cannot be read, or null.
 */
export function loadDotEnv(path: string, env: NodeJS.ProcessEnv): string | null {
  if (!existsSync(path)) return null;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return `cannot read ${path}: ${readFailure(error)}`;
  }
  for (const [name, value] of Object.entries(parseEnv(text.replace(/^\uFEFF/, ''))))
    if (env[name] === undefined && value !== undefined) env[name] = value;
  return null;
}

/** Resolves when everything written to the stream so far is flushed (or the stream failed). */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || !stream.writable) resolve();
    else stream.write('', () => resolve());
  });
}

/** How long a finished command may wait for the event loop to drain before the process exits anyway. */
const EXIT_GRACE_MS = 5_000;

type StopSignal = 'SIGTERM' | 'SIGINT' | 'SIGHUP';
type SignalSource = {
  on(signal: StopSignal, listener: (signal: NodeJS.Signals) => void): unknown;
  removeListener(signal: StopSignal, listener: (signal: NodeJS.Signals) => void): unknown;
};

/**
 * Resolves on the first SIGTERM, SIGINT or SIGHUP and removes the listeners for all, so a second signal
 * meets Node's default and ends the process while a slow shutdown is still under way. SIGHUP (the
 * terminal running `npm start` closed) stops as gracefully as the others: Node's default ended the
 * process at once, the send in flight unrecorded.
 */
export function waitForStopSignal(source: SignalSource): Promise<string> {
  const signals: readonly StopSignal[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      for (const each of signals) source.removeListener(each, stop);
      resolve(signal);
    };
    for (const signal of signals) source.on(signal, stop);
  });
}

/**
 * The line an unexpected error ends the process with: its stack, with secrets taken out as from every log
 * line (a library's error can quote a Bot API URL, which carries the token).
 */
export function unexpectedErrorLine(error: unknown): string {
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return `parley: unexpected error: ${redactSecrets(text)}\n`;
}

const entry = process.argv[1];
if (entry !== undefined && realpathSync(entry) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(unexpectedErrorLine(error));
    process.exitCode = 70;
    // What failed may have left something running (a server, a socket, a timer): exit all the same.
    setTimeout(() => process.exit(), EXIT_GRACE_MS).unref();
  });
}
