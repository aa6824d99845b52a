import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { WebAPIPlatformError, type WebClient } from '@slack/web-api';
import type { ChatService, DigestPreview } from '../../domain/ports.js';
import { createCooldown } from '../../shared/cooldown.js';
import { describeError, isAppError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { answerCommand } from './command-handler.js';
import { failureReply, mistakeReply } from './command-replies.js';
import { shareActionId, sharedConfirmation, sharedMessages, wordsOf } from './digest-reply.js';
import { homeView, type ViewerChannels } from './home-view.js';
import { reply } from './mrkdwn.js';
import { sharedWords } from './shared-words.js';

export type ListenerDeps = { service: ChatService; log: Logger };

/** Lets the ack's bytes leave before synchronous work (SQLite, rendering) holds the event loop. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

async function memberTimeZone(client: WebClient, user: string, log: Logger): Promise<string | null> {
  try {
    // Spec: https://docs.slack.dev/reference/methods/users.info (users:read; `tz` is the member's IANA zone)
    const result = await client.users.info({ user });
    return result.user?.tz ?? null;
  } catch (error) {
    log.warn({ user, err: describeError(error) }, 'slack users.info failed: default time zone used');
    return null;
  }
}

/** Whether the conversation is a private channel or group DM the app is not in (CommandDeps.appIsOutside). */
async function appIsOutside(client: WebClient, channel: string, log: Logger): Promise<boolean> {
  try {
    // Spec: https://docs.slack.dev/reference/methods/conversations.info (channels:read, groups:read). A private
    // channel or group DM the app is not in is hidden from it: channel_not_found, as chat.postMessage would
    // answer there (slackapi/bolt-js#1656). A public channel takes posts without the app (chat:write.public).
    const { channel: found } = await client.conversations.info({ channel });
    if (found === undefined || found.is_member === true) return false;
    return found.is_private === true || found.is_mpim === true || found.is_im === true;
  } catch (error) {
    if (error instanceof WebAPIPlatformError && error.data.error === 'channel_not_found') return true;
    log.warn(
      { channel, err: describeError(error) },
      'slack conversations.info failed: subscribing without knowing whether the app can post there',
    );
    return false;
  }
}

// users.conversations pages: Slack recommends at most 200 a page. Paging stops once every subscribed
// channel has been seen; a member of more than 2,000 channels may miss some (the tab says so).
const channelsPerPage = 200;
const maxChannelPages = 10;

/**
 * Which of `wanted` (the subscribed channels) `user` is in, so that the Home tab lists only those: a
 * private channel's topics and schedule are its members' business. `missing_scope`: the app was installed
 * without channels:read and groups:read; `failed`: any other error (rate limit, network).
 */
async function memberChannels(
  client: WebClient,
  user: string,
  wanted: ReadonlySet<string>,
  log: Logger,
): Promise<ViewerChannels> {
  const found = new Set<string>();
  if (wanted.size === 0) return { kind: 'known', channels: found, complete: true };
  let cursor: string | undefined;
  try {
    for (let page = 0; page < maxChannelPages; page++) {
      // Spec: https://docs.slack.dev/reference/methods/users.conversations (private channels only where the
      // app is a member too, which every private channel it posts to has)
      const result = await client.users.conversations({
        user,
        types: 'public_channel,private_channel',
        exclude_archived: true,
        limit: channelsPerPage,
        ...(cursor === undefined ? {} : { cursor }),
      });
      for (const channel of result.channels ?? [])
        if (channel.id !== undefined && wanted.has(channel.id)) found.add(channel.id);
      cursor = result.response_metadata?.next_cursor || undefined;
      if (cursor === undefined || found.size === wanted.size)
        return { kind: 'known', channels: found, complete: true };
    }
    log.warn(
      { user, pages: maxChannelPages },
      'slack users.conversations: more channels than the Home tab reads',
    );
    return { kind: 'known', channels: found, complete: false };
  } catch (error) {
    const err = describeError(error);
    const missingScope = /missing_scope/.test(JSON.stringify(err));
    log.warn(
      { user, err },
      missingScope
        ? 'slack users.conversations needs the channels:read and groups:read scopes (config/slack-app-manifest.yaml): the Home tab lists no channels until the app is reinstalled with them'
        : 'slack users.conversations failed: the Home tab lists no channels this time',
    );
    return { kind: missingScope ? 'missing_scope' : 'failed' };
  }
}

export function onDigestCommand(app: App, { service, log }: ListenerDeps): void {
  app.command('/digest', async ({ command, ack, respond, client }) => {
    const input = {
      text: command.text,
      userId: command.user_id,
      channelId: command.channel_id,
      channelName: command.channel_name ?? null,
    };
    const answer = answerCommand(input, {
      service,
      log,
      memberTimeZone: (user) => memberTimeZone(client, user, log),
      appIsOutside: (channel) => appIsOutside(client, channel, log),
    });
    if ('now' in answer) return ack({ response_type: 'ephemeral', ...answer.now });
    // Slack waits 3 seconds for the ack (platform-facts §2.2): ack first, then answer through response_url.
    await ack();
    await nextTurn();
    try {
      for (const reply of await answer.later()) await respond({ response_type: 'ephemeral', ...reply });
    } catch (error) {
      log.warn({ channel: input.channelId, err: describeError(error) }, 'slack respond failed');
    }
  });
}

/**
 * "Share in channel" posts through the click's response_url as in_channel rather than chat.postMessage:
 * it works wherever the command worked (private channels and DMs the bot is not in) without
 * chat:write.public, and each click brings a fresh response_url. Then the ephemeral copy is replaced
 * by a confirmation without the button. A double click sends two actions before that: the second one for
 * the same message (or, without its ts, the same member and digest) within `shareMemoryMs` is ignored.
 * Spec: https://api.slack.com/interactivity/handling#message_responses
 */
// Long enough for a double click and a slow first post; a member sharing the same words again a minute
// later (from a new /digest) is a new share.
const shareMemoryMs = 60_000;
/**
 * One shared digest per channel per 30 s, as Telegram's /digest: each share posts up to four messages
 * through response_url, outside the outbox's pacing, and a member with ten private copies would
 * otherwise post forty in a few seconds.
 */
const channelShareGapMs = 30_000;

export function onShare(app: App, { service, log }: ListenerDeps): void {
  const shared = new Map<string, number>();
  const channelShared = createCooldown(channelShareGapMs);
  app.action<BlockAction<ButtonAction>>(shareActionId, async ({ ack, body, action, respond }) => {
    await ack();
    const channel = body.channel?.id ?? body.container?.['channel_id'];
    if (typeof channel !== 'string') return;
    const now = Date.now();
    for (const [key, at] of shared) if (now - at > shareMemoryMs) shared.delete(key);
    const messageTs = body.container?.['message_ts'];
    const key = `${channel} ${body.user.id} ${typeof messageTs === 'string' ? messageTs : (action.value ?? '')}`;
    if (shared.has(key)) {
      log.info({ channel, user: body.user.id }, 'slack share clicked again: ignored');
      return;
    }
    const waitMs = channelShared.remainingMs(channel, now);
    if (waitMs > 0) {
      // The private copy keeps its button, for a share once the wait is over.
      const seconds = Math.max(1, Math.ceil(waitMs / 1000));
      const wait = reply(`A digest was just shared here. Please share again in ${seconds} s.`);
      await respond({ response_type: 'ephemeral', replace_original: false, ...wait }).catch(() => undefined);
      return;
    }
    shared.set(key, now);
    channelShared.start(channel, now);
    await nextTurn();
    try {
      const address = { platform: 'slack', chatId: channel, threadId: null } as const;
      const preview = service.preview(address, wordsOf(action.value ?? ''));
      const words = sharedWords[service.find(address)?.language ?? 'en'];
      for (const message of sharedMessages(preview, body.user.id, words))
        await respond({ response_type: 'in_channel', replace_original: false, ...message });
      await respond({ replace_original: true, ...sharedConfirmation });
      log.info({ channel, user: body.user.id, stories: preview.storyCount }, 'slack digest shared');
    } catch (error) {
      // The private copy keeps its button: a click after this answer is a retry, not a double click.
      shared.delete(key);
      channelShared.forget(channel);
      const answer = isAppError(error, 'invalid_input')
        ? mistakeReply(error.message, 'digest')
        : failureReply();
      if (!isAppError(error)) log.error({ channel, err: error }, 'slack share failed');
      await respond({ response_type: 'ephemeral', replace_original: false, ...answer }).catch(
        () => undefined,
      );
    }
  });
}

/**
 * A member going back and forth between the Home tab and another within this gap sees the view just
 * published (Slack keeps it): each publish reads the member's channels from Slack (users.conversations, rate
 * limited per workspace) and composes a digest.
 */
const homeRefreshGapMs = 10_000;

export function onHomeOpened(app: App, { service, log }: ListenerDeps): void {
  const published = createCooldown(homeRefreshGapMs);
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    if (published.remainingMs(event.user, Date.now()) > 0) return;
    // Taken before the channels are read: openings that arrive meanwhile (a member flicking between tabs)
    // would each pass the check and read them too. Given back when the view is not kept.
    published.start(event.user, Date.now());
    let kept = false;
    try {
      kept = await publishHome(service, log, client, event);
    } finally {
      if (kept) published.start(event.user, Date.now());
      else published.forget(event.user);
    }
  });
}

