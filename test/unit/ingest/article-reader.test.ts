import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { CONTENT_MAX_CHARS } from '../../../src/domain/item.js';
import { createArticleReader, htmlCharset } from '../../../src/ingest/article-reader.js';
import { useFixtures } from './fetch-helpers.js';

const fixtures = useFixtures();

const paragraph = (n: number) =>
  `<p>Negotiators from both delegations met for a ${n}th session in Doha on Thursday and discussed the sequencing of a phased ceasefire, officials familiar with the talks said.</p>`;
const article = `<!doctype html><html><head><title>Doha round</title></head><body><article>
<h1>Doha round ends without a deal</h1>${[1, 2, 3].map(paragraph).join('')}</article></body></html>`;

// What a link to a report or a photo serves: bytes that are no page at all.
const pdf = Buffer.concat([
  Buffer.from('%PDF-1.4\n1 0 obj\n<< /Length 20000 /Filter /FlateDecode >>\nstream\n'),
  deflateSync(randomBytes(20_000)),
  Buffer.from('\nendstream\nendobj\n'),
]);
const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(20_000)]);

describe('article reader', () => {
  it.each([
    ['text/html; charset=utf-8', article],
    ['application/xhtml+xml', article],
  ])('reads the text of a page served as %s', async (contentType, body) => {
    const server = await fixtures.server({ '/doha': { body, contentType } });
    const text = await createArticleReader(fixtures.fetcher()).readText(server.url('/doha'));
    expect(text).toContain('sequencing of a phased ceasefire');
  });

  it.each([
    ['a page', article, 'sequencing of a phased ceasefire'],
    ['a PDF', pdf, null],
  ])('tells by its first bytes whether %s served without a Content-Type is a page', async (_, body, text) => {
    const server = createServer((_request, response) => response.end(body));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    try {
      const read = await createArticleReader(fixtures.fetcher()).readText(`http://127.0.0.1:${port}/`);
      if (text === null) expect(read).toBeNull();
      else expect(read).toContain(text);
    } finally {
      server.close();
    }
  });

  it.each([
    ['application/pdf', pdf],
    ['image/jpeg', jpeg],
    ['application/octet-stream', pdf],
  ])('finds no article text in a %s document', async (contentType, body) => {
    const server = await fixtures.server({ '/file': { body, contentType } });
    expect(await createArticleReader(fixtures.fetcher()).readText(server.url('/file'))).toBeNull();
  });
});

// A news site's front page: its lead story passes every article check.
const frontPage = `<!doctype html><html><head><title>News Example</title></head><body><main>
<article><h2><a href="/storm">Storm hits coast</a></h2><p>A powerful storm made landfall on the southern coast overnight, cutting power to thousands of homes and forcing evacuations in three districts, officials said.</p></article>
<article><h2><a href="/markets">Markets fall</a></h2><p>Stock markets fell sharply on Tuesday as investors weighed the prospect of higher interest rates and weaker growth in the largest economies.</p></article>
</main></body></html>`;
// The IAB consent framework's notice, as consent walls show it in place of the article.
const consentWall = `<!doctype html><html><head><title>Before you continue</title></head><body><div class="wrap">
<h1>We value your privacy</h1>
<p>We and our 842 partners store and access information on your device, such as cookies, and process personal data, such as unique identifiers and standard information sent by a device, for personalised advertising and content, advertising and content measurement, audience research and services development.</p>
<p>With your permission we and our partners may use precise geolocation data and identification through device scanning. You may click to consent to our and our partners' processing as described above.</p>
<button>Accept all</button><button>Reject all</button></div></body></html>`;

