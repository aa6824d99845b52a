/**
 * Wire datelines name where a report was filed, not what it is about: "TEHRAN, May 21 (MNA) – …",
 * "MOSCOW, May 21. /TASS/. …", "KYIV, Ukraine (AP) — …", "МОСКВА, 16 авг — РИА Новости. …",
 * "(Reuters) - …", "OSAKA -- …". Left in, every Tehran-filed story would be tagged iran, and a summary
 * sentence would open with a place name. Used by analysis (prepare.ts) and summaries alike.
 */
const upper = 'A-ZА-ЯЁІЇЄҐ';
// An upper-case place at the very start, closed by a dash, a /AGENCY/. mark or an (AGENCY) mark
// within a few words.
const leading = new RegExp(
  String.raw`^\s*[${upper}][${upper}'’. -]{2,30}(?:,[^–—\n]{1,40}?|\s*)(?:\s*\([^)\n]{1,30}\)|\.\s*\/[^/\n]{2,20}\/\.)?\s*(?:[–—-]\s+[^.\n]{0,30}?(?:Новости|News)\.|[–—-]|(?<=\/\.))\s*`,
  'u',
);

const place = String.raw`\p{Lu}{2,}(?:[ .'’-]+\p{Lu}{2,})*`;
const dash = String.raw`\s*(?:—|–|--|-)\s+`;
const agency = String.raw`\((?:[\p{L}\p{N} .-]{1,25})\)`;
const agencyName = '(?:AP|AFP|CNN|Reuters|Xinhua|Kyodo|Yonhap|Anadolu|IRNA)';

const patterns: readonly RegExp[] = [
  // PLACE, Region (AGENCY) — / PLACE (AGENCY) -- ; then `leading`; then PLACE, Region -- ("--" too)
  new RegExp(String.raw`^${place}(?:,\s*[\p{L}\p{N}. ]{2,30}?)?\s*${agency}${dash}`, 'u'),
  leading,
  new RegExp(String.raw`^${place},\s*[\p{L}\p{N}. ]{2,30}?${dash}`, 'u'),
  // AGENCY — / (AGENCY) -
  new RegExp(String.raw`^\(?${agencyName}\)?${dash}`, 'u'),
  // PLACE, May 21. /TASS/. (with a longer date part than `leading` allows)
  new RegExp(String.raw`^${place},\s*[^/\n]{1,30}?\s*/\s*[\p{L}\p{N} -]{2,20}\s*/\.?\s*`, 'u'),
];

// Flattened page text glues the masthead to the dateline: "Japan's National Daily Since 1922 May 21,
// 2025 (Mainichi Japan) TOKYO (Kyodo) -- Prime Minister…", "Japanese version OSAKA -- …". Whatever
// precedes the dateline goes too. A bare place needs the wire's double hyphen: "NATO - " is prose.
const inner = new RegExp(
  String.raw`\s${place}(?:(?:,\s*[\p{L}\p{N}. ]{2,30}?)?\s*${agency}${dash}|\s+--\s+)`,
  'u',
);
const innerReach = 160;

/** The text without a leading wire dateline (or one near its start); unchanged when it has none. */
export function stripDateline(text: string): string {
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (match !== null && match[0].length < text.length) return text.slice(match[0].length);
  }
  const match = inner.exec(text.slice(0, innerReach));
  if (match === null) return text;
  const end = match.index + match[0].length;
  return end < text.length ? text.slice(end) : text;
}
