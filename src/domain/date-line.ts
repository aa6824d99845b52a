/**
 * Recognises a paragraph that is only a date or time stamp ("23.10.2018", "3:59 PM",
 * "Published: 10:00am, 20 Jan, 2020", "12 марта 2025, 14:05", "Оновлено 20 січня"): page metadata that
 * extraction picks up next to the headline or under each comment.
 */
const maxDateLineLength = 60;
const label =
  /^(published|updated|posted|last updated|first published|опубликовано|обновлено|опубліковано|оновлено|veröffentlicht|aktualisiert|stand|publié|mis à jour)( on| am| le)?\s*:?\s*/iu;
// Month and weekday names (by stem, so inflected forms match) in en/de/fr/ru/uk.
const dateStem =
  /^(jan|feb|mar|apr|mai|may|jun|jul|aug|sep|oct|nov|dec|janv|févr|avr|juin|juil|août|déc|mär|okt|dez|mon|tue|wed|thu|fri|sat|sun|lun|mer|jeu|ven|sam|dim|янв|фев|мар|апр|ма[йя]|июн|июл|авг|сен|окт|ноя|дек|січ|лют|берез|квіт|трав|черв|лип|серп|верес|жовт|листоп|груд|понед|вторн|сред|четв|пятн|суббот|воскр|понеділ|вівтор|серед|п.ятн|субот|неділ)\p{L}*\.?$/iu;
// Day periods, zones, ordinal suffixes, weekday abbreviations and the little words between them.
const dateWord =
  /^(am|pm|a\.|m\.|p\.|uhr|gmt|utc|cet|cest|msk|eet|eest|bst|est|edt|et|pt|pst|pdt|st|nd|rd|th|г\.?|р\.?|року|года|год|at|on|um|à|в|о|of|the|de|du|le|mo|di|mi|do|fr|sa|so|пн|вт|ср|чт|пт|сб|вс|нд)$/iu;

const numericDateOrTime = /\d{1,2}[:.]\d{2}|\d{1,4}[./-]\d{1,2}[./-]\d{1,4}/;

/** True when the paragraph is nothing but a (labelled) date and/or time. */
export function isDateLine(paragraph: string): boolean {
  if (paragraph.length > maxDateLineLength || !/\d/.test(paragraph)) return false;
  const words = paragraph.replace(label, '').match(/\p{L}+\.?/gu) ?? [];
  if (!words.every((word) => dateStem.test(word) || dateWord.test(word))) return false;
  // A bare number or a row of figures is not a date: ask for a time, a numeric date or a month name.
  return numericDateOrTime.test(paragraph) || words.some((word) => dateStem.test(word));
}
