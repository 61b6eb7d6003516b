// The 100,000-span trace benchmarks ask for, end to end on the real simulation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoStack, type DemoStack } from '../index';

let stack: DemoStack;
const NOW_MS = Date.UTC(2026, 10, 21, 12, 34, 0);

beforeAll(async () => {
  stack = await startDemoStack({ ports: { prometheus: 0, loki: 0, tempo: 0, pyroscope: 0, alertmanager: 0 }, now: () => NOW_MS });
});
afterAll(async () => {
  await stack.close();
});

describe('batch traces for benchmarks', () => {
  it('finds the newest finished 100k-span batch trace and serves it', async () => {
    const info = (await (await fetch(`${stack.urls.tempo}/weft-demo/batch-trace?spans=100000`)).json()) as {
      traceID: string;
      spanCount: number;
      startTimeUnixNano: string;
      endTimeUnixNano: string;
      path: string;
    };
    expect(info.spanCount).toBe(100_000);
    expect(info.traceID).toMatch(/^[0-9a-f]{32}$/);
    expect(Number(BigInt(info.endTimeUnixNano) / 1_000_000n)).toBeLessThanOrEqual(NOW_MS);
    const response = await fetch(stack.urls.tempo + info.path);
    const text = await response.text();
    expect(response.status).toBe(200);
    const body = JSON.parse(text) as { batches: { scopeSpans: { spans: unknown[] }[] }[] };
    expect(body.batches.reduce((n, b) => n + b.scopeSpans.reduce((m, s) => m + s.spans.length, 0), 0)).toBe(100_000);
  });

  it('serves the 20k-span batch trace again from its cached body: same bytes, range check still applied', async () => {
    const info = (await (await fetch(`${stack.urls.tempo}/weft-demo/batch-trace?spans=20000`)).json()) as {
      path: string;
      startTimeUnixNano: string;
      endTimeUnixNano: string;
    };
    const first = await fetch(stack.urls.tempo + info.path);
    const firstBody = await first.text();
    const again = await fetch(stack.urls.tempo + info.path);
    expect(again.status).toBe(200);
    expect(again.headers.get('content-type')).toBe('application/json');
    expect(await again.text()).toBe(firstBody);
    const spans = (JSON.parse(firstBody) as { batches: { scopeSpans: { spans: unknown[] }[] }[] }).batches
      .flatMap((b) => b.scopeSpans)
      .reduce((n, s) => n + s.spans.length, 0);
    expect(spans).toBe(20_000);
    const endS = Number(BigInt(info.endTimeUnixNano) / 1_000_000_000n);
    const startS = Number(BigInt(info.startTimeUnixNano) / 1_000_000_000n);
    expect((await fetch(`${stack.urls.tempo}${info.path}?start=${endS + 10}&end=${endS + 100}`)).status).toBe(404);
    expect((await fetch(`${stack.urls.tempo}${info.path}?start=${startS - 100}&end=${startS - 10}`)).status).toBe(404);
    expect((await fetch(`${stack.urls.tempo}${info.path}?start=${startS - 10}&end=${endS + 10}`)).status).toBe(200);
    const v2 = (await (await fetch(`${stack.urls.tempo}${info.path.replace('/api/traces/', '/api/v2/traces/')}`)).json()) as {
      trace: { resourceSpans: unknown[] };
    };
    expect(v2.trace.resourceSpans.length).toBeGreaterThan(0);
  });

  it('rejects span counts the simulation cannot build', async () => {
    const response = await fetch(`${stack.urls.tempo}/weft-demo/batch-trace?spans=1234`);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/whole number of thousands/);
  });
});
