/**
 * Parley's Slack front end in HTTP mode on loopback, over real SQLite stores, the real chat service and
 * digest composer, against the fake Slack Web API; and signed requests to it as Slack sends them
 * (HMAC-SHA256 of `v0:${timestamp}:${body}`: https://api.slack.com/authentication/verifying-requests-from-slack).
 * No vitest import: the `slack` bench uses it too.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { TopicNamer } from '../../src/domain/chat.js';
import type { ChatService, StoryStore } from '../../src/domain/ports.js';
import { type SlackFrontEnd, startSlackFrontEnd } from '../../src/platforms/slack/slack-front-end.js';
import type { createManualClock } from '../../src/shared/clock.js';
import { createSilentLogger, type Logger } from '../../src/shared/logger.js';
import { type Database, openDatabase } from '../../src/storage/database.js';
import {
  type FakeConversation,
  type FakeSlack,
  type ResponsePost,
  startFakeSlack,
} from '../fakes/slack-api.js';
import { seededChatService } from './chat-service.js';
import type { StorySeed } from './seed-stories.js';
import { commandBody, postSigned, type Sent, type Signing, signingSecret } from './slack-requests.js';

export { signingSecret, slackSignature } from './slack-requests.js';
export type CommandOptions = Signing & {
  user?: string;
  channel?: string;
  channelName?: string;
  key?: string;
};

export type SlackHarness = {
  db: Database;
  stories: StoryStore;
  service: ChatService;
  clock: ReturnType<typeof createManualClock>;
  fake: FakeSlack;
  frontEnd: SlackFrontEnd;
  /** The receiver's URL, http://127.0.0.1:<port>/slack/events. */
  endpoint: string;
  post(body: string, contentType: string, signing?: Signing): Promise<Sent>;
  /** `/digest <text>` from a member in a channel; `key` names its response_url in the fake. */
  command(text: string, options?: CommandOptions): Promise<Sent & { key: string }>;
  action(payload: Record<string, unknown>, signing?: Signing): Promise<Sent>;
  event(event: Record<string, unknown>, signing?: Signing): Promise<Sent>;
  /** Waits until the response_url `key` got `count` posts. */
  responses(key: string, count: number, timeoutMs?: number): Promise<ResponsePost[]>;
  close(): Promise<void>;
};

export type HarnessOptions = {
  seeds?: readonly StorySeed[];
  /** The chat service's and composer's clock; requests are signed with real time. */
  start?: number;
  users?: Record<string, string | null>;
  /** The channels each member is in, as users.conversations tells; null: the app lacks the scopes. */
  memberships?: Record<string, string[]> | null | 'ratelimited';
  /** Conversations conversations.info knows (FakeSlackOptions.conversations). */
  conversations?: Record<string, FakeConversation>;
  db?: Database;
  log?: Logger;
  /** The taxonomy (default: four topics of the default one). */
  topics?: ReadonlyArray<{ id: string; label: string }>;
  /** Topic names the commands understand besides ids (ChatServiceOptions.topicNamed). */
  topicNamed?: TopicNamer;
};

export async function startSlackHarness(options: HarnessOptions = {}): Promise<SlackHarness> {
  const db = options.db ?? openDatabase(':memory:');
  const { service, stories, clock } = seededChatService({
    db,
    seeds: options.seeds ?? [],
    now: options.start ?? Date.now(),
    ...(options.topics === undefined ? {} : { topics: options.topics }),
    ...(options.topicNamed === undefined ? {} : { topicNamed: options.topicNamed }),
  });
  const fake = await startFakeSlack({
    users: options.users ?? { U1: 'Europe/Kyiv', U2: null },
    ...(options.memberships === undefined ? {} : { memberships: options.memberships }),
    ...(options.conversations === undefined ? {} : { conversations: options.conversations }),
  });
  const log = options.log ?? createSilentLogger();
  const frontEnd = await startSlackFrontEnd({
    botToken: fake.token,
    apiUrl: fake.url,
    mode: 'http',
    appToken: null,
    signingSecret,
    port: 0,
    service,
    log,
    timeoutMs: 2_000,
  });
  const endpoint = `http://127.0.0.1:${frontEnd.port}/slack/events`;
  let keys = 0;

  const post = (body: string, contentType: string, signing?: Signing) =>
    postSigned(endpoint, body, contentType, signing);

  return {
    db,
    stories,
    service,
    clock,
    fake,
    frontEnd,
    endpoint,
    post,
    async command(text, { user = 'U1', channel = 'C1', channelName = 'peace-desk', key, ...signing } = {}) {
      keys += 1;
      const name = key ?? `command-${keys}`;
      const body = commandBody({ text, user, channel, channelName, responseUrl: fake.responseUrl(name) });
      return { ...(await post(body, 'application/x-www-form-urlencoded', signing)), key: name };
    },
    action: (payload, signing) =>
      post(
        `payload=${encodeURIComponent(JSON.stringify(payload))}`,
        'application/x-www-form-urlencoded',
        signing,
      ),
    event: (event, signing) =>
      post(
        JSON.stringify({
          token: 'deprecated-verification-token',
          team_id: 'T00000FAKE',
          api_app_id: 'A00000FAKE',
          type: 'event_callback',
          event_id: `Ev${Date.now()}`,
          event_time: Math.floor(Date.now() / 1000),
          authorizations: [{ team_id: 'T00000FAKE', user_id: 'U00000FAKE', is_bot: true }],
          event,
        }),
        'application/json',
        signing,
      ),
    async responses(key, count, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (fake.responsesTo(key).length < count) {
        if (Date.now() > deadline)
          throw new Error(`response_url ${key}: ${fake.responsesTo(key).length} of ${count} posts`);
        await sleep(5);
      }
      return fake.responsesTo(key);
    },
    async close() {
      await frontEnd.stop();
      await fake.close();
      db.close();
    },
  };
}
