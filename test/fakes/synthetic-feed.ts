/** Realistic synthetic RSS for benchmarks and load tests: news-like titles, HTML descriptions, tracking links. */

const subjects = ['Envoys', 'Negotiators', 'Foreign ministers', 'Mediators', 'Delegations', 'Officials'];
const verbs = [
  'meet in',
  'resume talks in',
  'discuss a ceasefire in',
  'sign a framework in',
  'exchange prisoners near',
];
const places = [
  'Istanbul',
  'Doha',
  'Geneva',
  'Riyadh',
  'Cairo',
  'Muscat',
  'Baku',
  'Abu Dhabi',
  'Vienna',
  'Nairobi',
];

function pick<T>(list: readonly T[], n: number): T {
  return list[n % list.length] as T;
}

function paragraph(n: number): string {
  return (
    `<p>${pick(subjects, n)} from both sides ${pick(verbs, n + 1)} ${pick(places, n + 2)} on ${pick(['Monday', 'Tuesday', 'Friday'], n)}, ` +
    `according to a statement that said &quot;progress&quot; had been made &amp; that a further round was planned. ` +
    `<a href="/world/${n}">Read more</a></p>`
  );
}

export function syntheticItem(feed: number, item: number, base: string): string {
  const n = feed * 1000 + item;
  const date = new Date(Date.UTC(2026, 10, 20, 12, 0, 0) - item * 3_600_000).toUTCString();
  const content =
    item % 5 === 0
      ? `<content:encoded><![CDATA[${paragraph(n)}${paragraph(n + 1)}${paragraph(n + 2)}]]></content:encoded>`
      : '';
  return `<item>
<title>${pick(subjects, n)} ${pick(verbs, n)} ${pick(places, n)} (${feed}-${item})</title>
<link>${base}/news/${feed}/${item}?utm_source=rss&amp;utm_medium=feed</link>
<guid isPermaLink="false">urn:bench:${feed}:${item}</guid>
<pubDate>${date}</pubDate>
<description><![CDATA[${paragraph(n)}${paragraph(n + 3)}]]></description>${content}
<category>World</category>
</item>`;
}

/** An RSS 2.0 document of `items` items, about 1.5 KB per item. */
export function syntheticFeed(feed: number, items: number, base = 'https://news.example'): string {
  const body = Array.from({ length: items }, (_, i) => syntheticItem(feed, i, base)).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Bench feed ${feed}</title><link>${base}/</link><description>Synthetic</description>
<language>en</language><ttl>30</ttl>
${body}
</channel></rss>`;
}
