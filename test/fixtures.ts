// Where the recorded backend responses live: ../shared/fixtures from the repo root, or WEFT_FIXTURES_DIR.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startLoopbackServer } from './helpers/prometheus';

export function fixturesDir(): string {
  return process.env.WEFT_FIXTURES_DIR ?? path.resolve(process.cwd(), '../shared/fixtures');
}

export function fixturePath(...parts: string[]): string {
  return path.join(fixturesDir(), ...parts);
}

/** The raw text of one fixture file, byte for byte as the backend sent it. */
export function readFixture(...parts: string[]): string {
  return readFileSync(fixturePath(...parts), 'utf8');
}

/** One fixture parsed as JSON (typed unknown on purpose: parsers must validate it). */
export function readFixtureJson(...parts: string[]): unknown {
  return JSON.parse(readFixture(...parts));
}

export interface ManifestEntry {
  file: string;
  method: string;
  url: string;
  path: string;
  params: [string, string | number][];
  request_headers: Record<string, string>;
  request_body: unknown;
  status: number;
  content_type: string;
}

/** The recorded request of every file in one fixture folder (prometheus, pyroscope...). */
export function readManifest(folder: string): ManifestEntry[] {
  return JSON.parse(readFixture(folder, 'manifest.json')) as ManifestEntry[];
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** Query string and, for form posts, body parameters, in order. */
  params: [string, string][];
  contentType: string | undefined;
  json: unknown;
  headers: Record<string, string | string[] | undefined>;
  /** The fixture file that answered, or undefined when nothing matched. */
  answeredWith: string | undefined;
}

export interface FixtureReplay {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export interface FixtureReplayOptions {
  /** Parameters not compared, e.g. relative times ("now-1h") the client sends as absolute ones. */
  ignoreParams?: string[];
}

function sameParams(a: [string, string][], b: [string, string][]): boolean {
  const key = (pairs: [string, string][]) => pairs.map(([k, v]) => `${k}=${v}`).sort().join('&');
  return key(a) === key(b);
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ak = Object.keys(a);
  const bk = Object.keys(b);
  return ak.length === bk.length && ak.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function recordedParams(entry: ManifestEntry, ignore: ReadonlySet<string>): [string, string][] {
  const params = entry.params.map(([k, v]): [string, string] => [k, String(v)]);
  if (typeof entry.request_body === 'string' && entry.request_headers['Content-Type'] === 'application/x-www-form-urlencoded') {
    params.push(...new URLSearchParams(entry.request_body).entries());
  }
  return params.filter(([k]) => !ignore.has(k));
}

/**
 * A loopback server that answers exactly the requests recorded in `folder`/manifest.json with the recorded
 * body, status and content type, so a client test proves both the request it builds and the parse of the
 * real answer. A form POST may match a recorded GET with the same parameters (Prometheus treats them
 * alike); a recording with the same method wins. Anything else gets 418 and a body naming the request,
 * which the client surfaces as an error.
 */
export async function startFixtureReplay(folder: string, options: FixtureReplayOptions = {}): Promise<FixtureReplay> {
  const ignore = new Set(options.ignoreParams ?? []);
  const entries = readManifest(folder);
  const requests: RecordedRequest[] = [];
  const server = await startLoopbackServer((req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://loopback');
    const contentType = req.headers['content-type'];
    const params: [string, string][] = [...url.searchParams.entries()];
    if (contentType?.startsWith('application/x-www-form-urlencoded')) params.push(...new URLSearchParams(body).entries());
    const json: unknown = contentType?.startsWith('application/json') && body ? JSON.parse(body) : undefined;
    const compared = params.filter(([k]) => !ignore.has(k));
    const candidates = entries.filter((e) => {
      if (e.path !== url.pathname) return false;
      if (e.request_headers['Content-Type'] === 'application/json') return req.method === 'POST' && sameJson(e.request_body, json ?? {});
      const methodOk = e.method === req.method || (e.method === 'GET' && req.method === 'POST' && json === undefined);
      return methodOk && sameParams(recordedParams(e, ignore), compared);
    });
    const entry = candidates.find((e) => e.method === req.method) ?? candidates[0];
    requests.push({ method: req.method ?? '', path: url.pathname, params, contentType, json, headers: req.headers, answeredWith: entry?.file });
    if (!entry) {
      res.writeHead(418, { 'Content-Type': 'text/plain' });
      res.end(`no recorded response for ${req.method} ${url.pathname} ${JSON.stringify(params)} ${body}`);
      return;
    }
    res.writeHead(entry.status, { 'Content-Type': entry.content_type });
    res.end(readFileSync(fixturePath(folder, entry.file)));
  });
  return { url: server.url, requests, close: () => server.close() };
}
