import { isAscii, isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

export type DecodedText = { text: string; encoding: string; source: 'bom' | 'http' | 'prolog' | 'default' };

type Declared = { encoding: string; source: 'http' | 'prolog' };

/** Byte-order marks. Spec: https://www.w3.org/TR/xml/#sec-guessing-no-ext-info */
export function sniffBom(body: Uint8Array): { encoding: string; length: number } | null {
  const [a, b, c, d] = body;
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: 'utf-8', length: 3 };
  // UTF-32 before UTF-16: the UTF-32LE BOM starts with the UTF-16LE one.
  if (a === 0xff && b === 0xfe && c === 0x00 && d === 0x00) return { encoding: 'utf-32le', length: 4 };
  if (a === 0x00 && b === 0x00 && c === 0xfe && d === 0xff) return { encoding: 'utf-32be', length: 4 };
  if (a === 0xff && b === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (a === 0xfe && b === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/**
 * Labels that mean windows-1252 on the web: feeds labelled ISO-8859-1 carry curly quotes in 0x80–0x9F.
 * Spec: https://encoding.spec.whatwg.org/#names-and-labels
 */
const windows1252Labels: ReadonlySet<string> = new Set([
  'ascii',
  'us-ascii',
  'iso-8859-1',
  'iso8859-1',
  'latin1',
  'l1',
]);

/** A usable iconv-lite label in one spelling per charset family that matters here, or null. */
export function knownEncoding(label: string | undefined): string | null {
  if (label === undefined) return null;
  const lower = label
    .trim()
    .replace(/^["']|["']$/g, '')
    .toLowerCase();
  if (/^utf-?8$/.test(lower)) return 'utf-8';
  if (windows1252Labels.has(lower)) return 'windows-1252';
  if (lower === '' || !iconv.encodingExists(lower)) {
    // `x-cp1251`, `x-mac-cyrillic` and friends are the same charsets without their `x-`.
    const unprefixed = lower.replace(/^x-/, '');
    return unprefixed !== lower && iconv.encodingExists(unprefixed) ? unprefixed : null;
  }
  return lower;
}

function httpCharset(contentType: string | null): string | null {
  if (contentType === null) return null;
  // Spec: https://www.rfc-editor.org/rfc/rfc9110#section-8.3.1 (charset parameter, optionally quoted)
  return knownEncoding(/;\s*charset\s*=\s*("[^"]*"|[^;\s]+)/i.exec(contentType)?.[1]);
}

/**
 * UTF-16 and UTF-32 without a BOM show themselves by the byte pattern of `<` (3C 00 3F 00, 00 3C 00 3F,
 * 3C 00 00 00, 00 00 00 3C), whatever any header claims. Spec: https://www.w3.org/TR/xml/#sec-guessing-no-ext-info
 */
function sniffWideEncoding(body: Uint8Array): string | null {
  const [a, b, c, d] = body;
  if (a === 0x3c && b === 0x00 && c === 0x00 && d === 0x00) return 'utf-32le';
  if (a === 0x00 && b === 0x00 && c === 0x00 && d === 0x3c) return 'utf-32be';
  if (a === 0x3c && b === 0x00 && c === 0x3f && d === 0x00) return 'utf-16le';
  if (a === 0x00 && b === 0x3c && c === 0x00 && d === 0x3f) return 'utf-16be';
  return null;
}

const wideEncodings = /^(?:utf-?16|utf-?32|ucs-?2|ucs-?4)/;

/** The prolog's `encoding=`, read from bytes that are ASCII-compatible (so a UTF-16/32 claim is false). */
function prologCharset(body: Uint8Array): string | null {
  const head = Buffer.from(body.buffer, body.byteOffset, Math.min(body.byteLength, 512)).toString('latin1');
  const label = /^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head)?.[1];
  const encoding = knownEncoding(label);
  return encoding !== null && wideEncodings.test(encoding) ? null : encoding;
}

/**
 * Which declaration to believe. A header charset that looks like a server default yields to a prolog
 * that names another charset: `charset=utf-8` on bytes that are not UTF-8, or a Latin-1 default, when
 * the document itself says windows-1251. Then, following miniflux (reader/encoding: "the document is
 * already UTF-8 … the specified encoding in XML prolog is wrong"), bytes that are valid UTF-8 and contain
 * non-ASCII are read as UTF-8 even when a single-byte charset is declared: in windows-1251, KOI8 or
 * Latin-1 text the letters are bytes ≥ 0xC0 that are almost never followed by the 0x80–0xBF continuation
 * bytes UTF-8 requires, so valid UTF-8 is overwhelming evidence, while the declared charset would turn
 * every letter into two mojibake characters. Null means UTF-8 by default.
 */
function choose(body: Uint8Array, http: string | null, prolog: string | null): Declared | null {
  let declared: Declared | null = null;
  if (http !== null && !(wideEncodings.test(http) && body[0] !== 0 && body[1] !== 0)) {
    declared = { encoding: http, source: 'http' };
  }
  if (
    prolog !== null &&
    (declared === null || (prolog !== declared.encoding && isServerDefault(declared.encoding, body)))
  ) {
    declared = { encoding: prolog, source: 'prolog' };
  }
  if (declared === null || declared.encoding === 'utf-8' || wideEncodings.test(declared.encoding)) {
    return declared;
  }
  return !isAscii(body) && isUtf8(body) ? null : declared;
}

function isServerDefault(encoding: string, body: Uint8Array): boolean {
  // Apache's AddDefaultCharset and text/xml's historic default are Latin-1; nginx's `charset` is UTF-8.
  return encoding === 'utf-8' ? !isUtf8(body) : encoding === 'windows-1252';
}

/** The prolog's encoding attribute would now be a lie about a JS string; the XML parser is told nothing. */
function cleanText(text: string): string {
  const start = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (!start.startsWith('<?xml')) return start;
  // Only the head that prologCharset reads: on a long run of whitespace the pattern tries every split
  // of it, and `<?xml` followed by megabytes of spaces blocked the event loop for hours.
  const head = start.slice(0, 512).replace(/^(<\?xml[^>]*?)\s+encoding\s*=\s*(["'])[^"']*\2/, '$1');
  return head + start.slice(512);
}

/**
 * "UTF-8" (declared or by default) on bytes without a single UTF-8 multi-byte sequence but with high
 * bytes is Latin text mislabelled (miniflux's iso88591_utf8_mismatch case): read it as windows-1252.
 * One valid sequence is enough to keep UTF-8, so a UTF-8 feed with a stray bad byte stays UTF-8.
 */
function utf8OrLatin(body: Uint8Array): string {
  if (isUtf8(body)) return 'utf-8';
  const latin = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('latin1');
  return /[\xc2-\xf4][\x80-\xbf]/.test(latin) ? 'utf-8' : 'windows-1252';
}

function decodeWith(bytes: Uint8Array, encoding: string): string {
  if (encoding === 'utf-8') {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  }
  return iconv.decode(bytes, encoding);
}

/** Decodes a feed body: BOM, then HTTP Content-Type charset, then XML prolog `encoding=`, then UTF-8. */
export function decodeFeedBytes(body: Uint8Array, contentType: string | null): DecodedText {
  const bom = sniffBom(body);
  if (bom !== null) {
    const text = decodeWith(body.subarray(bom.length), bom.encoding);
    return { text: cleanText(text), encoding: bom.encoding, source: 'bom' };
  }
  const wide = sniffWideEncoding(body);
  if (wide !== null) {
    return { text: cleanText(iconv.decode(body, wide)), encoding: wide, source: 'prolog' };
  }
  const chosen = choose(body, httpCharset(contentType), prologCharset(body));
  const encoding = chosen?.encoding === 'utf-8' || chosen === null ? utf8OrLatin(body) : chosen.encoding;
  return { text: cleanText(decodeWith(body, encoding)), encoding, source: chosen?.source ?? 'default' };
}
