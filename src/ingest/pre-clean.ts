/**
 * Removes page furniture before Readability scores the page: scripts, navigation, and blocks whose
 * class, id, role or aria-label says they are a newsletter box, donation appeal, share bar, cookie
 * banner, paywall, promotion, advert or reader comments. Readability's own "unlikely candidates"
 * list misses most of these (https://github.com/mozilla/readability/blob/main/Readability.js,
 * REGEXPS.unlikelyCandidates).
 */
import type { DomDocument, DomElement } from './html-dom.js';

const droppedTags =
  'script, style, noscript, template, iframe, svg, nav, dialog, [hidden], [aria-hidden="true"]';
const droppedRoles = new Set([
  'navigation',
  'banner',
  'contentinfo',
  'dialog',
  'alertdialog',
  'search',
  'complementary',
]);

// Whole tokens of class/id names (split on space, dash, underscore, camelCase) that mark furniture.
const furnitureToken =
  /^(newsletters?|subscribe|subscription|subscriptions|signup|donate|donation|donations|related|share|sharing|sharebar|social|socials|cookie|cookies|consent|gdpr|paywall|promo|promotion|advert|advertisement|adverts|ads|ad|sponsor|sponsored|outbrain|taboola|breadcrumb|breadcrumbs|popup|modal|banner|recommended|recirculation|membership|author|authors|byline|bio)$/;
// Names that describe a state of a container ("has-ads", "js-section--has-ads") or a BEM modifier
// ("TestReport__Section--Ads", https://getbem.com/naming/) say what is inside, not what it is.
const stateName = /(^|[-_])(has|with|no)[-_]/i;
const bemModifier = /--.*$/;
// Reader comments (WordPress, Disqus and similar markup) are removed whatever their length.
const commentName =
  /^(comments?|commentlist|comment-list|comments-area|comment-respond|respond|disqus_thread|comment-\d+)$/i;
const furnitureLabel = /newsletter|subscri|donat|share|social|cookie|related|advert|sponsor|breadcrumb/i;
// Never remove the page's own containers, whatever their class says, nor a block that holds much
// unlinked text: wrappers of whole articles carry classes like "has-ads" or "paywall-container".
const protectedTags = new Set(['html', 'body', 'main', 'article']);
const maxRemovedTextChars = 1000;

function tokens(value: string | null): string[] {
  if (value === null) return [];
  return value
    .split(/\s+/)
    .filter((name) => !stateName.test(name))
    .map((name) => name.replace(bemModifier, ''))
    .join(' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[\s_\-:]+/)
    .filter((token) => token.length > 0);
}

function unlinkedTextLength(element: DomElement): number {
  let length = textLength(element);
  for (const link of Array.from(element.querySelectorAll('a'))) length -= textLength(link);
  return length;
}

function textLength(element: DomElement): number {
  return (element.textContent ?? '').replace(/\s+/g, ' ').trim().length;
}

function isComments(element: DomElement): boolean {
  const names = `${element.getAttribute('class') ?? ''} ${element.getAttribute('id') ?? ''}`.split(/\s+/);
  return names.some((name) => commentName.test(name));
}

function isFurniture(element: DomElement): boolean {
  if (protectedTags.has(element.tagName.toLowerCase())) return false;
  if (isComments(element)) return true;
  if (!isMarkedAsFurniture(element)) return false;
  return unlinkedTextLength(element) <= maxRemovedTextChars;
}

function isMarkedAsFurniture(element: DomElement): boolean {
  const role = element.getAttribute('role');
  if (role !== null && droppedRoles.has(role.toLowerCase())) return true;
  const label = element.getAttribute('aria-label');
  if (label !== null && furnitureLabel.test(label)) return true;
  const names = [...tokens(element.getAttribute('class')), ...tokens(element.getAttribute('id'))];
  return names.some((token) => furnitureToken.test(token));
}

function removeAll(list: ArrayLike<DomElement>, keep: (element: DomElement) => boolean): void {
  for (const element of Array.from(list)) {
    if (!keep(element)) element.remove();
  }
}

/** Strips furniture from the document in place. */
export function preClean(document: DomDocument): void {
  removeAll(document.querySelectorAll(droppedTags), () => false);
  removeAll(
    document.querySelectorAll('[class], [id], [role], [aria-label]'),
    (element) => !isFurniture(element),
  );
}
