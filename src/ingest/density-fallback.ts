/**
 * A plain content-density heuristic for pages where Readability finds nothing: the page's single
 * `<article>`, else the element whose own `<p>` children hold the most text with few links
 * (the idea of Kohlschütter et al., "Boilerplate Detection using Shallow Text Features", WSDM 2010).
 */
import { blockParagraphs } from './block-text.js';
import { type DomDocument, type DomElement, type DomNode, isElement, textNode } from './html-dom.js';

const maxLinkDensity = 0.5;

/** Each element's text and linked text, in letters (whitespace not counted). */
type Measures = { text: Map<DomNode, number>; linked: Map<DomNode, number> };

const letters = (text: string | null): number => (text ?? '').replace(/\s+/g, '').length;

/**
 * Text and link lengths of every element, in one pass from the leaves up: asking each paragraph for its
 * textContent and its links' re-reads its whole subtree, and on a page of tags never closed (`<p><b>`
 * repeated, which the parser nests ever deeper) every paragraph holds the rest of the page: 20,000 of
 * them took 41 s. Iterative, as such nesting is deeper than the call stack.
 */
function measure(root: DomElement): Measures {
  const text = new Map<DomNode, number>();
  const linked = new Map<DomNode, number>();
  const stack: Array<{ node: DomNode; open: boolean }> = [{ node: root, open: false }];
  while (stack.length > 0) {
    const entry = stack.pop() as { node: DomNode; open: boolean };
    const { node } = entry;
    if (node.nodeType === textNode) {
      text.set(node, letters(node.textContent));
      continue;
    }
    if (!isElement(node)) continue;
    const children = Array.from(node.childNodes);
    if (!entry.open) {
      stack.push({ node, open: true });
      for (const child of children) stack.push({ node: child, open: false });
      continue;
    }
    let total = 0;
    let inLinks = 0;
    for (const child of children) {
      total += text.get(child) ?? 0;
      inLinks += linked.get(child) ?? 0;
    }
    text.set(node, total);
    linked.set(node, node.tagName.toLowerCase() === 'a' ? total : inLinks);
  }
  return { text, linked };
}

function linkDensity(element: DomElement, measures: Measures): number {
  const total = measures.text.get(element) ?? 0;
  return total === 0 ? 1 : (measures.linked.get(element) ?? 0) / total;
}

function densestParent(document: DomDocument, measures: Measures): DomElement | null {
  const scores = new Map<DomElement, number>();
  for (const paragraph of Array.from(document.querySelectorAll('p'))) {
    const parent = paragraph.parentElement;
    if (parent === null || linkDensity(paragraph, measures) > maxLinkDensity) continue;
    scores.set(parent, (scores.get(parent) ?? 0) + (measures.text.get(paragraph) ?? 0));
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
  const root = document.documentElement;
  if (root === null) return [];
  const measures = measure(root);
  const articles = Array.from(document.querySelectorAll('article'));
  const only = articles.length === 1 ? articles[0] : undefined;
  if (only !== undefined && linkDensity(only, measures) <= maxLinkDensity) return blockParagraphs(only);
  const parent = densestParent(document, measures);
  return parent === null ? [] : blockParagraphs(parent);
}
