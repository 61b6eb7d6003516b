import { it } from 'vitest';
import type { LogStream } from './types';
import { InMemoryLogStore } from './testing/in-memory-stores';
import { evaluateLogMetricRange } from './logql/index';
it('dbg', () => {
  const S = 1_000_000_000n; const T0 = 1_700_000_000n * S;
  const streams: LogStream[] = [];
  for (let k = 0; k < 5; k++) {
    const entries = [];
    for (let i = 0; i < 86400; i++) entries.push({ timestampNs: T0 + BigInt(i) * S, line: `level=${i % 10 === 0 ? 'error' : 'info'} msg="request" status=${i % 7 === 0 ? 500 : 200} duration=${i % 100}ms trace_id=abcdef${i}` });
    streams.push({ labels: { service: `s${k}`, job: 'shop' }, entries });
  }
  const store = new InMemoryLogStore(streams);
  for (const q of ['sum by (service) (count_over_time({job="shop"}[5m]))', 'sum by (service) (rate({job="shop"} | logfmt | status >= 500 [5m]))', 'avg_over_time({job="shop"} | logfmt | unwrap duration(duration) | __error__="" [5m]) by (service)', 'sum by (service) (rate({job="shop"} | json [5m]))', 'topk(2, rate({job="shop"} | logfmt [5m]))']) {
    const t0 = performance.now();
    try {
    const r = evaluateLogMetricRange(q, T0, T0 + 86400n * S, 60_000, store);
    console.log(q, (performance.now() - t0).toFixed(0), 'ms', r.result.length, r.result[0]?.values.length);
    } catch (e) { console.log(q, (performance.now() - t0).toFixed(0), 'ms', String(e).slice(0, 100)); }
  }
}, 120000);
