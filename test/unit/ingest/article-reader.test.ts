import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateSync } from 'node:zlib';
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
  it('reads a page whose <meta> claims UTF-16 as UTF-8, as browsers do', () => {
    // Spec: https://html.spec.whatwg.org/multipage/parsing.html#prescan-a-byte-stream-to-determine-its-encoding
    const page = Buffer.from(
      '<html><head><meta charset="utf-16"></head><body><p>Переговоры</p></body></html>',
    );
    expect(htmlCharset(page, 'text/html')).toBe('utf-8');
  });
});
