// URLs are shown on the settings page and in logs: never with the password they may carry.

/** The URL with any password in its user-info replaced by '***' (and the query string dropped: tokens hide there). */
export function redactUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return '(invalid URL)';
  }
  if (url.password) url.password = '***';
  url.search = '';
  url.hash = '';
  return url.toString().replace(/\/$/, '');
}
