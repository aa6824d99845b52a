import type { Command } from 'commander';
import type { Chat, ChatSettings } from '../../domain/chat.js';
import { AppError } from '../../shared/errors.js';
import type { CommandContext } from '../program.js';
import type { Runtime } from '../runtime.js';
import { refuseStrayWords } from '../stray-words.js';
import { configDefaults, findChat, parseAddress, parseSettings, type SettingOptions } from './chats-input.js';
import {
  changeJson,
  changeLines,
  changeText,
  chatJson,
  chatLines,
  chatTable,
  deliveryJson,
  deliveryLines,
} from './chats-view.js';

const actor = 'cli';
const shownDeliveries = 10;
/** Every command but `chats add` works on chats already stored: a mistyped --db is an error, not a new database. */
const existing = { readOnly: true };
/** `chats` and `chats show` only read: the database opens read-only, never migrated. */
const query = { queryOnly: true };

const topicIds = (runtime: Runtime): string[] => runtime.topicList().map((topic) => topic.id);

function listChats(context: CommandContext, options: { all?: boolean; json?: boolean }): Promise<void> {
  return context.withRuntime(async ({ chats, outbox, clock }) => {
    const now = clock.now();
    const all = options.all === true;
    const listed = chats.list(all ? {} : { active: true });
    if (options.json) {
      for (const chat of listed) context.out(JSON.stringify(chatJson(chat, outbox, now)));
      return;
    }
    for (const line of chatTable(listed, outbox, now, all)) context.out(line);
    const inactive = all ? listed.filter((chat) => !chat.active).length : chats.count({ active: false });
    const hint = !all && inactive > 0 ? ' (--all lists them)' : '';
    context.out(`chats: ${listed.length - (all ? inactive : 0)} active, ${inactive} inactive${hint}`);
  }, query);
}

type AddOptions = SettingOptions & { thread?: string };

/** Everything is checked before anything is written, so a typo stores nothing. */
function addChat(context: CommandContext, platform: string, chatId: string, options: AddOptions) {
  return context.withRuntime(async (runtime) => {
    const address = parseAddress(platform, chatId, options.thread);
    const { title, ...settings } = parseSettings(options, topicIds(runtime));
    const now = runtime.clock.now();
    const existing = runtime.chats.byAddress(address);
    const defaults = { ...configDefaults(runtime.config), title: title ?? null };
    const ensured = runtime.chats.ensure(address, defaults, actor, now);
    const chat = runtime.chats.update(ensured.id, settings, actor, now);
    context.out(
      existing === null
        ? `added chat ${chat.id}`
        : `chat ${chat.id} was already there${existing.active ? '' : ' and is active again'}`,
    );
    for (const line of chatLines(chat, runtime.outbox, now)) context.out(line);
  });
}

/** Applies settings and prints each field that changed, as the audit trail recorded it. */
function change(context: CommandContext, runtime: Runtime, chat: Chat, settings: ChatSettings) {
  const recorded = runtime.chats.changes(chat.id).length;
  runtime.chats.update(chat.id, settings, actor, runtime.clock.now());
  const changes = runtime.chats.changes(chat.id).slice(recorded);
  if (changes.length === 0) context.out(`chat ${chat.id}: nothing changed`);
  for (const each of changes) context.out(`chat ${chat.id}: ${changeText(each)}`);
}

function setChat(context: CommandContext, id: string, options: SettingOptions) {
  return context.withRuntime(async (runtime) => {
    const chat = findChat(runtime.chats, id);
    const settings = parseSettings(options, topicIds(runtime));
    if (Object.keys(settings).length === 0) {
      throw new AppError(
        'invalid_input',
        'nothing to set: give --topics, --timezone, --schedule, --quiet, --language or --title',
      );
    }
    change(context, runtime, chat, settings);
  }, existing);
}

function switchChat(context: CommandContext, id: string, active: boolean) {
  return context.withRuntime(async (runtime) => {
    change(context, runtime, findChat(runtime.chats, id), { active });
  }, existing);
}

function showChat(context: CommandContext, id: string, options: { json?: boolean }) {
  return context.withRuntime(async ({ chats, outbox, clock }) => {
    const chat = findChat(chats, id);
    const now = clock.now();
    const changes = chats.changes(chat.id);
    const deliveries = outbox.ofChat(chat.id, shownDeliveries);
    if (options.json) {
      const json = {
        ...chatJson(chat, outbox, now),
        changes: changes.map(changeJson),
        deliveries: deliveries.map(deliveryJson),
      };
      context.out(JSON.stringify(json));
      return;
    }
    for (const line of chatLines(chat, outbox, now)) context.out(line);
    context.out('changes:');
    for (const line of changeLines(changes)) context.out(line);
    context.out(`deliveries (last ${shownDeliveries}):`);
    for (const line of deliveryLines(deliveries)) context.out(line);
  }, query);
}

function settingOptions(command: Command): Command {
  return command
    .option('--topics <ids>', 'comma-separated topic ids (see parley topics), or all')
    .option('--timezone <zone>', 'IANA time zone or city: Europe/Kyiv, kyiv, UTC')
    .option('--schedule <when>', '"weekly friday 09:00", "daily 18:30" or off')
    .option(
      '--quiet <note|skip>',
      'a scheduled period without new stories: a short note (default) or nothing',
    )
    .option('--language <en|ru|uk>', "the language of the digest's own words (title, headings, sources)")
    .option('--title <title>', 'a name to recognise the chat by');
}

export function registerChatsCommands(program: Command, context: CommandContext): void {
  const chats = program
    .command('chats')
    .description('the Telegram chats and Slack channels that get digests');
  chats
    .command('list', { isDefault: true })
    .description('chats with topics, time zone, schedule, next push and last digest')
    .option('--all', 'inactive chats too')
    .option('--json', 'one JSON object per line')
    .allowExcessArguments()
    .action((options: { all?: boolean; json?: boolean }, list: Command) => {
      refuseStrayWords(chats, list);
      return listChats(context, options);
    });
  settingOptions(
    chats
      .command('add <platform> <chat-id>')
      .description('subscribe a chat (telegram or slack) with the config.digest defaults')
      .option('--thread <id>', 'a Telegram forum topic or Slack thread'),
  ).action((platform: string, chatId: string, options: AddOptions) =>
    addChat(context, platform, chatId, options),
  );
  settingOptions(chats.command('set <id>').description("change a chat's settings")).action(
    (id: string, options: SettingOptions) => setChat(context, id, options),
  );
  chats
    .command('off <id>')
    .description('stop digests to a chat (its unsent deliveries are dropped)')
    .action((id: string) => switchChat(context, id, false));
  chats
    .command('on <id>')
    .description('resume digests to a chat')
    .action((id: string) => switchChat(context, id, true));
  chats
    .command('show <id>')
    .description("a chat's settings, audit trail and last deliveries")
    .option('--json', 'one JSON object')
    .action((id: string, options: { json?: boolean }) => showChat(context, id, options));
}
