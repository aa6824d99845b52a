import { describe, expect, it } from 'vitest';
import type { FeedSource } from '../../../src/domain/feed.js';
import { mergeOpml, parseOpml, writeOpml } from '../../../src/ingest/opml.js';
import type { AppError } from '../../../src/shared/errors.js';

const feed = (url: string, more: Partial<FeedSource> = {}): FeedSource => ({
  url,
  name: null,
  language: null,
  fullText: false,
  ...more,
});

const grouped = `<?xml version="1.0" encoding="UTF-8"?>
<!-- the operator's own list -->
<opml version="2.0" xmlns:parley="https://github.com/parley-bot/parley#opml">
  <head><title>Mine</title></head>
  <body>
    <outline text="International">
      <outline type="rss" text="BBC text" title="BBC World" xmlUrl="https://feeds.bbci.co.uk/news/world/rss.xml" language="en"/>
      <outline text="Nested">
        <!-- served as windows-1251 -->
        <outline type="rss" text="Українська правда" xmlUrl="https://www.pravda.com.ua/rss/" language="uk" parley:fullText="true"/>
      </outline>
    </outline>
    <outline text="Just a note, no feed"/>
    <outline type="rss" text="Duplicate of BBC" xmlUrl="https://feeds.bbci.co.uk/news/world/rss.xml"/>
    <outline TYPE="rss" TEXT="Shouting exporter" XMLURL="https://loud.example/feed"/>
  </body>
</opml>`;

describe('parseOpml', () => {
  it('flattens nested groups in document order, names from title or text, first of each URL wins', () => {
    expect(parseOpml(grouped)).toEqual([
      feed('https://feeds.bbci.co.uk/news/world/rss.xml', { name: 'BBC World', language: 'en' }),
      feed('https://www.pravda.com.ua/rss/', { name: 'Українська правда', language: 'uk', fullText: true }),
      feed('https://loud.example/feed', { name: 'Shouting exporter' }),
    ]);
  });

  it('decodes entities in attributes', () => {
    const xml =
      '<opml version="2.0"><body><outline text="Tom &amp; Jerry &quot;News&quot; &#8211; live" xmlUrl="https://x.example/?a=1&amp;b=2"/></body></opml>';
    expect(parseOpml(xml)).toEqual([
      feed('https://x.example/?a=1&b=2', { name: 'Tom & Jerry "News" – live' }),
    ]);
  });

  it.each([
    [
      'broken XML',
      '<opml version="2.0"><body><outline text="x"></body></opml>',
      /not valid XML: .*\(line 1, column \d+\)/,
    ],
    [
      'an RSS feed instead of OPML',
      '<rss version="2.0"><channel><title>x</title></channel></rss>',
      /not an OPML document/,
    ],
    [
      'an external entity',
      '<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]><opml version="2.0"><head><title>&x;</title></head><body/></opml>',
      /not usable XML: External entities are not supported/,
    ],
  ])('refuses %s with a parse_failed error', (_label, xml, message) => {
    expect(() => parseOpml(xml)).toThrow(message);
    expect(() => parseOpml(xml)).toThrow(expect.objectContaining({ code: 'parse_failed' }) as AppError);
  });

  it('returns no feeds for an OPML document with an empty body', () => {
    expect(parseOpml('<opml version="2.0"><head/><body/></opml>')).toEqual([]);
  });
});

