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

/** The text's sentences, trimmed, empty ones dropped. */
export function sentences(text: string, language: string | null): string[] {
  const result: string[] = [];
  for (const { segment } of segmenterFor(language).segment(text)) {
    const sentence = segment.trim();
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
  for (const { segment, index } of segmenterFor(language).segment(window)) {
    if (parts.length === count) break;
    const sentence = segment.trim();
    if (sentence === '') continue;
    parts.push(sentence);
    end = index + segment.length;
  }
  return { lead: parts.join(' '), end };
}
