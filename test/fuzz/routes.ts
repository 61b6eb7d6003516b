// Every route handler of the app, found on disk (app/**/route.ts) so a new route is fuzzed without anyone
// remembering to add it, and called the way Next calls it: a Request and a promise of the path's parameters.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { hostileString, idLike, jsonBody, monthLike, queryString, safeForUrl, sectionLike, slugLike, spanIdLike, traceIdLike } from './arbitraries';

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type Method = (typeof METHODS)[number];

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response> | Response;

export interface Route {
  /** e.g. app/api/traces/[traceId]/timeline/route.ts */
  file: string;
  /** e.g. /api/traces/[traceId]/timeline */
  pattern: string;
  params: string[];
  handlers: Partial<Record<Method, Handler>>;
}

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Paths of every route.ts under app/, relative to the repository. */
export function routeFiles(dir = path.join(ROOT, 'app')): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...routeFiles(full));
    else if (entry.name === 'route.ts') out.push(path.relative(ROOT, full));
  }
  return out.sort();
}

export function patternOf(file: string): string {
  // Route groups "(name)" do not appear in the URL.
  return ('/' + path.dirname(file).split(path.sep).slice(1).filter((part) => !/^\(.*\)$/.test(part)).join('/')).replace(/\/$/, '') || '/';
}

export async function loadRoutes(): Promise<Route[]> {
  const routes: Route[] = [];
  for (const file of routeFiles()) {
    const mod = (await import(/* @vite-ignore */ path.join(ROOT, file))) as Record<string, unknown>;
    const handlers: Partial<Record<Method, Handler>> = {};
    for (const method of METHODS) if (typeof mod[method] === 'function') handlers[method] = mod[method] as Handler;
    const pattern = patternOf(file);
    const params = [...pattern.matchAll(/\[([^\]]+)\]/g)].map((m) => m[1]!);
    routes.push({ file, pattern, params, handlers });
  }
  return routes;
}

/** A value for a path parameter, by its name. */
export function paramArbitrary(name: string): fc.Arbitrary<string> {
  switch (name) {
    case 'traceId':
      return traceIdLike;
    case 'slug':
      return slugLike;
    case 'month':
      return monthLike;
    case 'section':
      return sectionLike;
    case 'id':
      return idLike;
    case 'spanId':
      return spanIdLike;
    default:
      return hostileString;
  }
}

export interface FuzzRequest {
  method: Method;
  url: string;
  params: Record<string, string>;
  headers: Record<string, string>;
  body?: string;
}

const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', ''];

/** Requests for one route: hostile path parameters, query strings, bodies and a few hostile headers. */
export function requestArbitrary(route: Route): fc.Arbitrary<FuzzRequest> {
  const methods = Object.keys(route.handlers) as Method[];
  const params = fc.record(Object.fromEntries(route.params.map((name) => [name, paramArbitrary(name)])) as Record<string, fc.Arbitrary<string>>);
  return fc
    .record({
      method: fc.constantFrom(...methods),
      params,
      // Next hands handlers decoded parameters; a client may still send percent-encodings that decode oddly.
      encodeTwice: fc.boolean(),
      query: queryString,
      body: jsonBody,
      contentType: fc.constantFrom(...CONTENT_TYPES),
      host: fc.oneof(fc.constant(undefined), fc.constantFrom('evil.example', '169.254.169.254', 'localhost:1', 'weft.test\r\nX: 1', '')),
    })
    .map(({ method, params: raw, encodeTwice, query, body, contentType, host }) => {
      const values = Object.fromEntries(Object.entries(raw).map(([name, value]) => [name, safeForUrl(value)]));
      const pathname = route.pattern.replace(/\[([^\]]+)\]/g, (_m, name: string) => {
        const encoded = encodeURIComponent(values[name]!);
        return encodeTwice ? encodeURIComponent(encoded) : encoded;
      });
      const headers: Record<string, string> = {};
      if (contentType) headers['content-type'] = contentType;
      // Header values cannot hold CR/LF or non-Latin-1: such a request never reaches the server.
      if (host !== undefined && /^[\x20-\x7e]*$/.test(host)) headers['x-forwarded-host'] = host;
      const request: FuzzRequest = { method, url: `http://weft.test${pathname}${query ? `?${query}` : ''}`, params: encodeTwice ? Object.fromEntries(Object.entries(values).map(([k, v]) => [k, encodeURIComponent(v)])) : values, headers };
      if (method !== 'GET' && method !== 'DELETE') request.body = body;
      return request;
    });
}

export interface Answer {
  status: number;
  contentType: string;
  text: string;
  tookMs: number;
}

/** Calls the handler; a thrown error or a hang is returned as a description (the property then fails). */
export async function callRoute(route: Route, request: FuzzRequest, hangAfterMs = 30_000): Promise<Answer | { thrown: string }> {
  const handler = route.handlers[request.method]!;
  const init: RequestInit = { method: request.method, headers: request.headers };
  if (request.body !== undefined) init.body = request.body;
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const response = await Promise.race([
      Promise.resolve(handler(new Request(request.url, init), { params: Promise.resolve(request.params) })),
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${hangAfterMs} ms`)), hangAfterMs);
      }),
    ]);
    const contentType = response.headers.get('content-type') ?? '';
    const text = contentType.startsWith('image/') ? '' : await response.text();
    return { status: response.status, contentType, text, tookMs: performance.now() - started };
  } catch (error) {
    return { thrown: error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
