import { describe, expect, it } from 'vitest';
import { canonicalUrl, trackingParameters, trackingPrefixes } from '../../../src/ingest/canonical-url.js';

describe('canonicalUrl', () => {
  it.each([
    ['https://example.org/a?utm_source=rss&utm_medium=feed', undefined, 'https://example.org/a'],
    ['https://example.org/a?id=7&utm_campaign=x&page=2', undefined, 'https://example.org/a?id=7&page=2'],
    ['https://example.org/a?fbclid=1&gclid=2&yclid=3&mc_cid=4&mc_eid=5', undefined, 'https://example.org/a'],
    [
      'https://example.org/a?igshid=1&_ga=2&ref_src=3&cmpid=4&ocid=5&at_medium=6&at_campaign=7',
      undefined,
      'https://example.org/a',
    ],
    ['https://example.org/a?UTM_Source=x&q=1', undefined, 'https://example.org/a?q=1'],
    [
      'https://www.dw.com/en/talks/a-72610113?maca=en-rss-en-all-1573-rdf',
      undefined,
      'https://www.dw.com/en/talks/a-72610113',
    ],
    ['https://example.org/a?ref=home&source=x', undefined, 'https://example.org/a?ref=home&source=x'],
    ['https://example.org/a?q=a%20b&utm_source=x', undefined, 'https://example.org/a?q=a%20b'],
    ['https://example.org/a?id=7&amp;utm_source=rss&amp;p=2', undefined, 'https://example.org/a?id=7&p=2'],
    ['https://example.org/a?utm_source=x&&q=1', undefined, 'https://example.org/a?q=1'],
    ['https://example.org/a#section-2', undefined, 'https://example.org/a'],
    ['https://example.org/a?', undefined, 'https://example.org/a'],
    ['HTTPS://Example.ORG:443/Path', undefined, 'https://example.org/Path'],
    ['http://example.org:80/x', undefined, 'http://example.org/x'],
    ['http://example.org:8080/x', undefined, 'http://example.org:8080/x'],
    ['https://example.org', undefined, 'https://example.org/'],
    ['https://example.org/a/./b/../c', undefined, 'https://example.org/a/c'],
    ['https://bücher.example/ä b', undefined, 'https://xn--bcher-kva.example/%C3%A4%20b'],
    ['  https://example.org/padded  ', undefined, 'https://example.org/padded'],
    ['/news/1?utm_source=x', 'https://site.example/feed.xml', 'https://site.example/news/1'],
    ['story.html', 'https://site.example/world/feed.xml', 'https://site.example/world/story.html'],
    ['//cdn.example/x', 'https://site.example/', 'https://cdn.example/x'],
    ['https://absolute.example/x', 'not a url', 'https://absolute.example/x'],
    ['/relative', 'not a url', null],
    ['/relative', undefined, null],
    ['mailto:desk@example.org', undefined, null],
    ['javascript:alert(1)', 'https://site.example/', null],
    ['ftp://example.org/file', undefined, null],
    ['', undefined, null],
    ['http://', undefined, null],
  ])('canonicalises %j (base %j) to %j', (raw, base, expected) => {
    expect(canonicalUrl(raw, base)).toBe(expected);
  });

  // The fast path for plain absolute URLs must agree with the WHATWG parser on every combination.
  const oracleTracking = new RegExp(
    `^(?:${trackingParameters.join('|')}|(?:${trackingPrefixes.join('|')}).*)$`,
    'i',
  );
  function viaUrlParser(raw: string): string | null {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return null;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    url.hash = '';
    const pairs = url.search.slice(1).split('&');
    const kept = pairs.filter((pair) => pair !== '' && !oracleTracking.test(pair.split('=')[0] ?? ''));
    url.search = kept.length === 0 ? '' : `?${kept.join('&')}`;
    return url.href.replace(/\?$/, '');
  }
  const hosts = [
    'example.com',
    'EXAMPLE.com',
    '127.0.0.1',
    '127.1',
    '0x7f.0.0.1',
    'a..b',
    'xn--bcher-kva.de',
    'ex.0x1',
  ];
  const ports = ['', ':80', ':443', ':8080', ':080', ':65536'];
  const paths = [
    '',
    '/',
    '/a/b',
    '/a/./b',
    '/%2e/x',
    '/a b',
    '/a"b',
    '/ü',
    '/a{b}',
    '/a^b',
    '/a|b[c]',
    "/it's",
    '/a/..',
  ];
  const queries = ['', '?', '?a=1', '?utm_source=x', "?q='x'", '?q=a b', '?a=1&fbclid=2&b=3'];
  const combinations = ['http', 'https'].flatMap((scheme) =>
    hosts.flatMap((host) =>
      ports.flatMap((port) =>
        paths.flatMap((path) => queries.map((query) => `${scheme}://${host}${port}${path}${query}#f`)),
      ),
    ),
  );

  it('agrees with the WHATWG URL parser on plain and tricky absolute URLs', () => {
    const disagreements = combinations.filter((raw) => canonicalUrl(raw) !== viaUrlParser(raw));
    expect(disagreements).toEqual([]);
  });
});
