import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { FeedSource } from '../domain/feed.js';
import { AppError } from '../shared/errors.js';
import { urlKey } from '../shared/url.js';

// Spec: OPML 2.0 subscription lists, http://opml.org/spec2.opml#subscriptionLists
const parleyNamespace = 'https://github.com/parley-bot/parley#opml';
const importedGroup = 'Imported';

type Outline = { attributes: Map<string, string>; children: Outline[] };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toOutline(node: unknown): Outline {
  const record = isRecord(node) ? node : {};
  const { '@': raw } = record;
  // Attribute names are matched case-insensitively: exporters write xmlUrl, xmlurl and XMLURL.
  const attributes = new Map<string, string>();
  for (const [key, value] of Object.entries(isRecord(raw) ? raw : {}))
    attributes.set(key.toLowerCase(), String(value));
  const { outline } = record;
  const children = Array.isArray(outline) ? outline.map(toOutline) : [];
  return { attributes, children };
}

function feedFrom(outline: Outline): FeedSource | null {
  const get = (name: string) => outline.attributes.get(name)?.trim() || null;
  const name = get('title') ?? get('text');
  const url = get('xmlurl');
  // A feed outline (type rss, no children) without its xmlUrl is kept with an empty URL, so that the
  // callers name it as a feed they cannot use instead of leaving it out without a word; groups have none.
  if (url === null)
    return get('type')?.toLowerCase() === 'rss' && outline.children.length === 0
      ? { url: '', name, language: null, fullText: false }
      : null;
  const fullText = [...outline.attributes].some(
    ([key, value]) => key.split(':').at(-1) === 'fulltext' && value.trim().toLowerCase() === 'true',
  );
  // writeOpml puts the URL in the required `text` when a feed has no name; that is not a name.
  return { url, name: name === url ? null : name, language: get('language'), fullText };
}

/**
 * The parser refuses what the validator lets through (an external entity, an entity that expands too far)
 * by a plain Error: the file is what is wrong, so it is a parse failure, not a crash.
 */
function parseXml(parser: XMLParser, xml: string): unknown {
  try {
    return parser.parse(xml);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new AppError('parse_failed', `not usable XML: ${message}`, { cause: error });
  }
}

function parseDocument(xml: string): Outline[] {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    throw new AppError('parse_failed', `not valid XML: ${msg} (line ${line}, column ${col})`, {
      details: { line, column: col },
    });
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    attributesGroupName: '@',
    isArray: (name) => name === 'outline',
    parseAttributeValue: false,
    parseTagValue: false,
    htmlEntities: true,
  });
  const document = parseXml(parser, xml);
  const { opml } = isRecord(document) ? document : {};
  if (opml === undefined)
    throw new AppError('parse_failed', 'not an OPML document: there is no <opml> element');
  const { body } = isRecord(opml) ? opml : {};
  return isRecord(body) ? toOutline(body).children : [];
}

/** The feeds of an OPML document in document order, groups flattened; each URL once (first wins). */
export function parseOpml(xml: string): FeedSource[] {
  const feeds: FeedSource[] = [];
  const seen = new Set<string>();
  const visit = (outline: Outline): void => {
    const feed = feedFrom(outline);
    if (feed !== null && !seen.has(urlKey(feed.url))) {
      seen.add(urlKey(feed.url));
      feeds.push(feed);
    }
    for (const child of outline.children) visit(child);
  };
  for (const outline of parseDocument(xml)) visit(outline);
  return feeds;
}

