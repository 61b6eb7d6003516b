import { describe, expect, it } from 'vitest';
import { evaluateLogQuery } from '../query/logql';
import { QueryError } from '../query/types';
import { createDefaultEngines } from './engines-default';
import { createFakeFleet } from './testing/fake-fleet';
import { FAKE_NOW_MS } from './testing/harness';

const engines = createDefaultEngines();
const fleet = createFakeFleet({ now: () => FAKE_NOW_MS });
const budget = () => ({ deadlineMs: Date.now() + 60_000 });
const HOUR = 3_600_000;

describe('sliced evaluation', () => {
  it('gives the same range result in slices as in one piece', async () => {
    const query = 'sum by (service) (rate(http_requests_total{code="500"}[5m]))';
    const start = FAKE_NOW_MS - 26 * HOUR;
    const sliced = await engines.promRange(query, start, FAKE_NOW_MS, 60_000, fleet.metrics, budget());
    const whole = engines.promRangeSync(query, start, FAKE_NOW_MS, 60_000, fleet.metrics, budget());
    expect(sliced).toEqual(whole);
    expect(sliced.resultType === 'matrix' && sliced.result[0].points).toHaveLength(26 * 60 + 1);
  });

  it('gives the same log lines in hourly slices as in one piece, in both directions', async () => {
    const startNs = BigInt(FAKE_NOW_MS - 3 * HOUR) * 1_000_000n;
    const endNs = BigInt(FAKE_NOW_MS) * 1_000_000n;
    for (const direction of ['forward', 'backward'] as const) {
      for (const limit of [7, 100, 1000]) {
        const sliced = await engines.logQuery('{job="shop"}', { startNs, endNs, limit, direction }, fleet.logs, budget());
        const whole = evaluateLogQuery('{job="shop"}', { startNs, endNs, limit, direction }, fleet.logs).result;
        const flat = (streams: { labels: Record<string, string>; entries: { timestampNs: bigint }[] }[]) =>
          streams.flatMap((s) => s.entries.map((e) => `${s.labels.service}/${s.labels.level}@${e.timestampNs}`)).sort();
        expect(flat(sliced.streams)).toEqual(flat(whole));
        // lines scanned: at least the lines returned, at most every line of the 3 h
        expect(sliced.linesProcessed).toBeGreaterThanOrEqual(Math.min(limit, 360));
        expect(sliced.linesProcessed).toBeLessThanOrEqual(360);
      }
    }
  });

  it('stops at the deadline and when the client went away', async () => {
    const expired = { deadlineMs: Date.now() - 1 };
    await expect(engines.promRange('vector(1)', 0, 10 * HOUR, 1000, fleet.metrics, expired)).rejects.toThrow(QueryError);
    const controller = new AbortController();
    controller.abort();
    await expect(
      engines.logQuery('{job="shop"}', { startNs: 0n, endNs: 10n, limit: 10, direction: 'forward' }, fleet.logs, { deadlineMs: Date.now() + 1000, signal: controller.signal }),
    ).rejects.toThrow(/cancelled/);
  });

  it('extracts every selector of an expression', () => {
    const selectors = engines.extractSelectors('histogram_quantile(0.9, sum by (le) (rate(a_bucket{x="1"}[5m]))) / on() group_left b');
    const byName = (ms: { name: string }[]) => [...ms].sort((a, b) => (a.name < b.name ? -1 : 1));
    expect(selectors.map(byName)).toEqual([
      [
        { name: '__name__', type: '=', value: 'a_bucket' },
        { name: 'x', type: '=', value: '1' },
      ],
      [{ name: '__name__', type: '=', value: 'b' }],
    ]);
  });
});
