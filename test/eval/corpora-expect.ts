/**
 * Reads the header comment of a feedparser test case and turns its Python `Expect:` line into
 * clauses Parley can be checked against. Only simple equalities are evaluated: feed / entry title and
 * link, entry description (or summary), len(entries), and the detected encoding; anything else makes the
 * case "not checkable". Format: https://github.com/kurtmckee/feedparser/blob/develop/tests/runtests.py
 */

export type CaseHeader = { expect: string | null; contentType: string | null };

export type Target = { scope: 'feed' | 'entry'; index: number; field: 'title' | 'description' | 'link' };

export type Clause =
  | { kind: 'bozo'; value: boolean }
  | { kind: 'equals'; target: Target; literal: string }
  | { kind: 'count'; n: number }
  | { kind: 'encoding'; label: string }
  | { kind: 'trivial' };

/** The header is ASCII inside a document of any encoding: dropping NULs exposes it in UTF-16/32 files. */
function headerText(body: Uint8Array): string {
  const head = body.subarray(0, 4096);
  if (head.includes(0)) return new TextDecoder('latin1').decode(head.filter((byte) => byte !== 0));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(head);
  } catch {
    return new TextDecoder('latin1').decode(head);
  }
}

export function readHeader(body: Uint8Array): CaseHeader {
  const text = headerText(body);
  const expect =
    /Expect:[ \t]*(.*)$/m
      .exec(text)?.[1]
      ?.replace(/\s*-->.*$/, '')
      .trim() ?? null;
  const contentType = /^\s*Header:\s*Content-type:\s*(.*?)\s*$/im.exec(text)?.[1] ?? null;
  return { expect, contentType };
}

/** Splits on a top-level Python operator (` and `, ` or `), never inside a string literal. */
function splitTopLevel(source: string, operator: string): string[] {
  const parts: string[] = [];
  let quoteChar: string | null = null;
  let start = 0;
  for (let at = 0; at < source.length; at += 1) {
    const char = source[at];
    if (quoteChar !== null) {
      if (char === '\\') at += 1;
      else if (char === quoteChar) quoteChar = null;
    } else if (char === "'" || char === '"') {
      quoteChar = char;
    } else if (source.startsWith(operator, at)) {
      parts.push(source.slice(start, at).trim());
      start = at + operator.length;
      at = start - 1;
    }
  }
  parts.push(source.slice(start).trim());
  return parts;
}

const simpleEscapes: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
};

function unescapeAt(body: string, at: number): { text: string; next: number } {
  const char = body[at + 1] ?? '';
  const hexLength = char === 'x' ? 2 : char === 'u' ? 4 : char === 'U' ? 8 : 0;
  if (hexLength > 0) {
    const hex = body.slice(at + 2, at + 2 + hexLength);
    return { text: String.fromCodePoint(Number.parseInt(hex, 16)), next: at + 2 + hexLength };
  }
  const octal = /^[0-7]{1,3}/.exec(body.slice(at + 1))?.[0];
  if (octal !== undefined)
    return { text: String.fromCodePoint(Number.parseInt(octal, 8)), next: at + 1 + octal.length };
  if (char === '\\' || char === "'" || char === '"') return { text: char, next: at + 2 };
  const mapped = simpleEscapes[char];
  return mapped === undefined ? { text: `\\${char}`, next: at + 2 } : { text: mapped, next: at + 2 };
}

/** A whole Python string literal ('…', "…", u'…', r'…'), or null when the text is anything else. */
export function parsePythonString(source: string): string | null {
  const match = /^([uUrRbB]{0,2})(['"])([\s\S]*)\2$/.exec(source.trim());
  if (match === null) return null;
  const raw = (match[1] ?? '').toLowerCase().includes('r');
  const body = match[3] ?? '';
  if (raw) return body;
  let text = '';
  for (let at = 0; at < body.length; ) {
    if (body[at] === match[2]) return null;
    if (body[at] !== '\\') {
      text += body[at];
      at += 1;
      continue;
    }
    const step = unescapeAt(body, at);
    text += step.text;
    at = step.next;
  }
  return text;
}

const fieldNames: Record<string, Target['field']> = {
  title: 'title',
  description: 'description',
  summary: 'description',
  link: 'link',
};

function parseTarget(source: string): Target | null {
  const match = /^(feed|entries\[(\d+)\])(?:\['(\w+)'\]|\.(\w+))$/.exec(source.trim());
  if (match === null) return null;
  const field = fieldNames[match[3] ?? match[4] ?? ''];
  if (field === undefined) return null;
  if (match[1] === 'feed') return field === 'description' ? null : { scope: 'feed', index: 0, field };
  return { scope: 'entry', index: Number(match[2]), field };
}

function parseClause(source: string): Clause | null {
  if (source === 'not bozo') return { kind: 'bozo', value: false };
  if (source === 'bozo') return { kind: 'bozo', value: true };
  if (source === '1') return { kind: 'trivial' };
  const count = /^len\(entries\)\s*==\s*(\d+)$/.exec(source);
  if (count !== null) return { kind: 'count', n: Number(count[1]) };
  const ord = /^ord\((.+)\)\s*==\s*(\d+)$/.exec(source);
  const ordTarget = ord === null ? null : parseTarget(ord[1] ?? '');
  if (ord !== null && ordTarget !== null) {
    return { kind: 'equals', target: ordTarget, literal: String.fromCodePoint(Number(ord[2])) };
  }
  const equality = /^([\w[\]'.]+)\s*==\s*(.+)$/.exec(source);
  if (equality === null) return null;
  const literal = parsePythonString(equality[2] ?? '');
  if (literal === null) return null;
  if (equality[1] === 'encoding') return { kind: 'encoding', label: literal };
  const target = parseTarget(equality[1] ?? '');
  return target === null ? null : { kind: 'equals', target, literal };
}

/** The clauses of an Expect line, or null when any part of it is beyond these simple forms. */
export function parseExpect(expect: string): Clause[] | null {
  if (splitTopLevel(expect, ' or ').length > 1) return null;
  const clauses = splitTopLevel(expect, ' and ').map(parseClause);
  return clauses.every((clause) => clause !== null) ? (clauses as Clause[]) : null;
}

// The WHATWG Encoding Standard decodes us-ascii and Latin-1 labels as windows-1252 and gb2312 as GBK
// (a subset of gb18030), so a decoder following it names those charsets differently from feedparser.
// Spec: https://encoding.spec.whatwg.org/#names-and-labels
const labelAliases: Record<string, string> = {
  usascii: 'windows1252',
  ascii: 'windows1252',
  iso88591: 'windows1252',
  latin1: 'windows1252',
  cp1252: 'windows1252',
  gb2312: 'gb18030',
  gbk: 'gb18030',
  cp936: 'gb18030',
  sjis: 'shiftjis',
  cp1255: 'windows1255',
};

/** Charset labels compared loosely: case, punctuation and the WHATWG aliases above ignored. */
export function sameCharset(actual: string, expected: string): boolean {
  const canonical = (label: string): string => {
    const flat = label.toLowerCase().replace(/[^a-z0-9]/g, '');
    return labelAliases[flat] ?? flat;
  };
  return canonical(actual) === canonical(expected);
}
