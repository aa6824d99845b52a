import { type InputProblem, oneOf, type ScheduleFrequency } from '../../domain/input-problems.js';
import type { Schedule, Weekday } from '../../domain/schedule.js';
import type { ChatSummary, Escape, Texts } from './texts.js';

const everyWeekday: Record<Weekday, string> = {
  monday: 'щопонеділка',
  tuesday: 'щовівторка',
  wednesday: 'щосереди',
  thursday: 'щочетверга',
  friday: 'щоп’ятниці',
  saturday: 'щосуботи',
  sunday: 'щонеділі',
};

function schedule(s: Schedule): string {
  if (s.frequency === 'off') return 'вимкнено';
  if (s.frequency === 'daily') return `щодня о ${s.time}`;
  return `${everyWeekday[s.weekday]} о ${s.time}`;
}

const next = (summary: ChatSummary) =>
  summary.next === null ? 'Дайджест не заплановано.' : `Наступний дайджест: <b>${summary.next}</b>.`;

const lines = (summary: ChatSummary) =>
  [
    `Теми: <b>${summary.topics}</b>`,
    `Розклад: <b>${summary.schedule}</b>`,
    `Часовий пояс: <b>${summary.zone}</b>`,
    `Мова дайджесту: <b>${summary.language}</b>`,
    next(summary),
  ].join('\n');

const quoted = (text: string, escapeText: Escape) => `«${escapeText(text)}»`;

const shapeHints: Record<ScheduleFrequency, string> = {
  weekly: 'для щотижневого потрібні день тижня й час, наприклад щотижня пт 09:00 (weekly friday 09:00)',
  daily: 'для щоденного потрібен час, наприклад щодня 18:30 (daily 18:30)',
  off: 'після «вимкнути» (off) нічого писати не треба',
};

function problemText(p: InputProblem, escapeText: Escape): string {
  switch (p.problem) {
    case 'unknown_topic': {
      const named = p.unknown.map((topic) => {
        const near = p.suggestions[topic];
        return `${quoted(topic, escapeText)}${near === undefined ? '' : ` (ви мали на увазі ${near}?)`}`;
      });
      const lead = p.unknown.length === 1 ? 'Невідома тема' : 'Невідомі теми';
      return `${lead} ${named.join(', ')}. Доступні теми: ${oneOf([...p.known, 'all'], 'або')}.`;
    }
    case 'all_with_topics':
      return '«all» не можна поєднувати з іншими темами.';
    case 'unknown_weekday':
      return `Невідомий день тижня ${quoted(p.input, escapeText)}. Можна: понеділок … неділя, пн … нд, monday … sunday або mon … sun.`;
    case 'invalid_time':
      return `Неправильний час ${quoted(p.input, escapeText)}. Вкажіть ГГ:ХХ від 00:00 до 23:59.`;
    case 'schedule_shape': {
      const usage = escapeText('щотижня <день> ГГ:ХХ, щодня ГГ:ХХ або вимкнути (weekly, daily, off)');
      const hint = p.frequency === null ? `напишіть ${usage}` : shapeHints[p.frequency];
      return `${quoted(p.input, escapeText)} — не розклад: ${hint}.`;
    }
    case 'unknown_time_zone': {
      const hint =
        p.suggestions.length === 0
          ? 'Вкажіть часовий пояс у форматі IANA, наприклад Europe/Kyiv, America/New_York або UTC.'
          : `Ви мали на увазі ${oneOf(p.suggestions, 'або')}?`;
      return `Невідомий часовий пояс ${quoted(p.input, escapeText)}. ${hint}`;
    }
    case 'two_periods':
      return `Вкажіть один період, а не ${oneOf(p.periods.map(escapeText), 'і')}.`;
    case 'period_range':
      return `Період ${quoted(p.input, escapeText)} має бути від 1 хвилини до 31 дня.`;
    case 'invalid_duration':
      return `${quoted(p.input, escapeText)} — не тривалість: вкажіть число й одиницю, наприклад 90m, 36h або 7d.`;
    case 'unknown_language':
      return `${quoted(p.input, escapeText)} — не мова дайджесту: вкажіть uk (українська), ru (російська) або en (англійська).`;
    case 'unknown_quiet_mode':
      return `${quoted(p.input, escapeText)} — не варіант: рядок (про те, що нового немає) або нічого (не надсилати); англійською note або skip.`;
    case 'digests_turned_off':
      return 'Дайджести цього чату вимкнув той, хто запускає Parley: попросіть його їх увімкнути.';
    case 'digests_stopped':
      return 'Parley перестав писати сюди: платформа не прийняла його останнє повідомлення. Коли йому знову можна буде писати, /start знову увімкне дайджести.';
  }
}

