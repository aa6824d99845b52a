/**
 * Wire datelines name where a report was filed, not what it is about: "TEHRAN, May 21 (MNA) – …",
 * "MOSCOW, May 21. /TASS/. …", "KYIV, Ukraine (AP) — …", "МОСКВА, 16 авг — РИА Новости. …",
 * "(Reuters) - …", "OSAKA -- …". Left in, every Tehran-filed story would be tagged iran, and a summary
 * sentence would open with a place name.
 *
 * `stripDateline` only looks at the very start of the text (analysis, and every summary sentence);
 * `stripParagraphDateline` also finds a dateline that flattened page text glued behind a masthead,
 * for the start of a summary paragraph only: mid-text, "the US -- the first in years -- " is prose.
 */
const upper = 'A-ZА-ЯЁІЇЄҐ';
const place = String.raw`\p{Lu}{2,}(?:[ .'’-]+\p{Lu}{2,})*`;
const dash = String.raw`\s*(?:—|–|--|-)\s+`;
const agency = String.raw`\((?:[\p{L}\p{N} .-]{1,25})\)`;
const agencyName = '(?:AP|AFP|CNN|Reuters|Xinhua|Kyodo|Yonhap|Anadolu|IRNA)';

const anchored: readonly RegExp[] = [
  // PLACE, Region (AGENCY) — / PLACE (AGENCY) --
  new RegExp(String.raw`^${place}(?:,\s*[\p{L}\p{N}. ]{2,30}?)?\s*${agency}${dash}`, 'u'),
  // An upper-case place closed by a dash, a /AGENCY/. mark or "— РИА Новости." within a few words.
  new RegExp(
    String.raw`^\s*[${upper}][${upper}'’. -]{2,30}(?:,[^–—\n]{1,40}?|\s*)(?:\s*\([^)\n]{1,30}\)|\.\s*\/[^/\n]{2,20}\/\.)?\s*(?:(?:--|[–—-])\s+[^.\n]{0,30}?(?:Новости|News)\.|--|[–—-]|(?<=\/\.))\s*`,
    'u',
  ),
  // AGENCY — / (AGENCY) -
  new RegExp(String.raw`^\(?${agencyName}\)?${dash}`, 'u'),
  // PLACE, May 21. /TASS/. with a longer date part
  new RegExp(String.raw`^${place},\s*[^/\n]{1,30}?\s*/\s*[\p{L}\p{N} -]{2,20}\s*/\.?\s*`, 'u'),
];

// "Japan's National Daily Since 1922 May 21, 2025 (Mainichi Japan) TOKYO (Kyodo) -- Prime Minister…",
// "Japanese version OSAKA -- …": whatever precedes such a dateline near the start goes too.
const glued: readonly RegExp[] = [
  new RegExp(String.raw`\s${place}(?:,\s*[\p{L}\p{N}. ]{2,30}?)?\s*${agency}${dash}`, 'u'),
  new RegExp(String.raw`^(?:Japanese|English) version\s+${place}\s+--\s+`, 'u'),
];
const gluedReach = 160;

function cut(text: string, match: RegExpExecArray | null): string | null {
  if (match === null) return null;
  const end = match.index + match[0].length;
  return end < text.length ? text.slice(end) : null;
}

/** The text without a wire dateline at its very start; unchanged when it has none. */
export function stripDateline(text: string): string {
  for (const pattern of anchored) {
    const rest = cut(text, pattern.exec(text));
    if (rest !== null) return rest;
  }
  return text;
}

/** A summary paragraph without its dateline, also one glued behind a masthead near its start. */
export function stripParagraphDateline(text: string): string {
  const stripped = stripDateline(text);
  if (stripped !== text) return stripped;
  const head = text.slice(0, gluedReach);
  for (const pattern of glued) {
    const rest = cut(text, pattern.exec(head));
    if (rest !== null) return rest;
  }
  return text;
}
