/**
 * Wire datelines that open a report ("KYIV, Ukraine (AP) — ", "BRASILIA, May 21. /TASS/. ",
 * "МОСКВА, 21 мая. /ТАСС/. ", "(Reuters) - "): they say where the report was filed, not what
 * happened, so a summary sentence starts after them.
 */
const place = String.raw`\p{Lu}{2,}(?:[ .'’-]+\p{Lu}{2,})*`;
const dash = String.raw`\s*(?:—|–|--|-)\s+`;
const agency = String.raw`\((?:[\p{L}\p{N} .-]{1,25})\)`;
const agencyName = '(?:AP|AFP|CNN|Reuters|Xinhua|Kyodo|Yonhap|Anadolu|IRNA)';

const patterns: readonly RegExp[] = [
  // PLACE, Region (AGENCY) — / PLACE (AGENCY) — / PLACE, Region —
  new RegExp(String.raw`^${place}(?:,\s*[\p{L}\p{N}. ]{2,30}?)?\s*${agency}${dash}`, 'u'),
  new RegExp(String.raw`^${place},\s*[\p{L}\p{N}. ]{2,30}?${dash}`, 'u'),
  // AGENCY — / (AGENCY) -
  new RegExp(String.raw`^\(?${agencyName}\)?${dash}`, 'u'),
  // PLACE, May 21. /TASS/.
  new RegExp(String.raw`^${place},\s*[^/\n]{1,30}?\s*/\s*[\p{L}\p{N} -]{2,20}\s*/\.?\s*`, 'u'),
];

// Flattened page text glues the masthead to the dateline: "Japan's National Daily Since 1922 May 21,
// 2025 (Mainichi Japan) TOKYO (Kyodo) -- Prime Minister…". Whatever precedes the dateline goes too.
const inner = new RegExp(String.raw`\s${place}(?:,\s*[\p{L}\p{N}. ]{2,30}?)?\s*${agency}${dash}`, 'u');
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
