import type { Digest, DigestSource, DigestStory } from './build-digest.js';
import { type DigestWords, digestWords } from './digest-words.js';
import { defaultTitle, isolate, moreNote, quietMessage, sourceLine } from './split-parts.js';

/** Plain text for terminals and logs. */
export function renderText(digest: Digest, sourcesShown = 3, words: DigestWords = digestWords.en): string {
  const lines = [defaultTitle(digest, words)];
  if (digest.storyCount === 0) return `${lines[0]}\n\n${quietMessage(digest, words)}\n`;
  for (const section of digest.sections) {
    lines.push('', `== ${section.label} ==`);
    for (const story of section.stories) lines.push(...textStory(story, sourcesShown, words));
    const more = moreNote(section, words);
    if (more !== null) lines.push('', more);
  }
  return `${lines.join('\n')}\n`;
}

function textStory(story: DigestStory, shown: number, words: DigestWords): string[] {
  const lines = [``, `* ${story.title}${story.update ? ` (${words.update})` : ''}`];
  if (story.summary) lines.push(`  ${story.summary}`);
  const link = (s: DigestSource) => (s.url ? `${isolate(s.feed)} <${s.url}>` : isolate(s.feed));
  lines.push(`  ${sourceLine(story.sources, shown, link, words)}`);
  return lines;
}

/** Markdown's special characters in text that is not ours. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>#|])/g, '\\$1');
}

/** CommonMark, for terminals that render it and for pasting elsewhere. */
export function renderMarkdown(
  digest: Digest,
  sourcesShown = 3,
  words: DigestWords = digestWords.en,
): string {
  const lines = [`# ${defaultTitle(digest, words)}`];
  if (digest.storyCount === 0) return `${lines[0]}\n\n${quietMessage(digest, words)}\n`;
  for (const section of digest.sections) {
    lines.push('', `## ${escapeMarkdown(section.label)}`);
    for (const story of section.stories) {
      lines.push('', `**${escapeMarkdown(story.title)}**${story.update ? ` _(${words.update})_` : ''}`);
      if (story.summary) lines.push('', escapeMarkdown(story.summary));
      const link = (s: DigestSource) =>
        s.url
          ? `[${isolate(escapeMarkdown(s.feed))}](<${s.url.replace(/>/g, '%3E')}>)`
          : isolate(escapeMarkdown(s.feed));
      lines.push('', sourceLine(story.sources, sourcesShown, link, words));
    }
    const more = moreNote(section, words);
    if (more !== null) lines.push('', `_${escapeMarkdown(more)}_`);
  }
  return `${lines.join('\n')}\n`;
}