describe('article reader: redirects (found by review)', () => {
  it.each([
    ["the site's front page", '/?utm_source=expired'],
    ['a consent wall that sends the reader back', '/consent?continue=%2Fworld%2Fdoha-round%3Fid%3D7'],
    [
      'a login page with the article, escaped twice, as its return address',
      '/login?state=return_to%3D%252Fworld%252Fdoha-round',
    ],
  ])('finds no article text when the article redirects to %s', async (_, target) => {
    const server = await fixtures.server({
      '/world/doha-round': { redirectTo: target },
      '/': { body: frontPage, contentType: 'text/html' },
      '/consent': { body: consentWall, contentType: 'text/html' },
      '/login': { body: consentWall, contentType: 'text/html' },
    });
    expect(
      await createArticleReader(fixtures.fetcher()).readText(server.url('/world/doha-round')),
    ).toBeNull();
  });

  it('finds no article text when an article at a Cyrillic path redirects to a gate that sends it back', async () => {
    const path = `/${encodeURIComponent('мир')}/${encodeURIComponent('раунд-в-дохе')}`;
    const server = await fixtures.server({
      [path]: { redirectTo: `/consent?continue=${encodeURIComponent(decodeURIComponent(path))}` },
      '/consent': { body: consentWall, contentType: 'text/html' },
    });
    expect(await createArticleReader(fixtures.fetcher()).readText(server.url(path))).toBeNull();
  });

  it('reads an article that moved, redirected to its new address', async () => {
    const server = await fixtures.server({
      '/world/doha-round': { redirectTo: '/world/2025/doha-round?from=rss', status: 301 },
      '/world/2025/doha-round': { body: article, contentType: 'text/html' },
    });
    const text = await createArticleReader(fixtures.fetcher()).readText(server.url('/world/doha-round'));
    expect(text).toContain('sequencing of a phased ceasefire');
  });
});

describe('article reader: length', () => {
  it('keeps at most CONTENT_MAX_CHARS of a huge page, in whole paragraphs', async () => {
    const page = `<!doctype html><html><head><title>Live</title></head><body><article><h1>Live: Doha talks</h1>${Array.from(
      { length: 3000 },
      (_, n) => paragraph(n),
    ).join('')}</article></body></html>`;
    const server = await fixtures.server({ '/live': { body: page, contentType: 'text/html' } });
    const text = (await createArticleReader(fixtures.fetcher()).readText(server.url('/live'))) ?? '';
    expect(text.length).toBeGreaterThan(CONTENT_MAX_CHARS / 2);
    expect(text.length).toBeLessThanOrEqual(CONTENT_MAX_CHARS);
    expect(text.endsWith('said.\n…')).toBe(true);
  });
});

describe('htmlCharset', () => {
  // A page in Latin-1 with its curly quotes and en dash (0x93, 0x94, 0x96), as browsers read them.
  const latin = Buffer.concat([
    Buffer.from('<html><head><meta charset="iso-8859-1"></head><body><p>'),
    Buffer.from([0x93, 0x43, 0x61, 0x66, 0xe9, 0x94, 0x20, 0x96, 0x20, 0x6f, 0x6b]),
    Buffer.from('</p></body></html>'),
  ]);

  it.each([
    ['its HTTP header', 'text/html; charset=ISO-8859-1'],
    ['its <meta> alone', 'text/html'],
  ])(
    'reads a page labelled ISO-8859-1 in %s as windows-1252, as browsers do (found by review)',
    (_, type) => {
      expect(iconv.decode(latin, htmlCharset(latin, type))).toContain('\u201cCafé\u201d \u2013 ok');
    },
  );

  it('reads a page with a UTF-8 byte-order mark as UTF-8 whatever its header says, as browsers do (found by review)', () => {
    const page = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('<html><body><p>Переговоры</p></body></html>'),
    ]);
    expect(htmlCharset(page, 'text/html; charset=windows-1251')).toBe('utf-8');
  });

  it('reads a page whose <meta> claims UTF-16 as UTF-8, as browsers do', () => {
    // Spec: https://html.spec.whatwg.org/multipage/parsing.html#prescan-a-byte-stream-to-determine-its-encoding
    const page = Buffer.from(
      '<html><head><meta charset="utf-16"></head><body><p>Переговоры</p></body></html>',
    );
    expect(htmlCharset(page, 'text/html')).toBe('utf-8');
  });
});
