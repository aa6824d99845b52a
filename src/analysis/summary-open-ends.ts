/**
 * The last sentence of a feed description often has no full stop: TASS never puts one, Russian
 * outlets rarely do ("…под лозунгом «В стремлении к миру». Приблизиться к нему, судя по всему, не
 * удалось"). Such a sentence is whole and gets its full stop here. A description the feed cut at a
 * fixed length is not: it ends mid-sentence, usually with "…", else with a comma, a connective or a
 * piece of a word ("…over the past year, bu": Mainichi cuts every description at 150 characters; the
 * feed's cut length is learnt from its recent items, and its cut descriptions are marked "…", in
 * feed-furniture.ts).
 * Page text is not judged this way: there a paragraph without a full stop is a subheading, a byline
 * or furniture ("Advertisement", "Edited by: …", "Data also provided by").
 */

// Quotes and brackets that may close a sentence after its last word.
const closers = `["'»”’)\\]]*`;
// Arabic script's question mark ؟ and semicolon ؛, Urdu's full stop ۔.
const punctuated = new RegExp(`[.!?;:。？！…؟؛۔](?:${closers})$`, 'u');

/** Whether a text ends with a sentence's mark (a full stop, "…", "?", "!", ";", ":"), quotes after it. */
export function endsWithMark(text: string): boolean {
  return punctuated.test(text);
}
// "…", "...", "[…]", "[...]", ". .", and a lone "…" or ">>" that some feeds put instead of a link.
const cutOff = /(?:…|\.\s*\.|\[\s*(?:…|\.\.\.)\s*\]|>>|»»|→)\s*$/u;
// Ends in a comma (Arabic ، too), a colon, a dash, an opening bracket or quote: the sentence goes on.
const danglingMark = /[,:;(\-–—/&+«„“‘،]\s*$/u;
// A word that a sentence does not end with: articles, prepositions, conjunctions, auxiliaries.
const connectives = [
  'and or but nor of the a an to in on at for with by from as into onto than that which who whose whom',
  'its their his her our your is are was were be been being has have had will would could should can may',
  'might must not this these those such about over under between after before during against via per',
  'и а но или либо в во на с со к ко о об обо от до по за из изо у для при про над под без через между',
  'что чтобы как который которая которое которые которых не ни же ли бы его ее её их также',
  'і й та але або чи з із зі від під між щоб що як який яка яке які його її',
  'und oder aber der die das den dem des ein eine einer einen zu mit von für auf im am bei nach dass',
  'et ou mais du le la les un une au aux pour par avec que qui',
  'y del el los las una con por para',
].join(' ');
const connectiveEnd = new RegExp(`(?<![\\p{L}\\p{N}'’-])(?:${connectives.split(' ').join('|')})$`, 'iu');
// A lower-case letter alone at the end is what is left of a word cut by length ("…from the area l").
const letterEnd = /(?<![\p{L}\p{N}'’.-])\p{Ll}$/u;
// A date stamp after a teaser ("Алфавит Карлсона, который живет на крыше 30.07.2025").
const dateEnd = /\d{1,2}[./]\d{1,2}[./]\d{2,4}$/u;
// Hashtags end video descriptions ("…mail-in voting this November. #CNN #News").
const hashtag = /(?:^|\s)#[\p{L}\p{N}_]/u;
// A direct question without its question mark is a teaser that says nothing: "Сможет ли Россия
// запускать тысячи «Шахедов» каждую ночь", "Что известно о российских связях Жордана Барделлы",
// "Will the talks resume". A "how" or "why" lead states what it explains ("Как Мединский получил
// влияние на Путина") and stays; so does "Что касается…", which opens a statement.
const wordEnd = '(?![\\p{L}\\p{N}])';
const directQuestion = new RegExp(
  [
    `^(?:what|who|whom|which|will|would|can|could|should|shall|is|are|do|does|did)${wordEnd}`,
    `^(?:что(?!\\s+касается)|кто|какой|какая|какое|какие|каков\\p{L}*|чем|чего|що(?!\\s+стосується)|хто|який|яка|яке|які|чи)${wordEnd}`,
    `^[\\p{L}-]+\\s+(?:ли|чи)${wordEnd}`,
  ].join('|'),
  'iu',
);
// Fewer words than this without a full stop is a label or a kicker ("Личный опыт", "Follow Le Monde").
const minWords = 5;
// Zero-width spaces and the like that some feeds leave at the end ("…John Brennan. \u200b\u200b").
const trailingInvisible = /[\s\u200b-\u200d\u2060\ufeff]+$/u;

function wordCount(text: string): number {
  return text.split(/\s+/u).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

function hasOpenBracket(text: string): boolean {
  const count = (pattern: RegExp) => text.match(pattern)?.length ?? 0;
  return count(/\(/gu) > count(/\)/gu) || count(/\[/gu) > count(/\]/gu);
}

/**
 * The last piece of a description's paragraph as a sentence: with a full stop when it has no
 * terminal punctuation but reads as a whole statement; otherwise as it is (a question, a cut-off piece
 * or a label, which the summary checks then leave out).
 */
export function closeOpenEnd(piece: string): string {
  const text = piece.replace(trailingInvisible, '');
  if (punctuated.test(text)) return text;
  if (
    text === '' ||
    cutOff.test(text) ||
    danglingMark.test(text) ||
    connectiveEnd.test(text) ||
    letterEnd.test(text) ||
    dateEnd.test(text) ||
    hashtag.test(text) ||
    hasOpenBracket(text) ||
    directQuestion.test(text) ||
    wordCount(text) < minWords
  ) {
    return piece;
  }
  return `${text}.`;
}
