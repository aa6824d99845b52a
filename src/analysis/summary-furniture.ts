/**
 * Page furniture that survives as part of a sentence when a page's text is flattened: labels and
 * bylines glued to the next sentence, link lists, prompts to the reader. Found in the news-dumpster
 * 2025-05-21 items (NYT, BBC, CNBC, Fox, AllAfrica), which carry page text without paragraph breaks.
 */
import { primaryLanguage } from '../domain/item.js';

const link = /https?:\/\/|www\.|\S@\S|(?:^|\s)@\w|[\p{L}\p{N}-]\.(?:com|org|net|info|ru|ua|io)\b/iu;
// Flattened page text glues furniture to the next sentence: "Russia-Ukraine War Advertisement
// Supported by Russia's intelligence services…", "By Graham Bowley Three ancient artworks…",
// "…REJECTS CEASEFIRE EXTENSION PROPOSAL A few dozen Israeli activists…".
const advertLead =
  /^(?:.{0,60}?(?<![\p{L}\p{N}])(?:Advertisement|Anzeige|Реклама)\s+(?:Supported by\s+)?(?:News [Aa]nalysis\s+)?(?=\p{Lu}|["“«„])|In this article\s+)/u;
// A label before a colon: "FIRST ON FOX:", "EXCLUSIVE:", "WATCH:". Only the usual labels: other words
// in capitals before a colon are a speaker ("WHITE HOUSE:", "МИД РФ:") and stay.
const labelLead =
  /^(?:FIRST ON [\p{Lu}\p{N}]+|EXCLUSIVE|BREAKING(?: NEWS)?|JUST IN|WATCH|LIVE(?: UPDATES)?|UPDATED?|ANALYSIS|OPINION|VIDEO|PHOTOS|ЭКСКЛЮЗИВ|ВИДЕО|СРОЧНО|ЕКСКЛЮЗИВ|ВІДЕО|ТЕРМІНОВО):\s+(?=\p{Lu}|["“«„])/u;
const bylineLead = /^(?:By|BY) \p{Lu}[\p{L}'’.-]+ \p{Lu}[\p{L}'’.-]+ /u;
const shouted = /^[\p{Lu}\p{N}'’-]{3,}[,:]?$/u;
// Link lists flattened into one line: "VideoPalace shock Man City…", "WatchHow the talks…".
const gluedLabel = /(?:^|\s)(?:Video|Audio|Watch|Listen|Gallery|Photos|Live)\p{Lu}\p{Ll}/u;
const maxShoutedRun = 3;
// Words that address the reader, outside quotations: page prompts, not reports. "Please" outside a
// quotation is never news prose; "you" sometimes is (features), so it only lowers the score.
const quoted = /["“”«»„][^"“”«»„]*["“”«»„]/gu;
const readerWords =
  /(?<![\p{L}\p{N}])(you|your|you're|you've|vous|votre|вы|вас|вам|ваш\p{L}*|ви|ваш\p{L}*)(?![\p{L}\p{N}])/iu;
const pleaseWords = /(?<![\p{L}\p{N}])(please|пожалуйста|будь ласка|bitte|s'il vous plaît)(?![\p{L}\p{N}])/iu;
// A sentence that ends in "U.S." was usually cut from "U.S. Capitol", "U.S. officials" by the segmenter.
const initialismEnd = /(?:^|\s)(?:\p{Lu}\.){2,}$/u;
// A sentence that opens with a pronoun or a connective leans on the one before it, which a summary
// may not include ("But Ukraine likely wasn't the only topic.", "He added that…"), as does one that
// attributes what came before ("Об этом сообщило министерство…", "Про це повідомив…": "This was reported by").
// A word ends at a non-letter, or at an apostrophe that starts a contraction ("It’s", "We’re").
const wordEnd = String.raw`(?=$|[^\p{L}\p{N}'’]|['’](?:s|re|ve|ll|d|m)(?![\p{L}\p{N}]))`;
// A demonstrative before a time word points at the calendar, not at an earlier sentence ("This week's
// talks in Geneva…").
const timeWords = String.raw`(?!\s+(?:same\s+|next\s+|last\s+)?(?:week|weekend|year|month|morning|afternoon|evening|night|time|summer|spring|autumn|fall|winter|day)(?:s|['’]s)?(?![\p{L}\p{N}]))`;
const danglingStart = new RegExp(
  `^(?:he|she|they|it|this|these|those|that|we|i|our|my|but|however|also|and|so|yet|он|она|они|оно|это|эти|мы|я|наш|наши|но|однако|также|и|він|вона|вони|воно|це|ці|ми|я|наш|наші|але|проте|також|і|об\\s+этом|про\\s+це)${wordEnd}${timeWords}`,
  'iu',
);

/**
 * False when a quotation opens and does not close in the sentence (or the reverse): a piece of a
 * quote that runs over several sentences, which reads as a fragment on its own.
 */
export function hasBalancedQuotes(sentence: string): boolean {
  const count = (pattern: RegExp) => sentence.match(pattern)?.length ?? 0;
  // English pairs “…”, German and Ukrainian pairs „…“: either way each “ has a „ or a ” partner.
  return count(/"/g) % 2 === 0 && count(/[„”]/g) === count(/“/g) && count(/«/g) === count(/»/g);
}

function hasShoutedRun(sentence: string): boolean {
  let run = 0;
  for (const word of sentence.split(' ')) {
    run = shouted.test(word) ? run + 1 : 0;
    if (run > maxShoutedRun) return true;
  }
  return false;
}

// First person outside quotation marks: a speaker's words whose quotation marks and speaker are in
// another sentence ("The whole time, we couldn't sleep."). Case matters: "US" is not "us". "I" is a
// numeral after these words or after a capitalised word within a sentence ("World War I", "the Minsk
// I agreement", "Tsar Peter I")…
const numeralBefore = String.raw`(?<!(?:War|Phase|Part|Stage|Round|Type|Class|Title|Chapter|Section|Article|Level|Group|Act|Volume|Book)\s)(?<![\p{L}\p{N},;:]\s+\p{Lu}\p{L}*\s)`;
// …or before a capitalised word, a hyphen and a digit, or "and II" ("Oslo I Accord", "I-95").
const numeralAfter = String.raw`(?!\s+\p{Lu}|-\d|\s+and\s+II)`;
const firstPerson = new RegExp(
  String.raw`(?<![\p{L}\p{N}'’])(?:${numeralBefore}I${numeralAfter}|[Ww]e|us|[Oo]ur|[Mm]y|me|[Мм]ы|[Нн]ас|[Нн]аш(?:а|е|и|у|ей|его|ему|им|ими|ем|их|ой|ою)?|[Яя]|[Мм]не|[Мм]еня|[Мм]и(?!-\d)|[Нн]аш(?:а|е|і|у|ого|ому|ій|ої|ім|им|ими|их|ою)?|[Мм]ені|[Мм]ене)${wordEnd}`,
  'u',
);
const space = /\s/;
const letterAt = /\p{L}/uy;
const elisionAfter = /^(?:\d|[Tt](?:is|was)\b)/;

/** Where a quotation opened at `from` (past its mark) stops: a ‘, a ' or ’ that no letter follows, or the end. */
function quotationStop(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '‘') return i;
    if (c !== "'" && c !== '’') continue;
    letterAt.lastIndex = i + 1;
    if (!letterAt.test(text)) return i;
  }
  return text.length;
}

/**
 * The single quotations of a text, [start, end) each, straight or curly, whose closing mark is also
 * the apostrophe: opened after a space (or at the start), closed by a mark that no letter follows
 * ("‘We’re ready,’", "'Trump's plan' is…"). An elision opens none: "'90s", "Class of '22", "'Tis the
 * season". What /(?:^|(?<=\s))['‘](?!\d|[Tt](?:is|was)\b)(?:[^'‘’]|['’](?=\p{L}))*['’](?!\p{L})/gu
 * matches, without its retrying every opening mark to the end of the text (quadratic: 400 ms for a
 * paragraph of 10 KB): a quotation that fails at its stop fails for every mark before that stop.
 */
export function singleQuotations(text: string): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  let at = 0;
  while (at < text.length) {
    const c = text[at];
    const opens =
      (c === "'" || c === '‘') &&
      (at === 0 || space.test(text[at - 1] ?? '')) &&
      !elisionAfter.test(text.slice(at + 1, at + 6));
    if (!opens) {
      at += 1;
      continue;
    }
    const stop = quotationStop(text, at + 1);
    if (stop < text.length && text[stop] !== '‘') {
      found.push([at, stop + 1]);
      at = stop + 1;
    } else at = Math.max(stop, at + 1);
  }
  return found;
}

/** The text with each single quotation (singleQuotations) replaced by a space. */
export function withoutSingleQuotations(text: string): string {
  let result = '';
  let from = 0;
  for (const [start, end] of singleQuotations(text)) {
    result += `${text.slice(from, start)} `;
    from = end;
  }
  return from === 0 ? text : result + text.slice(from);
}

// What is left of a sentence that opens with a quotation attributed to a pronoun.
// Russian and Ukrainian put the verb first ("«…», — сказал он", "„…“, — заявив він").
const pronounSpeaker =
  /^[\s,.;:!?—–-]*(?:he|she|they|(?:\p{Script=Cyrillic}+\s+)?(?:он|она|они|він|вона|вони))(?![\p{L}\p{N}])/iu;

// The same in French, German, Spanish, Italian and Arabic, asked instead of the rules above of a sentence in
// that language (Italian "I negoziati" is no first person): Italian "Il" is the article, French "Il"
// also the impersonal subject ("Il y a eu", "Il faut", "Il est prévu que"), and a demonstrative before a
// time word points at the calendar ("Diese Woche", "Este lunes", "Questa notte").
const frenchImpersonal = String.raw`(?:y\s|n['’]y\s|faut|fau(?:dra|drait)|ne\s+faut|fallait|s['’]agit|reste|ne\s+reste|semble|semblait|a\s+fallu|aura\s+fallu|existe|suffit|convient|para[iî]t|est\s+(?:\p{L}+\s+){0,2}(?:de|d['’]|que|qu['’]))`;
const germanTime =
  'woche|jahr|jahres|monat|monats|wochenende|morgen|abend|nacht|tag|tage|tages|mal|saison|sommer|winter|frühjahr|herbst|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag';
const spanishTime =
  'semana|año|mes|fin|mañana|tarde|noche|madrugada|día|días|verano|invierno|otoño|primavera|lunes|martes|miércoles|jueves|viernes|sábado|domingo';
const italianTime =
  'settimana|anno|mese|fine|mattina|pomeriggio|sera|notte|weekend|estate|inverno|lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica';
const notWord = String.raw`(?![\p{L}\p{N}])`;
const danglingIn: Readonly<Record<string, RegExp>> = {
  fr: new RegExp(
    String.raw`^(?:il(?!\s+${frenchImpersonal})|ils|elle|elles|cela|ceci|celui-ci|celle-ci|ceux-ci|celles-ci|mais|cependant|toutefois|pourtant)(?![\p{L}\p{N}'’-])`,
    'iu',
  ),
  de: new RegExp(
    String.raw`^(?:er|sie|(?:dies|diese|dieser|dieses|diesen)(?!\s+(?:${germanTime})${notWord})|aber|jedoch|zudem|außerdem)${notWord}`,
    'iu',
  ),
  es: new RegExp(
    String.raw`^(?:él|ella|ellos|ellas|esto|eso|(?:este|esta|estos|estas)(?!\s+(?:${spanishTime})${notWord})|pero|sin\s+embargo|además)${notWord}`,
    'iu',
  ),
  it: new RegExp(
    String.raw`^(?:lui|lei|loro|(?:questo|questa|questi|queste)(?!\s+(?:${italianTime})${notWord})|ma|tuttavia|però|inoltre)${notWord}`,
    'iu',
  ),
  // Arabic: a verb of saying whose subject is its pronoun ("وأضاف أن", and he added that; "وقال إن"),
  // not one with its speaker ("وقال الوزير إن"); and a connective ("لكن", but; "كما", also).
  ar: /^(?:و?(?:أضاف|أضافت|قال|قالت|تابع|تابعت|أكد|أكدت|أشار|أشارت|لفت|لفتت|أوضح|أوضحت|اعتبر|اعتبرت)\s+(?:أن|إن|:)|وهو|وهي|وهم|و?لكن(?:ه|ها|هم)?|غير\s+أن|كما)(?=\s|$|:)/u,
};

/** The rules of its own language for a sentence in French, German, Spanish, Italian or Arabic; else none. */
function ownRules(language: string | null): RegExp | undefined {
  const primary = primaryLanguage(language);
  return primary === null ? undefined : danglingIn[primary];
}

/**
 * True when the sentence leans on another: it opens with a word that refers back, or speaks in the first
 * person outside quotation marks (in English, Russian and Ukrainian, and any language without rules of
 * its own; in French, German, Spanish, Italian and Arabic by their own rules). (A quotation that opens with such
 * a word keeps its speaker in the sentence, "'This is a first step,' Fidan said": measured on BBC News,
 * penalising those too loses 0.6 ROUGE-2; unless the speaker is a pronoun, "'This is not my war,' he
 * told reporters".)
 */
export function leansOnPrevious(sentence: string, language: string | null = null): boolean {
  return refersBack(sentence, language) || speaksInFirstPerson(sentence, language);
}

/** First person outside quotation marks ("We look at the players", "Мы ждали"). */
export function speaksInFirstPerson(sentence: string, language: string | null = null): boolean {
  return ownRules(language) === undefined && firstPerson.test(unquotedPart(sentence));
}

/**
 * The part of leansOnPrevious that the sentence right before it answers: a word that refers back, or a
 * quotation's pronoun speaker (the first person speaks for someone the text may never name).
 */
export function refersBack(sentence: string, language: string | null = null): boolean {
  const own = ownRules(language);
  if (own !== undefined) return own.test(sentence);
  const unquoted = unquotedPart(sentence);
  return (
    danglingStart.test(sentence) ||
    // A quotation whose speaker is a pronoun ("'This is not my war,' he told reporters.") has none here.
    (unquoted !== sentence && pronounSpeaker.test(unquoted))
  );
}

function unquotedPart(sentence: string): string {
  return withoutSingleQuotations(sentence.replace(quoted, ' '));
}

/** True when the sentence speaks to the reader outside quotations ("your inbox", "you can"). */
export function addressesReader(sentence: string): boolean {
  return readerWords.test(sentence.replace(quoted, ' '));
}

function asksReader(sentence: string): boolean {
  return pleaseWords.test(sentence.replace(quoted, ' '));
}

/** The sentence without a furniture label at its start ("… Advertisement Supported by", "FIRST ON FOX:"). */
export function cleanSentenceStart(sentence: string): string {
  return sentence.replace(advertLead, '').replace(labelLead, '');
}

/** True for a sentence that is (or carries) page furniture rather than news prose. */
export function looksLikeFurniture(sentence: string): boolean {
  return looksLikeWrittenFurniture(sentence) || initialismEnd.test(sentence);
}

/**
 * looksLikeFurniture for a sentence someone wrote whole (an LLM's answer) rather than one the segmenter
 * cut from a page: it may end in "U.S." ("…brokered by the U.S.").
 */
export function looksLikeWrittenFurniture(sentence: string): boolean {
  return (
    link.test(sentence) ||
    bylineLead.test(sentence) ||
    gluedLabel.test(sentence) ||
    asksReader(sentence) ||
    hasShoutedRun(sentence)
  );
}
