import { AppError, describeError } from '../shared/errors.js';
import type { ParsedFeed, ParsedItem } from './feed-parser.js';

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringValue(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  return typeof value === 'number' ? String(value) : null;
}

/** JSON Feed's `summary` and `content_text` are plain text; ParsedItem carries HTML. */
function escapeHtml(plain: string): string {
  return plain.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Version 1.1 has `authors`; 1.0 had a single `author`. */
function authorName(item: JsonObject): string | null {
  const authors = item['authors'];
  const first = Array.isArray(authors) ? (authors[0] as unknown) : item['author'];
  return isObject(first) ? stringValue(first['name']) : null;
}

function toItem(item: JsonObject): ParsedItem {
  const summary = stringValue(item['summary']);
  const contentText = stringValue(item['content_text']);
  const contentHtml =
    stringValue(item['content_html']) ?? (contentText === null ? null : escapeHtml(contentText));
  const language = stringValue(item['language']);
  return {
    guid: stringValue(item['id']),
    link: stringValue(item['url']) ?? stringValue(item['external_url']),
    title: stringValue(item['title']) ?? '',
    summaryHtml: summary === null ? '' : escapeHtml(summary),
    contentHtml,
    published: stringValue(item['date_published']) ?? stringValue(item['date_modified']),
    author: authorName(item),
    ...(language === null ? {} : { language }),
  };
}

/**
 * JSON Feed 1.0 and 1.1. Items without an object shape are skipped rather than failing the feed.
 * Spec: https://www.jsonfeed.org/version/1.1/
 */
export function parseJsonFeed(text: string): ParsedFeed {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new AppError('parse_failed', `JSON Feed is not valid JSON: ${describeError(error)}`, {
      cause: error,
    });
  }
  const version = isObject(document) ? document['version'] : undefined;
  if (
    !isObject(document) ||
    typeof version !== 'string' ||
    !version.startsWith('https://jsonfeed.org/version/')
  ) {
    throw new AppError('not_a_feed', 'JSON document is not a JSON Feed (no jsonfeed.org version)');
  }
  const items = Array.isArray(document['items']) ? (document['items'] as unknown[]) : [];
  return {
    title: stringValue(document['title']),
    link: stringValue(document['home_page_url']),
    language: stringValue(document['language']),
    ttlMinutes: null,
    format: 'json',
    items: items.filter(isObject).map(toItem),
  };
}
