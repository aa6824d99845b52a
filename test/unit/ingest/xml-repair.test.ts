import { describe, expect, it } from 'vitest';
import {
  inspectXml,
  repairAmpersands,
  shieldAtomDates,
  shieldAtomLinks,
  trimToMarkup,
} from '../../../src/ingest/xml-repair.js';

describe('repairAmpersands', () => {
  it.each([
    ['<t>Q&A</t>', '<t>Q&amp;A</t>'],
    ['<l>?a=1&b=2&amp;c=3</l>', '<l>?a=1&amp;b=2&amp;c=3</l>'],
    [
      '<t>&amp; &lt; &gt; &quot; &apos; &#38; &#x26;</t>',
      '<t>&amp; &lt; &gt; &quot; &apos; &#38; &#x26;</t>',
    ],
    ['<t>&nbsp;&eacute;</t>', '<t>&#160;&#233;</t>'],
    ['<t>&bogus; &</t>', '<t>&amp;bogus; &amp;</t>'],
    ['<d><![CDATA[a & b &nbsp;]]></d>', '<d><![CDATA[a & b &nbsp;]]></d>'],
    ['<d><![CDATA[a & b]]></d><t>x & y</t>', '<d><![CDATA[a & b]]></d><t>x &amp; y</t>'],
    ['<d><![CDATA[unterminated & so on', '<d><![CDATA[unterminated & so on'],
  ])('repairs %j as %j', (xml, expected) => {
    expect(repairAmpersands(xml)).toBe(expected);
  });
});

describe('shieldAtomDates', () => {
  it('renames published and updated elements but not lookalikes', () => {
    expect(shieldAtomDates('<published>x</published><updated/><updatedAt>y</updatedAt>')).toBe(
      '<parley-published>x</parley-published><parley-updated/><updatedAt>y</updatedAt>',
    );
  });
});

describe('shieldAtomLinks', () => {
  it('drops entries with nothing in them', () => {
    expect(shieldAtomLinks('<entry/><entry xml:lang="en"> \n</entry><entry><id>1</id></entry>')).toBe(
      '<entry><id>1</id></entry>',
    );
  });

  it('drops entries holding only comments, and no entry past a comment that ends', () => {
    expect(
      shieldAtomLinks(
        '<entry> <!-- ad --> <!-- slot --></entry><entry><!-- x --><id>1</id></entry><entry><!-- y --><id>2</id><!-- z --></entry>',
      ),
    ).toBe('<entry><!-- x --><id>1</id></entry><entry><!-- y --><id>2</id><!-- z --></entry>');
  });

  it('swallows no entry after a comment never closed, and stays linear (review)', () => {
    const real = '<entry><id>1</id><!-- z --></entry>';
    expect(shieldAtomLinks(`<entry><!-- never closed ${real}`)).toBe(`<entry><!-- never closed ${real}`);
    const xml = `<feed>${'<entry> <!-- x --> <!--'.repeat(20_000)}</feed>`;
    const started = performance.now();
    expect(shieldAtomLinks(xml)).toBe(xml);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('renames link elements but not prefixed ones or lookalikes', () => {
    expect(shieldAtomLinks('<link href="a"/><link>b</link><atom:link href="c"/><links/>')).toBe(
      '<parley-link href="a"/><parley-link>b</parley-link><atom:link href="c"/><links/>',
    );
  });
});

describe('inspectXml and trimToMarkup', () => {
  it.each([
    ['<?xml version="1.0"?><rss version="2.0">', 'rss', false, false],
    [
      '<!-- c --><feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://a.example/">',
      'feed',
      false,
      false,
    ],
    ['<!DOCTYPE html><html><body>', 'html', true, false],
    ['<!DOCTYPE r [<!ENTITY e "x">]><rss>', 'rss', false, true],
    ['no markup at all', null, false, false],
  ])('sees %j as root %j (HTML doctype %s, entities %s)', (xml, root, htmlDoctype, declaresEntities) => {
    expect(inspectXml(xml)).toMatchObject({ root, htmlDoctype, declaresEntities });
  });

  it('exposes the root attributes and trims junk before the first tag', () => {
    expect(inspectXml('<feed xml:lang="fr" a=\'>\'>').rootAttributes).toBe(' xml:lang="fr" a=\'>\'');
    expect(trimToMarkup('junk <rss/>')).toBe('<rss/>');
  });
});

describe('repairAmpersands on hostile input', () => {
  it('repairs a feed full of unterminated CDATA starts in linear time, not once per start', () => {
    // 100,000 starts (900 KB, far under the byte cap): each used to rescan the rest of the document.
    const xml = `<rss version="2.0"><channel><title>Q&A</title>${'<![CDATA['.repeat(100_000)}`;
    const started = performance.now();
    const repaired = repairAmpersands(xml);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(repaired.startsWith('<rss version="2.0"><channel><title>Q&amp;A</title><![CDATA[')).toBe(true);
  });
});
