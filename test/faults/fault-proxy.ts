// A reverse proxy that sits between the console and one backend and breaks it on demand: refuses connections,
// answers too slowly, answers HTTP 500, sends a truncated body or one larger than the console accepts.
// The mode is switched at runtime so one console server can walk the whole fault matrix.
import http from 'node:http';
import type net from 'node:net';

// http503 is not in the matrix: it is the status clients retry, for the retry tests.
export const FAULT_MODES = ['pass', 'down', 'slow', 'http500', 'http503', 'malformed', 'oversized'] as const;
export type FaultMode = (typeof FAULT_MODES)[number];
/** The five faults of the matrix (every mode but pass). */
export const FAULTS = ['down', 'slow', 'http500', 'malformed', 'oversized'] as const;
export type Fault = (typeof FAULTS)[number];

export function isFaultMode(value: unknown): value is FaultMode {
  return typeof value === 'string' && (FAULT_MODES as readonly string[]).includes(value);
}

export interface RecordedRequest {
  method: string;
  /** Path and query string as received. */
  url: string;
  /** The Host header the client sent. */
  host: string;
  /** Names of the headers the client sent (lower case). */
  headerNames: string[];
  mode: FaultMode;
  atMs: number;
  /** The request body (form or JSON of a POST), for replaying it. */
  body?: string;
  /** Size of the body sent back (pass and malformed modes). */
  responseBytes?: number;
}

export interface FaultProxyOptions {
  /** Base URL of the real backend, e.g. http://127.0.0.1:19090 */
  target: string;
  host?: string;
  /** How long a slow answer is held back before it is sent anyway (the client has normally given up by then). */
  slowMs?: number;
  /** Bytes an oversized answer streams (it stops early when the client hangs up). */
  oversizeBytes?: number;
  /**
   * Keep the backend's 200 answers and give them again for the same request (method, path, query and body). The
   * demo computes a month of history on demand, which on a busy machine can outlast a test's short deadline;
   * its answers are a pure function of the request for fixed times, so a repeated one is the same answer.
   */
  memo?: boolean;
}

interface MemoAnswer {
  status: number;
  headers: http.OutgoingHttpHeaders;
  data: Buffer;
}

const MEMO_MAX_BYTES = 512 * 1024 * 1024;

export interface FaultProxy {
  /** The URL to give the console: stays the same across modes, including down. */
  url: string;
  readonly mode: FaultMode;
  setMode(mode: FaultMode): Promise<void>;
  /** Every request that reached the proxy (in down mode none can). */
  requests(): RecordedRequest[];
  clearRequests(): void;
  close(): Promise<void>;
}

export const DEFAULT_SLOW_MS = 30_000;
export const DEFAULT_OVERSIZE_BYTES = 65 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, '1,');
const HOP_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive']);

