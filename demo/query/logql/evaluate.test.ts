// LogQL semantics on small hand-written streams: filters, parsers, label filters, formatting, limits and
// directions, metric functions and their windows.
import { describe, expect, it } from 'vitest';
import { QueryError, type LogStream } from '../types';
import { formatLabels } from '../shared/labels';
import { InMemoryLogStore } from '../testing/in-memory-stores';
import { evaluateLogMetricInstant, evaluateLogMetricRange, evaluateLogQuery, logQueryKind } from './index';

const S = 1_000_000_000n;
const T0 = 1_700_000_000n * S;

function at(seconds: number): bigint {
  return T0 + BigInt(seconds) * S;
}

const streams: LogStream[] = [
  {
    labels: { app: 'api', level: 'info' },
    entries: [
      { timestampNs: at(1), line: 'level=info msg="GET /users" status=200 duration=12ms size=1KB' },
      { timestampNs: at(2), line: 'level=info msg="GET /orders" status=200 duration=250ms size=2048' },
      { timestampNs: at(3), line: 'level=info msg="POST /orders" status=201 duration=1.5s size=5KB', structuredMetadata: { trace_id: 'abc' } },
      { timestampNs: at(61), line: 'level=info msg="GET /health" status=200 duration=1ms size=10' },
    ],
  },
  {
    labels: { app: 'api', level: 'error' },
    entries: [
      { timestampNs: at(4), line: 'level=error msg="db timeout" status=500 duration=5s' },
      { timestampNs: at(62), line: 'level=error msg="DB Timeout again" status=503 duration=7s' },
    ],
  },
  {
    labels: { app: 'worker', level: 'info' },
    entries: [
      { timestampNs: at(5), line: '{"level":"info","job":{"name":"sync","id":12345678901234567890},"tags":["a","b"],"took":0.25,"ok":true,"app":"w"}' },
      { timestampNs: at(6), line: 'not json at all' },
      { timestampNs: at(7), line: '\u001b[31mred\u001b[0m {"level":"warn"}' },
    ],
  },
];

const store = new InMemoryLogStore(streams);
const all = { startNs: at(0), endNs: at(120), limit: 100, direction: 'forward' as const };

function lines(query: string, options: Partial<typeof all> = {}): string[] {
  const result = evaluateLogQuery(query, { ...all, ...options }, store);
  return result.result
    .flatMap((s) => s.entries)
    .sort((a, b) => (a.timestampNs < b.timestampNs ? -1 : 1))
    .map((e) => e.line);
}

function labelSets(query: string): string[] {
  return evaluateLogQuery(query, all, store)
    .result.map((s) => formatLabels(s.labels))
    .sort();
}

describe('stream selectors and line filters', () => {
  it('selects streams by matchers', () => {
    expect(lines('{app="api", level=~"err.*"}')).toHaveLength(2);
    expect(lines('{app!="api", level="info"}')).toHaveLength(3);
  });

  it('|= != |~ !~, or-alternatives and (?i)', () => {
    expect(lines('{app="api"} |= "orders"')).toHaveLength(2);
    expect(lines('{app="api"} |= "orders" != "POST"')).toEqual(['level=info msg="GET /orders" status=200 duration=250ms size=2048']);
    expect(lines('{app="api"} |~ "(?i)db timeout"')).toHaveLength(2);
    expect(lines('{app="api"} |~ "db timeout"')).toHaveLength(1);
    expect(lines('{app="api"} !~ "status=2\\\\d\\\\d"')).toHaveLength(2);
    expect(lines('{app="api"} |= "users" or "health"')).toHaveLength(2);
    expect(lines('{app="api"} != "users" or "health"')).toHaveLength(4);
  });
});

