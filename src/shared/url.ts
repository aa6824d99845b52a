/** True for an absolute http: or https: URL (surrounding spaces allowed). */
export function isHttpUrl(text: string): boolean {
  try {
    const { protocol } = new URL(text.trim());
    return protocol === 'http:' || protocol === 'https:';
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
