import { franc } from 'franc-min';
import { otherCyrillic, russianOnly, ukrainianOnly } from '../shared/cyrillic-letters.js';

/**
 * ISO 639-3 (what franc returns) and ISO 639-2/B (what some feeds write) to ISO 639-1. Covers every
 * franc-min language that has a 639-1 code, plus the 639-2 codes of the languages Parley's feeds use.
 * Spec: https://www.loc.gov/standards/iso639-2/php/code_list.php
 */
const toIso6391: ReadonlyMap<string, string> = new Map(
  `amh:am ara:ar arb:ar mkd:mk arm:hy aze:az azj:az bel:be ben:bn bos:bs bul:bg ces:cs chi:zh ckb:ku cmn:zh
   cze:cs dan:da deu:de dut:nl ell:el eng:en est:et fas:fa fin:fi fra:fr fre:fr fuv:ff geo:ka ger:de
   gre:el guj:gu hau:ha heb:he hin:hi hrv:hr hun:hu hye:hy ibo:ig ind:id ita:it jav:jv jpn:ja kan:kn
   kat:ka kaz:kk kin:rw koi:kv kor:ko kur:ku lav:lv lin:ln lit:lt mal:ml mar:mr may:ms msa:ms mya:my
   nld:nl nor:no npi:ne nya:ny pan:pa pbu:ps per:fa pes:fa plt:mg pol:pl por:pt pus:ps qug:qu ron:ro
   rum:ro run:rn rus:ru sin:si slk:sk slo:sk slv:sl som:so spa:es srp:sr sun:su swa:sw swe:sv swh:sw
   tam:ta tel:te tgl:tl tha:th tur:tr ukr:uk urd:ur uzb:uz uzn:uz vie:vi yor:yo zho:zh zlm:ms zul:zu
   zyb:za`
    .split(/\s+/)
    .map((pair) => pair.split(':') as [string, string]),
);

/** Deprecated 639-1 codes that old feeds still carry. Spec: https://www.rfc-editor.org/rfc/rfc5646#section-2.2.1 */
// And "ua", Ukraine's country code, which Ukrainian feeds put where the language's (uk) goes.
const deprecated: Readonly<Record<string, string>> = { iw: 'he', in: 'id', ji: 'yi', jw: 'jv', ua: 'uk' };

/** English names some feeds put in `<language>` instead of a code. */
const byName: ReadonlyMap<string, string> = new Map([
  ['arabic', 'ar'],
  ['english', 'en'],
  ['french', 'fr'],
  ['german', 'de'],
  ['hebrew', 'he'],
  ['italian', 'it'],
  ['persian', 'fa'],
  ['polish', 'pl'],
  ['portuguese', 'pt'],
  ['farsi', 'fa'],
  ['russian', 'ru'],
  ['spanish', 'es'],
  ['turkish', 'tr'],
  ['ukrainian', 'uk'],
  ['italiano', 'it'],
  ['polski', 'pl'],
  ['português', 'pt'],
  ['türkçe', 'tr'],
  ['русский', 'ru'],
  ['українська', 'uk'],
  ['עברית', 'he'],
  ['فارسی', 'fa'],
  ['فارسي', 'fa'],
]);

/** `en-US` → `en`, `ru_RU` → `ru`, `ukr` → `uk`, `iw` → `he`; null for empty, `und`, `mul` or junk. */
export function normaliseLanguageTag(tag: string | null | undefined): string | null {
  if (tag === null || tag === undefined) return null;
  // Called once per item with the same feed language: remember the last answer.
  if (tag === lastTag) return lastResult;
  lastResult = tagToCode(tag);
  lastTag = tag;
  return lastResult;
}

let lastTag: string | null = null;
let lastResult: string | null = null;

function tagToCode(tag: string): string | null {
  const lower = tag.trim().toLowerCase();
  const primary = lower.split(/[-_\s]/, 1)[0] ?? '';
  if (/^[a-z]{2}$/.test(primary)) return deprecated[primary] ?? primary;
  if (/^[a-z]{3}$/.test(primary)) return toIso6391.get(primary) ?? null;
  return byName.get(lower) ?? null;
}