describe('parsers and label filters', () => {
  it('logfmt with numeric, duration and bytes filters', () => {
    expect(lines('{app="api"} | logfmt | status >= 500')).toHaveLength(2);
    expect(lines('{app="api"} | logfmt | duration > 200ms and duration < 2s')).toHaveLength(2);
    expect(lines('{app="api"} | logfmt | size > 1KB')).toEqual([
      'level=info msg="GET /orders" status=200 duration=250ms size=2048',
      'level=info msg="POST /orders" status=201 duration=1.5s size=5KB',
    ]);
    expect(lines('{app="api"} | logfmt | status = 200 or status = 503')).toHaveLength(4);
    expect(lines('{app="api"} | logfmt | (status = 200 or status = 503), msg =~ ".*(orders|again).*"')).toHaveLength(2);
  });

  it('logfmt labels clashing with stream labels get _extracted', () => {
    expect(labelSets('{app="api", level="error"} | logfmt')).toEqual([
      '{app="api", duration="5s", level="error", level_extracted="error", msg="db timeout", status="500"}',
      '{app="api", duration="7s", level="error", level_extracted="error", msg="DB Timeout again", status="503"}',
    ]);
  });

  it('json flattens nested keys, skips arrays, keeps number text, marks errors', () => {
    const result = evaluateLogQuery('{app="worker"} | json', all, store).result;
    const byLine = Object.fromEntries(result.flatMap((s) => s.entries.map((e) => [e.line.slice(0, 8), s.labels])));
    expect(byLine['{"level"']).toEqual({
      app: 'worker',
      app_extracted: 'w',
      level: 'info',
      level_extracted: 'info',
      job_name: 'sync',
      job_id: '12345678901234567890',
      took: '0.25',
      ok: 'true',
    });
    expect(byLine['not json']).toMatchObject({ __error__: 'JSONParserErr' });
    expect(lines('{app="worker"} | json | __error__=""')).toHaveLength(1);
    expect(lines('{app="worker"} | json | job_name="sync"')).toHaveLength(1);
  });

  it('json with extraction expressions', () => {
    expect(labelSets('{app="worker"} |= "sync" | json name="job.name", first="tags[0]", raw="job"')).toEqual([
      '{app="worker", first="a", level="info", name="sync", raw="{\\"name\\":\\"sync\\",\\"id\\":12345678901234567890}"}',
    ]);
  });

  it('regexp parser with named groups', () => {
    expect(labelSets('{app="api", level="error"} | regexp "status=(?P<code>\\\\d+)"')).toEqual([
      '{app="api", code="500", level="error"}',
      '{app="api", code="503", level="error"}',
    ]);
  });

  it('a numeric filter on a non-number keeps the line with __error__', () => {
    expect(labelSets('{app="api", level="error"} | logfmt | msg > 5')[0]).toMatch(/__error__="LabelFilterErr"/);
    expect(lines('{app="api", level="error"} | logfmt | msg > 5 | __error__=""')).toEqual([]);
  });

  it('structured metadata is a label', () => {
    expect(lines('{app="api"} | trace_id="abc"')).toEqual(['level=info msg="POST /orders" status=201 duration=1.5s size=5KB']);
  });
});

describe('formatting stages', () => {
  it('line_format and label_format', () => {
    expect(lines('{app="api", level="error"} | logfmt | line_format "{{.status}}: {{ .msg }}"')).toEqual(['500: db timeout', '503: DB Timeout again']);
    expect(labelSets('{app="api", level="error"} | logfmt | keep app, status | label_format code=status')).toEqual([
      '{app="api", code="500"}',
      '{app="api", code="503"}',
    ]);
    expect(labelSets('{app="api", level="error"} | logfmt | drop duration, msg, level_extracted, status="503"')).toEqual([
      '{app="api", level="error", status="500"}',
      '{app="api", level="error"}',
    ]);
    expect(lines('{app="worker"} |= "red" | decolorize')).toEqual(['red {"level":"warn"}']);
  });
});

