// A tiny router on node:http for the demo backends: body size limit, GET query + POST form params merged the way
// Go's r.FormValue does, streaming bodies with backpressure, and a last-resort error mapper so a bug answers in the
// backend's own error format instead of leaking a stack trace.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { QueryError } from '../query/types';

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** Request parameters: form body values first, then URL query values (Go's r.Form order). */
export class Params {
  private readonly values = new Map<string, string[]>();

  constructor(...sources: URLSearchParams[]) {
    for (const source of sources) {
      for (const [key, value] of source) {
        const list = this.values.get(key);
        if (list) list.push(value);
        else this.values.set(key, [value]);
      }
    }
  }

  /** The first value, or undefined when the parameter is absent. An empty value is returned as ''. */
  get(name: string): string | undefined {
    return this.values.get(name)?.[0];
  }

  getAll(name: string): string[] {
    return this.values.get(name) ?? [];
  }

  has(name: string): boolean {
    return this.values.has(name);
  }
}

export interface DemoRequest {
  method: string;
  /** Decoded path without the query string. */
  path: string;
  url: URL;
  params: Params;
  body: Buffer;
  headers: http.IncomingHttpHeaders;
  /** Aborted when the client goes away, so long evaluations can stop early. */
  signal: AbortSignal;
  /** Groups captured by the matching route pattern. */
  pathParams: string[];
}

export type ResponseBody = string | Buffer | Iterable<string> | AsyncIterable<string>;

export interface DemoResponse {
  status: number;
  headers?: Record<string, string>;
  body: ResponseBody;
}

export type Handler = (request: DemoRequest) => DemoResponse | Promise<DemoResponse>;

export interface Route {
  methods: readonly string[];
  /** Exact path or a regular expression anchored on the whole path. */
  path: string | RegExp;
  handler: Handler;
}

/** Thrown by handlers for a client error; the backend's `renderError` turns it into its own wire format. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Backend-specific error class, e.g. Prometheus errorType "bad_data". */
    readonly errorType?: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface DemoServerOptions {
  /** For log lines only. */
  name: string;
  routes: Route[];
  /** Maps any thrown error to a response in this backend's format. Must not expose stacks. */
  renderError: (error: unknown) => DemoResponse;
  /** Answer for an unknown path (most Go backends: 404 "404 page not found"). */
  notFound?: (request: DemoRequest) => DemoResponse;
  maxBodyBytes?: number;
  /** Called with errors that were not HttpErrors (bugs), for server-side logs. */
  logError?: (name: string, error: unknown) => void;
}

export function text(status: number, body: string, contentType = 'text/plain; charset=utf-8'): DemoResponse {
  return { status, headers: { 'Content-Type': contentType }, body };
}

export function json(status: number, value: unknown, contentType = 'application/json'): DemoResponse {
  return { status, headers: { 'Content-Type': contentType }, body: JSON.stringify(value) };
}

/** A pre-serialised JSON body (built by hand for speed or exact number formatting). */
export function rawJson(status: number, body: ResponseBody, contentType = 'application/json'): DemoResponse {
  return { status, headers: { 'Content-Type': contentType }, body };
}

export const goNotFound = (): DemoResponse => text(404, '404 page not found\n');

function matchRoute(routes: Route[], path: string): { route: Route; groups: string[] }[] {
  const matches: { route: Route; groups: string[] }[] = [];
  for (const route of routes) {
    if (typeof route.path === 'string') {
      if (route.path === path) matches.push({ route, groups: [] });
      continue;
    }
    const m = route.path.exec(path);
    if (m && m[0] === path) matches.push({ route, groups: m.slice(1).map((g) => g ?? '') });
  }
  return matches;
}

class BodyTooLargeError extends Error {}

function readBody(req: http.IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > maxBytes) {
      reject(new BodyTooLargeError());
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        reject(new BodyTooLargeError());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function isFormBody(headers: http.IncomingHttpHeaders): boolean {
  return (headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
}

async function writeBody(res: http.ServerResponse, body: ResponseBody, signal: AbortSignal): Promise<void> {
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    res.end(body);
    return;
  }
  // Stream: honour backpressure so a 100k-span trace does not pile up in memory.
  for await (const chunk of body as AsyncIterable<string>) {
    if (signal.aborted) return;
    if (!res.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
  }
  res.end();
}

function defaultLogError(name: string, error: unknown): void {
  console.error(`[demo ${name}]`, error);
}

export function createDemoServer(options: DemoServerOptions): http.Server {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const logError = options.logError ?? defaultLogError;

  const server = http.createServer((req, res) => {
    const controller = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });

    const send = async (response: DemoResponse) => {
      if (res.headersSent) return;
      res.statusCode = response.status;
      for (const [key, value] of Object.entries(response.headers ?? {})) res.setHeader(key, value);
      await writeBody(res, response.body, controller.signal);
    };

    const handle = async (): Promise<DemoResponse> => {
      const url = new URL(req.url ?? '/', 'http://demo.invalid');
      let path: string;
      try {
        path = decodeURIComponent(url.pathname);
      } catch {
        return options.renderError(new HttpError(400, 'malformed URL path'));
      }
      const method = (req.method ?? 'GET').toUpperCase();
      const matches = matchRoute(options.routes, path);
      const baseRequest = {
        method,
        path,
        url,
        headers: req.headers,
        signal: controller.signal,
      };
      if (matches.length === 0) {
        const request: DemoRequest = { ...baseRequest, params: new Params(url.searchParams), body: Buffer.alloc(0), pathParams: [] };
        return (options.notFound ?? goNotFound)(request);
      }
      const match = matches.find((m) => m.route.methods.includes(method) || (method === 'HEAD' && m.route.methods.includes('GET')));
      if (!match) {
        return { status: 405, headers: { 'Content-Type': 'text/plain; charset=utf-8', Allow: matches[0].route.methods.join(', ') }, body: 'Method Not Allowed\n' };
      }
      let body: Buffer;
      try {
        body = await readBody(req, maxBodyBytes);
      } catch (error) {
        if (error instanceof BodyTooLargeError) {
          return options.renderError(new HttpError(413, `request body larger than ${maxBodyBytes} bytes`));
        }
        throw error;
      }
      const sources = [url.searchParams];
      if (isFormBody(req.headers) && body.length > 0) sources.unshift(new URLSearchParams(body.toString('utf8')));
      const request: DemoRequest = { ...baseRequest, params: new Params(...sources), body, pathParams: match.groups };
      return await match.route.handler(request);
    };

    handle()
      .catch((error: unknown) => {
        // Client errors (bad parameters, bad queries) are answers, not bugs, nor is a client going away mid-request:
        // only log the rest.
        const clientGone = controller.signal.aborted || req.destroyed;
        if (!(error instanceof HttpError) && !(error instanceof QueryError) && !clientGone) logError(options.name, error);
        return options.renderError(error);
      })
      .then(send)
      .catch((error: unknown) => {
        logError(options.name, error);
        if (!res.headersSent) {
          res.statusCode = 500;
          res.end('internal error\n');
        } else {
          res.destroy();
        }
      });
  });
  // Slow clients must not hold the demo forever.
  server.requestTimeout = 120_000;
  server.headersTimeout = 30_000;
  return server;
}

/** Listen and resolve with the base URL (port 0 picks a free port). */
export function listen(server: http.Server, host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      const address = server.address() as AddressInfo;
      const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve(`http://${hostPart}:${address.port}`);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

export function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

/** Milliseconds left before a deadline; throws the given error when none is left. */
export function checkDeadline(deadlineMs: number, onExpired: () => Error): void {
  if (Date.now() > deadlineMs) throw onExpired();
}
