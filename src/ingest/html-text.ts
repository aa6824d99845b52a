import { decodeHTML } from 'entities';

/**
 * HTML to plain text without a DOM: the feed pipeline calls this for every summary and content of every
 * item, and a DOM per item would cost more than parsing the feed itself. Block-level elements become
 * line breaks, table cells and list terms spaces, other tags vanish; entities (named and numeric, HTML5
 * table) are decoded after the tags are gone so that `&lt;b&gt;` stays literal text.
 */

/** Elements whose boundaries separate lines. Spec: https://html.spec.whatwg.org/multipage/rendering.html#flow-content-3 */
const lineBreakTags: ReadonlySet<string> = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'br',
  'caption',
  'center',
  'details',
  'dialog',
  'div',
  'dl',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'tfoot',
  'thead',
  'tr',
  'ul',
]);

/** Elements that sit side by side but must not glue their words together. */
const spaceTags: ReadonlySet<string> = new Set(['dd', 'dt', 'td', 'th', 'img', 'option', 'label']);

/** Elements whose content is never text a reader sees. */
const hiddenElements = /<(script|style|noscript|template|iframe|object|svg|math)\b[\s\S]*?(?:<\/\1\s*>|$)/gi;
const hasHiddenElement = /<(?:script|style|noscript|template|iframe|object|svg|math)\b/i;

// A tag whose attribute values may contain `>`; comments; CDATA sections (kept as text); doctypes and
// processing instructions. A `<` not followed by a letter, `/`, `!` or `?` is text ("a < b"). Like the
// rest, a tag or quoted value still open at the end runs to the end, as in HTML ("eof-in-tag": dropped):
// a pattern that must find its `>` rescans the rest of the text at every such `<` (a title of 50,000
// `&lt;a "` held the event loop for 11 s; a 10 MB one would for hours).
// Spec: https://html.spec.whatwg.org/multipage/parsing.html#parse-error-eof-in-tag
const markup =
  /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)(?:[^>"']|"[^"]*(?:"|$)|'[^']*(?:'|$))*(?:>|$)|<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[([\s\S]*?)(?:\]\]>|$)|<[!?][^>]*(?:>|$)/g;

/** Block boundaries are marked with NUL (never text after decoding: `&#0;` decodes to U+FFFD). */
const BREAK = '\u0000';

function replaceMarkup(
  match: string,
  _slash: string,
  name: string | undefined,
  cdata: string | undefined,
): string {
  if (cdata !== undefined) return cdata;
  if (name === undefined) return match.startsWith('<!--') ? ' ' : '';
  const tag = name.toLowerCase();
  if (lineBreakTags.has(tag)) return BREAK;
  return spaceTags.has(tag) ? ' ' : '';
}

// Whitespace runs of two or more, or any single whitespace that is not a plain space. Most text has only
// single spaces, so this matches rarely; a plain /\s+/ would rewrite every gap between words.
const untidySpace = /\s\s+|[^\S ]/g;
const breaks = new RegExp(` ?${BREAK}[${BREAK} ]*`, 'g');

function toText(html: string, lineBreak: string): string {
  let text = html;
  if (text.includes('<')) {
    if (hasHiddenElement.test(text)) text = text.replace(hiddenElements, ' ');
    text = text.replace(markup, replaceMarkup);
  }
  if (text.includes('&')) text = decodeHTML(text);
  text = text.replace(untidySpace, ' ');
  if (text.includes(BREAK)) text = text.replace(breaks, lineBreak);
  return text.trim();
}

/**
 * Plain text of an HTML fragment: tags removed, block elements on their own lines, entities decoded,
 * script/style/noscript dropped, whitespace collapsed, trimmed.
 */
export function htmlToText(html: string): string {
  return toText(html, '\n');
}

/** The same text on one line, for titles and summaries. */
export function htmlToLine(html: string): string {
  return toText(html, ' ');
}

/** Whether stripping tags alone would leak script, style or similar non-text into the result. */
export function hasHiddenMarkup(html: string): boolean {
  return hasHiddenElement.test(html);
}

/** Collapses whitespace in text that is already plain: runs with a line break become one line break. */
export function tidyText(text: string): string {
  return text.replace(untidySpace, (run) => (run.includes('\n') ? '\n' : ' ')).trim();
}

/** Collapses all whitespace in already-plain text to single spaces. */
export function tidyLine(text: string): string {
  return text.replace(untidySpace, ' ').trim();
}
