import type { AnalysableItem } from '../domain/analysis.js';
import { isBoilerplate } from '../domain/boilerplate.js';
import { russianOnly, ukrainianOnly } from '../shared/cyrillic-letters.js';
import { looksLikeWrittenFurniture, singleQuotations } from './summary-furniture.js';
import { languageName, type PromptLimits } from './summary-prompt.js';
import { isComplete, segmentSentences, sourceText } from './summary-sentences.js';
import { contentTerms, foldText } from './text.js';

/** An answer fit to publish, or why it is not. */
export type AnswerCheck = { ok: true; text: string; sentences: string[] } | { ok: false; reason: string };

// Reasoning models served through Ollama or vLLM put their chain of thought in <think> blocks.
const thinking = /<think>[\s\S]*?<\/think>/giu;
// "Summary:", and what chat models put before it ("Sure! Here is a summary of the story:"): the words of
// such a preamble are few beside a sentence's, so the word-share check lets it through into the digest.
const preamble =
  /^(?:(?:sure|certainly|of course|okay|ok)\b[!,.]?\s*)?(?:(?:here(?:'s|’s| is)|below is)\s+(?:a|an|the|your)\s+(?:[\p{L}-]+\s+){0,3}?summary(?:\s+(?:of|for)\s+[^:.!?]{0,60})?|summary|резюме|підсумок|краткое содержание)\s*:\s*/iu;
const wrappingQuotes = /^["“«](.*)["”»]$/su;
const numberPattern = /\d+(?:[.,\s]\d{3})*(?:[.,]\d+)?/gu;
const quotation = /["“«„]([^"“”«»„]+)["”»“]/gu;
// Markup the digest would show as literal text: HTML tags, Markdown links, emphasis, code, headings and
// lists, and the prompt's report numbers cited back ("[1]"). Emphasis and code open before a word, not
// after a letter: an asterisk after a name is how Russian media must mark a "foreign agent" («Пастухов*,
// Шульман*»), and a backquote inside a word is an apostrophe as some Ukrainian sites type it (пам`ять).
const markup =
  /<\/?[a-z][^>]*>|\]\(|(?<![\p{L}\p{N}])\*[^\s*][^*]*\*|(?<![\p{L}\p{N}])`[^`]*`|__|\[\d+(?:[,–-]\s*\d+)*\]|(?:^|\n)\s*(?:#+|[-•*])\s/iu;
// A capitalised word inside a sentence is a name (person, place, body), not a sentence's first word.
const capitalised = /(?<=[\s(“"«„‘'-])\p{Lu}[\p{L}'’-]*/gu;
// Enough of a name to meet its other forms ("Стамбуле", "Стамбул"; "Ukrainian", "Ukraine"): its first
// five letters, fewer in a short name whose ending changes more of it ("Ираном", "Иран"; "Газе",
// "Газа"): all but the last two of the shorter form, never fewer than three.
const namePrefix = 5;
const nameEnding = 2;
const minNamePrefix = 3;
// Capitalised in English without being names; a model tells the weekday from a report's date.
const calendarWords = new Set(
  'monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december'.split(
    ' ',
  ),
);
/**
 * At least this share of a sentence's content terms must appear in the reports. An answer that keeps
 * to the reports reuses their words; one whose every fourth content word is in no report is telling
 * something they do not (an outside fact, or what an instruction planted in a report asked for). A
 * short sentence with one synonym is refused too ("Talks resumed in Doha" of "negotiations"): one word
 * is enough to change a short sentence's meaning ("Ukraine has surrendered and the war is over").
 */
const minSupportedShare = 0.75;
// The script each digest language is written in; an answer in another script is in another language.
const scripts: Record<string, RegExp> = {
  cyrillic: /\p{Script=Cyrillic}/gu,
  latin: /\p{Script=Latin}/gu,
  arabic: /\p{Script=Arabic}/gu,
  hebrew: /\p{Script=Hebrew}/gu,
};
const scriptOf: Record<string, string> = {
  ru: 'cyrillic',
  uk: 'cyrillic',
  be: 'cyrillic',
  bg: 'cyrillic',
  ar: 'arabic',
  fa: 'arabic',
  he: 'hebrew',
  en: 'latin',
  fr: 'latin',
  de: 'latin',
  es: 'latin',
  it: 'latin',
  pt: 'latin',
  pl: 'latin',
  tr: 'latin',
};
// Letters one of the two languages has and the other does not (Ukrainian has no ъ either).
const notIn: Record<string, RegExp> = { ru: ukrainianOnly, uk: new RegExp(`${russianOnly.source}|ъ`, 'iu') };

// Counting words turned into digits ("two delegations" → "2 delegations") are not invented facts.
const smallNumber = 10;
const minQuotedWords = 3;

function tidy(answer: string): string {
  const text = answer.replace(thinking, '').trim().replace(preamble, '').replace(/\s+/g, ' ').trim();
  return text.replace(wrappingQuotes, '$1').trim();
}

function numbersIn(text: string): Set<string> {
  return new Set([...text.matchAll(numberPattern)].map((match) => match[0].replace(/[.,\s]/g, '')));
}

function foldedWords(text: string): string {
  return ` ${foldText(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;
}

/** The first number or quotation in the answer that the source text does not contain, if any. */
function unsupported(text: string, source: string): string | null {
  const known = numbersIn(source);
  for (const number of numbersIn(text)) {
    if (!known.has(number) && Number(number) > smallNumber) return `number ${number} is not in the items`;
  }
  const sourceWords = foldedWords(source);
  const quotes = [
    ...[...text.matchAll(quotation)].map((match) => match[1] ?? ''),
    ...singleQuotations(text).map(([start, end]) => text.slice(start + 1, end - 1)),
  ];
  for (const quoted of quotes) {
    const quote = foldedWords(quoted);
    if (quote.trim().split(' ').length >= minQuotedWords && !sourceWords.includes(quote)) {
      return 'a quotation is not in the items';
    }
  }
  return null;
}

function sharedPrefix(a: string, b: string): number {
  let length = 0;
  while (length < a.length && length < b.length && a[length] === b[length]) length += 1;
  return length;
}

/** Whether a report has the name in one of its forms (see namePrefix). */
function hasName(name: string, sourceWords: ReadonlySet<string>): boolean {
  if (sourceWords.has(name)) return true;
  for (const word of sourceWords) {
    const shorter = Math.min(name.length, word.length);
    const needed = Math.min(namePrefix, Math.max(minNamePrefix, shorter - nameEnding));
    if (sharedPrefix(name, word) >= needed) return true;
  }
  return false;
}

/** The entities a text names (see LlmSummarizerOptions.namesIn). */
export type NamesIn = (text: string) => ReadonlySet<string>;

/**
 * The first name in the answer (a capitalised word inside a sentence) that no report has: not in any
 * of its forms, nor (with `namesIn`) as an entity the reports name in another language or spelling.
 */
function unknownName(
  sentences: readonly string[],
  source: string,
  namesIn: NamesIn | undefined,
): string | null {
  const sourceWords = new Set(foldedWords(source).trim().split(' '));
  let sourceNames: ReadonlySet<string> | null = null;
  const knownEntities = (word: string): boolean => {
    const named = namesIn?.(word);
    if (named === undefined || named.size === 0) return false;
    sourceNames ??= namesIn?.(source) ?? new Set();
    const known = sourceNames;
    return [...named].every((entity) => known.has(entity));
  };
  for (const sentence of sentences) {
    // A sentence's first word may be a name or any word ("Meanwhile", "Officials"): it is refused
    // only when it names an entity (namesIn) that no report names.
    const first = /^[\p{L}][\p{L}'’-]*/u.exec(sentence.trim())?.[0] ?? '';
    const firstFolded = foldText(first);
    if (
      first !== '' &&
      !hasName(firstFolded, sourceWords) &&
      (namesIn?.(first).size ?? 0) > 0 &&
      !knownEntities(first)
    )
      return first;
    for (const match of sentence.matchAll(capitalised)) {
      const folded =
        foldText(match[0])
          .replace(/[^\p{L}\p{N}]+/gu, ' ')
          .trim()
          .split(' ')[0] ?? '';
      if (folded === '' || calendarWords.has(folded) || hasName(folded, sourceWords)) continue;
      if (!knownEntities(match[0])) return match[0];
    }
  }
  return null;
}

/** Whether the answer is written in `language`, as far as its letters tell. */
function inLanguage(text: string, language: string | null): boolean {
  const expected = language === null ? undefined : scriptOf[language];
  if (expected === undefined || language === null) return true;
  const counts = Object.entries(scripts).map(
    ([script, letters]) => [script, text.match(letters)?.length ?? 0] as const,
  );
  const [dominant] = counts.reduce((best, each) => (each[1] > best[1] ? each : best));
  return dominant === expected && !(notIn[language]?.test(text) ?? false);
}

// Words that turn a statement into its opposite ("did not agree"), folded as foldText folds them.
const negationWords: Record<string, string> = {
  en: "not|no|never|neither|nor|none|nothing|without|\\p{L}+n't",
  ru: 'не|нет|ни|никогда|ничего|без',
  uk: 'не|ні|ніколи|нічого|без',
  be: 'не|ні|ніколі|нічога|без',
  bg: 'не|няма|никога|нищо|без',
  fr: 'ne|n|pas|jamais|sans|aucune?',
  de: 'nicht|kein(?:e[nmrs]?)?|nie|niemals|ohne',
  es: 'no|nunca|sin|ningun[ao]?',
  it: 'non|mai|senza|nessun[oa]?',
  pt: 'nao|nunca|sem|nenhuma?',
  pl: 'nie|bez|nigdy',
  tr: 'degil|yok',
};
const negations = new Map(
  Object.entries(negationWords).map(([language, words]) => [
    language,
    new RegExp(`(?<![\\p{L}\\p{N}])(?:${words})(?![\\p{L}\\p{N}])`, 'u'),
  ]),
);
// Words that open a clause of their own ("…, but no date was set"), folded as foldText folds them.
const clauseWords: Record<string, string> = {
  en: 'but|while|whereas|although|though|however|yet',
  ru: 'но|а|однако|хотя|зато',
  uk: 'але|а|однак|проте|хоча|зате',
  be: 'але|а|аднак|хоць',
  bg: 'но|а|обаче|докато|въпреки',
  fr: 'mais|tandis|alors|cependant|pourtant',
  de: 'aber|doch|jedoch|wahrend|obwohl|sondern',
  es: 'pero|aunque|mientras|sino',
  it: 'ma|mentre|sebbene|pero|tuttavia',
  pt: 'mas|embora|enquanto|porem',
  pl: 'ale|lecz|choc|chociaz|jednak',
  tr: 'ama|fakat|ancak|oysa',
};
const clauseBreaks = new Map(
  Object.entries(clauseWords).map(([language, words]) => [
    language,
    new RegExp(`[,;:()\u2013\u2014]|(?<![\\p{L}\\p{N}])(?:${words})(?![\\p{L}\\p{N}])`, 'u'),
  ]),
);
const punctuationBreak = /[,;:()\u2013\u2014]/u;
// A negated clause must have a negated sentence in the reports that shares at least this share of its terms.
const minNegatedShare = 0.5;
// A negated clause with fewer content terms than this is judged with its whole sentence.
const minClauseTerms = 3;

/** Whether the sentence has a negation of the language (none known: no check). */
function negated(sentence: string, language: string | null): boolean {
  return negations.get(language ?? '')?.test(foldText(sentence)) ?? false;
}

/**
 * The clauses of a sentence that carry a negation: "Russia and Ukraine agreed to swap prisoners, but
 * no date was set for new talks" claims the negation only of its last clause, which a report may say
 * in a sentence of its own.
 */
function negatedClauses(sentence: string, language: string | null): string[] {
  const breaks = clauseBreaks.get(language ?? '') ?? punctuationBreak;
  return foldText(sentence)
    .split(breaks)
    .filter((clause) => negated(clause, language));
}

/**
 * The first sentence that negates what the reports say, if any: it has a negation that no report
 * sentence sharing most of its terms has ("Russia and Ukraine did not agree to exchange prisoners" of
 * reports that they agreed), neither as a whole nor clause by clause. The word overlap of
 * unsupportedSentence does not see a "not".
 */
function unsupportedNegation(
  sentences: readonly string[],
  source: string,
  language: string | null,
): string | null {
  let negatedReports: Array<ReadonlySet<string>> | null = null;
  const backed = (terms: ReadonlySet<string>): boolean => {
    negatedReports ??= segmentSentences(source, language)
      .filter((report) => negated(report, language))
      .map((report) => new Set(contentTerms(report, language)));
    return negatedReports.some((known) => {
      const shared = [...terms].filter((term) => known.has(term)).length;
      return terms.size === 0 || shared / terms.size >= minNegatedShare;
    });
  };
  for (const sentence of sentences) {
    if (!negated(sentence, language)) continue;
    const whole = new Set(contentTerms(sentence, language));
    const clauses = negatedClauses(sentence, language).map(
      (clause) => new Set(contentTerms(clause, language)),
    );
    // A clause of a few words ("Russia and Ukraine did not, however, agree…") claims with the rest.
    const claims = clauses.map((terms) => (terms.size >= minClauseTerms ? terms : whole));
    if (claims.length === 0 ? !backed(whole) : !claims.every(backed)) return sentence;
  }
  return null;
}

/** The first sentence too few of whose content terms the reports have, if any. */
function unsupportedSentence(
  sentences: readonly string[],
  source: string,
  language: string | null,
): string | null {
  const known = new Set(contentTerms(source, language));
  for (const sentence of sentences) {
    const terms = new Set(contentTerms(sentence, language));
    if (terms.size === 0) continue;
    const supported = [...terms].filter((term) => known.has(term)).length;
    if (supported / terms.size < minSupportedShare) return sentence;
  }
  return null;
}

/**
 * Whether an LLM answer can stand as the story's summary: not empty, within the sentence and
 * character limits, ending as a sentence, no page furniture, links or markup, in the asked language's
 * script, and no number, quotation or name that the reports' text does not contain, nor a sentence
 * mostly in words the reports do not use, nor a negation no report sentence like it has (cheap guards
 * against invented facts).
 */
export function checkAnswer(
  answer: string,
  promptText: string,
  language: string | null,
  limits: PromptLimits,
  namesIn?: NamesIn,
): AnswerCheck {
  const text = tidy(answer);
  if (text === '') return { ok: false, reason: 'empty answer' };
  if (text.length > limits.maxChars) return { ok: false, reason: `answer too long (${text.length} chars)` };
  const sentences = segmentSentences(text, language);
  if (sentences.length > limits.maxSentences) {
    return { ok: false, reason: `answer has ${sentences.length} sentences` };
  }
  if (!isComplete(text)) return { ok: false, reason: 'answer does not end as a sentence' };
  if (sentences.some((sentence) => isBoilerplate(sentence)))
    return { ok: false, reason: 'answer has boilerplate' };
  // A bare address or @handle becomes a live link in every chat; extractive summaries never carry one.
  if (sentences.some((sentence) => looksLikeWrittenFurniture(sentence)))
    return { ok: false, reason: 'answer has a link, a handle or page furniture' };
  if (markup.test(text)) return { ok: false, reason: 'answer has markup' };
  if (!inLanguage(text, language)) {
    return {
      ok: false,
      reason: `answer is not in ${language === null ? 'the asked language' : languageName(language)}`,
    };
  }
  const problem = unsupported(text, promptText);
  if (problem !== null) return { ok: false, reason: problem };
  const name = unknownName(sentences, promptText, namesIn);
  if (name !== null) return { ok: false, reason: `name ${name} is not in the items` };
  const loose = unsupportedSentence(sentences, promptText, language);
  if (loose !== null) return { ok: false, reason: 'a sentence says what the items do not' };
  if (unsupportedNegation(sentences, promptText, language) !== null)
    return { ok: false, reason: 'a sentence negates what the items say' };
  return { ok: true, text, sentences };
}

/**
 * For each sentence of an LLM summary, the item it shares the most content terms with and that share
 * (0–1), so that a summary sentence can be traced to a report.
 */
export function attributeSentences(
  sentences: readonly string[],
  items: readonly AnalysableItem[],
  language: string | null,
): Array<{ text: string; itemIndex: number; score: number }> {
  const itemTerms = items.map(
    (item) => new Set(contentTerms(`${item.title}\n${sourceText(item)}`, item.language ?? language)),
  );
  return sentences.map((text) => {
    const terms = new Set(contentTerms(text, language));
    let itemIndex = 0;
    let score = 0;
    itemTerms.forEach((known, index) => {
      let shared = 0;
      for (const term of terms) if (known.has(term)) shared += 1;
      const share = terms.size === 0 ? 0 : shared / terms.size;
      if (share > score) [itemIndex, score] = [index, share];
    });
    return { text, itemIndex, score };
  });
}