export const ukrainianTexts: Texts = {
  language: 'uk',
  locale: 'uk-UA',
  commands: {
    start: 'Підписати цей чат і вибрати теми',
    topics: 'Вибрати теми дайджесту',
    subscribe: 'Увімкнути дайджест за розкладом: /subscribe [тема…]',
    unsubscribe: 'Вимкнути дайджест за розкладом',
    digest: 'Дайджест зараз: /digest [тема…] [7d|24h]',
    schedule: 'Коли надсилати: щотижня пт 09:00, щодня 18:30 або вимкнути',
    timezone: 'Часовий пояс, наприклад Europe/Kyiv або Київ',
    quiet: 'Період без новин: рядок про це або нічого',
    language: 'Мова дайджесту: uk, ru або en',
    settings: 'Теми, розклад, часовий пояс і мова чату',
    help: 'Що вміє Parley і які в нього команди',
  },
  welcome: (summary) =>
    [
      '👋 <b>Parley</b> стежить за новинами про мирні переговори й перемир’я в багатьох виданнях різними мовами та надсилає в цей чат короткий дайджест головних сюжетів.',
      `Чат підписано: <b>${summary.schedule}</b> (${summary.zone}). ${next(summary)}`,
      `Мова дайджесту: <b>${summary.language}</b>. Змінити мову — /language, часовий пояс — /timezone.`,
      'Виберіть теми нижче (нічого не вибрано = усі теми). /help — список команд.',
    ].join('\n\n'),
  help: [
    '<b>Parley</b> надсилає дайджести новин про мирні переговори.',
    '',
    '/topics — вибрати теми кнопками',
    '/subscribe [тема…] — увімкнути дайджест за розкладом; /unsubscribe — вимкнути',
    '/digest [тема…] [7d|24h] — дайджест просто зараз',
    '/schedule щотижня пт 09:00 | щодня 18:30 | вимкнути (англійською: weekly friday 09:00 | daily 18:30 | off)',
    '/timezone Europe/Kyiv (або місто: Київ, Kyiv)',
    '/quiet рядок | нічого (note | skip), якщо нових сюжетів за період немає',
    '/language uk | ru | en — мова дайджесту (заголовки й примітки; сюжети лишаються мовою видань)',
    '/settings — що й коли отримує цей чат',
    '',
    'У групах налаштування змінюють лише адміністратори; /digest може запросити будь-хто. Адміністратор каналу може підписати його тут командою /subscribe @канал і налаштувати командами /schedule, /timezone, /quiet, /language або /settings, додавши після команди @канал.',
  ].join('\n'),
  topicsPrompt: (selected) =>
    `Теми дайджесту цього чату: натисніть, щоб вибрати або прибрати. Нічого не вибрано = усі теми.\nЗараз: <b>${selected}</b>`,
  allTopics: 'Усі теми',
  schedule,
  subscribed: (summary) => `✅ Підписку ввімкнено.\n${lines(summary)}`,
  unsubscribed:
    '🔕 Підписку вимкнено: дайджестів за розкладом більше не буде. /digest і далі працює, /subscribe увімкне їх знову.',
  notSubscribed: 'Цей чат не підписаний. /start підпише його.',
  scheduleSet: (summary) => `✅ Розклад: <b>${summary.schedule}</b> (${summary.zone}). ${next(summary)}`,
  scheduleUsage: (current) =>
    `Поточний розклад: <b>${current}</b>.\nНапишіть /schedule щотижня пт 09:00, /schedule щодня 18:30 або /schedule вимкнути (англійською теж: weekly friday 09:00).`,
  timeZoneSet: (summary, now) =>
    `✅ Часовий пояс: <b>${summary.zone}</b> (там зараз ${now}). ${next(summary)}`,
  timeZoneUsage: (current) =>
    `Поточний часовий пояс: <b>${current}</b>.\nНапишіть /timezone Europe/Kyiv або місто: /timezone Київ.`,
  quiet: (mode) => (mode === 'note' ? 'коротке повідомлення' : 'нічого'),
  quietSet: (summary) => `✅ Якщо нових сюжетів за період немає, чат отримає: <b>${summary.quiet}</b>.`,
  languageName: (language) => ({ en: 'англійська', ru: 'російська', uk: 'українська' })[language],
  languageSet: (summary) => `✅ Мова дайджесту: <b>${summary.language}</b>.`,
  languageUsage: (current) =>
    `Мова дайджесту: <b>${current}</b>.\nНапишіть /language uk, /language ru або /language en. Сюжети лишаються мовою, якою їх написали видання.`,
  quietUsage: (current) =>
    `Якщо нових сюжетів за період немає, зараз надходить: <b>${current}</b>.\nНапишіть /quiet рядок (рядок про те, що нового немає) або /quiet нічого (нічого не надсилати); англійською note або skip.`,
  settings: (summary) =>
    `<b>Налаштування цього чату</b>\n${lines(summary)}\nЯкщо нових сюжетів немає: <b>${summary.quiet}</b>`,
  noSettings: 'Цей чат ще не має налаштувань. /start підпише його; /digest працює і без підписки.',
  noNextDigest: 'немає',
  adminsOnly:
    'Налаштування цього чату можуть змінювати лише його адміністратори. /digest може запросити будь-хто.',
  adminsOnlyShort: 'Теми можуть змінювати лише адміністратори.',
  staleKeyboard: 'Ці кнопки застаріли. Надішліть /topics, щоб отримати нові.',
  saved: 'Збережено',
  rateLimited: (seconds) => `Дайджест щойно надіслано сюди. Спробуйте знову через ${seconds}\u00a0с.`,
  invalid: (message) => `⚠️ Не вдалося: ${message}`,
  problem: (problem, escapeText) => `⚠️ ${problemText(problem, escapeText)}`,
  failed: 'Вибачте, у нас щось пішло не так. Спробуйте за хвилину.',
  channelNotFound: (name) =>
    `Не можу знайти ${name}. Додайте мене до каналу адміністратором із правом публікації й спробуйте знову.`,
  channelBotNotAdmin: (name) =>
    `Я не адміністратор ${name} із правом публікації. Призначте мене адміністратором із цим правом і спробуйте знову.`,
  channelUserNotAdmin: (name) => `Підписати ${name} можуть лише його адміністратори.`,
  channelSubscribed: (name, summary) => `✅ ${name}: підписку ввімкнено.\n${lines(summary)}`,
  channelUnsubscribed: (name) => `🔕 ${name}: підписку вимкнено.`,
  channelNotSubscribed: (name) => `${name} не підписаний: /subscribe ${name} підпише його.`,
  channelStarted: (summary, ids, name) =>
    `✅ Підписку ввімкнено.\n${lines(summary)}\nВибрати теми: /subscribe і коди тем (${ids})${name === null ? '' : ` або /subscribe ${name} … в особистому чаті зі мною (тоді тут нічого не з’явиться)`}. /help — список команд.`,
  namedChannelTopics: (name, chosen, ids) =>
    `Теми ${name}: ${chosen}. Змінити їх: /subscribe ${name} і коди тем (all — усі теми).\nТеми: ${ids}`,
  channelTopics: (ids, name) =>
    `Кнопки тем тут побачили б усі підписники. Виберіть теми командою /subscribe з їхніми кодами${name === null ? '' : ` або /subscribe ${name} … в особистому чаті зі мною (тоді тут нічого не з’явиться)`}.\nТеми: ${ids}`,
};