/** Publishes the member's Home tab; whether the view may be kept (it says to open the tab again). */
async function publishHome(
  service: ListenerDeps['service'],
  log: ListenerDeps['log'],
  client: WebClient,
  event: { user: string; channel: string },
): Promise<boolean> {
  let preview: DigestPreview | null = null;
  try {
    preview = service.preview({ platform: 'slack', chatId: event.channel, threadId: null }, []);
  } catch (error) {
    // The operator turned this direct chat off: the Home tab shows no digest, and nothing failed.
    if (isAppError(error, 'invalid_input')) log.info({ reason: error.message }, 'slack home digest: none');
    else log.error({ err: error }, 'slack home digest failed');
  }
  const chats = service.list({ platform: 'slack', subscribed: true });
  const wanted = new Set(chats.map((chat) => chat.chatId));
  const viewer = await memberChannels(client, event.user, wanted, log);
  const view = homeView(chats, viewer, service, preview);
  try {
    // Spec: https://docs.slack.dev/reference/methods/views.publish
    await client.views.publish({ user_id: event.user, view });
  } catch (error) {
    log.warn({ user: event.user, err: describeError(error) }, 'slack views.publish failed');
    return false;
  }
  // A view that says to open the tab again (the channels could not be read) is not kept.
  return viewer.kind !== 'failed' && preview !== null;
}
