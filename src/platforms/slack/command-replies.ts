import { type Chat, type DigestLanguage, isTurnedOffByPerson } from '../../domain/chat.js';
import type { ChatService } from '../../domain/ports.js';
import { formatSchedule } from '../../domain/schedule.js';
import { context, escapeMrkdwn, localTime, type Reply, reply, section } from './mrkdwn.js';
import { type CommandKind, subcommands, usage } from './slack-command.js';

/** The readable parts of a chat's settings, everything escaped (labels come from the operator's YAML). */
export function describeChat(chat: Chat, service: ChatService): { topics: string; schedule: string } {
  const labels = new Map(service.topics().map((topic) => [topic.id, topic.label]));
  const topics =
    chat.topics.length === 0 ? 'all topics' : chat.topics.map((id) => labels.get(id) ?? id).join(', ');
  const next = service.nextDigestAt(chat);
  const when =
    chat.schedule.frequency === 'off' || !chat.active
      ? 'no scheduled digest'
      : `${formatSchedule(chat.schedule)} (${chat.timeZone})`;
  const nextText = next === null ? '' : `, next on ${localTime(next, chat.timeZone)}`;
  return { topics: escapeMrkdwn(topics), schedule: escapeMrkdwn(`${when}${nextText}`) };
}

export function isSubscribed(chat: Chat | null): boolean {
  return chat?.active === true && chat.schedule.frequency !== 'off';
}

export function helpReply(): Reply {
  const lines = (['digest', ...subcommands] as const).map((kind) => `• ${usage[kind]}`);
  return {
    text: 'Parley: digests of news about peace talks',
    blocks: [
      section(
        '*Parley* follows news about peace talks (negotiations, ceasefires, peace plans, mediation, prisoner ' +
          'and hostage exchanges) and makes a digest of them, grouped by conflict.',
      ),
      section(lines.join('\n')),
      context(
        'Without topics, `/digest` uses this channel’s topics, or all of them. Periods: `24h`, `3d`, `2w` (up to 31 days).',
      ),
    ],
  };
}

export function topicsReply(service: ChatService, chat: Chat | null): Reply {
  const chosen = new Set(chat?.topics ?? []);
  const lines = service
    .topics()
    .map(({ id, label }) => `• \`${escapeMrkdwn(id)}\`: ${escapeMrkdwn(label)}${chosen.has(id) ? ' ✓' : ''}`);
  const note =
    chat === null || chat.topics.length === 0
      ? 'This channel follows all topics.'
      : 'Marked ✓: the topics this channel follows.';
  return {
    text: 'Topics',
    blocks: [section(`*Topics*\n${lines.join('\n')}`), context(`${note} ${usage.subscribe}`)],
  };
}

export function settingsReply(service: ChatService, chat: Chat | null): Reply {
  if (chat !== null && isTurnedOffByPerson(chat))
    return reply(
      'This channel’s digests are turned off by whoever runs this Parley: ask them to turn them on.',
    );
  if (chat !== null && !chat.active && chat.schedule.frequency !== 'off') {
    // Subscribed, but a post failed (the app was removed, the channel archived): say why and what fixes it.
    const why = escapeMrkdwn(chat.inactiveReason ?? 'a post to it failed');
    return reply(
      `This channel’s scheduled digest is stopped: ${why}.`,
      'Invite the app (`/invite @Parley`), then `/digest subscribe` to start it again.',
    );
  }
  if (chat === null || !isSubscribed(chat)) {
    const zone = chat === null ? '' : ` Its time zone is ${escapeMrkdwn(chat.timeZone)}.`;
    return reply(`This channel has no scheduled digest.${zone}`, `• ${usage.subscribe}`);
  }
  const { topics, schedule } = describeChat(chat, service);
  const quiet = chat.quiet === 'note' ? 'a short note' : 'nothing';
  return reply(
    `*This channel’s digest*\n• Topics: ${topics}\n• When: ${schedule}\n• A period without new stories: ${quiet}\n• Language: ${languageNames[chat.language]}`,
    `• ${usage.schedule}\n• ${usage.quiet}\n• ${usage.language}`,
  );
}

/** A digest language by its English name, as Slack's replies are English. */
export const languageNames: Readonly<Record<DigestLanguage, string>> = {
  en: 'English',
  ru: 'Russian',
  uk: 'Ukrainian',
};

/** `started`: the channel had no scheduled digest before (new, or unsubscribed). */
/** `zoneUnread`: Slack gave no time zone for the member who subscribed, so the channel has the default. */
export function subscribedReply(
  service: ChatService,
  chat: Chat,
  started: boolean,
  zoneUnread = false,
): Reply {
  const { topics, schedule } = describeChat(chat, service);
  const done = started ? 'This channel is now subscribed' : 'This channel’s subscription is updated';
  const zone = zoneUnread
    ? [
        section(
          `:warning: Parley could not read the time zone of your Slack profile, so this channel’s digest follows ${escapeMrkdwn(chat.timeZone)}: ${usage.timezone} changes it.`,
        ),
      ]
    : [];
  return {
    text: done,
    blocks: [
      section(`${done}: *${topics}*, ${schedule}.`),
      ...zone,
      context(
        `Change it with ${usage.schedule} or ${usage.timezone}. In a private channel, invite the app (\`/invite @Parley\`) so that it can post.`,
      ),
    ],
  };
}

/** A Slack conversation id of a direct message (D…): chat.postMessage cannot post digests there. */
export const isDirectMessage = (chatId: string): boolean => chatId.startsWith('D');

/**
 * A private channel or group DM the app is not in (Slack hides it from the app: channel_not_found), where
 * chat.postMessage cannot post: "As long as the authenticated user is a member of the private channel"
 * (https://docs.slack.dev/reference/methods/chat.postMessage#channels).
 */
export function outsideReply(): Reply {
  return reply(
    'Parley is not in this conversation, so it cannot post a scheduled digest here, and nothing was subscribed. ' +
      'In a private channel, invite it first (`/invite @Parley`), then run `/digest subscribe` again; a group DM ' +
      'without Parley cannot get scheduled digests: use a channel. Here, `/digest` shows the digest just for you.',
  );
}

export function changedReply(service: ChatService, chat: Chat, what: string): Reply {
  // A direct message takes settings for its own `/digest`, never a subscription (chat.postMessage cannot post there).
  if (isDirectMessage(chat.chatId)) return reply(`${what}. Here \`/digest\` shows the digest just for you.`);
  if (!isSubscribed(chat)) return reply(`${what}. This channel has no scheduled digest: ${usage.subscribe}`);
  const { topics, schedule } = describeChat(chat, service);
  return reply(`${what}. This channel gets *${topics}*, ${schedule}.`);
}

/** A mistake in what the user typed: what was wrong (escaped: it quotes their words) and what is valid. */
export function mistakeReply(message: string, kind: CommandKind): Reply {
  const hint =
    kind === 'digest'
      ? `${usage.digest}. Subcommands: ${subcommands.join(', ')} (\`/digest help\`).`
      : `Usage: ${usage[kind]}`;
  return {
    text: `Parley: ${escapeMrkdwn(message)}`,
    blocks: [section(`:warning: ${escapeMrkdwn(message)}`), context(hint)],
  };
}

export function failureReply(): Reply {
  return reply('Sorry, that did not work: Parley ran into an error and logged it. Please try again later.');
}