/** Escapes text for a double-quoted XML attribute; control characters XML 1.0 forbids are dropped. */
function escapeAttribute(text: string): string {
  const entities: Record<string, string> = {
    '&': '&amp;',
    '<': '&lt;',
    '>': '&gt;',
    '"': '&quot;',
    "'": '&apos;',
  };
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing exactly those characters
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
      .replace(/[&<>"']/g, (c) => entities[c] ?? c)
      .replace(/[\t\n\r]/g, (c) => `&#${c.charCodeAt(0)};`)
  );
}

function outlineXml(feed: FeedSource): string {
  const attributes: Array<[string, string]> = [
    ['type', 'rss'],
    ['text', feed.name ?? feed.url],
    ...(feed.name === null ? [] : [['title', feed.name] as [string, string]]),
    ['xmlUrl', feed.url],
    ...(feed.language === null ? [] : [['language', feed.language] as [string, string]]),
    ...(feed.fullText
      ? [
          ['xmlns:parley', parleyNamespace] as [string, string],
          ['parley:fullText', 'true'] as [string, string],
        ]
      : []),
  ];
  return `<outline ${attributes.map(([key, value]) => `${key}="${escapeAttribute(value)}"`).join(' ')}/>`;
}

/** An OPML 2.0 document listing the feeds; `now` (epoch ms) sets dateCreated. */
export function writeOpml(
  feeds: readonly FeedSource[],
  options: { title?: string; now?: number } = {},
): string {
  const head = [`    <title>${escapeAttribute(options.title ?? 'Parley feeds')}</title>`];
  if (options.now !== undefined)
    head.push(`    <dateCreated>${new Date(options.now).toUTCString()}</dateCreated>`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    '  <head>',
    ...head,
    '  </head>',
    '  <body>',
    ...feeds.map((feed) => `    ${outlineXml(feed)}`),
    '  </body>',
    '</opml>',
    '',
  ].join('\n');
}

function lineIndent(xml: string, index: number): string {
  const lineStart = xml.lastIndexOf('\n', index - 1) + 1;
  const before = xml.slice(lineStart, index);
  return /^[ \t]*$/.test(before) ? before : '';
}

/** Inserts into the last "Imported" group as writeOpml-style merges leave it, else a new group before </body>. */
function insertFeeds(xml: string, feeds: readonly FeedSource[]): string | null {
  const groups = [...xml.matchAll(/<outline text="Imported">((?:\s*<outline\b[^>]*\/>)*)\s*<\/outline>/g)];
  const group = groups.at(-1);
  if (group?.[1] !== undefined) {
    const child = `${lineIndent(xml, group.index)}  `;
    const at = group.index + `<outline text="${importedGroup}">`.length + group[1].length;
    return xml.slice(0, at) + feeds.map((feed) => `\n${child}${outlineXml(feed)}`).join('') + xml.slice(at);
  }
  const close = xml.lastIndexOf('</body>');
  if (close < 0) return null;
  const indent = lineIndent(xml, close);
  const start = close - indent.length;
  const child = `${indent}  `;
  const lines = [
    `${child}<outline text="${importedGroup}">`,
    ...feeds.map((feed) => `${child}  ${outlineXml(feed)}`),
    `${child}</outline>`,
  ];
  const lead = start > 0 && xml[start - 1] !== '\n' ? '\n' : '';
  return `${xml.slice(0, start)}${lead}${lines.join('\n')}\n${indent}${xml.slice(close)}`;
}

/**
 * Adds the feeds whose URL the document lacks, in an "Imported" group, leaving the rest of the
 * text (groups, comments, formatting) as it was.
 */
export function mergeOpml(
  existingXml: string,
  additions: readonly FeedSource[],
  configuredElsewhere: readonly string[] = [],
): { xml: string; added: FeedSource[]; skipped: FeedSource[] } {
  const existing = parseOpml(existingXml);
  const known = new Set([...existing.map((feed) => feed.url), ...configuredElsewhere].map(urlKey));
  const added: FeedSource[] = [];
  const skipped: FeedSource[] = [];
  for (const feed of additions) {
    const key = urlKey(feed.url);
    (known.has(key) ? skipped : added).push(feed);
    known.add(key);
  }
  if (added.length === 0) return { xml: existingXml, added, skipped };
  const xml = insertFeeds(existingXml, added) ?? writeOpml([...existing, ...added]);
  return { xml, added, skipped };
}
