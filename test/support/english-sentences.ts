/** English sentences left in a reply once data (commands, @names, zones, outlet names, English-only test labels) is removed. */
import { testTopics } from './telegram-bot-harness.js';

const englishOnlyLabels = testTopics.filter((t) => t.labels === undefined).map((t) => t.label);
const outlets = ['Kyiv Independent', 'Al Jazeera', 'Reuters', 'Meduza'];

/** The English sentences (3+ Latin words in a row) left once data is taken out. */
export function englishIn(html: string): string[] {
  let text = html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
  for (const label of [...englishOnlyLabels, ...outlets]) text = text.split(label).join(' ');
  text = text
    .replace(/\/[a-z_]+(@\w+)?/g, ' ') // commands
    .replace(/@\w+/g, ' ')
    .replace(/\b[A-Za-z_]+\/[A-Za-z_/+-]+/g, ' '); // IANA zones
  return text.match(/[A-Za-z][A-Za-z'’]*(?:[ \t]+[A-Za-z][A-Za-z'’]*){2,}/g) ?? [];
}
