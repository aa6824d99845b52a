/** True for an absolute http: or https: URL (surrounding spaces allowed). */
export function isHttpUrl(text: string): boolean {
  try {
    const { protocol } = new URL(text.trim());
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** True for a URL with a user name or password in it (`https://user:pass@host/`), which Parley never fetches. */
export function hasCredentials(text: string): boolean {
  try {
    const { username, password } = new URL(text.trim());
    return username !== '' || password !== '';
  } catch {
    return false;
  }
}

/** A URL in the form that makes two spellings of one address equal; the text itself when it is no URL. */
export function urlKey(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}
