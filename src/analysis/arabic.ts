/**
 * Arabic light normalisation and light stemming after Larkey, Ballesteros & Connell's light10:
 * "Light Stemming for Arabic Information Retrieval", in Arabic Computational Morphology (Springer,
 * 2007), pp. 221–243, http://www.mtholyoke.edu/~lballest/Pubs/arab_stem05.pdf, which Lucene's
 * ArabicNormalizer and ArabicStemmer also implement (org.apache.lucene.analysis.ar). Light10 beat
 * root-based stemmers for retrieval on TREC Arabic, and it needs no dictionary.
 *
 * Tokens arrive folded by foldText: lower-cased, NFKD with the harakat, shadda and hamza marks
 * dropped, so أ إ آ are already ا (and ؤ ئ are و ي).
 */

/** Any character of the Arabic block: letters, tatweel, Arabic-Indic digits. */
export const arabicScript = /[\u0600-\u06ff]/;

// ة→ه and ى→ي as light10 normalises them; ٱ (alef wasla) is ا; tatweel ـ only stretches a word.
// Arabic-Indic ٠-٩ and the Persian/Urdu ۰-۹ digits become 0-9, so that "٢٠٢٥" meets "2025".
// Persian ی and ک are Arabic ي and ك, and ە (what NFKD leaves of ۀ), ھ and ہ are ه, as Lucene's
// PersianNormalizer writes them (org.apache.lucene.analysis.fa): Persian feeds type either, often
// both in one text (src/analysis/persian.ts).
const replaced = /[\u0629\u0649\u0671\u0640\u0660-\u0669\u06f0-\u06f9\u06a9\u06cc\u06d5\u06be\u06c1]/g;

function replacement(char: string): string {
  const code = char.charCodeAt(0);
  if (code === 0x0629 || code === 0x06d5 || code === 0x06be || code === 0x06c1) return '\u0647';
  if (code === 0x0649 || code === 0x06cc) return '\u064a';
  if (code === 0x06a9) return '\u0643';
  if (code === 0x0671) return '\u0627';
  if (code === 0x0640) return '';
  return String(code >= 0x06f0 ? code - 0x06f0 : code - 0x0660);
}

const waw = '\u0648';
// Light10's definite articles وال بال كال فال ال لل; a word starts with at most one of them.
const articles = [
  '\u0648\u0627\u0644',
  '\u0628\u0627\u0644',
  '\u0643\u0627\u0644',
  '\u0641\u0627\u0644',
  '\u0627\u0644',
  '\u0644\u0644',
];

/** Light10's first step: "remove و if the remainder of the word is 3 or more characters long". */
function stripWaw(word: string): string {
  return word.length >= 4 && word.startsWith(waw) ? word.slice(1) : word;
}

/**
 * Light10's prefix steps: و, then "any of the definite articles if this leaves 2 or more characters":
 * والمفاوضات → مفاوضات, الدوحه → دوحه, للسلام → سلام, while وقف (و + 2 letters) and ال stay.
 * Light10 would also strip a word's own first و (وساطه → ساطه) but not once an article hides it
 * (الوساطه → وساطه), so a pattern and its text would not meet; a و that the article uncovers is
 * stripped too, and every form of the word ends the same (ساطه).
 */
function stripProclitics(token: string): string {
  const word = stripWaw(token);
  for (const article of articles) {
    if (word.startsWith(article) && word.length >= article.length + 2) {
      return stripWaw(word.slice(article.length));
    }
  }
  return stripWaw(word);
}

/**
 * A folded Arabic-script token as patterns and text both meet it: letters normalised, tatweel
 * dropped, digits as ASCII, and the conjunction و and the article stripped. May return '' (a lone ـ).
 */
export function normaliseArabicToken(folded: string): string {
  const normalised = folded.replace(replaced, replacement);
  return arabicScript.test(normalised) ? stripProclitics(normalised) : normalised;
}

