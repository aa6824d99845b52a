import type { Config } from '../config/schema.js';
import type { AnalysableItem, ItemAnalysis } from '../domain/analysis.js';
import type { TopicNamer } from '../domain/chat.js';
import type {
  ChatStore,
  DigestComposer,
  FeedReader,
  FeedStore,
  ItemStore,
  MessageSender,
  Outbox,
  Pruner,
  StoryStore,
} from '../domain/ports.js';
import type { ProxyTransport } from '../ingest/outbound-proxy.js';
import type { Poller } from '../scheduler/poll-feeds.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';

/** What a command needs from the composition root; built by src/main.ts, closed by the command. */
export type Runtime = {
  config: Config;
  log: Logger;
  feeds: FeedStore;
  items: ItemStore;
  stories: StoryStore;
  pruner: Pruner;
  chats: ChatStore;
  outbox: Outbox;
  /** One sender per platform whose token is set; none = console mode. */
  senders: MessageSender[];
  /** Builds and renders each chat's digest for a period. */
  composer: DigestComposer;
  clock: Clock;
  /** Relevance, topics and entities of one item, as polling would store them. */
  analyse(item: AnalysableItem): ItemAnalysis;
  /** The taxonomy from config/topics.yaml: id, English label, labels in other languages, description. */
  topicList(): Array<{
    id: string;
    label: string;
    labels: Readonly<Record<string, string>>;
    description: string;
  }>;
  /** The topic a word typed instead of an id names in chat commands ("украина": ukraine): see TopicNamer. */
  topicNamed: TopicNamer;
  reader: FeedReader;
  /** The outbound proxy's fetch and dispatcher for Telegram, Slack and the LLM; null: they go direct. */
  outbound: ProxyTransport | null;
  poller: Poller;
  /** Shutdown: aborts the feed and article fetches and LLM requests in flight and refuses new ones (see HttpFetcher.cancel). */
  cancelFetches(): void;
  backup(file: string, options?: { overwrite?: boolean }): Promise<{ bytes: number; pages: number }>;
  close(): Promise<void>;
};

/** What `parley` gets from the process; tests pass their own. */
export type CliEnvironment = {
  env: Record<string, string | undefined>;
  cwd: string;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  /** `readonly`: the database opens read-only and is never migrated (see CommandContext.withRuntime). */
  openRuntime(config: Config, options: { logLevel?: string; readonly?: boolean }): Runtime;
  /** Resolves when the process is asked to stop (SIGTERM, SIGINT); tests resolve it themselves. */
  stopSignal(): Promise<string>;
};
