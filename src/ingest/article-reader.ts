import iconv from 'iconv-lite';
import type { ArticleReader } from '../domain/ports.js';
import { extractArticleText } from './article-text.js';
import type { HttpFetcher } from './http-fetcher.js';
import { truncateAtParagraph } from './normalise.js';

const htmlAccept = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5';
const htmlTypes: ReadonlySet<string> = new Set(['text/html', 'application/xhtml+xml']);

/**
 * Whether the response is a page at all: a linked PDF or photo decoded as text gives "paragraphs" of
 * binary noise that pass every article check. Without a Content-Type, markup must start the body.
 */
function isHtml(body: Uint8Array, contentType: string | null): boolean {
  if (contentType === null)
    return /^[\s\ufeff]*</.test(Buffer.from(body.subarray(0, 1024)).toString('latin1'));
  return htmlTypes.has(contentType.split(';', 1)[0]?.trim().toLowerCase() ?? '');
}

/** The charset of an HTML page: HTTP header, else `<meta charset>` / http-equiv in the first bytes, else UTF-8. */
export function htmlCharset(body: Uint8Array, contentType: string | null): string {
  const fromHeader = /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType ?? '')?.[1];
  if (fromHeader && iconv.encodingExists(fromHeader)) return fromHeader.toLowerCase();
  // Spec: https://html.spec.whatwg.org/multipage/parsing.html#prescan-a-byte-stream-to-determine-its-encoding
  const head = Buffer.from(body.subarray(0, 4096)).toString('latin1');
  const fromMeta = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1];
  // A <meta> that names UTF-16 was read by an ASCII-compatible prescan, so it is wrong: UTF-8 (same spec).
  if (fromMeta && /^utf-?16/i.test(fromMeta)) return 'utf-8';
  if (fromMeta && iconv.encodingExists(fromMeta)) return fromMeta.toLowerCase();
  return 'utf-8';
}

/** Fetches article pages through the same fetcher (limits, SSRF rules) and extracts their main text. */
export function createArticleReader(fetcher: HttpFetcher): ArticleReader {
  return {
    async readText(url: string): Promise<string | null> {
      const response = await fetcher.fetch({ url, accept: htmlAccept });
      if (response.kind !== 'ok' || !isHtml(response.body, response.contentType)) return null;
      const html = iconv.decode(response.body, htmlCharset(response.body, response.contentType));
      const text = extractArticleText(html, response.finalUrl);
      return text === null ? null : truncateAtParagraph(text);
    },
  };
}
