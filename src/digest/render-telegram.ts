import type { Digest, DigestSection, DigestSource, DigestStory } from './build-digest.js';
import { type DigestWords, digestWords } from './digest-words.js';
import {
  defaultTitle,
  moreNote,
  quietMessage,
  sourceLine,
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

function link(source: DigestSource): string {
  const name = escapeHtml(truncateAtWord(source.feed, maxFeedName));
  const url = webUrl(source);
  return url === null ? name : `<a href="${escapeHtml(url)}">${name}</a>`;
}

/** One story, its summary cut so the whole story fits `budget` visible characters. */
function storyHtml(story: DigestStory, shown: number, budget: number, words: DigestWords): string {
  const sources = sourceLine(story.sources, shown, link, words);
  const fixed = visibleLength(sources) + 2;
  const title = truncateAtWord(story.title, Math.max(1, Math.min(maxTitle, budget - fixed)));
  const room = budget - fixed - title.length;
  const summary = story.summary ? truncateAtWord(story.summary, room) : '';
  const lines = [`<b>${escapeHtml(title)}</b>`, ...(summary ? [escapeHtml(summary)] : []), sources];
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
        return [storyHtml(story, shown, budget, words), ...note];
      }),
    };
  });
  const parts = splitParts({
    head: [title],
    sections,
    weigh: (unit: string) => [visibleLength(unit) + separator.length],
    limits: [max + separator.length],
  });
  return parts.map((units) => units.join(separator));
}