function listen(server: http.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

/** A body that is not JSON although it claims to be: the upstream answer cut in half, then noise. */
function truncate(body: Buffer): Buffer {
  const half = body.subarray(0, Math.floor(body.length / 2));
  return Buffer.concat([half.length > 0 ? half : Buffer.from('{"status":"success","data":{"resul'), Buffer.from('\u0000<!-- cut -->')]);
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  const host = options.host ?? '127.0.0.1';
  const slowMs = options.slowMs ?? DEFAULT_SLOW_MS;
  const oversizeBytes = options.oversizeBytes ?? DEFAULT_OVERSIZE_BYTES;
  let mode: FaultMode = 'pass';
  let recorded: RecordedRequest[] = [];
  const memo = new Map<string, MemoAnswer>();
  let memoBytes = 0;
  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const send = (res: http.ServerResponse, answer: MemoAnswer, reshape: (data: Buffer) => Buffer, entry: RecordedRequest) => {
    if (res.destroyed) return;
    const out = answer.status === 200 ? reshape(answer.data) : answer.data;
    entry.responseBytes = out.length;
    res.writeHead(answer.status, { ...answer.headers, 'content-length': String(out.length) });
    res.end(out);
  };

  /** Sends the request on to the real backend; `reshape` may rewrite a successful body (malformed mode). */
  const forward = (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer, reshape: (data: Buffer) => Buffer, entry: RecordedRequest) => {
    const key = `${req.method} ${req.url} ${body.toString('base64')}`;
    const known = options.memo ? memo.get(key) : undefined;
    if (known) return send(res, known, reshape, entry);
    const headers: http.OutgoingHttpHeaders = { ...req.headers, host: target.host, 'content-length': String(body.length) };
    delete headers.connection;
    const upstream = http.request(
      { protocol: target.protocol, hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('error', (error) => res.destroy(error));
        answer.on('end', () => {
          const copied: http.OutgoingHttpHeaders = {};
          for (const [name, value] of Object.entries(answer.headers)) {
            if (value !== undefined && !HOP_HEADERS.has(name)) copied[name] = value;
          }
          const result: MemoAnswer = { status: answer.statusCode ?? 502, headers: copied, data: Buffer.concat(chunks) };
          if (options.memo && result.status === 200 && memoBytes + result.data.length <= MEMO_MAX_BYTES) {
            memo.set(key, result);
            memoBytes += result.data.length;
          }
          send(res, result, reshape, entry);
        });
      },
    );
    upstream.on('error', (error) => {
      if (res.headersSent || res.destroyed) {
        res.destroy();
        return;
      }
      res.writeHead(502, { 'Content-Type': 'text/plain' });
      res.end(`fault proxy: upstream failed (${error.message})`);
    });
    // The console gave up (its deadline): stop the upstream work too, unless its answer is worth keeping.
    res.once('close', () => {
      if (!res.writableFinished && !options.memo) upstream.destroy();
    });
    upstream.end(body);
  };

  const server = http.createServer((req, res) => {
    const current = mode;
    const entry: RecordedRequest = { method: req.method ?? 'GET', url: req.url ?? '/', host: req.headers.host ?? '', headerNames: Object.keys(req.headers), mode: current, atMs: Date.now() };
    recorded.push(entry);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (body.length > 0) entry.body = body.toString('utf8');
      switch (current) {
        case 'http500':
          res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
          res.end('fault injected: internal server error');
          return;
        case 'http503':
          res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
          res.end('fault injected: service unavailable');
          return;
        case 'slow': {
          const timer = setTimeout(() => {
            timers.delete(timer);
            if (!res.writableEnded && !res.destroyed) {
              res.writeHead(504, { 'Content-Type': 'text/plain' });
              res.end('fault injected: too slow');
            }
          }, slowMs);
          timers.add(timer);
          res.once('close', () => {
            clearTimeout(timer);
            timers.delete(timer);
          });
          return;
        }
        case 'oversized': {
          // Chunked, no Content-Length: the client only learns the size by reading.
          res.writeHead(200, { 'Content-Type': 'application/json' });
          let sent = 0;
          res.write('[');
          const pump = () => {
            while (sent < oversizeBytes && !res.destroyed) {
              sent += CHUNK.length;
              if (!res.write(CHUNK)) {
                res.once('drain', pump);
                return;
              }
            }
            if (!res.destroyed) res.end('0]');
          };
          pump();
          return;
        }
        case 'pass':
        case 'malformed':
        case 'down':
          // 'down' only reaches here for a request accepted just before the listener closed: pass it on.
          forward(req, res, body, current === 'malformed' ? truncate : (data) => data, entry);
          return;
      }
    });
  });
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  const port = await listen(server, host, 0);
  const url = `http://${host}:${port}`;
  let listening = true;

  const stopListening = async () => {
    if (!listening) return;
    listening = false;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Keep-alive sockets would otherwise keep serving: a down backend accepts nothing.
      for (const socket of sockets) socket.destroy();
    });
  };

  return {
    url,
    get mode() {
      return mode;
    },
    async setMode(next: FaultMode) {
      if (next === mode) return;
      if (next === 'down') {
        mode = next;
        await stopListening();
        return;
      }
      if (!listening) {
        // Same port as before, so the console's configured URL stays valid.
        await listen(server, host, port);
        listening = true;
      }
      // Open keep-alive sockets must not carry a request of the previous mode into the next case.
      for (const socket of sockets) socket.destroy();
      mode = next;
    },
    requests: () => [...recorded],
    clearRequests() {
      recorded = [];
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await stopListening();
    },
  };
}
