import type { AnalysableItem } from '../domain/analysis.js';
import { isBoilerplate } from '../domain/boilerplate.js';
import type { PromptLimits } from './summary-prompt.js';
import { isComplete, segmentSentences, sourceText } from './summary-sentences.js';
import { contentTerms, foldText } from './text.js';

/** An answer fit to publish, or why it is not. */
export type AnswerCheck = { ok: true; text: string; sentences: string[] } | { ok: false; reason: string };

// Reasoning models served through Ollama or vLLM put their chain of thought in <think> blocks.
const thinking = /<think>[\s\S]*?<\/think>/giu;
const preamble = /^(?:summary|резюме|підсумок|краткое содержание)\s*:\s*/iu;
const wrappingQuotes = /^["“«](.*)["”»]$/su;
const numberPattern = /\d+(?:[.,\s]\d{3})*(?:[.,]\d+)?/gu;
const quotation = /["“«„]([^"“”«»„]+)["”»“]/gu;
// Counting words turned into digits ("two delegations" → "2 delegations") are not invented facts.
const smallNumber = 10;
const minQuotedWords = 3;

function tidy(answer: string): string {
  const text = answer.replace(thinking, '').trim().replace(preamble, '').replace(/\s+/g, ' ').trim();
  return text.replace(wrappingQuotes, '$1').trim();
}

function numbersIn(text: string): Set<string> {
  return new Set([...text.matchAll(numberPattern)].map((match) => match[0].replace(/[.,\s]/g, '')));
}

function foldedWords(text: string): string {
  return ` ${foldText(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;
}

/** The first number or quotation in the answer that the source text does not contain, if any. */
function unsupported(text: string, source: string): string | null {
  const known = numbersIn(source);
  for (const number of numbersIn(text)) {
    if (!known.has(number) && Number(number) > smallNumber) return `number ${number} is not in the items`;
  }
  const sourceWords = foldedWords(source);
  for (const match of text.matchAll(quotation)) {
    const quote = foldedWords(match[1] ?? '');
    if (quote.trim().split(' ').length >= minQuotedWords && !sourceWords.includes(quote)) {
      return 'a quotation is not in the items';
    }
  }
  return null;
}

/**
 * Whether an LLM answer can stand as the story's summary: not empty, within the sentence and
 * character limits, ending as a sentence, no page furniture, and no number or quotation that the
 * prompt's text does not contain (a cheap guard against invented facts).
 */
export function checkAnswer(
  answer: string,
  promptText: string,
  language: string | null,
  limits: PromptLimits,
): AnswerCheck {
  const text = tidy(answer);
  if (text === '') return { ok: false, reason: 'empty answer' };
  if (text.length > limits.maxChars) return { ok: false, reason: `answer too long (${text.length} chars)` };
  const sentences = segmentSentences(text, language);
  if (sentences.length > limits.maxSentences) {
    return { ok: false, reason: `answer has ${sentences.length} sentences` };
  }
  if (!isComplete(text)) return { ok: false, reason: 'answer does not end as a sentence' };
  if (sentences.some((sentence) => isBoilerplate(sentence)))
    return { ok: false, reason: 'answer has boilerplate' };
  const problem = unsupported(text, promptText);
  return problem === null ? { ok: true, text, sentences } : { ok: false, reason: problem };
}

/**
 * For each sentence of an LLM summary, the item it shares the most content terms with and that share
 * (0–1), so that a summary sentence can be traced to a report.
 */
export function attributeSentences(
  sentences: readonly string[],
  items: readonly AnalysableItem[],
  language: string | null,
): Array<{ text: string; itemIndex: number; score: number }> {
  const itemTerms = items.map(
    (item) => new Set(contentTerms(`${item.title}\n${sourceText(item)}`, item.language ?? language)),
  );
  return sentences.map((text) => {
    const terms = new Set(contentTerms(text, language));
    let itemIndex = 0;
    let score = 0;
    itemTerms.forEach((known, index) => {
      let shared = 0;
      for (const term of terms) if (known.has(term)) shared += 1;
      const share = terms.size === 0 ? 0 : shared / terms.size;
      if (share > score) [itemIndex, score] = [index, share];
    });
    return { text, itemIndex, score };
  });
}
