/**
 * Summary checks on real feed items: is any page furniture in a summary, how long are they, does every
 * sentence end as a sentence. The boilerplate count by `isBoilerplate` is circular (the summarizer uses
 * it), so it is counted twice more, independently: by a list of markers written here, and by the data
 * (a summary sentence found verbatim in three or more items of the same source is page furniture, or
 * at least not news). Hits of both are printed for review.
 *
 * As production does per feed (src/scheduler/story-pipeline.ts), each item first loses its source's
 * furniture, learnt here from all the items of that source in the set. The repetition check overlaps
 * that rule (both count a sentence's repeats within one source), so it is not independent of it.
 */

import { type FeedFurniture, furnitureOf, removeFurniture } from '../../src/analysis/feed-furniture.js';
import { type Summary, type SummaryInput, summarizeExtractive } from '../../src/analysis/summary.js';
import { isBoilerplate } from '../../src/domain/boilerplate.js';
import type { CorpusItem } from './sets.js';

export type SummaryChecks = {
  group: string;
  summaries: number;
  multiItem: number;
  empty: number;
  fallbacks: number;
  withBoilerplateByRules: number;
  withBoilerplateByMarkers: number;
  markerHits: string[];
  withRepeatedSentence: number;
  repeatedHits: string[];
  maxChars: number;
  p95Chars: number;
  meanSentences: number;
  allComplete: number;
  /** Summaries made of extracted sentences (not a fallback), and how many of them are all complete. */
  extracted: number;
  extractedComplete: number;
  /** Sentences the feed-furniture rule took out of the summarised items. */
  furnitureRemoved: number;
};

/** Every item text of a set by source, to look summary sentences up in. */
export type SourceTexts = ReadonlyMap<string, readonly string[]>;

/** Each source's furniture, learnt from all its items in the set. */
export type SourceFurniture = ReadonlyMap<string, FeedFurniture>;

const noFurniture: FeedFurniture = { keys: new Set(), wordCounts: [] };

const repeatedIn = 3;

// Independent of src/domain/boilerplate-rules.ts on purpose: plain substrings a reviewer would grep for.
const markers =
  /\bsupport (us|our|independent)\b|\bdonat(e|ion)|\bsubscri(be|ption)|\bnewsletter|\bsign up\b|\bread (more|also)\b|\bcookies?\b|contributed (reporting|to this)|\breporting by\b|\bediting by\b|\bphoto(graph)?:|\bgetty\b|\bshutterstock\b|\bdear readers\b|\ball rights reserved\b|\badvertisement\b|\bclick here\b|\bfollow us\b|\bshare this\b|\bjavascript\b|\blog in\b|\bunlimited access\b|подпис(ывайтесь|аться|ка)|читайте также|поддержите|уважаемые читатели|фото:|реклама|підпис(уйтесь|атися|ка)|читайте також|підтримайте|шановні читачі/iu;
const sentenceEnd = /[.!]["'»”’)\]]*$/u;
const trailingEllipsis = /(\.\.\.|…)["'»”’)\]]*$/u;

export function sourceTexts(items: readonly CorpusItem[]): SourceTexts {
  const texts = new Map<string, string[]>();
  for (const item of items) {
    const list = texts.get(item.source) ?? [];
    list.push(`${item.title}\n${item.summary}\n${item.content ?? ''}`);
    texts.set(item.source, list);
  }
  return texts;
}

function isRepeated(sentence: string, source: string | undefined, texts: SourceTexts): boolean {
  let found = 0;
  for (const text of texts.get(source ?? '') ?? []) {
    if (text.includes(sentence)) found += 1;
    if (found >= repeatedIn) return true;
  }
  return false;
}

export function sourceFurniture(items: readonly CorpusItem[]): SourceFurniture {
  const bySource = new Map<string, SummaryInput[]>();
  for (const item of items)
    bySource.set(item.source, [...(bySource.get(item.source) ?? []), toSummaryInput(item)]);
  return new Map([...bySource].map(([source, inputs]) => [source, furnitureOf(inputs)]));
}

export function toSummaryInput(item: CorpusItem): SummaryInput {
  return {
    title: item.title,
    summary: item.summary,
    content: item.content,
    language: item.language,
    publishedAt: item.publishedAt ?? 0,
  };
}

function percentile(sorted: readonly number[], share: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0;
}

function isFallback(summary: Summary): boolean {
  return summary.sentences.length === 1 && summary.sentences[0]?.score === 0;
}

/** Summarizes every story of a group and counts what a reader would object to. */
export function checkSummaries(
  group: string,
  stories: readonly CorpusItem[][],
  texts: SourceTexts,
  furniture: SourceFurniture,
): SummaryChecks {
  const lengths: number[] = [];
  const checks: SummaryChecks = {
    group,
    summaries: stories.length,
    multiItem: stories.filter((story) => story.length > 1).length,
    empty: 0,
    fallbacks: 0,
    withBoilerplateByRules: 0,
    withBoilerplateByMarkers: 0,
    markerHits: [],
    withRepeatedSentence: 0,
    repeatedHits: [],
    maxChars: 0,
    p95Chars: 0,
    meanSentences: 0,
    allComplete: 0,
    extracted: 0,
    extractedComplete: 0,
    furnitureRemoved: 0,
  };
  let sentenceCount = 0;
  for (const story of stories) {
    const inputs = story.map((item) => {
      const cleaned = removeFurniture(toSummaryInput(item), furniture.get(item.source) ?? noFurniture);
      checks.furnitureRemoved += cleaned.removed;
      return cleaned.item;
    });
    const summary = summarizeExtractive(inputs);
    const sentences = summary.sentences.map((sentence) => sentence.text);
    lengths.push(summary.text.length);
    sentenceCount += sentences.length;
    if (summary.text === '') checks.empty += 1;
    if (isFallback(summary)) checks.fallbacks += 1;
    if (sentences.some((text) => isBoilerplate(text))) checks.withBoilerplateByRules += 1;
    const hits = sentences.filter((text) => markers.test(text));
    if (hits.length > 0) {
      checks.withBoilerplateByMarkers += 1;
      checks.markerHits.push(...hits);
    }
    const repeated = summary.sentences.filter((s) => isRepeated(s.text, story[s.itemIndex]?.source, texts));
    if (repeated.length > 0) {
      checks.withRepeatedSentence += 1;
      checks.repeatedHits.push(...repeated.map((sentence) => sentence.text));
    }
    const complete = sentences.every((text) => sentenceEnd.test(text) && !trailingEllipsis.test(text));
    if (sentences.length > 0 && complete) checks.allComplete += 1;
    if (!isFallback(summary)) {
      checks.extracted += 1;
      if (complete) checks.extractedComplete += 1;
    }
  }
  lengths.sort((a, b) => a - b);
  checks.maxChars = lengths.at(-1) ?? 0;
  checks.p95Chars = percentile(lengths, 0.95);
  checks.meanSentences = stories.length === 0 ? 0 : sentenceCount / stories.length;
  return checks;
}

/** Items grouped by the first words of their folded headline: a crude same-story key. */
export function groupByTitlePrefix(items: readonly CorpusItem[], words = 6): CorpusItem[][] {
  const groups = new Map<string, CorpusItem[]>();
  for (const item of items) {
    const key = (item.title.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, words).join(' ');
    if (key === '') continue;
    const group = groups.get(key) ?? [];
    group.push(item);
    groups.set(key, group);
  }
  return [...groups.values()];
}
