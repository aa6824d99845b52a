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
const abbreviations = words(
  'mr mrs ms dr gen lt col maj capt cmdr sgt adm amb gov sen rep pres prof rev hon st jr sr vs mt ft',
  'corp inc co dept jan feb aug sept oct nov dec',
  'г гг ген г-н г-жа проф акад им ул пр т тыс млн млрд руб долл св ст см пер обл р-н тов напр',
  'ім вул грн',
);

type Rules = {
  abbreviations: ReadonlySet<string>;
  /** Abbreviations only before a number: "No. 10", "Nr. 5"; "Zelensky said no." ends a sentence. */
  beforeNumber: ReadonlySet<string>;
  /** German ordinal dates: "am 24. Februar" does not end at "24.". */
  ordinalDates: boolean;
  /** German text only: "die 2. Runde"; in an untagged text "rose to 12. Rescuers…" ends a sentence. */
  ordinalNouns: boolean;
};

// French M. (a single letter already), Mme, MM., av. J.-C.; Spanish Sr., Sra., Dña., EE.UU.; German
// Dr., bzw., z.B. and u.a. (single letters), usw., ca., Mio., Mrd.: abbreviations that newspapers
// write with a dot before capitalised words (every German noun is one).
const extraAbbreviations: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['fr', words('mme mlle mm av env')],
  ['es', words('sra srta dña uu avda')],
  ['de', words('bzw usw ca mio mrd vgl ggf evtl inkl abs hr')],
]);

function words(...lists: string[]): ReadonlySet<string> {
  return new Set(lists.join(' ').split(' '));
}

const rulesByLanguage = new Map<string | null, Rules>();

/** English, Russian and Ukrainian keep the common rules; an untagged text gets every language's. */
function rulesFor(language: string | null): Rules {
  let rules = rulesByLanguage.get(language);
  if (rules === undefined) {
    const primary = language?.toLowerCase().split(/[-_]/)[0] ?? null;
    const extras = primary === null ? [...extraAbbreviations.values()] : [extraAbbreviations.get(primary)];
    const german = primary === null || primary === 'de';
    rules = {
      abbreviations: new Set([...abbreviations, ...extras.flatMap((set) => [...(set ?? [])])]),
      beforeNumber: new Set(german ? ['no', 'nr'] : ['no']),
      ordinalDates: german,
      ordinalNouns: primary === 'de',
    };
    rulesByLanguage.set(language, rules);
  }
  return rules;
}

const lastWordWithDot = /(?:^|[^\p{L}\p{N}-])([\p{L}-]+)\.$/u;
// A hyphenated initial: J.-C., J.-P.
const hyphenatedInitial = /\.-\p{L}\.$/u;
const ordinal = /(?:^|\s)\d{1,3}\.$/;
const germanMonth =
  /^\s*(?:Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)\b/u;
// German writes ordinals with a dot ("die 2. Runde", "am 3. Verhandlungstag"), and every noun is
// capitalised, so after "12." only the word that follows tells an ordinal from a sentence that ends in
// a number: a new sentence starts with an article, a pronoun or a linking word far more often than
// with a bare noun.
const germanSentenceOpener =
  /^\s*(?:Der|Die|Das|Den|Dem|Des|Ein|Eine|Einer|Eines|Einem|Einen|Er|Sie|Es|Wir|Ich|Ihr|Man|Dies|Diese|Dieser|Dieses|Dabei|Damit|Danach|Dann|Darauf|Daher|Deshalb|Doch|Aber|Und|Auch|Noch|Nun|So|Zudem|Außerdem|Jedoch|Trotzdem|Im|In|Am|An|Auf|Aus|Bei|Mit|Nach|Seit|Vor|Zu|Zum|Zur|Für|Über|Unter|Als|Wie|Was|Wer|Wo|Wenn|Weil|Laut|Nur|Bis|Insgesamt|Zuvor|Bereits|Inzwischen)\b/u;

/** Whether a segment ends at an abbreviation or an initial rather than at the end of a sentence. */
function endsInAbbreviation(segment: string, next: string | undefined, rules: Rules): boolean {
  const trimmed = segment.trimEnd();
  if (rules.ordinalDates && ordinal.test(trimmed) && next !== undefined) {
    if (germanMonth.test(next)) return true;
    if (rules.ordinalNouns && /^\s*\p{Lu}/u.test(next)) return !germanSentenceOpener.test(next);
  }
  const word = lastWordWithDot.exec(trimmed)?.[1]?.toLowerCase();
  if (word === undefined) return false;
  if (rules.beforeNumber.has(word)) return next !== undefined && /^\s*\d/.test(next);
  if (hyphenatedInitial.test(trimmed)) return true;
  return [...word].length === 1 || rules.abbreviations.has(word);
}

type Segment = { segment: string; index: number };

// V8 copies the whole input at every step of a segment iterator (Node 20), so iterating one long text
// is quadratic: 2 MB of 5,000 sentences took 7 s. A longer text is segmented a window at a time. A
// window's last segment may be cut by the window and the break before it may depend on what follows
// (UAX #29 SB8 looks ahead past spaces for a lower-case letter), so both are segmented again with the
// next window; every earlier break is settled within the window, as each such segment ends at a
// sentence terminator or paragraph separator (https://unicode.org/reports/tr29/#Sentence_Boundary_Rules).
const segmentWindow = 1_000;

function segmentsOf(text: string, language: string | null): Segment[] {
  const segmenter = segmenterFor(language);
  if (text.length <= segmentWindow) return [...segmenter.segment(text)];
  const result: Segment[] = [];
  let start = 0;
  let size = segmentWindow;
  while (start < text.length) {
    const end = Math.min(text.length, start + size);
    const found = [...segmenter.segment(text.slice(start, end))];
    const keep = end === text.length ? found.length : found.length - 2;
    if (keep <= 0) {
      // One sentence longer than the window: widen it until it ends inside.
      size *= 2;
      continue;
    }
    for (const { segment, index } of found.slice(0, keep)) result.push({ segment, index: start + index });
    start = end === text.length ? end : start + (found[keep]?.index ?? end - start);
    size = segmentWindow;
  }
  return result;
}

type Piece = { text: string; end: number };

/** ICU's segments with the splits after abbreviations undone; `end` is where each ends in `text`. */
function pieces(text: string, language: string | null): Piece[] {
  const result: Piece[] = [];
  let pending = '';
  const segments = segmentsOf(text, language);
  const rules = rulesFor(language);
  for (const [position, { segment, index }] of segments.entries()) {
    pending += segment;
    if (endsInAbbreviation(segment, segments[position + 1]?.segment, rules)) continue;
    result.push({ text: pending, end: index + segment.length });
    pending = '';
  }
  if (pending !== '') result.push({ text: pending, end: text.length });
  return result;
}

/** Where each sentence of the text ends (offsets into `text`), by the same rules as `sentences`. */
export function sentenceEnds(text: string, language: string | null): number[] {
  return pieces(text, language).map((piece) => piece.end);
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
