/**
 * The small part of the DOM that article extraction uses, typed structurally: the project compiles
 * without the DOM lib, and linkedom's own declarations refer to it.
 */
import { parseHTML } from 'linkedom';

export type DomNode = {
  readonly nodeType: number;
  readonly textContent: string | null;
  readonly childNodes: ArrayLike<DomNode>;
  readonly parentNode: DomNode | null;
};

export type DomElement = DomNode & {
  readonly tagName: string;
  readonly children: ArrayLike<DomElement>;
  readonly parentElement: DomElement | null;
  getAttribute(name: string): string | null;
  querySelectorAll(selectors: string): ArrayLike<DomElement>;
  appendChild(node: DomNode): DomNode;
  remove(): void;
};

export type DomDocument = {
  readonly body: DomElement;
  readonly head: DomElement;
  readonly documentElement: DomElement | null;
  querySelectorAll(selectors: string): ArrayLike<DomElement>;
};

// Spec: https://dom.spec.whatwg.org/#dom-node-nodetype
export const elementNode = 1;
export const textNode = 3;

const headTags = new Set(['HEAD', 'TITLE', 'META', 'LINK', 'BASE', 'STYLE']);

export function isElement(node: DomNode): node is DomElement {
  return node.nodeType === elementNode;
}

/**
 * linkedom builds no implied <html>, <head> or <body> (https://github.com/WebReflection/linkedom#faq),
 * so a page that omits them, as HTML allows, would look empty to Readability: its nodes are moved
 * where a browser's parser would put them.
 */
function addImpliedElements(document: DomDocument): void {
  const root = document.documentElement;
  if (root === null) return;
  const { head, body } = document;
  for (const node of Array.from(root.childNodes)) {
    if (node === head || node === body) continue;
    const target = isElement(node) && headTags.has(node.tagName.toUpperCase()) ? head : body;
    target.appendChild(node);
  }
}

/** Parses a whole HTML page (or a fragment) with linkedom (jsdom needs Node 22). */
export function parseDocument(html: string): DomDocument {
  let parsed: { document: DomDocument } = parseHTML(html);
  if (parsed.document.documentElement?.tagName.toUpperCase() !== 'HTML') {
    parsed = parseHTML(`<!DOCTYPE html><html>${html.replace(/^\s*<!doctype[^>]*>/i, '')}</html>`);
  }
  addImpliedElements(parsed.document);
  return parsed.document;
}
