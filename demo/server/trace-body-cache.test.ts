import { describe, expect, it } from 'vitest';
import { createDefaultEngines } from './engines-default';
import { closeServer, listen } from './http-util';
import { createTempoServer } from './tempo';
import { TraceBodyCache } from './trace-body-cache';
import { createFakeFleet, fakeTraceId } from './testing/fake-fleet';
import { FAKE_NOW_MS, get, query } from './testing/harness';

const body = (bytes: number) => ({ body: Buffer.alloc(bytes, 0x20), firstNs: 1n, lastNs: 2n });

describe('TraceBodyCache', () => {
  it('returns what was stored, until its time to live (by the given clock) has passed', () => {
    const cache = new TraceBodyCache({ ttlMs: 1000 });
    cache.set('a', body(10), 5000);
    expect(cache.get('a', 5500)?.body.length).toBe(10);
    expect(cache.get('a', 6001)).toBeUndefined();
    expect(cache.size).toBe(0);
    expect(cache.totalBytes).toBe(0);
  });

  it('treats a clock that went backwards as a miss', () => {
    const cache = new TraceBodyCache();
    cache.set('a', body(10), 5000);
    expect(cache.get('a', 4000)).toBeUndefined();
  });

  it('keeps at most maxBytes, dropping the least recently used first', () => {
    const cache = new TraceBodyCache({ maxBytes: 100 });
    cache.set('a', body(40), 0);
    cache.set('b', body(40), 0);
    expect(cache.get('a', 0)).toBeDefined(); // a is now the most recent
    cache.set('c', body(40), 0);
    expect(cache.get('b', 0)).toBeUndefined();
    expect(cache.get('a', 0)).toBeDefined();
    expect(cache.get('c', 0)).toBeDefined();
    expect(cache.totalBytes).toBe(80);
  });

  it('does not keep a body larger than the whole cache, and replaces a key in place', () => {
    const cache = new TraceBodyCache({ maxBytes: 100 });
    cache.set('huge', body(101), 0);
    expect(cache.size).toBe(0);
    cache.set('a', body(30), 0);
    cache.set('a', body(50), 0);
    expect(cache.size).toBe(1);
    expect(cache.totalBytes).toBe(50);
  });
});

describe('demo Tempo with a trace body cache', () => {
  it('builds a cached trace once, serves the same bytes after, and still applies the time range', async () => {
    const nowMs = FAKE_NOW_MS;
    const fleet = createFakeFleet({ now: () => nowMs });
    let builds = 0;
    const traceById = fleet.traces.traceById.bind(fleet.traces);
    fleet.traces.traceById = (id: string) => {
      builds++;
      return traceById(id);
    };
    const server = createTempoServer({ fleet, engines: createDefaultEngines(), now: () => nowMs, traceBodies: new TraceBodyCache({ minSpans: 1 }) });
    const base = await listen(server, '127.0.0.1', 0);
    try {
      const minuteMs = Math.floor((nowMs - 10 * 60_000) / 60_000) * 60_000;
      const url = `${base}/api/traces/${fakeTraceId('payment', minuteMs)}`;
      const first = await get(url);
      const second = await get(url);
      expect(first.status).toBe(200);
      expect(second.body).toBe(first.body);
      expect(builds).toBe(1);
      expect((await get(`${url}?${query({ start: minuteMs / 1000 + 600, end: minuteMs / 1000 + 900 })}`)).status).toBe(404);
      expect((await get(`${url}?start=abc`)).status).toBe(400);
      expect(builds).toBe(1);
      expect((await get(`${base}/api/traces/0123456789abcdef0123456789abcdef`)).status).toBe(404);
    } finally {
      await closeServer(server);
    }
  });
});