describe('limit and direction', () => {
  it('applies the limit across streams in direction order', () => {
    const backward = evaluateLogQuery('{app="api"}', { ...all, limit: 2, direction: 'backward' }, store);
    expect(backward.result.flatMap((s) => s.entries.map((e) => e.timestampNs))).toEqual([at(62), at(61)]);
    expect(backward.result.map((s) => s.labels.level)).toEqual(['error', 'info']);
    const forward = evaluateLogQuery('{app="api"}', { ...all, limit: 3, direction: 'forward' }, store);
    expect(forward.result.flatMap((s) => s.entries.map((e) => e.timestampNs))).toEqual([at(1), at(2), at(3)]);
  });

  it('reports how many lines it read', () => {
    const result = evaluateLogQuery('{app="api"} |= "orders"', { ...all, limit: 1, direction: 'forward' }, store);
    // Forward with limit 1: the first kept line is the second line of the info stream; the error stream's
    // first line was read too before the heap picked the earliest.
    expect(result.result.flatMap((s) => s.entries.map((e) => e.line))).toEqual(['level=info msg="GET /orders" status=200 duration=250ms size=2048']);
    expect(result.stats.linesScanned).toBe(5);
  });

  it('honours [start, end)', () => {
    expect(lines('{app="api"}', { startNs: at(2), endNs: at(4) })).toHaveLength(2);
  });

  it('rejects metric queries and bad limits', () => {
    expect(() => evaluateLogQuery('count_over_time({app="api"}[1m])', all, store)).toThrow(QueryError);
    expect(() => evaluateLogQuery('{app="api"}', { ...all, limit: 0 }, store)).toThrow(/limit/);
    expect(logQueryKind('{app="api"} | json')).toBe('log');
    expect(logQueryKind('sum(rate({app="api"}[1m]))')).toBe('metric');
  });
});

describe('metric queries', () => {
  function instant(query: string, seconds: number): Record<string, number> {
    const result = evaluateLogMetricInstant(query, at(seconds), store);
    if (result.resultType !== 'vector') throw new Error('expected a vector');
    return Object.fromEntries(result.result.map((s) => [formatLabels(s.labels), s.value[1]]));
  }

  it('count_over_time uses (t - range, t]; structured metadata is a series label (Loki 3)', () => {
    expect(instant('count_over_time({app="api", level="info"}[2s])', 3)).toEqual({
      '{app="api", level="info"}': 1,
      '{app="api", level="info", trace_id="abc"}': 1,
    });
    expect(instant('sum(count_over_time({app="api", level="info"}[3s]))', 3)).toEqual({ '{}': 3 });
    expect(instant('sum(count_over_time({app="api", level="info"}[2s]))', 3)).toEqual({ '{}': 2 });
    expect(instant('count_over_time({app="api", level="info"}[1s])', 60)).toEqual({});
  });

  it('rate, bytes_over_time, bytes_rate', () => {
    expect(instant('sum(rate({app="api"}[1m]))', 60)).toEqual({ '{}': 4 / 60 });
    const line = 'level=error msg="db timeout" status=500 duration=5s';
    expect(instant('bytes_over_time({app="api", level="error"}[1m])', 60)).toEqual({ '{app="api", level="error"}': line.length });
    expect(instant('bytes_rate({app="api", level="error"}[1m])', 60)).toEqual({ '{app="api", level="error"}': line.length / 60 });
  });

  it('unwrap with conversions and grouping', () => {
    expect(instant('sum_over_time({app="api"} | logfmt | unwrap duration(duration) | __error__="" [1m]) by (app)', 60)).toEqual({
      '{app="api"}': 0.012 + 0.25 + 1.5 + 5,
    });
    expect(instant('max_over_time({app="api", level="info"} | logfmt | unwrap bytes(size) [1m])', 60)).toEqual({
      '{app="api", duration="1.5s", level="info", level_extracted="info", msg="POST /orders", status="201", trace_id="abc"}': 5000,
      '{app="api", duration="250ms", level="info", level_extracted="info", msg="GET /orders", status="200"}': 2048,
      '{app="api", duration="12ms", level="info", level_extracted="info", msg="GET /users", status="200"}': 1000,
    });
    expect(instant('avg_over_time({app="api"} | logfmt | unwrap status [1m]) by (level)', 60)).toEqual({
      '{level="info"}': (200 + 200 + 201) / 3,
      '{level="error"}': 500,
    });
  });

  it('a pipeline error fails a metric query unless filtered', () => {
    expect(() => instant('count_over_time({app="worker"} | json [1m])', 60)).toThrow(/pipeline error: 'JSONParserErr'/);
    expect(instant('count_over_time({app="worker"} | json | __error__="" [1m])', 60)).toEqual({
      '{app="worker", app_extracted="w", job_id="12345678901234567890", job_name="sync", level="info", level_extracted="info", ok="true", took="0.25"}': 1,
    });
  });

  it('vector aggregation, topk, binary operators, absent', () => {
    expect(instant('sum by (level) (count_over_time({app=~".+"}[1m]))', 60)).toEqual({ '{level="info"}': 6, '{level="error"}': 1 });
    expect(instant('topk(1, sum by (app) (count_over_time({app=~".+"}[1m])))', 60)).toEqual({ '{app="api"}': 4 });
    expect(
      instant('sum by (app) (count_over_time({app="api", level="error"}[1m])) / sum by (app) (count_over_time({app="api"}[1m])) * 100', 60),
    ).toEqual({ '{app="api"}': 25 });
    expect(instant('count_over_time({app="api"}[1m]) > 1', 60)).toEqual({ '{app="api", level="info"}': 2 });
    expect(instant('absent_over_time({app="nothing"}[1m])', 60)).toEqual({ '{app="nothing"}': 1 });
    expect(instant('absent_over_time({app="api"}[1m])', 60)).toEqual({});
    expect(evaluateLogMetricInstant('1 + 2 * 3', at(0), store)).toEqual({ resultType: 'scalar', result: [1_700_000_000_000, 7] });
  });

  it('offset, label_replace, sort_desc, bool comparisons, or', () => {
    expect(instant('sum(count_over_time({app="api"}[1m] offset 1m))', 120)).toEqual({ '{}': 4 });
    expect(instant('label_replace(sum by (level) (count_over_time({app="api"}[1m])), "sev", "$1!", "level", "(e.*)")', 60)).toEqual({
      '{level="error", sev="error!"}': 1,
      '{level="info"}': 3,
    });
    const sorted = evaluateLogMetricInstant('sort_desc(sum by (level) (count_over_time({app=~".+"}[1m])))', at(60), store);
    expect(sorted.resultType === 'vector' && sorted.result.map((s) => s.value[1])).toEqual([6, 1]);
    expect(instant('sum by (level) (count_over_time({app="api"}[1m])) > bool 2', 60)).toEqual({ '{level="error"}': 0, '{level="info"}': 1 });
    expect(instant('sum by (level) (count_over_time({app="api", level="error"}[1m])) or vector(0)', 60)).toEqual({ '{level="error"}': 1, '{}': 0 });
  });

  it('range queries step through (t - range, t] windows', () => {
    const result = evaluateLogMetricRange('sum(count_over_time({app="api"}[30s]))', at(0), at(90), 30_000, store);
    expect(result.result).toEqual([
      {
        labels: {},
        values: [
          [1_700_000_030_000, 4],
          [1_700_000_090_000, 2],
        ],
      },
    ]);
  });
});

