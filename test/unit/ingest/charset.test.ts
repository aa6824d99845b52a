import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeFeedBytes } from '../../../src/ingest/charset.js';

const cyrillicTitle = 'Переговоры в Стамбуле: «прорыв»';
const ukrainianTitle = 'Перемовини у Стамбулі: ґрунт для миру, їхні цілі';

function feed(title: string, encoding: string | null): string {
  const prolog = encoding === null ? '<?xml version="1.0"?>' : `<?xml version="1.0" encoding="${encoding}"?>`;
  return `${prolog}\n<rss version="2.0"><channel><title>${title}</title></channel></rss>`;
}

function titleOf(text: string): string | undefined {
  return /<title>(.*?)<\/title>/.exec(text)?.[1];
}

describe('decodeFeedBytes', () => {
  it.each([
    {
      name: 'windows-1251 named only in the HTTP header',
      bytes: iconv.encode(feed(cyrillicTitle, null), 'windows-1251'),
      contentType: 'application/rss+xml; charset=windows-1251',
      title: cyrillicTitle,
      encoding: 'windows-1251',
      source: 'http',
    },
    {
      name: 'windows-1251 named only in the prolog',
      bytes: iconv.encode(feed(cyrillicTitle, 'windows-1251'), 'windows-1251'),
      contentType: 'text/xml',
      title: cyrillicTitle,
      encoding: 'windows-1251',
      source: 'prolog',
    },
    {
      name: 'windows-1251 in the prolog behind a server-default UTF-8 header',
      bytes: iconv.encode(feed(cyrillicTitle, 'windows-1251'), 'windows-1251'),
      contentType: 'text/xml; charset=utf-8',
      title: cyrillicTitle,
      encoding: 'windows-1251',
      source: 'prolog',
    },
    {
      name: 'windows-1251 in the prolog behind a server-default ISO-8859-1 header',
      bytes: iconv.encode(feed(cyrillicTitle, 'windows-1251'), 'windows-1251'),
      contentType: 'text/xml; charset=ISO-8859-1',
      title: cyrillicTitle,
      encoding: 'windows-1251',
      source: 'prolog',
    },
    {
      name: 'KOI8-R from the prolog',
      bytes: iconv.encode(feed('Переговоры в Стамбуле', 'KOI8-R'), 'koi8-r'),
      contentType: null,
      title: 'Переговоры в Стамбуле',
      encoding: 'koi8-r',
      source: 'prolog',
    },
    {
      name: 'KOI8-U (Ukrainian letters ґ and ї) from a quoted header charset',
      bytes: iconv.encode(feed(ukrainianTitle, null), 'koi8-u'),
      contentType: 'application/xml; charset="koi8-u"',
      title: ukrainianTitle,
      encoding: 'koi8-u',
      source: 'http',
    },
    {
      name: 'x-prefixed windows-1251 label',
      bytes: iconv.encode(feed(cyrillicTitle, null), 'windows-1251'),
      contentType: 'text/xml; charset=x-cp1251',
      title: cyrillicTitle,
      encoding: 'cp1251',
      source: 'http',
    },
    {
      name: 'ISO-8859-1 (read as its windows-1252 superset)',
      bytes: iconv.encode(feed('Café à Genève', 'ISO-8859-1'), 'latin1'),
      contentType: null,
      title: 'Café à Genève',
      encoding: 'windows-1252',
      source: 'prolog',
    },
    {
      name: 'ISO-8859-1 label on bytes with windows-1252 curly quotes',
      bytes: iconv.encode(feed('“Talks” – it’s on', null), 'windows-1252'),
      contentType: 'text/xml; charset=iso-8859-1',
      title: '“Talks” – it’s on',
      encoding: 'windows-1252',
      source: 'http',
    },
    {
      name: 'ISO-8859-15 euro sign',
      bytes: iconv.encode(feed('Prix: 5 €', 'ISO-8859-15'), 'iso-8859-15'),
      contentType: null,
      title: 'Prix: 5 €',
      encoding: 'iso-8859-15',
      source: 'prolog',
    },
    {
      name: 'UTF-8 with a wrong windows-1251 prolog',
      bytes: Buffer.from(feed(cyrillicTitle, 'windows-1251')),
      contentType: null,
      title: cyrillicTitle,
      encoding: 'utf-8',
      source: 'default',
    },
    {
      name: 'UTF-8 with a wrong windows-1252 prolog (euro sign)',
      bytes: Buffer.from(feed('Euro €', 'windows-1252')),
      contentType: 'text/xml',
      title: 'Euro €',
      encoding: 'utf-8',
      source: 'default',
    },
    {
      name: 'UTF-8 with a server-default ISO-8859-1 header and a UTF-8 prolog',
      bytes: Buffer.from(feed(cyrillicTitle, 'utf-8')),
      contentType: 'text/xml; charset=ISO-8859-1',
      title: cyrillicTitle,
      encoding: 'utf-8',
      source: 'prolog',
    },
    {
      name: 'UTF-8 with a wrong ISO-8859-1 header and no prolog encoding',
      bytes: Buffer.from(feed(cyrillicTitle, null)),
      contentType: 'text/xml; charset=ISO-8859-1',
      title: cyrillicTitle,
      encoding: 'utf-8',
      source: 'default',
    },
    {
      name: 'pure ASCII under a windows-1251 header (nothing to disagree about)',
      bytes: Buffer.from(feed('Plain ASCII', null)),
      contentType: 'text/xml; charset=windows-1251',
      title: 'Plain ASCII',
      encoding: 'windows-1251',
      source: 'http',
    },
    {
      name: 'UTF-8 with a BOM',
      bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(feed(cyrillicTitle, 'utf-8'))]),
      contentType: 'text/xml; charset=windows-1251',
      title: cyrillicTitle,
      encoding: 'utf-8',
      source: 'bom',
    },
    {
      name: 'UTF-16LE with a BOM',
      bytes: Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        iconv.encode(feed(cyrillicTitle, 'UTF-16'), 'utf-16le'),
      ]),
      contentType: null,
      title: cyrillicTitle,
      encoding: 'utf-16le',
      source: 'bom',
    },
    {
      name: 'UTF-16BE with a BOM',
      bytes: Buffer.concat([
        Buffer.from([0xfe, 0xff]),
        iconv.encode(feed(cyrillicTitle, 'UTF-16'), 'utf-16be'),
      ]),
      contentType: 'text/xml; charset=utf-8',
      title: cyrillicTitle,
      encoding: 'utf-16be',
      source: 'bom',
    },
    {
      name: 'UTF-16LE without a BOM, recognised by its prolog bytes',
      bytes: iconv.encode(feed(cyrillicTitle, 'UTF-16'), 'utf-16le'),
      contentType: null,
      title: cyrillicTitle,
      encoding: 'utf-16le',
      source: 'prolog',
    },
    {
      name: 'UTF-16BE without a BOM, recognised by its prolog bytes',
      bytes: iconv.encode(feed(cyrillicTitle, 'UTF-16'), 'utf-16be'),
      contentType: 'text/xml',
      title: cyrillicTitle,
      encoding: 'utf-16be',
      source: 'prolog',
    },
    {
      name: 'an unknown charset name',
      bytes: Buffer.from(feed(cyrillicTitle, 'klingon-8')),
      contentType: 'text/xml; charset=klingon-8',
      title: cyrillicTitle,
      encoding: 'utf-8',
      source: 'default',
    },
    {
      name: 'no declaration at all',
      bytes: Buffer.from(feed(cyrillicTitle, null)),
      contentType: null,
      title: cyrillicTitle,
      encoding: 'utf-8',
      source: 'default',
    },
  ])('decodes $name', ({ bytes, contentType, title, encoding, source }) => {
    const decoded = decodeFeedBytes(bytes, contentType);
    expect(titleOf(decoded.text)).toBe(title);
    expect(decoded.encoding).toBe(encoding);
    expect(decoded.source).toBe(source);
  });

  it('removes the BOM and the now meaningless encoding attribute from the prolog', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(feed('x', 'windows-1251'))]);
    const { text } = decodeFeedBytes(bytes, null);
    expect(text.startsWith('<?xml version="1.0"?>')).toBe(true);
    expect(text).not.toContain('encoding=');
  });

  it('takes linear time over an XML declaration that never ends, whitespace after whitespace', () => {
    // 150,000 spaces (far under the byte cap): the encoding-attribute pattern tried every split of them.
    const bytes = Buffer.from(`<?xml${' '.repeat(150_000)}`);
    const started = performance.now();
    expect(decodeFeedBytes(bytes, null).text).toHaveLength(150_005);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('decodes an empty body to an empty string', () => {
    expect(decodeFeedBytes(new Uint8Array(0), 'text/xml; charset=utf-8')).toEqual({
      text: '',
      encoding: 'utf-8',
      source: 'http',
    });
  });

  it('reads a sub-array view of a larger buffer without its neighbours', () => {
    const whole = Buffer.from(`garbage${feed('Sliced', null)}garbage`);
    const view = whole.subarray(7, whole.length - 7);
    expect(decodeFeedBytes(view, null).text.endsWith('</rss>')).toBe(true);
  });
});

