import { describe, expect, it } from 'vitest';
import type { TimelineLogLine } from './place-logs';
import { filterLogLines, summariseLogLine } from './filter-logs';

function line(text: string, spanId: string | null): TimelineLogLine {
  return { timestampNs: '1', timeMs: 0, line: text, labels: {}, spanId: spanId as TimelineLogLine['spanId'], placement: spanId ? 'span-id' : 'unplaced', offsetMs: 0, level: 'info' };
}

describe('filterLogLines', () => {
  const lines = [line('charge ok', 'a'), line('Reserve stock', 'b'), line('unplaced line', null)];
  it('keeps the lines of the given spans and matching text', () => {
    expect(filterLogLines(lines, { spanIds: null, text: '' })).toBe(lines);
    expect(filterLogLines(lines, { spanIds: new Set(['a', 'b']), text: '' }).map((l) => l.spanId)).toEqual(['a', 'b']);
    expect(filterLogLines(lines, { spanIds: null, text: ' STOCK ' }).map((l) => l.line)).toEqual(['Reserve stock']);
    expect(filterLogLines(lines, { spanIds: new Set(['a']), text: 'stock' })).toEqual([]);
  });
});

describe('summariseLogLine', () => {
  it('puts the message of a JSON line first and drops the fields every line repeats', () => {
    const json = '{"level":"info","ts":"2026-11-22T00:25:37.5Z","caller":"payment/charge.go:142","msg":"charge authorized","service":"payment","trace_id":"281d8e47d2672d8eb672190b2e443c1c","span_id":"c791fcddc036a805","amount_cents":4200}';
    expect(summariseLogLine(json)).toEqual({ message: 'charge authorized', fields: 'caller=payment/charge.go:142 service=payment amount_cents=4200' });
  });

  it('reads logfmt from the recorded sample lines', () => {
    expect(summariseLogLine('level=error service=checkout msg="order failed: payment declined" order_id=1002 traceID=bd5a131c670a194676bcd097a4eac415 spanID=e6ef4d86d1314fc0')).toEqual({
      message: 'order failed: payment declined',
      fields: 'service=checkout order_id=1002',
    });
  });

  it('leaves prose and broken JSON as they are', () => {
    expect(summariseLogLine('GET /health took 3ms (status=200)')).toEqual({ message: 'GET /health took 3ms (status=200)', fields: '' });
    expect(summariseLogLine('{"msg": "cut off')).toEqual({ message: '{"msg": "cut off', fields: '' });
  });
});