describe('efficiency', () => {
  it('sums per-line series (a trace id label) by group without materialising them', () => {
    const entries = [];
    for (let i = 0; i < 50_000; i++) {
      entries.push({ timestampNs: at(i), line: `level=info status=${i % 7 === 0 ? 500 : 200} trace_id=t${i}` });
    }
    const big = new InMemoryLogStore([{ labels: { app: 'big' }, entries }]);
    const query = 'sum by (app) (count_over_time({app="big"} | logfmt | status >= 500 [5m]))';
    const result = evaluateLogMetricRange(query, at(0), at(50_000), 60_000, big);
    expect(result.result).toHaveLength(1);
    // Lines 0, 7, 14, ... in (t - 300 s, t]: 43 (or 42) per window.
    expect(result.result[0].values[10]).toEqual([1_700_000_600_000, 43]);
    // Without the sum, every line is its own series: Loki's series limit applies.
    expect(() => evaluateLogMetricRange('count_over_time({app="big"} | logfmt [5m])', at(0), at(50_000), 60_000, big)).toThrow(
      'maximum of series (500) reached for a single query',
    );
    // topk ranks per step without one dense series per line.
    const top = evaluateLogMetricRange('topk(1, count_over_time({app="big"} | logfmt [5m]))', at(0), at(600), 60_000, big);
    expect(top.result.length).toBeGreaterThan(0);
  });
});