describe('decodeFeedBytes with UTF-32', () => {
  const xml = '<?xml version="1.0" encoding="utf-32"?><rss><channel><title>Мир</title></channel></rss>';
  it.each(['utf32le', 'utf32be'] as const)('decodes %s with and without a BOM', (encoding) => {
    const bytes = iconv.encode(xml, encoding, { addBOM: false });
    const bom = encoding === 'utf32le' ? [0xff, 0xfe, 0, 0] : [0, 0, 0xfe, 0xff];
    expect(decodeFeedBytes(bytes, null).text).toContain('<title>Мир</title>');
    expect(decodeFeedBytes(Buffer.concat([Buffer.from(bom), bytes]), null).text).toContain(
      '<title>Мир</title>',
    );
  });
});

describe('decodeFeedBytes with a UTF-8 label on bytes that are not UTF-8', () => {
  it('reads Latin-1 bytes under a UTF-8 prolog as windows-1252', () => {
    const bytes = iconv.encode(
      '<?xml version="1.0" encoding="utf-8"?><rss><channel><title>Anaïs</title></channel></rss>',
      'latin1',
    );
    expect(decodeFeedBytes(bytes, null)).toMatchObject({ encoding: 'windows-1252' });
    expect(decodeFeedBytes(bytes, null).text).toContain('Anaïs');
  });

  it('keeps UTF-8 when one stray byte breaks otherwise valid UTF-8', () => {
    const bytes = Buffer.concat([
      Buffer.from('<rss><channel><title>Переговоры'),
      Buffer.from([0xff]),
      Buffer.from('</title></channel></rss>'),
    ]);
    expect(decodeFeedBytes(bytes, null).text).toContain('Переговоры');
  });
});
