import { describeProblem } from '../../domain/input-problems.js';
import { formatSchedule } from '../../domain/schedule.js';
import type { ChatSummary, Texts } from './texts.js';

const next = (summary: ChatSummary) =>
  summary.next === null ? 'No digest is scheduled.' : `Next digest: <b>${summary.next}</b>.`;

const lines = (summary: ChatSummary) =>
  [
    `Topics: <b>${summary.topics}</b>`,
    `Schedule: <b>${summary.schedule}</b>`,
    `Time zone: <b>${summary.zone}</b>`,
    `Language of the digest: <b>${summary.language}</b>`,
    next(summary),
  ].join('\n');

const invalid = (message: string) =>
  `⚠️ ${message.charAt(0).toUpperCase()}${message.slice(1)}${/[.?!]$/.test(message) ? '' : '.'}`;

export const englishTexts: Texts = {
  language: 'en',
  locale: 'en-GB',
  commands: {
    start: 'Subscribe this chat and pick topics',
    topics: 'Choose the topics of the digest',
    subscribe: 'Start the scheduled digest: /subscribe [topic…]',
    unsubscribe: 'Stop the scheduled digest',
    digest: 'A digest now: /digest [topic…] [7d|24h]',
    schedule: 'When it comes: weekly friday 09:00, daily 18:30 or off',
    timezone: 'Time zone, e.g. Europe/Kyiv or Kyiv',
    quiet: 'A period without news: note (a line saying so) or skip (nothing)',
    language: 'The language of the digest: en, ru or uk',
    settings: "This chat's topics, schedule, time zone and language",
    help: 'What Parley does and its commands',
  },
  welcome: (summary) =>
    [
      '👋 <b>Parley</b> follows news about peace talks and ceasefire negotiations in many outlets and languages, and sends this chat a short digest of the main stories.',
      `You are subscribed: <b>${summary.schedule}</b> (${summary.zone}). ${next(summary)}`,
      `The digest comes in <b>${summary.language}</b>: /language changes it, /timezone sets your time zone.`,
      'Pick topics below (none selected = all topics). /help lists the commands.',
    ].join('\n\n'),
  help: [
    '<b>Parley</b> sends digests of news about peace talks.',
    '',
    '/topics: choose topics with buttons',
    '/subscribe [topic…]: start the scheduled digest; /unsubscribe: stop it',
    '/digest [topic…] [7d|24h]: a digest right now',
    '/schedule weekly friday 09:00 | daily 18:30 | off',
    '/timezone Europe/Kyiv (or a city: Kyiv)',
    '/quiet note | skip: a line, or nothing, when a period has no new stories',
    '/language en | ru | uk: the language of the digest (its headings and notes; stories stay as the outlets wrote them)',
    '/settings: what this chat gets and when',
    '',
    'In groups only admins change settings; anyone can ask for /digest. A channel admin can subscribe a channel here with /subscribe @channel, and set it with /schedule, /timezone, /quiet, /language or /settings followed by @channel.',
  ].join('\n'),
  topicsPrompt: (selected) =>
    `Topics of this chat's digest: tap to select or clear. None selected = all topics.\nNow: <b>${selected}</b>`,
  allTopics: 'All topics',
  schedule: formatSchedule,
  subscribed: (summary) => `✅ Subscribed.\n${lines(summary)}`,
  unsubscribed:
    '🔕 Unsubscribed: no more scheduled digests. /digest still works, and /subscribe starts them again.',
  notSubscribed: 'This chat is not subscribed. /start subscribes it.',
  scheduleSet: (summary) => `✅ Schedule: <b>${summary.schedule}</b> (${summary.zone}). ${next(summary)}`,
  scheduleUsage: (current) =>
    `Schedule now: <b>${current}</b>.\nUse /schedule weekly friday 09:00, /schedule daily 18:30 or /schedule off.`,
  timeZoneSet: (summary, now) =>
    `✅ Time zone: <b>${summary.zone}</b> (it is ${now} there). ${next(summary)}`,
  timeZoneUsage: (current) =>
    `Time zone now: <b>${current}</b>.\nUse /timezone Europe/Kyiv, or a city: /timezone Kyiv.`,
  quiet: (mode) => (mode === 'note' ? 'a short note' : 'nothing'),
  quietSet: (summary) => `✅ A period without new stories now gets: <b>${summary.quiet}</b>.`,
  languageName: (language) => ({ en: 'English', ru: 'Russian', uk: 'Ukrainian' })[language],
  languageSet: (summary) => `✅ The digest is now written in <b>${summary.language}</b>.`,
  languageUsage: (current) =>
    `The digest is written in <b>${current}</b>.\nUse /language en, /language ru or /language uk. The stories stay in the language their outlets wrote them in.`,
  quietUsage: (current) =>
    `A period without new stories gets: <b>${current}</b>.\nUse /quiet note (a line saying there is nothing new) or /quiet skip (nothing at all).`,
  settings: (summary) =>
    `<b>Settings of this chat</b>\n${lines(summary)}\nA period without new stories gets: <b>${summary.quiet}</b>`,
  noSettings: 'This chat has no settings yet. /start subscribes it; /digest works without.',
  noNextDigest: 'none',
  adminsOnly: "Only this chat's admins can change its settings. Anyone can ask for a /digest.",
  adminsOnlyShort: 'Only admins can change the topics.',
  staleKeyboard: 'This keyboard is too old. Send /topics for a new one.',
  saved: 'Saved',
  rateLimited: (seconds) => `A digest was just sent here. Please ask again in ${seconds} s.`,
  invalid,
  // The domain's English message, so the bot, the CLI and Slack say the same thing.
  problem: (problem, escapeText) => invalid(escapeText(describeProblem(problem))),
  failed: 'Sorry, something went wrong on our side. Please try again in a minute.',
  channelNotFound: (name) =>
    `I cannot find ${name}. Add me to the channel as an admin that can post, then try again.`,
  channelBotNotAdmin: (name) =>
    `I am not an admin of ${name} who can post messages. Make me one, then try again.`,
  channelUserNotAdmin: (name) => `Only admins of ${name} can subscribe it.`,
  channelSubscribed: (name, summary) => `✅ ${name} is subscribed.\n${lines(summary)}`,
  channelUnsubscribed: (name) => `🔕 ${name} is unsubscribed.`,
  channelNotSubscribed: (name) => `${name} is not subscribed: /subscribe ${name} subscribes it.`,
  channelStarted: (summary, ids, name) =>
    `✅ Subscribed.\n${lines(summary)}\nTopics: /subscribe followed by their ids (${ids})${name === null ? '' : `, or /subscribe ${name} … in a private chat with me, which posts nothing here`}. /help lists the commands.`,
  namedChannelTopics: (name, chosen, ids) =>
    `Topics of ${name}: ${chosen}. Change them with /subscribe ${name} followed by topic ids (all: every topic).\nTopics: ${ids}`,
  channelTopics: (ids, name) =>
    `Topic buttons here would be shown to every subscriber. Pick topics with /subscribe followed by their ids${name === null ? '' : `, or with /subscribe ${name} … in a private chat with me, which posts nothing here`}.\nTopics: ${ids}`,
};
