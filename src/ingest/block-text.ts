/**
 * Turns an element's content into plain-text paragraphs: every block-level element starts a new
 * paragraph, inline text is joined with collapsed whitespace, `<br>` becomes a line break.
 */
import { type DomElement, type DomNode, isElement, textNode } from './html-dom.js';

// Spec: https://html.spec.whatwg.org/multipage/rendering.html#flow-content-3 (elements rendered as blocks)
const blockTags = new Set(
  [
    'address article aside blockquote center dd details dialog dir div dl dt fieldset figcaption',
    'figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr legend li main menu nav ol p pre section',
    'summary table tbody td tfoot th thead tr ul caption',
  ]
    .join(' ')
    .split(' '),
);
// Soft hyphens and zero-width spaces are invisible in the page and would split words in the text.
const invisible = /[\u00ad\u200b\u2060\ufeff]/g;
const cellTags = new Set(['td', 'th']);
const skippedTags = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'button',
  'select',
  'textarea',
]);

type Collector = { paragraphs: string[]; current: string };

function flush(collector: Collector): void {
  const text = collector.current
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .filter((line) => line.length > 0)
    .join('\n');
  if (text.length > 0) collector.paragraphs.push(text);
  collector.current = '';
}

function walk(node: DomNode, collector: Collector): void {
  if (node.nodeType === textNode) {
    // Source line breaks are whitespace; only <br> breaks a line.
    collector.current += (node.textContent ?? '').replace(invisible, '').replace(/\s+/g, ' ');
    return;
  }
  if (!isElement(node)) return;
  const tag = node.tagName.toLowerCase();
  if (skippedTags.has(tag)) return;
  if (tag === 'br') {
    collector.current += '\n';
    return;
  }
  // Table cells stay on their row's line, so a row reads as one paragraph.
  if (cellTags.has(tag)) collector.current += ' ';
  const block = blockTags.has(tag) && !cellTags.has(tag);
  if (block) flush(collector);
  const children = node.childNodes;
  for (let i = 0; i < children.length; i += 1) {
    const child = children[i];
    if (child) walk(child, collector);
  }
  if (block) flush(collector);
}

/** The paragraphs of an element's rendered text, in document order. */
export function blockParagraphs(root: DomElement): string[] {
  const collector: Collector = { paragraphs: [], current: '' };
  walk(root, collector);
  flush(collector);
  return collector.paragraphs;
}
