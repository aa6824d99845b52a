/** Sentence splitting with ICU's rules through Intl.Segmenter (full ICU ships with Node 20). */

// Spec: https://tc39.es/ecma402/#sec-intl-segmenter-objects
const segmenters = new Map<string, Intl.Segmenter>();

function segmenterFor(language: string | null): Intl.Segmenter {
  const key = language ?? 'und';
  let segmenter = segmenters.get(key);
  if (segmenter === undefined) {
    let locale = 'und';
    try {
      locale = Intl.Segmenter.supportedLocalesOf([key])[0] ?? 'und';
    } catch {
      // An invalid language tag from a feed: fall back to the root locale's rules.
    }
    segmenter = new Intl.Segmenter(locale, { granularity: 'sentence' });
    segmenters.set(key, segmenter);
  }
  return segmenter;
}

// ICU ends a sentence at "Mr. ", "Gen. " and at initials ("Д. Песков") when a capital follows: a
// segment ending in one of these abbreviations, or in a single letter and a dot, continues in the next.
const abbreviations = new Set(
  [
    'mr mrs ms dr gen lt col maj capt cmdr sgt adm amb gov sen rep pres prof rev hon st jr sr vs mt ft',
    'corp inc co dept jan feb aug sept oct nov dec',
    'г гг ген г-н г-жа проф акад им ул пр т тыс млн млрд руб долл св ст см пер обл р-н тов напр',
    'ім вул грн',
  ]
    .join(' ')
    .split(' '),
);
const lastWordWithDot = /(?:^|[^\p{L}\p{N}-])([\p{L}-]+)\.$/u;

/**
 * Whether a segment ends at an abbreviation or an initial rather than at the end of a sentence.
 * "No." is one only before a number ("No. 10 Downing Street"); "Zelensky said no." ends a sentence.
 */
function endsInAbbreviation(segment: string, next: string | undefined): boolean {
  const word = lastWordWithDot.exec(segment.trimEnd())?.[1];
  if (word === undefined) return false;
  if (word.toLowerCase() === 'no') return next !== undefined && /^\s*\d/.test(next);
  return [...word].length === 1 || abbreviations.has(word.toLowerCase());
}

type Piece = { text: string; end: number };

/** ICU's segments with the splits after abbreviations undone; `end` is where each ends in `text`. */
function pieces(text: string, language: string | null): Piece[] {
  const result: Piece[] = [];
  let pending = '';
  const segments = [...segmenterFor(language).segment(text)];
  for (const [position, { segment, index }] of segments.entries()) {
    pending += segment;
    if (endsInAbbreviation(segment, segments[position + 1]?.segment)) continue;
    result.push({ text: pending, end: index + segment.length });
    pending = '';
  }
  if (pending !== '') result.push({ text: pending, end: text.length });
  return result;
}

/** The text's sentences, trimmed, empty ones dropped. */
export function sentences(text: string, language: string | null): string[] {
  const result: string[] = [];
  for (const { text: piece } of pieces(text, language)) {
    const sentence = piece.trim();
    if (sentence !== '') result.push(sentence);
  }
  return result;
}

/**
 * The first `count` sentences of a long text without segmenting all of it: only a prefix of
 * `count × 400` characters is looked at. Returns the lead and where it ends in the text.
 */
export function leadingSentences(
  text: string,
  language: string | null,
  count: number,
): { lead: string; end: number } {
  const window = text.slice(0, count * 400);
  const parts: string[] = [];
  let end = 0;
  for (const piece of pieces(window, language)) {
    if (parts.length === count) break;
    const sentence = piece.text.trim();
    if (sentence === '') continue;
    parts.push(sentence);
    end = piece.end;
  }
  return { lead: parts.join(' '), end };
}
