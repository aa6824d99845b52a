/**
 * The `articleBody` that many news sites embed as schema.org JSON-LD, the only copy of the text on
 * pages rendered by client-side scripts.
 * Spec: https://schema.org/articleBody, https://www.w3.org/TR/json-ld11/#named-graphs (@graph)
 */
import type { DomDocument } from './html-dom.js';

type LdArticle = { body: string; urls: string[] };

const articleType = /(Article|BlogPosting|Report)$/;
const maxDepth = 4;
const entity = /&(#x[\da-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);/gi;
const namedEntities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntity(match: string, name: string): string {
  if (name.startsWith('#')) {
    const hex = name[1] === 'x' || name[1] === 'X';
    const code = hex ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
  }
  return namedEntities[name.toLowerCase()] ?? match;
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object') return strings((value as Record<string, unknown>)['@id']);
  return [];
}

function collect(value: unknown, depth: number, found: LdArticle[]): void {
  if (depth > maxDepth || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const entry of value) collect(entry, depth + 1, found);
    return;
  }
  const record = value as Record<string, unknown>;
  const body = record['articleBody'];
  if (typeof body === 'string' && strings(record['@type']).some((name) => articleType.test(name))) {
    found.push({ body, urls: [...strings(record['url']), ...strings(record['mainEntityOfPage'])] });
  }
  collect(record['@graph'], depth + 1, found);
}

// The page's own JSON-LD is hostile input: patterns that fail only at the end of the text (`/\/+$/` on a run
// of slashes, `<[^>]*>` at a `<` that no `>` follows) rescan the rest at every start, quadratic in the page.
function comparable(url: string): string {
  const bare = url.replace(/^https?:\/\/(www\.)?/i, '');
  const query = bare.search(/[?#]/);
  let end = query < 0 ? bare.length : query;
  while (end > 0 && bare[end - 1] === '/') end -= 1;
  return bare.slice(0, end);
}

/** Drops tags; a `<` after the last `>` closes no tag and stays text. */
function dropTags(text: string): string {
  const end = text.lastIndexOf('>') + 1;
  return text.slice(0, end).replace(/<[^>]*>/g, ' ') + text.slice(end);
}

function toParagraphs(body: string): string[] {
  // Some CMSs put HTML into articleBody; its tags are dropped, its line breaks kept as paragraphs.
  return dropTags(body.replace(/<\/(p|div|h\d|li|blockquote)>|<br\s*\/?>/gi, '\n'))
    .replace(entity, decodeEntity)
    .split(/\n+/)
    .map((paragraph) => paragraph.replace(/\s+/g, ' ').trim())
    .filter((paragraph) => paragraph.length > 0);
}

/** Paragraphs of the page's JSON-LD article body (the one naming `pageUrl` if several), or []. */
export function jsonLdParagraphs(document: DomDocument, pageUrl: string): string[] {
  const found: LdArticle[] = [];
  for (const script of Array.from(document.querySelectorAll('script[type="application/ld+json"]'))) {
    try {
      collect(JSON.parse(script.textContent ?? ''), 0, found);
    } catch {
      // A broken JSON-LD block is common and says nothing about the article.
    }
  }
  const page = comparable(pageUrl);
  const chosen = found.find((article) => article.urls.some((url) => comparable(url) === page)) ?? found[0];
  return chosen === undefined ? [] : toParagraphs(chosen.body);
}
