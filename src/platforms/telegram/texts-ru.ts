import { type InputProblem, oneOf, type ScheduleFrequency } from '../../domain/input-problems.js';
import type { Schedule, Weekday } from '../../domain/schedule.js';
import type { ChatSummary, Escape, Texts } from './texts.js';

const everyWeekday: Record<Weekday, string> = {
  monday: 'по понедельникам',
  tuesday: 'по вторникам',
  wednesday: 'по средам',
  thursday: 'по четвергам',
  friday: 'по пятницам',
  saturday: 'по субботам',
  sunday: 'по воскресеньям',
};

function schedule(s: Schedule): string {
  if (s.frequency === 'off') return 'выключено';
  if (s.frequency === 'daily') return `ежедневно в ${s.time}`;
  return `${everyWeekday[s.weekday]} в ${s.time}`;
}

const next = (summary: ChatSummary) =>
  summary.next === null ? 'Дайджест не запланирован.' : `Следующий дайджест: <b>${summary.next}</b>.`;

const lines = (summary: ChatSummary) =>
  [
    `Темы: <b>${summary.topics}</b>`,
    `Расписание: <b>${summary.schedule}</b>`,
    `Часовой пояс: <b>${summary.zone}</b>`,
    `Язык дайджеста: <b>${summary.language}</b>`,
    next(summary),
  ].join('\n');

const quoted = (text: string, escapeText: Escape) => `«${escapeText(text)}»`;

const shapeHints: Record<ScheduleFrequency, string> = {
  weekly: 'для еженедельного нужны день недели и время, например еженедельно пт 09:00 (weekly friday 09:00)',
  daily: 'для ежедневного нужно время, например ежедневно 18:30 (daily 18:30)',
  off: 'после «выкл» (off) ничего писать не нужно',
};

function problemText(p: InputProblem, escapeText: Escape): string {
  switch (p.problem) {
    case 'unknown_topic': {
      const named = p.unknown.map((topic) => {
        const near = p.suggestions[topic];
        return `${quoted(topic, escapeText)}${near === undefined ? '' : ` (вы имели в виду ${near}?)`}`;
      });
      const lead = p.unknown.length === 1 ? 'Неизвестная тема' : 'Неизвестные темы';
      return `${lead} ${named.join(', ')}. Доступные темы: ${oneOf([...p.known, 'all'], 'или')}.`;
    }
    case 'all_with_topics':
      return '«all» нельзя сочетать с другими темами.';
    case 'unknown_weekday':
      return `Неизвестный день недели ${quoted(p.input, escapeText)}. Допустимо: понедельник … воскресенье, пн … вс, monday … sunday или mon … sun.`;
    case 'invalid_time':
      return `Неверное время ${quoted(p.input, escapeText)}. Укажите ЧЧ:ММ от 00:00 до 23:59.`;
    case 'schedule_shape': {
      const usage = escapeText('еженедельно <день> ЧЧ:ММ, ежедневно ЧЧ:ММ или выкл (weekly, daily, off)');
      const hint = p.frequency === null ? `напишите ${usage}` : shapeHints[p.frequency];
      return `${quoted(p.input, escapeText)} — не расписание: ${hint}.`;
    }
    case 'unknown_time_zone': {
      const hint =
        p.suggestions.length === 0
          ? 'Укажите часовой пояс в формате IANA, например Europe/Kyiv, America/New_York или UTC.'
          : `Вы имели в виду ${oneOf(p.suggestions, 'или')}?`;
      return `Неизвестный часовой пояс ${quoted(p.input, escapeText)}. ${hint}`;
    }
    case 'two_periods':
      return `Укажите один период, а не ${oneOf(p.periods.map(escapeText), 'и')}.`;
    case 'period_range':
      return `Период ${quoted(p.input, escapeText)} должен быть от 1 минуты до 31 дня.`;
    case 'invalid_duration':
      return `${quoted(p.input, escapeText)} — не длительность: укажите число и единицу, например 90m, 36h или 7d.`;
    case 'unknown_language':
      return `${quoted(p.input, escapeText)} — не язык дайджеста: укажите ru (русский), uk (украинский) или en (английский).`;
    case 'unknown_quiet_mode':
      return `${quoted(p.input, escapeText)} — не вариант: строка (о том, что нового нет) или ничего (не присылать); по-английски note или skip.`;
    case 'digests_turned_off':
      return 'Дайджесты этого чата выключил тот, кто запускает Parley: попросите его включить их.';
    case 'digests_stopped':
      return 'Parley перестал писать сюда: платформа не приняла его последнее сообщение. Когда ему снова можно будет писать, /start снова включит дайджесты.';
  }
}

