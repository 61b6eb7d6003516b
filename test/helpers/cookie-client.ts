// A small HTTP client that behaves like a browser for sign-in tests: a cookie jar per host (with Path and
// Max-Age), redirects followed one by one (so a test can stop at a given URL), and HTML forms read and posted.
export interface JarCookie {
  value: string;
  path: string;
}

export interface ClientResponse {
  url: string;
  status: number;
  headers: Headers;
  text: string;
}

export class CookieClient {
  private readonly jar = new Map<string, Map<string, JarCookie>>();

  cookies(url: string): Map<string, string> {
    const { host, pathname } = new URL(url);
    const result = new Map<string, string>();
    for (const [name, cookie] of this.jar.get(host) ?? []) {
      if (pathname === cookie.path || pathname.startsWith(cookie.path.endsWith('/') ? cookie.path : `${cookie.path}/`) || cookie.path === '/') result.set(name, cookie.value);
    }
    return result;
  }

  cookieHeader(url: string): string {
    return [...this.cookies(url)].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  setCookie(url: string, name: string, value: string, path = '/'): void {
    const host = new URL(url).host;
    if (!this.jar.has(host)) this.jar.set(host, new Map());
    this.jar.get(host)!.set(name, { value, path });
  }

  deleteCookie(url: string, name: string): void {
    this.jar.get(new URL(url).host)?.delete(name);
  }

  /** Stores the Set-Cookie headers of a response to `url`. */
  store(url: string, headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';').map((part) => part.trim());
      const index = pair!.indexOf('=');
      const name = pair!.slice(0, index);
      const value = pair!.slice(index + 1);
      let path = '/';
      let expired = false;
      for (const attribute of attributes) {
        const [key, attrValue = ''] = attribute.split('=');
        if (key!.toLowerCase() === 'path') path = attrValue || '/';
        if (key!.toLowerCase() === 'max-age' && Number(attrValue) <= 0) expired = true;
      }
      if (expired) this.deleteCookie(url, name);
      else this.setCookie(url, name, value, path);
    }
  }

  async request(url: string, init: { method?: string; form?: URLSearchParams; json?: unknown; headers?: Record<string, string> } = {}): Promise<ClientResponse> {
    const headers: Record<string, string> = { ...init.headers };
    const cookie = this.cookieHeader(url);
    if (cookie) headers.cookie = cookie;
    if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    const body = init.form?.toString() ?? (init.json !== undefined ? JSON.stringify(init.json) : undefined);
    const response = await fetch(url, { method: init.method ?? (body !== undefined ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    this.store(url, response.headers);
    return { url, status: response.status, headers: response.headers, text: await response.text() };
  }

  /**
   * Follows redirects from `url` until a response is not a redirect or the next location satisfies `stopAt`;
   * returns the last response and, when stopped, the location it stopped at.
   */
  async follow(url: string, stopAt: (location: string) => boolean = () => false, init: Parameters<CookieClient['request']>[1] = {}): Promise<{ response: ClientResponse; stoppedAt: string | null }> {
    let response = await this.request(url, init);
    for (let hops = 0; hops < 20; hops++) {
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) return { response, stoppedAt: null };
      const next = new URL(location, response.url).toString();
      if (stopAt(next)) return { response, stoppedAt: next };
      response = await this.request(next);
    }
    throw new Error(`too many redirects from ${url}`);
  }
}

export interface HtmlForm {
  action: string;
  method: string;
  fields: URLSearchParams;
}

function attribute(tag: string, name: string): string | null {
  const match = new RegExp(`\\b${name}\\s*=\\s*("([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  return match ? (match[2] ?? match[3] ?? match[4] ?? '') : null;
}

function decodeEntities(value: string): string {
  return value.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

/** The forms of an HTML page with their hidden and pre-filled inputs, actions resolved against `pageUrl`. */
export function readForms(html: string, pageUrl: string): HtmlForm[] {
  const forms: HtmlForm[] = [];
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const tag = match[1]!;
    const fields = new URLSearchParams();
    for (const input of match[2]!.matchAll(/<input\b[^>]*>/gi)) {
      const name = attribute(input[0], 'name');
      if (name) fields.set(decodeEntities(name), decodeEntities(attribute(input[0], 'value') ?? ''));
    }
    forms.push({ action: new URL(decodeEntities(attribute(tag, 'action') ?? pageUrl), pageUrl).toString(), method: (attribute(tag, 'method') ?? 'get').toLowerCase(), fields });
  }
  return forms;
}