// The one-letter proclitics light10 leaves on, since stripping them from every word would maim the many
// words that start with these letters (فلسطين, بيت, كتاب): the prepositions ب (in, by), ل (for, to),
// ك (as) and the conjunction ف. Matching tries a word without one only where the word itself matches
// nothing (src/analysis/matcher.ts), so بغزه meets غزه and لاسرائيل meets اسرائيل.
// Compared as char codes: matching asks this of every word that matches nothing, in every language.
const isOneLetterProclitic = (code: number) =>
  code === 0x0628 || (code >= 0x0641 && code <= 0x0644 && code !== 0x0642);

// Common words that only look like a name behind a proclitic: بحماس (with enthusiasm, not "with
// Hamas"), لقمه (a bite: لقمة العيش, a livelihood, not "to the summit"), بدوري (in my turn, not "in the
// league"). Written as the tokenizer leaves them (ة as ه).
const neverStripped = new Set([
  '\u0628\u062d\u0645\u0627\u0633',
  '\u0644\u0642\u0645\u0647',
  '\u0628\u062f\u0648\u0631\u064a',
]);

/** A normalised token less a one-letter proclitic, when it has one and 3 letters remain; else null. */
export function withoutOneLetterProclitic(token: string): string | null {
  if (token.length < 4 || !isOneLetterProclitic(token.charCodeAt(0)) || neverStripped.has(token)) return null;
  return token.slice(1);
}

// Attached pronouns (their, its, our, your): هما هم هن ها كما كم كن نا. A lone ه stays: after
// normalising it is also the ة of most nouns (هدنه, a truce).
const pronouns = [
  '\u0647\u0645\u0627',
  '\u0643\u0645\u0627',
  '\u0647\u0645',
  '\u0647\u0646',
  '\u0647\u0627',
  '\u0643\u0645',
  '\u0643\u0646',
  '\u0646\u0627',
];
const taa = '\u062a';
const haa = '\u0647';

/**
 * A normalised token less an attached pronoun, as the words it may be: قمتهما (their summit) →
 * قمت and قمه (the ة that a suffix turns into ت, as the tokenizer writes ة), مفاوضاتها → مفاوضات.
 * Empty when there is no pronoun or fewer than 3 letters would remain.
 */
export function withoutPronoun(token: string): string[] {
  for (const pronoun of pronouns) {
    if (!token.endsWith(pronoun) || token.length < pronoun.length + 3) continue;
    const stem = token.slice(0, -pronoun.length);
    return stem.endsWith(taa) ? [stem, stem.slice(0, -1) + haa] : [stem];
  }
  return [];
}

// Light10's suffixes in its order, each removed at most once; ة and ية are ه and يه after normalising.
const suffixes = [
  '\u0647\u0627',
  '\u0627\u0646',
  '\u0627\u062a',
  '\u0648\u0646',
  '\u064a\u0646',
  '\u064a\u0647',
  '\u0647',
  '\u064a',
];

const alif = 0x0627;
// أميركي and أمريكي: the two spellings of "American" that outlets use (normalised: اميرك, امريك).
const americanVariant = '\u0627\u0645\u064a\u0631\u0643';
const american = '\u0627\u0645\u0631\u064a\u0643';

/**
 * Light10's suffix step on a normalised token: each suffix in turn, when at least 2 letters remain.
 * مفاوضات, مفاوضه, مفاوضين → مفاوض; فلسطينيين, فلسطيني → فلسطين; محادثاتها → محادث.
 * Before it, a one-letter proclitic in front of an alif goes (لإطلاق → اطلاق, باتفاق → اتفاق): the
 * stem is a term to compare, so the same word must meet itself behind ل or ب; a word of its own that
 * starts so (باكستان → اكستان) is cut the same way everywhere. And أميركي meets أمريكي.
 */
export function stemArabic(token: string): string {
  let word = token;
  if (word.length >= 5 && isOneLetterProclitic(word.charCodeAt(0)) && word.charCodeAt(1) === alif)
    word = word.slice(1);
  if (word.startsWith(americanVariant)) word = american + word.slice(americanVariant.length);
  for (const suffix of suffixes) {
    if (word.endsWith(suffix) && word.length >= suffix.length + 2) word = word.slice(0, -suffix.length);
  }
  return word;
}
