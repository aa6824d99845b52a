import { describe, expect, it } from 'vitest';
import { htmlToLine, htmlToText, tidyLine, tidyText } from '../../../src/ingest/html-text.js';

describe('htmlToText', () => {
  it.each([
    ['plain text', 'plain text'],
    ['  padded\n\ttext  ', 'padded text'],
    ['<p>One</p><p>Two</p>', 'One\nTwo'],
    ['Line<br>break<br/>again<BR />end', 'Line\nbreak\nagain\nend'],
    ['<div><ul><li>a</li><li>b</li></ul></div>', 'a\nb'],
    ['<b>bold</b> and <i>it<em>al</em>ic</i>', 'bold and italic'],
    ['<a href="/x" title="a > b">link</a> text', 'link text'],
    ['<table><tr><td>a</td><td>b</td></tr></table>', 'a b'],
    [
      'Fish &amp; chips &lt;b&gt; &quot;q&quot; &#39;s&#x27; &euro;5 &hellip;',
      'Fish & chips <b> "q" \'s\' €5 …',
    ],
    ['a&nbsp;&nbsp;b', 'a b'],
    ['AT&T and Q&A', 'AT&T and Q&A'],
    ['x < y and y > z', 'x < y and y > z'],
    ['<p>keep</p><script>var a = "<p>no</p>";</script><style>p{}</style><noscript>no</noscript>', 'keep'],
    ['<SCRIPT type="text/javascript">alert(1)</SCRIPT>after', 'after'],
    ['before<script>never closed', 'before'],
    ['a<!-- hidden <b>comment</b> -->b', 'a b'],
    ['<![CDATA[inside <cdata>]]> outside', 'inside <cdata> outside'],
    ['<?xml version="1.0"?><!DOCTYPE html><p>doc</p>', 'doc'],
    ['<p>\n  spread\n  over\n  lines\n</p>', 'spread over lines'],
    ['<h2>Title</h2>\n\n<p>Body</p>', 'Title\nBody'],
    ['', ''],
  ])('turns %j into %j', (html, expected) => {
    expect(htmlToText(html)).toBe(expected);
  });
});

describe('htmlToLine', () => {
  it.each([
    ['<p>One</p><p>Two</p>', 'One Two'],
    ['Title <br> with break', 'Title with break'],
    ['<h1>Head</h1>\n<div>body</div>', 'Head body'],
  ])('puts %j on one line as %j', (html, expected) => {
    expect(htmlToLine(html)).toBe(expected);
  });
});

describe('tidyText and tidyLine', () => {
  it.each([
    ['a  b\t\tc', 'a b c', 'a b c'],
    ['para one\n\n  para two ', 'para one\npara two', 'para one para two'],
    ['\u00a0x\u2003y\u00a0', 'x y', 'x y'],
  ])('collapse whitespace in %j', (text, asText, asLine) => {
    expect(tidyText(text)).toBe(asText);
    expect(tidyLine(text)).toBe(asLine);
  });
});

describe('htmlToText on hostile input', () => {
  it.each([
    ['tags', '<a'],
    ['quoted attributes', '<a "'],
    ['declarations', '<!'],
  ])('takes linear time over 50,000 %s that are never closed, dropping them as browsers do', (_, unit) => {
    const html = `Ceasefire talks ${unit.repeat(50_000)}`;
    const started = performance.now();
    expect(htmlToText(html)).toBe('Ceasefire talks');
    expect(htmlToLine(html)).toBe('Ceasefire talks');
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
