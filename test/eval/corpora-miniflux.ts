/**
 * miniflux/v2's encoding fixtures. The corpus holds only the data; the expected strings below are
 * the ones miniflux's own Go tests assert (upstream file and test function cited per case), so
 * "decoded right" means what miniflux means by it.
 */
import { join } from 'node:path';
import { type CaseOutcome, type Expectation, quote, readBody, runCase, sameText } from './corpora-case.js';
import {
  countCategory,
  createSuite,
  notParsed,
  recordCheck,
  recordRun,
  type SuiteReport,
} from './corpora-suite.js';

type Probe =
  | { kind: 'decoded text contains'; snippet: string }
  | { kind: 'feed title'; expected: string }
  | { kind: 'item title'; index: number; expected: string }
  | { kind: 'item count'; n: number };

type MinifluxCase = { file: string; contentType: string | null; expectation: Expectation; probes: Probe[] };

const cafe: Probe[] = [{ kind: 'decoded text contains', snippet: 'Café' }];
const euro: Probe[] = [{ kind: 'decoded text contains', snippet: 'Euro €' }];
// internal/reader/xml/decoder_test.go, TestXMLDocumentWithKOI8REncoding (encoding/koi8r.xml is a byte-identical copy).
const koi8r: Probe[] = [
  { kind: 'feed title', expected: 'Пример RSS ленты' },
  { kind: 'item count', n: 2 },
  { kind: 'item title', index: 0, expected: 'Первая новость' },
];
const ibmRedHat: Probe[] = [{ kind: 'item title', index: 1, expected: 'Mega-Deal: IBM übernimmt Red Hat' }];
const urdu =
  'امریکی عسکری امداد کی بندش کی وجوہات: انڈیا سے جنگ، جوہری پروگرام اور اب دہشت گردوں کی پشت پناہی';

// Spec: https://github.com/miniflux/v2/tree/main/internal/reader (encoding/encoding_test.go,
// xml/decoder_test.go, parser/parser_test.go). `<feed>` without the Atom namespace may be refused.
const cases: MinifluxCase[] = [
  // encoding_test.go: TestCharsetReaderWithUTF8, …WithISO88591 / TestNewReaderWithISO88591Document(AndNoContentType),
  // …WithWindows1252, …WithWindows1252DocumentWithIncorrectProlog, …WithUTF8DocumentWithIncorrectProlog, …WithInvalidProlog.
  { file: 'encoding/utf8.xml', contentType: null, expectation: 'either', probes: cafe },
  { file: 'encoding/iso-8859-1.xml', contentType: null, expectation: 'feed', probes: cafe },
  {
    file: 'encoding/iso-8859-1.xml',
    contentType: 'text/html; charset=ISO-8859-1',
    expectation: 'feed',
    probes: cafe,
  },
  { file: 'encoding/windows-1252.xml', contentType: null, expectation: 'feed', probes: euro },
  {
    file: 'encoding/windows-1252-incorrect-prolog.xml',
    contentType: null,
    expectation: 'feed',
    probes: euro,
  },
  { file: 'encoding/utf8-incorrect-prolog.xml', contentType: null, expectation: 'either', probes: cafe },
  { file: 'encoding/invalid-prolog.xml', contentType: null, expectation: 'either', probes: cafe },
  { file: 'encoding/koi8r.xml', contentType: null, expectation: 'feed', probes: koi8r },
  { file: 'xml/koi8r.xml', contentType: null, expectation: 'feed', probes: koi8r },
  // decoder_test.go, TestXMLDocumentWithISO88591Encoding: a <note>, not a feed; only the decoding is checked.
  {
    file: 'xml/iso88591.xml',
    contentType: null,
    expectation: 'reject',
    probes: [
      { kind: 'decoded text contains', snippet: 'Anaïs' },
      { kind: 'decoded text contains', snippet: 'Jürgen' },
    ],
  },
  // decoder_test.go, TestXMLDocumentWithISO88591FileEncodingButUTF8Prolog: latin1 bytes under a UTF-8
  // prolog. miniflux settles for "Anas" (its TODO says the real text should be recovered); we ask for it.
  {
    file: 'xml/iso88591_utf8_mismatch.xml',
    contentType: null,
    expectation: 'reject',
    probes: [{ kind: 'decoded text contains', snippet: 'Anaïs' }],
  },
  // parser_test.go, TestDifferentEncodingWithResponse: (file, Content-Type, entry index, title).
  {
    file: 'parser/urdu_UTF8.xml',
    contentType: 'text/xml; charset=utf-8',
    expectation: 'feed',
    probes: [{ kind: 'item title', index: 0, expected: urdu }],
  },
  {
    file: 'parser/encoding_WINDOWS-1251.xml',
    contentType: 'text/xml',
    expectation: 'feed',
    probes: [{ kind: 'item title', index: 0, expected: 'Цитата #17703' }],
  },
  {
    file: 'parser/no_encoding_ISO-8859-1.xml',
    contentType: 'application/xml; charset=ISO-8859-1',
    expectation: 'feed',
    probes: [{ kind: 'item title', index: 2, expected: "La criminalité liée surtout à... l'ennui ?" }],
  },
  {
    file: 'parser/encoding_ISO-8859-1.xml',
    contentType: 'application/rss+xml; charset=ISO-8859-1',
    expectation: 'feed',
    probes: [
      {
        kind: 'item title',
        index: 5,
        expected: 'Projekt Jedi: Microsoft will weiter mit US-Militär zusammenarbeiten',
      },
    ],
  },
  {
    file: 'parser/rdf_UTF8.xml',
    contentType: 'application/rss+xml; charset=utf-8',
    expectation: 'feed',
    probes: ibmRedHat,
  },
  { file: 'parser/rdf_UTF8.xml', contentType: 'application/rss+xml', expectation: 'feed', probes: ibmRedHat },
  // Large and small real feeds miniflux parses in its parser tests and benchmarks: parse only.
  { file: 'parser/large_atom.xml', contentType: null, expectation: 'feed', probes: [] },
  { file: 'parser/large_rss.xml', contentType: null, expectation: 'feed', probes: [] },
  { file: 'parser/small_atom.xml', contentType: null, expectation: 'feed', probes: [] },
];

