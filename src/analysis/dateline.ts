/**
 * Wire datelines name where a report was filed, not what it is about: "TEHRAN, May 21 (MNA) – …",
 * "MOSCOW, May 21. /TASS/. …", "KYIV, Ukraine (AP) — …", "МОСКВА, 16 авг — РИА Новости. …". Left in,
 * every Tehran-filed story would be tagged iran. A dateline is an upper-case place at the very start,
 * closed by a dash, a /AGENCY/. mark or an (AGENCY) mark within a few words.
 */
const dateline =
  /^\s*[A-ZА-ЯЁІЇЄҐ][A-ZА-ЯЁІЇЄҐ'’. -]{2,30}(?:,[^–—\n]{1,40}?|\s*)(?:\s*\([^)\n]{1,30}\)|\.\s*\/[^/\n]{2,20}\/\.)?\s*(?:[–—-]\s+[^.\n]{0,30}?(?:Новости|News)\.|[–—-]|(?<=\/\.))\s*/u;

/** The text without its leading dateline, if it has one. */
export function stripDateline(text: string): string {
  const match = dateline.exec(text);
  if (match === null) return text;
  const rest = text.slice(match[0].length);
  return rest === '' ? text : rest;
}