/** Detection is only worth running on a sample: trigram statistics settle within a few hundred chars. */
const SAMPLE_CHARS = 300;
/** Below this many characters franc's guesses are noise (its own default minimum is 10). */
const MIN_CHARS = 20;

const hebrewLetters = /[\u05d0-\u05ea]/g;
const letters = /\p{L}/gu;

/** franc-min has no Hebrew model (it returns `und`), so Hebrew is recognised by its script. */
function isMostlyHebrew(sample: string): boolean {
  const hebrew = sample.match(hebrewLetters)?.length ?? 0;
  if (hebrew === 0) return false;
  return hebrew * 2 > (sample.match(letters)?.length ?? 0);
}

const cyrillicLetters = /\p{Script=Cyrillic}/gu;
const bulgarianHardSign = /ъ(?=[бвгджзклмнпрстфхцчшщ])/iu;
// Words only one of them has: Russian что, его, уже; Ukrainian це, як, його, але (not що: Bulgarian
// has it too);
// Bulgarian ще, са, които, това. franc's trigrams took three in four short Russian texts without ы, э
// or ё for Bulgarian or Ukrainian (Novaya Gazeta's headlines), so without such a word it is Russian,
// by far the commonest of them in the feeds Parley reads.
const functionWords: ReadonlyArray<[string, RegExp]> = [
  ['uk', /(?<!\p{L})(?:це|як|його|але|або|щоб|цей|ця|від)(?!\p{L})/giu],
  ['bg', /(?<!\p{L})(?:ще|са|които|който|която|това|тези|беше|прие|що се)(?!\p{L})/giu],
  ['ru', /(?<!\p{L})(?:что|его|чтобы|этот|эта|уже)(?!\p{L})/giu],
];

function byFunctionWords(sample: string): string {
  let best = 'ru';
  let most = 0;
  for (const [language, words] of functionWords) {
    const count = sample.match(words)?.length ?? 0;
    if (count > most) [best, most] = [language, count];
  }
  return best;
}

const cyrillicLanguages = ['rus', 'ukr', 'bel', 'bul', 'srp', 'mkd', 'kaz'];

/**
 * A Cyrillic text's language. franc's trigrams take short Russian news texts for Bulgarian or Serbian
 * (a quarter of a day's Russian feeds); the letters each language alone has settle most of them, and
 * franc decides among the Cyrillic languages only when they do not.
 */
function cyrillicLanguage(sample: string): string | null {
  const ukrainian = ukrainianOnly.test(sample);
  const russian = russianOnly.test(sample);
  if (!otherCyrillic.test(sample)) {
    if (ukrainian && !russian) return 'uk';
    if (russian && !ukrainian) return 'ru';
    // Neither: Bulgarian when ъ is a vowel inside a word ("България", "със"; Russian ъ
    // comes only before е ё ю я, "объявил", or ends the old spelling "Коммерсантъ"); else the function
    // words each language alone has.
    if (!ukrainian && !russian) {
      if (bulgarianHardSign.test(sample)) return 'bg';
      return byFunctionWords(sample);
    }
  }
  return toIso6391.get(franc(sample, { minLength: MIN_CHARS, only: cyrillicLanguages })) ?? null;
}

/** ISO 639-1 code of the text's language, or null when the text is too short or franc cannot tell. */
export function detectLanguage(text: string): string | null {
  const sample = text.slice(0, SAMPLE_CHARS).trim();
  if (sample.length < MIN_CHARS) return null;
  if (isMostlyHebrew(sample)) return 'he';
  const cyrillic = sample.match(cyrillicLetters)?.length ?? 0;
  if (cyrillic * 2 > (sample.match(letters)?.length ?? 0)) return cyrillicLanguage(sample);
  const code = franc(sample, { minLength: MIN_CHARS });
  return toIso6391.get(code) ?? null;
}
