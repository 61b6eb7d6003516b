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

  it('rejects span counts the simulation cannot build', async () => {
    const response = await fetch(`${stack.urls.tempo}/weft-demo/batch-trace?spans=1234`);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/whole number of thousands/);
  });
});
