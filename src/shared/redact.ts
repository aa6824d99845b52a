/**
 * Secrets that other text can carry: a Telegram bot token sits in every Bot API URL
 * (`https://api.telegram.org/bot<token>/sendMessage`), and a network error quotes its URL; Slack tokens
 * and Authorization headers in any message. Replaced wherever error text is logged or stored.
 */
const secretPatterns: ReadonlyArray<[RegExp, string]> = [
  [/\/bot\d+:[\w-]+/g, '/bot<token>'],
  [/\b\d{5,}:[\w-]{30,}/g, '<token>'],
  [/\bx(?:ox[abeoprs]|app)-[\w-]+/g, '<token>'],
  // A credential, not a word after one ("Basic Income Talks"): a non-letter in it, or 12 characters or more.
  // A password in a URL: "http://parley:s3cret@host/" → "http://parley:<password>@host/".
  [/(\/\/[^\s/:@]*):[^\s/@]+@/g, '$1:<password>@'],
  [/\b(Bearer|Basic)\s+(?=[\w.~+/=-]*[\d_.~+/=-]|[\w.~+/=-]{12})[\w.~+/=-]+/gi, '$1 <token>'],
];

export function redactSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of secretPatterns) out = out.replace(pattern, replacement);
  return out;
}
