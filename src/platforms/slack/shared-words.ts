import type { DigestLanguage } from '../../domain/chat.js';

/**
 * The words Parley adds to a digest a person shares into a channel, in the digest's language: everyone in
 * the channel reads them. (Slack's answers to the person who typed a command stay in English.)
 */
export type SharedWords = {
  /** Who shared it (`user`, a mention), and how many parts were left out (0: none). */
  sharedBy(user: string, notPosted: number): string;
  /** The notification text of a message that holds only that line. */
  digestName: string;
};

/** "2 parts", "2 части", "5 частин": the noun in the form the count takes (CLDR plural rules). */
function parts(locale: string, one: string, few: string, many: string): (count: number) => string {
  const rules = new Intl.PluralRules(locale);
  return (count) => {
    const category = rules.select(count);
    return `${count} ${category === 'one' ? one : category === 'few' ? few : many}`;
  };
}

const ruParts = parts('ru-RU', 'часть', 'части', 'частей');
const ukParts = parts('uk-UA', 'частина', 'частини', 'частин');

export const sharedWords: Readonly<Record<DigestLanguage, SharedWords>> = {
  en: {
    sharedBy: (user, notPosted) =>
      `Shared by ${user}${notPosted > 0 ? ` · ${notPosted} more ${notPosted === 1 ? 'part' : 'parts'} not posted: \`/digest\` shows the whole digest` : ''}`,
    digestName: 'Parley digest',
  },
  // "Опубликовал(а)" would need the person's gender; the participle does not.
  ru: {
    sharedBy: (user, notPosted) =>
      `Опубликовано пользователем ${user}${notPosted > 0 ? ` · ещё ${ruParts(notPosted)} не опубликовано: \`/digest\` покажет весь дайджест` : ''}`,
    digestName: 'Дайджест Parley',
  },
  uk: {
    sharedBy: (user, notPosted) =>
      `Опубліковано користувачем ${user}${notPosted > 0 ? ` · ще ${ukParts(notPosted)} не опубліковано: \`/digest\` покаже весь дайджест` : ''}`,
    digestName: 'Дайджест Parley',
  },
};
