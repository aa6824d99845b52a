import { decodeHTML } from 'entities';

/** The five entities XML predefines; sax (strict) rejects any other name it does not know. */
const xmlEntities: ReadonlySet<string> = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

/** A CDATA section start, or an `&` that is not one of the forms every XML parser accepts. */
const repairCandidate = /<!\[CDATA\[|&(?!(?:amp|lt|gt|quot|apos|#\d{1,7}|#[xX][\da-fA-F]{1,6});)/g;
const ampersands = /&(?:([A-Za-z][A-Za-z0-9]{0,31});|#\d{1,7};|#[xX][\da-fA-F]{1,6};)?/g;

/**
 * A bare `&` (`Q&A`, `?a=1&b=2`) makes sax reject the whole feed ("Invalid character in entity name"), as
 * does a named entity outside its table. Bare ones become `&amp;`; HTML names become numeric references
 * (decoded with the HTML5 table); unknown names are escaped so they survive as text. CDATA sections are
 * left alone: `&` is legal there. See notes/platform-facts.md §3.3, rss-parser#95.
 */
function repairEntity(match: string, name: string | undefined): string {
  if (name === undefined) return match.length === 1 ? '&amp;' : match;
  if (xmlEntities.has(name)) return match;
  const decoded = decodeHTML(match);
  if (decoded === match) return `&amp;${name};`;
  let references = '';
  for (const char of decoded) references += `&#${char.codePointAt(0)};`;
  return references;
}

/** Whether an `&` outside CDATA needs repair; CDATA sections are jumped over, not scanned. */
function needsRepair(xml: string): boolean {
  repairCandidate.lastIndex = 0;
  for (let match = repairCandidate.exec(xml); match !== null; match = repairCandidate.exec(xml)) {
    if (match[0] === '&') return true;
    const end = xml.indexOf(']]>', repairCandidate.lastIndex);
    if (end === -1) return false;
    repairCandidate.lastIndex = end + 3;
  }
  return false;
}

/**
 * CDATA sections are found with indexOf: a pattern that skips them rescans the rest of the document at
 * every unterminated `<![CDATA[` (100,000 of them held the event loop for 10 s; 10 MB, for a quarter hour).
 */
export function repairAmpersands(xml: string): string {
  if (!needsRepair(xml)) return xml;
  let repaired = '';
  let at = 0;
  for (;;) {
    const open = xml.indexOf('<![CDATA[', at);
    const close = open < 0 ? -1 : xml.indexOf(']]>', open + 9);
    if (close < 0) return repaired + xml.slice(at).replace(ampersands, repairEntity);
    repaired += xml.slice(at, open).replace(ampersands, repairEntity) + xml.slice(open, close + 3);
    at = close + 3;
  }
}

/**
 * rss-parser turns Atom `<published>`/`<updated>` into ISO strings with `new Date(x).toISOString()`,
 * which throws on an unparseable date and so rejects the whole feed (lib/parser.js parseItemAtom).
 * Renamed, they reach us as raw strings through customFields and the date is judged per item.
 */
export function shieldAtomDates(xml: string): string {
  return xml.replace(/<(\/?)(published|updated)(?=[\s>/])/g, '<$1parley-$2');
}

/**
 * rss-parser picks an Atom entry's link as the first `rel="alternate"`, else the first of any kind, and
 * reads `link.$.rel` unchecked (lib/utils.js getLink): a `<link>URL</link>` without attributes threw a
 * TypeError that took the whole feed with it, and an enclosure listed before the article's link without
 * `rel` (which means alternate) became the item's link. Renamed, the links reach atomLink (feed-fields.ts).
 * Spec: https://www.rfc-editor.org/rfc/rfc4287#section-4.2.7.2
 */
export function shieldAtomLinks(xml: string): string {
  return xml.replace(/<(\/?)link(?=[\s>/])/g, '<$1parley-link').replace(emptyEntry, '');
}

// An entry with nothing in it reaches rss-parser as a string, whose `link` is String.prototype.link: its
// getLink then threw, as above, for the whole feed.
// Comments count as nothing (`<entry><!-- ad slot --></entry>`); each is matched up to its own `-->`,
// within 2,000 characters and without passing another comment's start or an entry tag: a `<!--` never
// closed must neither reach the `-->` of a later entry and swallow it, nor chain comments from entry to
// entry (`<entry> <!-- x --> <!--` repeated over 2 MB held the event loop 260 s, quadratic).
const emptyEntry =
  /<entry(?=[\s>/])[^>]*?(?:\/>|>(?:\s|<!--(?:(?!-->|<!--|<\/?entry[\s>/])[\s\S]){0,2000}-->)*<\/entry\s*>)/g;

export type XmlShape = {
  root: string | null;
  /** The root start tag's attribute text, for xml:base and xml:lang. */
  rootAttributes: string;
  htmlDoctype: boolean;
  declaresEntities: boolean;
};

/**
 * What the document is, read from its prolog without parsing it: the root element's name, whether the
 * doctype says HTML, and whether the internal DTD subset declares entities (the XXE and billion-laughs
 * vectors; sax never expands them, but a feed that needs them cannot be read either).
 */
export function inspectXml(xml: string): XmlShape {
  const at = rootStart(xml);
  const rootMatch = /<([A-Za-z_][\w:.-]*)((?:[^>"']|"[^"]*"|'[^']*')*)/y;
  rootMatch.lastIndex = at;
  const match = at < 0 ? null : rootMatch.exec(xml);
  const prolog = match === null ? xml.slice(0, 4096) : xml.slice(0, match.index);
  return {
    root: match?.[1] ?? null,
    rootAttributes: match?.[2] ?? '',
    htmlDoctype: /<!DOCTYPE\s+html\b/i.test(prolog),
    declaresEntities: prolog.includes('<!ENTITY'),
  };
}

/** Where the root element starts: after the XML declaration, processing instructions, comments and
 * the doctype (whose internal subset may itself contain `>`). -1 when there is none. */
function rootStart(xml: string): number {
  let at = 0;
  for (;;) {
    while (at < xml.length && /\s/.test(xml[at] ?? '')) at += 1;
    if (xml.startsWith('<?', at)) at = after(xml, '?>', at);
    else if (xml.startsWith('<!--', at)) at = after(xml, '-->', at);
    else if (xml.startsWith('<!', at)) at = afterDoctype(xml, at);
    else return xml.startsWith('<', at) ? at : -1;
    if (at < 0) return -1;
  }
}

function after(xml: string, end: string, from: number): number {
  const found = xml.indexOf(end, from);
  return found < 0 ? -1 : found + end.length;
}

function afterDoctype(xml: string, from: number): number {
  const subset = xml.indexOf('[', from);
  const close = xml.indexOf('>', from);
  if (subset >= 0 && subset < close) return after(xml, '>', after(xml, ']', subset));
  return close < 0 ? -1 : close + 1;
}

/** Drops a BOM and anything before the first `<` ("Non-whitespace before first tag", rss-parser#194). */
export function trimToMarkup(text: string): string {
  const start = text.indexOf('<');
  return start <= 0 ? text : text.slice(start);
}
