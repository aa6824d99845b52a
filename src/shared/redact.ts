/**
 * Secrets that other text can carry: a Telegram bot token sits in every Bot API URL
 * (`https://api.telegram.org/bot<token>/sendMessage`), and a network error quotes its URL; Slack tokens
 * and Authorization headers in any message; a key in a feed URL's query. Replaced wherever error text is
 * logged or stored.
 */
const secretPatterns: ReadonlyArray<[RegExp, string]> = [
  // Whatever TELEGRAM_BOT_TOKEN holds, pasted with quotes (%22) or a `bot` prefix too; stops at a quote
  // or backslash, so that a JSON log line stays JSON.
  [/\/bot[^\s/"'\\]*:[^\s/"'\\]+/g, '/bot<token>'],
  [/\b\d{5,}:[\w-]{30,}/g, '<token>'],
  [/\bx(?:ox[abeoprs]|app)-[\w-]+/g, '<token>'],
  // A credential, not a word after one ("Basic Income Talks"): a non-letter in it, or 12 characters or more.
  // A password in a URL: "http://parley:s3cret@host/" → "http://parley:<password>@host/".
  [/(\/\/[^\s/:@]*):[^\s/@]+@/g, '$1:<password>@'],
  [/\b(Bearer|Basic)\s+(?=[\w.~+/=-]*[\d_.~+/=-]|[\w.~+/=-]{12})[\w.~+/=-]+/gi, '$1 <token>'],
  // A key in a URL's query, as some feeds take one: "/rss?apikey=…&lang=en" → "/rss?apikey=<redacted>&lang=en";
  // also named apiToken, client_secret, access_key, private_token, consumer_key… (review).
  [
    /([?&](?:(?:api|access|auth|client|private|app|consumer|session|refresh|id)[_-]?)?(?:key|token|secret)=|[?&](?:password|passwd|auth|sig|signature)=)[^&#\s"'\\]+/gi,
    '$1<redacted>',
  ],
];

export function redactSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of secretPatterns) out = out.replace(pattern, replacement);
  return out;
}