describe('writeOpml', () => {
  const feeds = [
    feed('https://a.example/rss?x=1&y=2', { name: 'Tom & Jerry "News" <daily>', language: 'en' }),
    feed('https://b.example/feed', { name: "Al-Quds' \u2018Daily\u2019", fullText: true }),
    feed('https://c.example/atom.xml'),
    feed('https://d.example/rss', { name: 'Радио Свобода', language: 'ru' }),
  ];

  it('round-trips through parseOpml', () => {
    expect(parseOpml(writeOpml(feeds))).toEqual(feeds);
  });

  it('writes an OPML 2.0 document with escaped attributes', () => {
    const xml = writeOpml(feeds, { title: 'Parley & friends', now: Date.parse('2026-11-26T08:30:00Z') });
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">\n')).toBe(true);
    expect(xml).toContain('<title>Parley &amp; friends</title>');
    expect(xml).toContain('<dateCreated>Thu, 26 Nov 2026 08:30:00 GMT</dateCreated>');
    expect(xml).toContain('text="Tom &amp; Jerry &quot;News&quot; &lt;daily&gt;"');
    expect(xml).toContain('xmlUrl="https://a.example/rss?x=1&amp;y=2"');
    expect(xml).toContain('parley:fullText="true"');
    expect(xml).toContain(
      '<outline type="rss" text="https://c.example/atom.xml" xmlUrl="https://c.example/atom.xml"/>',
    );
  });

  it('leaves dateCreated out when not given a time', () => {
    expect(writeOpml([])).not.toContain('dateCreated');
  });
});

describe('mergeOpml', () => {
  const incoming = [
    feed('https://feeds.bbci.co.uk/news/world/rss.xml', { name: 'BBC again' }),
    feed('https://new.example/rss', { name: 'New & Co' }),
    feed('https://new.example/rss', { name: 'New twice' }),
    feed('https://other.example/feed'),
  ];

  it('adds unknown feeds in an "Imported" group and skips URLs already there', () => {
    const { xml, added, skipped } = mergeOpml(grouped, incoming);
    expect(added.map((f) => f.url)).toEqual(['https://new.example/rss', 'https://other.example/feed']);
    expect(skipped.map((f) => f.name)).toEqual(['BBC again', 'New twice']);
    expect(parseOpml(xml).map((f) => f.url)).toEqual([
      ...parseOpml(grouped).map((f) => f.url),
      'https://new.example/rss',
      'https://other.example/feed',
    ]);
    expect(xml).toMatch(/<outline text="Imported">\s*<outline type="rss" text="New &amp; Co"/);
  });

  it('keeps the existing groups, comments and formatting as they were', () => {
    const { xml } = mergeOpml(grouped, incoming);
    const cut = grouped.indexOf('  </body>');
    expect(xml.slice(0, cut)).toBe(grouped.slice(0, cut));
    expect(xml.endsWith('  </body>\n</opml>')).toBe(true);
    expect(xml).toContain('<!-- served as windows-1251 -->');
  });

  it('adds to the same "Imported" group on the next import', () => {
    const first = mergeOpml(grouped, [feed('https://one.example/rss')]).xml;
    const second = mergeOpml(first, [feed('https://two.example/rss'), feed('https://one.example/rss')]);
    expect(second.skipped.map((f) => f.url)).toEqual(['https://one.example/rss']);
    expect(second.xml.match(/text="Imported"/g)).toHaveLength(1);
    expect(
      parseOpml(second.xml)
        .slice(-2)
        .map((f) => f.url),
    ).toEqual(['https://one.example/rss', 'https://two.example/rss']);
  });

  it('returns the document unchanged when every feed is already there', () => {
    const result = mergeOpml(grouped, [feed('https://loud.example/feed')]);
    expect(result).toEqual({ xml: grouped, added: [], skipped: [feed('https://loud.example/feed')] });
  });

  it('merges into the empty document writeOpml makes for a new file', () => {
    const { xml } = mergeOpml(writeOpml([]), [feed('https://one.example/rss', { name: 'One' })]);
    expect(parseOpml(xml)).toEqual([feed('https://one.example/rss', { name: 'One' })]);
  });

  it('rebuilds a document whose body is an empty element', () => {
    const { xml } = mergeOpml('<opml version="2.0"><head/><body/></opml>', [feed('https://one.example/rss')]);
    expect(parseOpml(xml)).toEqual([feed('https://one.example/rss')]);
  });
});
