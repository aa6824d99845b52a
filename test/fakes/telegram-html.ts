/**
 * Telegram's HTML parse mode as the Bot API checks it, for the fake Bot API: the allowed tags, matched
 * end tags, and the visible text that the 4096-character limit is measured on.
 * Spec: https://core.telegram.org/bots/api#html-style
 * Error texts follow tdlib/td td/telegram/MessageEntity.cpp (do_parse_html).
 */

const allowedTags = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'a',
  'code',
  'pre',
  'blockquote',
  'span',
  'tg-spoiler',
]);

const namedEntities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

export type HtmlCheck = { ok: true; visible: string } | { ok: false; description: string };

function fail(description: string): HtmlCheck {
  return { ok: false, description };
}

function byteOffset(html: string, index: number): number {
  return Buffer.byteLength(html.slice(0, index));
}

/** The character an entity at `index` stands for and its length, or null when it is not one. */
function entityAt(html: string, index: number): { char: string; length: number } | null {
  const match = /^&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,4});/i.exec(html.slice(index, index + 12));
  const name = match?.[1];
  if (match === null || name === undefined) return null;
  if (!name.startsWith('#')) {
    const char = namedEntities[name];
    return char === undefined ? null : { char, length: match[0].length };
  }
  const code =
    name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
  if (code <= 0 || code > 0x10ffff) return null;
  return { char: String.fromCodePoint(code), length: match[0].length };
}

type Tag = { closing: boolean; name: string; attributes: string; end: number };

/** A tag up to its closing '>', where a quoted attribute value may itself contain '>'. */
const tagPattern = /<(\/?)([^\s>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/y;

function tagAt(html: string, index: number): Tag | null {
  tagPattern.lastIndex = index;
  const match = tagPattern.exec(html);
  if (match === null) return null;
  const [whole, slash = '', name = '', attributes = ''] = match;
  return {
    closing: slash === '/',
    name: name.toLowerCase(),
    attributes: attributes.trim(),
    end: index + whole.length,
  };
}

function checkStartTag(tag: Tag, at: number): string | null {
  if (!allowedTags.has(tag.name)) return `Unsupported start tag "${tag.name}" at byte offset ${at}`;
  if (tag.name === 'span' && !/class\s*=\s*["']?tg-spoiler/.test(tag.attributes))
    return `Tag "span" must have class "tg-spoiler" at byte offset ${at}`;
  return null;
}

/**
 * Parses like the Bot API, except that a bare `&` is refused (Telegram keeps it as text): the spec says
 * it "must be replaced", and a renderer that leaves one unescaped also mangles `&amp;`-like text.
 */
export function checkTelegramHtml(html: string): HtmlCheck {
  const visible: string[] = [];
  const open: string[] = [];
  const special = /[<&]/g;
  let index = 0;
  while (index < html.length) {
    special.lastIndex = index;
    const next = special.exec(html)?.index ?? -1;
    if (next < 0) {
      visible.push(html.slice(index));
      break;
    }
    visible.push(html.slice(index, next));
    index = next;
    if (html[index] === '&') {
      const entity = entityAt(html, index);
      if (entity === null) return fail(`Character entity expected at byte offset ${byteOffset(html, index)}`);
      visible.push(entity.char);
      index += entity.length;
      continue;
    }
    const at = byteOffset(html, index);
    const tag = tagAt(html, index);
    if (tag === null) return fail(`Unclosed start tag at byte offset ${at}`);
    if (tag.closing) {
      const expected = open.pop();
      if (expected === undefined) return fail(`Unexpected end tag at byte offset ${at}`);
      if (tag.name !== '' && tag.name !== expected)
        return fail(
          `Unmatched end tag at byte offset ${at}, expected "</${expected}>", found "</${tag.name}>"`,
        );
    } else {
      const problem = checkStartTag(tag, at);
      if (problem !== null) return fail(problem);
      open.push(tag.name);
    }
    index = tag.end;
  }
  const unclosed = open.pop();
  if (unclosed !== undefined) return fail(`Can't find end tag corresponding to start tag ${unclosed}`);
  return { ok: true, visible: visible.join('') };
}
