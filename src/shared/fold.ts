/**
 * Case and diacritic folding shared by every matcher, so that config patterns and item text meet.
 * Latin (and Arabic/Hebrew vowel marks) lose their diacritics; Cyrillic letters whose identity is
 * the mark (й, ї) keep it, because й→и or ї→і would merge different words; ё→е follows Russian
 * print practice, where ё is usually written е.
 */

// Text that needs no Unicode normalisation: ASCII and the Cyrillic block, letters precomposed.
const simpleText = /^[\t\n\r\u0020-\u007e\u0400-\u04ff]*$/;
// Marks to drop after a Latin, Arabic or Hebrew letter: accents, harakat, niqqud. Also after the
// tatweel ـ, which is of no script (Common): a haraka written on the stretch (هـُدنة) would otherwise
// stay in the word once arabic.ts drops the tatweel, and هُدنه meets no pattern.
const foreignMarks = /([\p{Script=Latin}\p{Script=Arabic}\p{Script=Hebrew}\u0640])\p{M}+/gu;
// Stress marks (acute, grave) appear over Cyrillic vowels in some texts; they never carry identity.
const stressMarks = /[\u0300\u0301]/g;
// Soft hyphens and zero-width characters split words invisibly in feeds.
const invisible = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;
// Apostrophe look-alikes: ' ’ ‘ ʼ ` ′ (Ukrainian uses ’ or ʼ in перемир’я; feeds mix them), and the
// Hebrew geresh ׳, which Hebrew writes as often as ' in borrowed sounds: ג׳באליה = ג'באליה.
const apostrophes = /[\u2019\u2018\u02bc\u0060\u2032\u05f3]/g;

function normaliseMarks(text: string): string {
  return text.normalize('NFKD').replace(foreignMarks, '$1').replace(stressMarks, '').normalize('NFC');
}

/** Lower-case, compatibility-normalised text with Latin diacritics removed and apostrophes unified. */
export function foldText(text: string): string {
  const lower = text.toLowerCase();
  const normalised = simpleText.test(lower) ? lower : normaliseMarks(lower).replace(invisible, '');
  return normalised.replace(apostrophes, "'").replaceAll('ё', 'е');
}

/** Removes invisible characters before tokenising, so that offsets refer to the cleaned text. */
export function removeInvisible(text: string): string {
  return invisible.test(text) ? text.replace(invisible, '') : text;
}
