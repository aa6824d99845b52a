/**
 * Retry-After as seconds from now: either delay-seconds or an HTTP-date (a date in the past → 0).
 * Spec: https://www.rfc-editor.org/rfc/rfc9110#field.retry-after
 */
export function parseRetryAfter(value: string | null, now: number): number | null {
  const text = value?.trim() ?? '';
  if (text === '') return null;
  if (/^\d+$/.test(text)) return Number(text);
  // An HTTP-date always names a weekday and a GMT time; this keeps Date.parse from guessing at junk.
  if (!/^[A-Za-z]{3}/.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * Cache-Control max-age in seconds; null when absent or when no-cache / no-store forbid reuse.
 * Spec: https://www.rfc-editor.org/rfc/rfc9111#name-cache-control
 */
export function parseMaxAge(cacheControl: string | null): number | null {
  if (!cacheControl) return null;
  let maxAge: number | null = null;
  for (const directive of cacheControl.split(',')) {
    const [rawName = '', rawValue = ''] = directive.split('=', 2);
    const name = rawName.trim().toLowerCase();
    if (name === 'no-cache' || name === 'no-store') return null;
    const value = rawValue.trim().replace(/^"(.*)"$/, '$1');
    if (name === 'max-age' && /^\d+$/.test(value)) maxAge = Number(value);
  }
  return maxAge;
}
