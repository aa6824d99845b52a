/**
 * A plain content-density heuristic for pages where Readability finds nothing: the page's single
 * `<article>`, else the element whose own `<p>` children hold the most text with few links
 * (the idea of Kohlschütter et al., "Boilerplate Detection using Shallow Text Features", WSDM 2010).
 */
import { blockParagraphs } from './block-text.js';
import type { DomDocument, DomElement } from './html-dom.js';

const maxLinkDensity = 0.5;

function textLength(element: DomElement): number {
  return (element.textContent ?? '').replace(/\s+/g, ' ').trim().length;
}

function linkDensity(element: DomElement): number {
  const total = textLength(element);
  if (total === 0) return 1;
  let linked = 0;
  for (const link of Array.from(element.querySelectorAll('a'))) linked += textLength(link);
  return linked / total;
}

function densestParent(document: DomDocument): DomElement | null {
  const scores = new Map<DomElement, number>();
  for (const paragraph of Array.from(document.querySelectorAll('p'))) {
    const parent = paragraph.parentElement;
    if (parent === null || linkDensity(paragraph) > maxLinkDensity) continue;
    scores.set(parent, (scores.get(parent) ?? 0) + textLength(paragraph));
  }
  let best: DomElement | null = null;
  let bestScore = 0;
  for (const [element, score] of scores) {
    if (score > bestScore) {
      best = element;
      bestScore = score;
    }
  }
  return best;
}

/** The paragraphs of the page's densest text block, or [] when it has none. */
export function densityParagraphs(document: DomDocument): string[] {
  const articles = Array.from(document.querySelectorAll('article'));
  const only = articles.length === 1 ? articles[0] : undefined;
  if (only !== undefined && linkDensity(only) <= maxLinkDensity) return blockParagraphs(only);
  const parent = densestParent(document);
  return parent === null ? [] : blockParagraphs(parent);
}
