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

type TextObject =
  | { type: 'plain_text'; text: string; emoji?: boolean }
  | { type: 'mrkdwn'; text: string; verbatim?: boolean };
export type SlackBlock =
  | { type: 'header'; text: { type: 'plain_text'; text: string; emoji?: boolean } }
  | { type: 'section'; text: TextObject }
  | { type: 'divider' };
export type SlackMessage = { text: string; blocks: SlackBlock[] };
export type SlackOptions = {
  sourcesShown?: number;
  maxBlocks?: number;
  maxChars?: number;
  title?: string;
  /** The digest's own words; English by default. */
  words?: DigestWords;
};

// Spec: https://docs.slack.dev/reference/block-kit/blocks (50 blocks per message, section text ≤ 3000,
// header plain_text ≤ 150). Cumulative block text fails with `msg_blocks_too_long` from about 11–13k
// characters (slackapi/bolt-js#2509, #2867), so messages stay at 11,000 by default.
const maxSection = 3000;
const maxHeader = 150;
const maxFallback = 3000;
const maxTitle = 300;
const maxFeedName = 80;
// A longer address (tracking parameters, a redirector's payload) is shown as the outlet's name without a
// link. Up to `shown + 1` sources are listed, so four such links alone could fill a section: storyText
// also unlinks the longest ones while the sources line would leave no room for a whole title.
const maxLinkedUrl = 700;

// Slack has no escape for its formatting marks: in feed text they become look-alikes, so that a
// title's own `*` cannot end its bold nor `_a_` turn italic (∗ U+2217, ˍ U+02CD, ∼ U+223C, ˋ U+02CB).
const lookAlikes: Record<string, string> = { '*': '\u2217', _: '\u02CD', '~': '\u223C', '`': '\u02CB' };

/** Slack's control characters and formatting marks. Spec: https://api.slack.com/reference/surfaces/formatting#escaping */
export function escapeMrkdwn(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .split(urlLike)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/[*_~`]/g, (mark) => lookAlikes[mark] ?? mark)))
    .join('');
}

// A web address in feed text keeps its marks, so Slack's own linking of it still finds the page.
const urlLike = /((?:https?:\/\/|www\.)[^\s]+)/iu;

/** How many characters a raw character takes once escaped, for cutting raw text to an escaped budget. */
const escapedWidth = (char: string): number => (char === '&' ? 5 : char === '<' || char === '>' ? 4 : 1);

function link(source: DigestSource, linked: boolean): string {
  // `|` ends the URL and a raw `>` the link: the label's `|` becomes ¦ and its `>` is escaped.
  const label = isolate(escapeMrkdwn(truncateAtWord(source.feed.replace(/\|/g, '\u00A6'), maxFeedName)));
  const url = webUrl(source);
  if (!linked || url === null || url.length > maxLinkedUrl) return label;
  const safeUrl = url.replace(/[<>|]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `<${safeUrl}|${label}>`;
}

/** One story's section text, within `budget` (at most maxSection) characters. */
function storyText(story: DigestStory, shown: number, budget: number, words: DigestWords): string {
  // The title's bold marks and the two line breaks.
  const marks = 4;
  const update = story.update ? ` _(${words.update})_` : '';
  const fits = (line: string) => line.length + marks + update.length + maxTitle <= budget;
  const sources = fittedSourceLine(story.sources, shown, link, words, fits);
  const fixed = sources.length + marks + update.length;
  const titleRoom = Math.max(1, Math.min(maxTitle, budget - fixed));
  const title = escapeMrkdwn(truncateAtWord(story.title, titleRoom, escapedWidth));
  const room = budget - fixed - title.length;
  const summary = story.summary ? escapeMrkdwn(truncateAtWord(story.summary, room, escapedWidth)) : '';
  return [`*${title}*${update}`, ...(summary ? [summary] : []), sources].join('\n');
}

// Verbatim: Slack takes the formatting and the links Parley writes (`<url|label>`), but does not parse
// the feeds' words itself: a bare "@channel" or "@here" in a headline is no mention, "#general" no link.
// Spec: https://docs.slack.dev/reference/block-kit/composition-objects/text-object (verbatim).
const mrkdwn = (text: string): SlackBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text, verbatim: true },
});

const headingBlock = (section: DigestSection, continued: boolean, words: DigestWords): SlackBlock =>
  mrkdwn(`*${escapeMrkdwn(section.label)}*${continued ? ` _(${words.continued})_` : ''}`);

const blockChars = (block: SlackBlock): number => ('text' in block ? block.text.text.length : 0);

/**
 * A digest as Slack Block Kit messages: a header, per topic a heading section and one section per
 * story, dividers between topics; split between stories into messages within the block and
 * character limits, each with a plain `text` fallback for notifications.
 */
export function renderSlack(digest: Digest, options: SlackOptions = {}): SlackMessage[] {
  const maxBlocks = options.maxBlocks ?? 50;
  const maxChars = options.maxChars ?? 11_000;
  const shown = options.sourcesShown ?? 3;
  const words = options.words ?? digestWords.en;
  const title = truncateAtWord(options.title ?? defaultTitle(digest, words), maxHeader);
  const header: SlackBlock = { type: 'header', text: { type: 'plain_text', text: title, emoji: true } };
  if (digest.storyCount === 0) {
    const quiet = quietMessage(digest, words);
    return [{ text: fallback(`${title}: ${quiet}`), blocks: [header, mrkdwn(escapeMrkdwn(quiet))] }];
  }
  const sections = digest.sections.map((section) => {
    // Room for the header too, so the first story never leaves it alone in a message.
    const room = maxChars - title.length - blockChars(headingBlock(section, true, words));
    return {
      heading: (continued: boolean) => [headingBlock(section, continued, words)],
      // What the section left out goes with its last story, so it never opens a message alone.
      stories: section.stories.map((story, i) => {
        const more = i === section.stories.length - 1 ? moreNote(section, words) : null;
        const note = more === null ? [] : [mrkdwn(`_${escapeMrkdwn(more)}_`)];
        const budget = Math.min(maxSection, room - note.reduce((sum, block) => sum + blockChars(block), 0));
        return [mrkdwn(storyText(story, shown, budget, words)), ...note];
      }),
    };
  });
  const parts = splitParts<SlackBlock>({
    head: [header],
    sections,
    between: [{ type: 'divider' }],
    weigh: (block) => [1, blockChars(block)],
    limits: [maxBlocks, maxChars],
  });
  const count = words.storyCount(digest.storyCount);
  return parts.map((blocks, i) => ({
    text: fallback(i === 0 ? `${title}: ${count}` : `${title} (${words.part(i + 1, parts.length)})`),
    blocks,
  }));
}

/** The top-level `text` is read as mrkdwn too, so it is escaped like feed text. */
const fallback = (text: string): string => escapeMrkdwn(truncateAtWord(text, maxFallback, escapedWidth));
