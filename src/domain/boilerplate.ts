/**
 * Recognises paragraphs that are page furniture rather than article text: donation appeals,
 * newsletter boxes, "Read more" links, cookie and paywall notices, credits, share prompts.
 */
import { type BoilerplateRule, boilerplateRules, messageKinds } from './boilerplate-rules.js';
import { isDateLine } from './date-line.js';

// A "Read also:" / "Читайте также:" heading on its own introduces a link list that follows it.
const listHeading =
  /^(read (more|also)|see also|related( (stories|articles|coverage))?|more on this (story|topic)|читайте также|читайте також|по теме|по темі|смотрите также|дивіться також|lesen sie auch|mehr zum thema|lire aussi|lee también|leggi anche|leia também|veja também|czytaj także|zobacz także|ayrıca okuyun|اقرأ أيضا)\s*:?$/iu;
const maxLinkTitleLength = 200;
const maxLinkTitles = 5;

function normalise(paragraph: string): string {
  return paragraph.replace(/[\s\u00a0]+/g, ' ').trim();
}

function matches(text: string, rules: readonly BoilerplateRule[]): boolean {
  return rules.some((rule) => text.length <= rule.maxLength && rule.pattern.test(text));
}

const messageRules = boilerplateRules.filter((rule) => messageKinds.has(rule.kind));

function isBoilerplateLine(line: string): boolean {
  const text = normalise(line);
  return text.length === 0 || isDateLine(text) || matches(text, boilerplateRules);
}

/**
 * True when the paragraph is page furniture that does not belong in an article's text. A paragraph
 * of several lines is furniture when it is an appeal or notice as a whole, or when every line is.
 */
export function isBoilerplate(paragraph: string): boolean {
  const lines = paragraph.split('\n');
  if (lines.length === 1) return isBoilerplateLine(paragraph);
  return matches(normalise(paragraph), messageRules) || lines.every(isBoilerplateLine);
}

function looksLikeLinkTitle(paragraph: string): boolean {
  const text = normalise(paragraph);
  return text.length <= maxLinkTitleLength && !/[.!?…»"”]$/u.test(text);
}

/** The paragraphs that are not boilerplate, in order; a link-list heading takes its titles with it. */
export function stripBoilerplate(paragraphs: string[]): string[] {
  const kept: string[] = [];
  let linkTitlesLeft = 0;
  for (const paragraph of paragraphs) {
    if (linkTitlesLeft > 0 && looksLikeLinkTitle(paragraph)) {
      linkTitlesLeft -= 1;
      continue;
    }
    linkTitlesLeft = listHeading.test(normalise(paragraph)) ? maxLinkTitles : 0;
    if (linkTitlesLeft > 0 || isBoilerplate(paragraph)) continue;
    const cleaned = stripLines(paragraph);
    if (cleaned.length > 0) kept.push(cleaned);
  }
  return kept;
}

// Lines joined by <br> often mix furniture ("Views: 1120", "Comments are closed") with text.
function stripLines(paragraph: string): string {
  const lines = paragraph.split('\n');
  if (lines.length === 1) return paragraph;
  return lines.filter((line) => !isBoilerplateLine(line)).join('\n');
}

// Link text that feeds glue to the end of an item's description, in the same line as its last
// sentence: "…the Russian Defense Ministry said Read Full Article at RT.com", "… Read more: https://…",
// "… The post Talks resume appeared first on Example News.", "… Continue reading →". Capitalised as
// feeds write them, and the last two only after a sentence, so that prose keeps its words ("…will
// read more", "The post of envoy appeared first on a list…", "Continue reading the draft, he said").
const trailingLinkText: readonly { words: RegExp; pattern: RegExp }[] = [
  {
    words: /Read|READ/,
    pattern:
      /\s*(?<![\p{L}\p{N}])(?:Read|READ) (?:the |THE )?(?:full|Full|FULL|more|More|MORE|whole|Whole)(?: (?:article|Article|ARTICLE|story|Story|STORY|report|Report))?(?:\s*(?:at|on|:)\s*\S+)?\s*[.…»›→]*$/u,
  },
  {
    words: /appeared first/,
    pattern: /(?<=[.!?…"”»]\s*)The post .{1,300}? appeared first on \p{Lu}[^.]{0,100}\.?$/u,
  },
  {
    words: /Continue|CONTINUE/,
    pattern:
      /(?<=[.!?…"”»]\s*)(?:Continue|CONTINUE) (?:reading|READING)(?:\s.{0,80}?)?\s*(?:→|»|…|\.\.\.)?$/u,
  },
];
// Only the end of a description is looked at: a bounded cost whatever its length.
const linkTextTail = 600;

/** A feed description without the link text glued to its end ("… said Read Full Article at RT.com"). */
export function stripTrailingLinkText(text: string): string {
  const cut = Math.max(0, text.length - linkTextTail);
  const original = text.slice(cut);
  let tail = original;
  // Most descriptions carry none of the three, or one ("Read more"): a scan for each one's words first
  // (the patterns, anchored at the end behind a look-behind, are tried at every position).
  for (const { words, pattern } of trailingLinkText) if (words.test(tail)) tail = tail.replace(pattern, '');
  if (tail === original) return text;
  const result = (text.slice(0, cut) + tail).trimEnd();
  return result === '' ? text : result;
}
