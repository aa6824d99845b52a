import { createRequire } from 'node:module';
import Parser from 'rss-parser';
import { AppError } from '../shared/errors.js';
import {
  atomItem,
  atomLink,
  type RawRecord,
  resolveAgainst,
  rssItem,
  stringField,
  ttlMinutes,
} from './feed-fields.js';
import { htmlToText } from './html-text.js';
import { parseJsonFeed } from './json-feed.js';
import {
  inspectXml,
  repairAmpersands,
  shieldAtomDates,
  shieldAtomLinks,
  trimToMarkup,
} from './xml-repair.js';

export type ParsedItem = {
  guid: string | null;
  link: string | null;
  title: string;
  summaryHtml: string;
  contentHtml: string | null;
  published: string | null;
  author: string | null;
  /** Item-level language (`dc:language`, Atom `xml:lang`) when the feed states one. */
  language?: string;
  /** Plain text of summaryHtml / contentHtml when the parser already derived it (rss-parser's snippets). */
  summaryText?: string;
  contentText?: string;
};

export type ParsedFeed = {
  title: string | null;
  link: string | null;
  language: string | null;
  ttlMinutes: number | null;
  format: 'rss' | 'atom' | 'rdf' | 'json';
  items: ParsedItem[];
};

type XmlFormat = Exclude<ParsedFeed['format'], 'json'>;

// rss-parser makes its `contentSnippet`s with lazy patterns (`<(?:.|\n)*?>`, lib/utils.js stripHtml) that
// rescan the rest of a field at every `<` never closed: a description of 50,000 `&lt;p` held the event loop
// for seconds, a 10 MB one for hours. Its parser calls getSnippet through this shared module object.
const rssParserUtils = createRequire(import.meta.url)('rss-parser/lib/utils.js') as {
  getSnippet: (html: string) => string;
};
rssParserUtils.getSnippet = htmlToText;

type FeedParser = Parser<RawRecord, RawRecord>;

type Fields = {
  feed: (string | (string | { keepArray: boolean })[])[];
  item: (string | { keepArray: boolean })[][];
};

function createParser(fields: Fields): FeedParser {
  return new Parser<RawRecord, RawRecord>({
    // `<rss>` without a version attribute is read as RSS 2.0 instead of "Feed not recognized".
    defaultRSS: 2,
    // Feed fields take the same [from, to, options] form as item fields (lib/utils.js copyFromXML, used
    // for both); the typings only know names.
    customFields: fields as { feed: string[]; item: Fields['item'] },
  });
}

const feedFields = ['dc:language', 'sy:updatePeriod', 'sy:updateFrequency'];

/** RSS items need no extra fields (rss-parser maps `dc:language` itself); Atom entries need their
 * attributes (xml:base, xml:lang), the shielded dates and the shielded links, as must the feed. */
const fieldsOf: Record<'rss' | 'atom', Fields> = {
  rss: { feed: feedFields, item: [] },
  atom: {
    feed: [...feedFields, ['parley-link', 'links', { keepArray: true }]],
    item: [
      ['$', 'attrs', { keepArray: true }],
      ['dc:language', 'language'],
      ['parley-published', 'published'],
      ['parley-updated', 'updated'],
      ['parley-link', 'links', { keepArray: true }],
    ],
  },
};

function formatOf(root: string): XmlFormat | null {
  if (root === 'rss') return 'rss';
  if (root === 'feed') return 'atom';
  return root === 'RDF' || root.endsWith(':RDF') ? 'rdf' : null;
}

function rootAttribute(attributes: string, name: string): string | null {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attributes);
  return match === null ? null : (match[1] ?? match[2] ?? null);
}

/** Turns rss-parser's rejections into coded errors: a well-formed non-feed is not_a_feed, the rest parse_failed. */
async function parseXml(xml: string, format: XmlFormat): Promise<RawRecord & { items: RawRecord[] }> {
  try {
    // A fresh parser per document: xml2js does not reset itself after a document with several errors,
    // and a reused instance then reports the next broken document as parsed (xml2js lib/parser.js).
    return await createParser(fieldsOf[format === 'atom' ? 'atom' : 'rss']).parseString(xml);
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    // rss-parser dereferences channel[0] without checking: a well-formed `<rss></rss>` is an empty feed.
    // Atom has no channel: a TypeError there is a shape rss-parser cannot read, never an empty feed.
    if (error instanceof TypeError && format !== 'atom' && !/<channel[\s>]/.test(xml)) return { items: [] };
    const complaint = error.message.replace(/\s*\n\s*/g, ', ');
    if (complaint.startsWith('Feed not recognized'))
      throw new AppError('not_a_feed', complaint, { cause: error });
    throw new AppError('parse_failed', `XML parse error: ${complaint}`, { cause: error });
  }
}

/** Classifies the document before parsing so that HTML pages and DTD tricks get clear errors. */
function checkShape(xml: string): { format: XmlFormat; base: string | null; lang: string | null } {
  const shape = inspectXml(xml);
  if (shape.root === null) throw new AppError('not_a_feed', 'document has no XML elements');
  const format = formatOf(shape.root);
  // An XHTML doctype in front of <rss> happens (feedparser's always_strip_doctype case): the root decides.
  if (shape.root.toLowerCase() === 'html' || (format === null && shape.htmlDoctype)) {
    throw new AppError('not_a_feed', 'document is an HTML page, not a feed');
  }
  if (shape.declaresEntities) {
    throw new AppError('parse_failed', 'XML parse error: DTD entity declarations are not accepted');
  }
  if (format === null)
    throw new AppError('not_a_feed', `root element <${shape.root}> is not rss, feed or rdf:RDF`);
  const base = rootAttribute(shape.rootAttributes, 'xml:base');
  return { format, base, lang: rootAttribute(shape.rootAttributes, 'xml:lang') };
}

/**
 * Parses a decoded feed: JSON Feed when the text is a JSON object, else RSS 0.9x/1.0/2.0 or Atom via
 * rss-parser's parseString after repairs for the breakage that makes it reject whole feeds.
 */
export async function parseFeed(text: string): Promise<ParsedFeed> {
  const start = text.replace(/^[\s\ufeff]+/, '');
  if (start === '') throw new AppError('not_a_feed', 'empty document');
  if (start.startsWith('{')) return parseJsonFeed(start);
  const trimmed = trimToMarkup(start);
  const { format, base, lang } = checkShape(trimmed);
  const repaired = repairAmpersands(trimmed);
  const raw = await parseXml(
    format === 'atom' ? shieldAtomLinks(shieldAtomDates(repaired)) : repaired,
    format,
  );
  const link = format === 'atom' ? atomLink(raw['links']) : stringField(raw['link']);
  return {
    title: stringField(raw['title'])?.trim() ?? null,
    link: link === null ? null : resolveAgainst(link.trim(), base),
    language: stringField(raw['language']) ?? stringField(raw['dc:language']) ?? lang,
    ttlMinutes: ttlMinutes(raw),
    format,
    items: raw.items.map((item) => (format === 'atom' ? atomItem(item, base) : rssItem(item))),
  };
}
