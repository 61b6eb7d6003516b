import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackServer, type LoopbackServer } from '../../test/helpers/prometheus';
import { DatasourceError } from '../datasources/errors';
import { request } from '../datasources/http';
import { createConcurrencyGate, mapWithConcurrency, withConcurrencyLimit } from './concurrency';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('createConcurrencyGate', () => {
  it('runs at most `limit` tasks at once and starts queued ones in order', async () => {
    const gate = createConcurrencyGate(2);
    const releases = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    const results = releases.map((release, index) =>
      gate.run(async () => {
        started.push(index);
        await release.promise;
        return index;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(gate.waiting()).toBe(2);
    releases[1]!.resolve();
    await results[1];
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);
    releases.forEach((release) => release.resolve());
    expect(await Promise.all(results)).toEqual([0, 1, 2, 3]);
    expect(gate.active()).toBe(0);
  });

  it('frees the slot when a task fails', async () => {
    const gate = createConcurrencyGate(1);
    await expect(gate.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(gate.run(() => { throw new Error('sync'); })).rejects.toThrow('sync');
    expect(await gate.run(async () => 'next')).toBe('next');
  });

  it('drops a queued task whose signal aborts, without running it', async () => {
    const gate = createConcurrencyGate(1);
    const hold = deferred();
    const first = gate.run(() => hold.promise);
    const controller = new AbortController();
    let ran = false;
    const second = gate.run(async () => { ran = true; }, controller.signal);
    controller.abort(new Error('gave up'));
    await expect(second).rejects.toThrow('gave up');
    expect(gate.waiting()).toBe(0);
    hold.resolve();
    await first;
    expect(ran).toBe(false);
  });

  it('refuses a limit below 1', () => {
    expect(() => createConcurrencyGate(0)).toThrow(RangeError);
  });
});

describe('helpers', () => {
  it('mapWithConcurrency keeps order and the cap', async () => {
    let active = 0;
    let peak = 0;
    const out = await mapWithConcurrency([5, 1, 4, 2, 3], 2, async (n) => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, n));
      active--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });

  it('withConcurrencyLimit shares one cap across calls', async () => {
    const limited = withConcurrencyLimit(1);
    const order: string[] = [];
    await Promise.all([
      limited(async () => { order.push('a-start'); await new Promise((r) => setTimeout(r, 5)); order.push('a-end'); }),
      limited(async () => { order.push('b-start'); }),
    ]);
    expect(order).toEqual(['a-start', 'a-end', 'b-start']);
  });
});

describe('request() with a gate', () => {
  let server: LoopbackServer;
  let inFlight = 0;
  let peak = 0;

  beforeAll(async () => {
    server = await startLoopbackServer(async (_req, res) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 30));
      inFlight--;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"status":"success"}');
    });
  });
  afterAll(() => server.close());

  it('never has more calls in flight at the backend than the cap', async () => {
    peak = 0;
    const connection = { backend: 'prometheus' as const, url: server.url, gate: createConcurrencyGate(3) };
    const answers = await Promise.all(Array.from({ length: 12 }, () => request(connection, { path: '/api/v1/query' })));
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(peak).toBe(3);
  });

  it('counts time spent waiting for a slot against the deadline', async () => {
    const gate = createConcurrencyGate(1);
    const connection = { backend: 'loki' as const, url: server.url, gate };
    const slow = request(connection, { path: '/a' });
    const late = request(connection, { path: '/b', timeoutMs: 10 });
    await expect(late).rejects.toMatchObject({ kind: 'timeout' });
    await expect(late).rejects.toBeInstanceOf(DatasourceError);
    expect((await slow).status).toBe(200);
    expect(gate.active()).toBe(0);
  });
});
