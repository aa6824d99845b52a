import type { Digest, DigestSection, DigestSource, DigestStory } from './build-digest.js';
import { type DigestWords, digestWords } from './digest-words.js';
import {
  defaultTitle,
  fittedSourceLine,
  isolate,
  moreNote,
  quietMessage,
  splitParts,
  truncateAtWord,
  webUrl,
} from './split-parts.js';

export type TelegramOptions = {
  sourcesShown?: number;
  maxVisible?: number;
  title?: string;
  /** The digest's own words; English by default. */
  words?: DigestWords;
};

// Telegram counts 4096 characters after entity parsing, in UTF-16 code units; keep a margin below it.
// Spec: https://core.telegram.org/bots/api#sendmessage
const defaultMaxVisible = 4000;
const maxTitle = 300;
const maxFeedName = 80;
const separator = '\n\n';
// Formatting past the 100th entity of a message is dropped without an error (rubenlagus/TelegramBots#854;
// tdlib/telegram-bot-api#820: "a single message can only support up to 100 markdown entities").
const maxEntities = 100;
// Entities' total size has its own limit, undocumented: past it sendMessage fails with 400
// ENTITIES_TOO_LONG, a message_rejected that is never retried, so the part would be lost. About 9,500
// characters of source text, URLs included, "is a good approximation" (levlam,
// tdlib/telegram-bot-api#165); the Bot API page, and so our platform-facts.md §1.2, give only the 4096
// of visible text. Parts keep URLs plus visible text within 8,000, a margin for what that leaves out.
const maxLinkData = 8000;
// An address past this (tracking parameters, a redirector's payload) is shown as the outlet's name
// without a link, as on Slack: four of them still leave a story its whole visible budget within maxLinkData.
const maxLinkedUrl = 1000;

/** The tags renderTelegram writes; all are on the parse-mode HTML list. Spec: https://core.telegram.org/bots/api#html-style */
export const telegramTags = ['b', 'i', 'u', 'a'] as const;

/** Telegram's HTML escaping: & < > in text (and " inside attributes); the only named entities it knows. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const entities: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"' };

/** The characters Telegram counts: tags removed, entities decoded, measured in UTF-16 code units. */
export function visibleLength(html: string): number {
  return html.replace(/<[^>]*>/g, '').replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot);/gi, (_, name: string) => {
    if (name.startsWith('#')) {
      const code =
        name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return String.fromCodePoint(code);
    }
    return entities[name.toLowerCase()] ?? '';
  }).length;
}

const openingTag = new RegExp(`<(?:${telegramTags.join('|')})[\\s>]`, 'g');

/** Entities in Telegram HTML: one per opening tag (`<b><u>` is two). */
const entityCount = (html: string): number => html.match(openingTag)?.length ?? 0;

/** Characters of link addresses in Telegram HTML, as written (escaped, so never fewer than Telegram's count). */
const hrefLength = (html: string): number =>
  [...html.matchAll(/ href="([^"]*)"/g)].reduce((sum, match) => sum + (match[1]?.length ?? 0), 0);

function link(source: DigestSource, linked: boolean): string {
  const name = isolate(escapeHtml(truncateAtWord(source.feed, maxFeedName)));
  const url = webUrl(source);
  return !linked || url === null || url.length > maxLinkedUrl
    ? name
    : `<a href="${escapeHtml(url)}">${name}</a>`;
}

/**
 * One story, its summary cut so the whole story fits `budget` visible characters; its links carry at
 * most `linkRoom` characters of addresses, so a part of one story stays within maxLinkData.
 */
function storyHtml(
  story: DigestStory,
  shown: number,
  budget: number,
  linkRoom: number,
  words: DigestWords,
): string {
  const sources = fittedSourceLine(story.sources, shown, link, words, (line) => hrefLength(line) <= linkRoom);
  const mark = story.update ? ` (${words.update})` : '';
  const fixed = visibleLength(sources) + mark.length + 2;
  const title = truncateAtWord(story.title, Math.max(1, Math.min(maxTitle, budget - fixed)));
  const room = budget - fixed - title.length;
  const summary = story.summary ? truncateAtWord(story.summary, room) : '';
  const marked = mark === '' ? '' : ` <i>${escapeHtml(mark.trim())}</i>`;
  const lines = [`<b>${escapeHtml(title)}</b>${marked}`, ...(summary ? [escapeHtml(summary)] : []), sources];
  return lines.join('\n');
}

const heading = (section: DigestSection, continued: boolean, words: DigestWords): string =>
  `<b><u>${escapeHtml(section.label)}</u></b>${continued ? ` <i>(${words.continued})</i>` : ''}`;

/**
 * A digest as Telegram HTML messages (parse_mode HTML), each within `maxVisible` visible characters,
 * split only between stories. Feed text is always escaped, never forwarded as HTML.
 */
export function renderTelegram(digest: Digest, options: TelegramOptions = {}): string[] {
  const max = options.maxVisible ?? defaultMaxVisible;
  const shown = options.sourcesShown ?? 3;
  const words = options.words ?? digestWords.en;
  const title = `<b>${escapeHtml(options.title ?? defaultTitle(digest, words))}</b>`;
  if (digest.storyCount === 0)
    return [`${title}${separator}<i>${escapeHtml(quietMessage(digest, words))}</i>`];
  const sections = digest.sections.map((section) => {
    // Room for the title too, so the first story never pushes the title into a message of its own.
    const room =
      max - visibleLength(title) - visibleLength(heading(section, true, words)) - 3 * separator.length;
    return {
      heading: (continued: boolean) => [heading(section, continued, words)],
      // What the section left out goes with its last story, so it never opens a message alone.
      stories: section.stories.map((story, i) => {
        const more = i === section.stories.length - 1 ? moreNote(section, words) : null;
        const note = more === null ? [] : [`<i>${escapeHtml(more)}</i>`];
        const budget = room - note.reduce((sum, unit) => sum + visibleLength(unit) + separator.length, 0);
        return [storyHtml(story, shown, budget, maxLinkData - max, words), ...note];
      }),
    };
  });
  const parts = splitParts({
    head: [title],
    sections,
    weigh: (unit: string) => {
      const visible = visibleLength(unit) + separator.length;
      return [visible, entityCount(unit), hrefLength(unit) + visible];
    },
    limits: [max + separator.length, maxEntities, maxLinkData + separator.length],
  });
  return parts.map((units) => units.join(separator));
}
