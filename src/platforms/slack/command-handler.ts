import type { ChatAddress } from '../../domain/chat.js';
import type { ChatService } from '../../domain/ports.js';
import { isValidTimeZone, parseSchedule } from '../../domain/schedule.js';
import { isAppError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import {
  changedReply,
  failureReply,
  helpReply,
  isDirectMessage,
  isSubscribed,
  languageNames,
  mistakeReply,
  outsideReply,
  settingsReply,
  subscribedReply,
  topicsReply,
} from './command-replies.js';
import { digestReplies, shareValue } from './digest-reply.js';
import { escapeMrkdwn, type Reply, reply } from './mrkdwn.js';
import { type CommandKind, parseSlackCommand, type SlackCommand } from './slack-command.js';

/** The fields of a slash command payload that Parley reads. */
export type CommandInput = { text: string; userId: string; channelId: string; channelName: string | null };

export type CommandDeps = {
  service: ChatService;
  /** The member's IANA zone from their Slack profile (users.info), or null when Slack does not say. */
  memberTimeZone(userId: string): Promise<string | null>;
  /**
   * Whether Slack says (conversations.info) the conversation is a private channel or group DM the app is
   * not in, where it cannot post; false when it can, or when Slack does not say.
   */
  appIsOutside(channelId: string): Promise<boolean>;
  log: Logger;
};

/** An answer ready at once (it goes back in the ack), or work to do after the ack, answered through respond(). */
export type Answer = { now: Reply } | { later: () => Promise<Reply[]> };

type Context = { address: ChatAddress; actor: string; title: string | null; input: CommandInput };

/** Slack's placeholder names for channels whose name the command may not reveal. */
const placeholderNames = new Set(['privategroup', 'directmessage']);

function explain(error: unknown, kind: CommandKind, log: Logger): Reply {
  if (isAppError(error, 'invalid_input')) {
    const usage = error.details['usage'];
    return mistakeReply(error.message, typeof usage === 'string' ? (usage as CommandKind) : kind);
  }
  log.error({ err: error, command: kind }, 'slack command failed');
  return failureReply();
}

/** Scheduled digests are posted with chat.postMessage, which cannot write to a direct message between people. */
function directMessage(context: Context): Answer | null {
  if (!isDirectMessage(context.address.chatId)) return null;
  return {
    now: reply(
      'Scheduled digests go to channels: run `/digest subscribe` in a channel. Here, `/digest` shows the digest just for you.',
    ),
  };
}

/**
 * Subscribing work, done only where the app can post: a subscription it could not post to would answer
 * "subscribed" and be deactivated at its first digest (channel_not_found). Only Slack's own "outside"
 * refuses; when Slack does not say (no scope, an outage), the member gets the subscription as before.
 */
async function whereReachable(context: Context, deps: CommandDeps, then: () => Promise<Reply[]>) {
  if (await deps.appIsOutside(context.address.chatId)) return [outsideReply()];
  return then();
}

/**
 * Subscribes in the member's zone when this starts the channel's digests and nobody chose its zone;
 * `zoneUnread` when it then keeps the default zone because Slack gave none.
 */
async function subscribe(context: Context, deps: CommandDeps, topics: readonly string[]) {
  const zone = await deps.memberTimeZone(context.input.userId);
  const usable = zone !== null && isValidTimeZone(zone);
  const result = deps.service.subscribe(context.address, context.actor, {
    title: context.title,
    ...(topics.length > 0 ? { topics } : {}),
    ...(usable ? { timeZone: zone } : {}),
  });
  return { ...result, zoneUnread: result.zoneOpen && !usable };
}

function schedule(context: Context, deps: CommandDeps, text: string): Answer {
  const { service } = deps;
  const wanted = parseSchedule(text);
  const subscribed = isSubscribed(service.find(context.address));
  if (wanted.frequency === 'off') {
    if (!subscribed) return { now: reply('This channel has no scheduled digest to turn off.') };
    return {
      now: changedReply(service, service.setSchedule(context.address, context.actor, text), 'Turned off'),
    };
  }
  const set = () => service.setSchedule(context.address, context.actor, text);
  if (subscribed) return { now: changedReply(service, set(), 'Schedule changed') };
  // A channel without a subscription gets one, in the member's time zone, on this schedule.
  return (
    directMessage(context) ?? {
      later: () =>
        whereReachable(context, deps, async () => {
          const { zoneUnread } = await subscribe(context, deps, []);
          return [subscribedReply(service, set(), true, zoneUnread)];
        }),
    }
  );
}

function plan(command: SlackCommand, context: Context, deps: CommandDeps): Answer {
  const { service } = deps;
  const { address, actor } = context;
  switch (command.kind) {
    case 'help':
      return { now: helpReply() };
    case 'topics':
      return { now: topicsReply(service, service.find(address)) };
    case 'settings':
      return { now: settingsReply(service, service.find(address)) };
    case 'unsubscribe':
      if (!isSubscribed(service.find(address)))
        return { now: reply('This channel has no scheduled digest.') };
      service.unsubscribe(address, actor);
      return { now: reply('Unsubscribed: no more scheduled digests here. `/digest` still works.') };
    case 'timezone': {
      const chat = service.setTimeZone(address, actor, command.text);
      return { now: changedReply(service, chat, `Time zone set to ${escapeMrkdwn(chat.timeZone)}`) };
    }
    case 'quiet': {
      const chat = service.setQuiet(address, actor, command.text);
      const gets = chat.quiet === 'note' ? 'a short note' : 'nothing';
      return { now: changedReply(service, chat, `A period without new stories now gets ${gets}`) };
    }
    case 'language': {
      const chat = service.setLanguage(address, actor, command.text);
      const name = languageNames[chat.language];
      return { now: changedReply(service, chat, `The digest posted here is now written in ${name}`) };
    }
    case 'schedule':
      return schedule(context, deps, command.text);
    case 'subscribe':
      return (
        directMessage(context) ?? {
          later: () =>
            whereReachable(context, deps, async () => {
              const { chat, started, zoneUnread } = await subscribe(context, deps, command.topics);
              return [subscribedReply(service, chat, started, zoneUnread)];
            }),
        }
      );
    case 'digest':
      return {
        later: async () => {
          const preview = service.preview(address, command.words, { title: context.title });
          return digestReplies(preview, shareValue(preview.request));
        },
      };
  }
}

/** What to answer to `/digest …` in a channel; user mistakes become an ephemeral explanation. */
export function answerCommand(input: CommandInput, deps: CommandDeps): Answer {
  const context: Context = {
    address: { platform: 'slack', chatId: input.channelId, threadId: null },
    actor: `slack:${input.userId}`,
    title: input.channelName === null || placeholderNames.has(input.channelName) ? null : input.channelName,
    input,
  };
  let kind: CommandKind = 'digest';
  try {
    const command = parseSlackCommand(input.text);
    kind = command.kind;
    const answer = plan(command, context, deps);
    if ('now' in answer) return answer;
    return {
      later: () => answer.later().catch((error: unknown) => [explain(error, command.kind, deps.log)]),
    };
  } catch (error) {
    return { now: explain(error, kind, deps.log) };
  }
}
