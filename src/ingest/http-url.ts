import { AppError } from '../shared/errors.js';

/** Parses a URL to fetch; only http(s) without embedded credentials, fragment dropped (it is never sent). */
export function parseHttpUrl(text: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    throw new AppError('invalid_url', `not a valid URL: ${text}`, { details: { url: text } });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AppError('invalid_url', `only http and https URLs can be fetched, not ${url.protocol}`, {
      details: { url: text },
    });
  }
  if (url.username !== '' || url.password !== '') {
    throw new AppError('invalid_url', 'URLs with a user name or password are not supported', {
      details: { url: url.host },
    });
  }
  url.hash = '';
  return url;
}

/** Resolves a Location against the current URL, refusing loops and more than maxRedirects hops. */
export function nextRedirectUrl(location: string, from: URL, chain: string[], maxRedirects: number): URL {
  const next = parseHttpUrl(location, from);
  if (chain.includes(next.href)) {
    const loop = [...chain, next.href];
    throw new AppError('too_many_redirects', `redirect loop: ${loop.join(' → ')}`, {
      details: { chain: loop },
    });
  }
  if (chain.length > maxRedirects) {
    throw new AppError('too_many_redirects', `more than ${maxRedirects} redirects`, {
      details: { chain: [...chain, next.href] },
    });
  }
  return next;
}