export const russianTexts: Texts = {
  language: 'ru',
  locale: 'ru-RU',
  commands: {
    start: 'Подписать этот чат и выбрать темы',
    topics: 'Выбрать темы дайджеста',
    subscribe: 'Включить дайджест по расписанию: /subscribe [тема…]',
    unsubscribe: 'Выключить дайджест по расписанию',
    digest: 'Дайджест сейчас: /digest [тема…] [7d|24h]',
    schedule: 'Когда присылать: еженедельно пт 09:00, ежедневно 18:30 или выкл',
    timezone: 'Часовой пояс, например Europe/Moscow или Киев',
    quiet: 'Период без новостей: строка об этом или ничего',
    language: 'Язык дайджеста: ru, uk или en',
    settings: 'Темы, расписание, часовой пояс и язык чата',
    help: 'Что умеет Parley и какие у него команды',
  },
  welcome: (summary) =>
    [
      '👋 <b>Parley</b> следит за новостями о мирных переговорах и перемирии во многих изданиях на разных языках и присылает в этот чат краткий дайджест главных сюжетов.',
      `Чат подписан: <b>${summary.schedule}</b> (${summary.zone}). ${next(summary)}`,
      `Язык дайджеста: <b>${summary.language}</b>. Сменить язык — /language, часовой пояс — /timezone.`,
      'Выберите темы ниже (ничего не выбрано = все темы). /help — список команд.',
    ].join('\n\n'),
  help: [
    '<b>Parley</b> присылает дайджесты новостей о мирных переговорах.',
    '',
    '/topics — выбрать темы кнопками',
    '/subscribe [тема…] — включить дайджест по расписанию; /unsubscribe — выключить',
    '/digest [тема…] [7d|24h] — дайджест прямо сейчас',
    '/schedule еженедельно пт 09:00 | ежедневно 18:30 | выкл (по-английски: weekly friday 09:00 | daily 18:30 | off)',
    '/timezone Europe/Moscow (или город: Киев, Kyiv)',
    '/quiet строка | ничего (note | skip), если новых сюжетов за период нет',
    '/language ru | uk | en — язык дайджеста (заголовки и пометки; сюжеты остаются на языке изданий)',
    '/settings — что и когда получает этот чат',
    '',
    'В группах настройки меняют только администраторы; /digest может запросить любой. Администратор канала может подписать его здесь командой /subscribe @канал и настроить командами /schedule, /timezone, /quiet, /language или /settings, добавив после команды @канал.',
  ].join('\n'),
  topicsPrompt: (selected) =>
    `Темы дайджеста этого чата: нажмите, чтобы выбрать или убрать. Ничего не выбрано = все темы.\nСейчас: <b>${selected}</b>`,
  allTopics: 'Все темы',
  schedule,
  subscribed: (summary) => `✅ Подписка включена.\n${lines(summary)}`,
  unsubscribed:
    '🔕 Подписка выключена: дайджестов по расписанию больше не будет. /digest по-прежнему работает, /subscribe включит их снова.',
  notSubscribed: 'Этот чат не подписан. /start подпишет его.',
  scheduleSet: (summary) => `✅ Расписание: <b>${summary.schedule}</b> (${summary.zone}). ${next(summary)}`,
  scheduleUsage: (current) =>
    `Текущее расписание: <b>${current}</b>.\nНапишите /schedule еженедельно пт 09:00, /schedule ежедневно 18:30 или /schedule выкл (по-английски тоже: weekly friday 09:00).`,
  timeZoneSet: (summary, now) =>
    `✅ Часовой пояс: <b>${summary.zone}</b> (там сейчас ${now}). ${next(summary)}`,
  timeZoneUsage: (current) =>
    `Текущий часовой пояс: <b>${current}</b>.\nНапишите /timezone Europe/Moscow или город: /timezone Киев.`,
  quiet: (mode) => (mode === 'note' ? 'короткое сообщение' : 'ничего'),
  quietSet: (summary) => `✅ Если новых сюжетов за период нет, чат получит: <b>${summary.quiet}</b>.`,
  languageName: (language) => ({ en: 'английский', ru: 'русский', uk: 'украинский' })[language],
  languageSet: (summary) => `✅ Язык дайджеста: <b>${summary.language}</b>.`,
  languageUsage: (current) =>
    `Язык дайджеста: <b>${current}</b>.\nНапишите /language ru, /language uk или /language en. Сюжеты остаются на языке, на котором их написали издания.`,
  quietUsage: (current) =>
    `Если новых сюжетов за период нет, сейчас приходит: <b>${current}</b>.\nНапишите /quiet строка (строка о том, что нового нет) или /quiet ничего (ничего не присылать); по-английски note или skip.`,
  settings: (summary) =>
    `<b>Настройки этого чата</b>\n${lines(summary)}\nЕсли новых сюжетов нет: <b>${summary.quiet}</b>`,
  noSettings: 'У этого чата ещё нет настроек. /start подпишет его; /digest работает и без подписки.',
  noNextDigest: 'нет',
  adminsOnly: 'Настройки этого чата могут менять только его администраторы. /digest может запросить любой.',
  adminsOnlyShort: 'Темы могут менять только администраторы.',
  staleKeyboard: 'Эти кнопки устарели. Отправьте /topics, чтобы получить новые.',
  saved: 'Сохранено',
  rateLimited: (seconds) =>
    `Дайджест только что был отправлен сюда. Попробуйте снова через ${seconds}\u00a0с.`,
  invalid: (message) => `⚠️ Не получилось: ${message}`,
  problem: (problem, escapeText) => `⚠️ ${problemText(problem, escapeText)}`,
  failed: 'Извините, у нас что-то пошло не так. Попробуйте через минуту.',
  channelNotFound: (name) =>
    `Не могу найти ${name}. Добавьте меня в канал администратором с правом публикации и попробуйте снова.`,
  channelBotNotAdmin: (name) =>
    `Я не администратор ${name} с правом публикации. Назначьте меня администратором с этим правом и попробуйте снова.`,
  channelUserNotAdmin: (name) => `Подписать ${name} могут только его администраторы.`,
  channelSubscribed: (name, summary) => `✅ ${name}: подписка включена.\n${lines(summary)}`,
  channelUnsubscribed: (name) => `🔕 ${name}: подписка выключена.`,
  channelNotSubscribed: (name) => `${name} не подписан: /subscribe ${name} подпишет его.`,
  channelStarted: (summary, ids, name) =>
    `✅ Подписка включена.\n${lines(summary)}\nВыбрать темы: /subscribe и коды тем (${ids})${name === null ? '' : ` или /subscribe ${name} … в личном чате со мной (тогда здесь ничего не появится)`}. /help — список команд.`,
  namedChannelTopics: (name, chosen, ids) =>
    `Темы ${name}: ${chosen}. Изменить их: /subscribe ${name} и коды тем (all — все темы).\nТемы: ${ids}`,
  channelTopics: (ids, name) =>
    `Кнопки тем здесь увидели бы все подписчики. Выберите темы командой /subscribe с их кодами${name === null ? '' : ` или /subscribe ${name} … в личном чате со мной (тогда здесь ничего не появится)`}.\nТемы: ${ids}`,
};
