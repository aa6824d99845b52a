import type { DigestLanguage } from '../../domain/chat.js';
import { counted } from '../../domain/local-words.js';

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

const ruParts = counted('ru-RU', 'часть', 'части', 'частей');
// The participle agrees with the count: 1 (21) часть не опубликована, 3 части не опубликованы, 5 частей
// не опубликовано.
const ruRules = new Intl.PluralRules('ru-RU');
const ruNotPosted = (count: number): string => {
  const category = ruRules.select(count);
  const participle =
    category === 'one' ? 'опубликована' : category === 'few' ? 'опубликованы' : 'опубликовано';
  return `ещё ${ruParts(count)} не ${participle}`;
};
// Ukrainian "не опубліковано" takes its object in the accusative: 1 (21) частину, 3 частини, 5 частин.
const ukParts = counted('uk-UA', 'частину', 'частини', 'частин');

export const sharedWords: Readonly<Record<DigestLanguage, SharedWords>> = {
  en: {
    sharedBy: (user, notPosted) =>
      `Shared by ${user}${notPosted > 0 ? ` · ${notPosted} more ${notPosted === 1 ? 'part' : 'parts'} not posted: \`/digest\` shows the whole digest` : ''}`,
    digestName: 'Parley digest',
  },
  // "Опубликовал(а)" would need the person's gender; the participle does not.
  ru: {
    sharedBy: (user, notPosted) =>
      `Опубликовано пользователем ${user}${notPosted > 0 ? ` · ${ruNotPosted(notPosted)}: \`/digest\` покажет весь дайджест` : ''}`,
    digestName: 'Дайджест Parley',
  },
  uk: {
    sharedBy: (user, notPosted) =>
      `Опубліковано користувачем ${user}${notPosted > 0 ? ` · ще ${ukParts(notPosted)} не опубліковано: \`/digest\` покаже весь дайджест` : ''}`,
    digestName: 'Дайджест Parley',
  },
};