// HTML pages whose charset sits in <meta>: the article reader's concern, not the feed decoder's.
const htmlCases = [
  'utf8.html',
  'iso-8859-1.html',
  'utf8-meta-after-1024.html',
  'iso-8859-1-meta-after-1024.html',
];

function runProbe(report: SuiteReport, label: string, outcome: CaseOutcome, probe: Probe): void {
  const feed = outcome.kind === 'parsed' ? outcome.feed : null;
  if (probe.kind === 'decoded text contains') {
    const text = outcome.decoded?.text ?? '';
    const at = text.indexOf(probe.snippet.slice(0, 2));
    const detail = `missing ${quote(probe.snippet)}; near: ${quote(text.slice(Math.max(at, 0), Math.max(at, 0) + 20))}`;
    recordCheck(report, label, probe.kind, text.includes(probe.snippet), detail);
    return;
  }
  if (probe.kind === 'item count') {
    const got = feed?.items.length ?? null;
    recordCheck(
      report,
      label,
      probe.kind,
      got === probe.n,
      feed ? `got ${got}, expected ${probe.n}` : notParsed(outcome),
    );
    return;
  }
  const got = probe.kind === 'feed title' ? feed?.title : feed?.items[probe.index]?.title;
  const detail = feed ? `got ${quote(got)}, expected ${quote(probe.expected)}` : notParsed(outcome);
  recordCheck(
    report,
    label,
    probe.kind,
    got !== undefined && got !== null && sameText(got, probe.expected),
    detail,
  );
}

export async function runMinifluxSuite(root: string): Promise<SuiteReport> {
  const dir = join(root, 'miniflux');
  const report = createSuite('miniflux');
  for (const testCase of cases) {
    const label =
      testCase.contentType === null ? testCase.file : `${testCase.file} [${testCase.contentType}]`;
    const outcome = await runCase(readBody(join(dir, testCase.file)).body, testCase.contentType);
    recordRun(report, label, testCase.expectation, outcome);
    if (testCase.expectation === 'reject')
      countCategory(report, 'not a feed by design (decoding checked only)');
    for (const probe of testCase.probes) runProbe(report, label, outcome, probe);
  }
  countCategory(report, 'HTML <meta charset> pages, article reader concern: not run', htmlCases.length);
  return report;
}
