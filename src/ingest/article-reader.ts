import iconv from 'iconv-lite';
import { isFrontPage } from '../domain/item.js';
import type { ArticleReader } from '../domain/ports.js';
import { extractArticleText } from './article-text.js';
import { canonicalUrl } from './canonical-url.js';
import { knownEncoding, sniffBom } from './charset.js';
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

/**
 * The charset of an HTML page: byte-order mark, HTTP header, `<meta charset>` / http-equiv in the first
 * bytes, else UTF-8. Labels as browsers read them: ISO-8859-1 and ASCII are windows-1252, whose curly
 * quotes and dashes (0x80–0x9F) such pages use and which ISO-8859-1 makes control characters.
 * Spec: https://html.spec.whatwg.org/multipage/parsing.html#determining-the-character-encoding,
 * https://encoding.spec.whatwg.org/#names-and-labels
 */
export function htmlCharset(body: Uint8Array, contentType: string | null): string {
  const bom = sniffBom(body);
  if (bom !== null) return bom.encoding;
  const fromHeader = knownEncoding(/charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType ?? '')?.[1]);
  if (fromHeader !== null) return fromHeader;
  // Spec: https://html.spec.whatwg.org/multipage/parsing.html#prescan-a-byte-stream-to-determine-its-encoding
  const head = Buffer.from(body.subarray(0, 4096)).toString('latin1');
  const fromMeta = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1];
  // A <meta> that names UTF-16 was read by an ASCII-compatible prescan, so it is wrong: UTF-8 (same spec).
  if (fromMeta && /^utf-?16/i.test(fromMeta)) return 'utf-8';
  return knownEncoding(fromMeta) ?? 'utf-8';
}

/** The text as it reads decoded, percent-escapes undone up to three times (a return address in a return address). */
function unescaped(text: string): string {
  let decoded = text;
  for (let round = 0; round < 3 && decoded.includes('%'); round += 1) {
    try {
      decoded = decodeURIComponent(decoded.replaceAll('+', ' '));
    } catch {
      break;
    }
  }
  return decoded;
}

/**
 * Whether a redirect led away from the article: to the site's front page (a withdrawn article, a paywall
 * that sends readers home), or to a gate (cookie consent, login, subscription) whose query carries the
 * article's address to send the reader back once it is passed. Such a page's text (the front page's lead
 * story, the consent notice) passes every article check and would be stored and summarised as the item's.
 */
function leftTheArticle(requested: string, finalUrl: string): boolean {
  const asked = URL.parse(requested);
  const landed = URL.parse(finalUrl);
  if (asked === null || landed === null || asked.href === landed.href) return false;
  const canonical = canonicalUrl(landed.href);
  if (canonical !== null && isFrontPage(canonical)) return true;
  // Both decoded: a path beyond ASCII is percent-encoded in the URL, and read back so in the return address.
  return asked.pathname.length > 1 && unescaped(landed.search).includes(unescaped(asked.pathname));
}

/** Fetches article pages through the same fetcher (limits, SSRF rules) and extracts their main text. */
export function createArticleReader(fetcher: HttpFetcher): ArticleReader {
  return {
    async readText(url: string): Promise<string | null> {
      const response = await fetcher.fetch({ url, accept: htmlAccept });
      if (response.kind !== 'ok' || !isHtml(response.body, response.contentType)) return null;
      if (leftTheArticle(url, response.finalUrl)) return null;
      const html = iconv.decode(response.body, htmlCharset(response.body, response.contentType));
      const text = extractArticleText(html, response.finalUrl);
      return text === null ? null : truncateAtParagraph(text);
    },
  };
}
