import { describe, expect, it } from 'vitest';
import { thrown } from '../../../test/helpers/datasource-error';
import { readFixtureJson } from '../../../test/fixtures';
import { labelSetFingerprint } from './fingerprint';
import {
  exemplarTraceId,
  parseAlertsResponse,
  parseBuildInfoResponse,
  parseExemplarsResponse,
  parsePromValue,
  parseQueryRangeResponse,
  parseQueryResponse,
  parseRulesResponse,
  parseSeriesResponse,
  parseStringListResponse,
  parseTsdbStatusResponse,
} from './parse';

const fixture = (name: string) => readFixtureJson('prometheus', name);

describe('parsePromValue', () => {
  it('reads the special values Prometheus sends as strings', () => {
    expect(parsePromValue('NaN')).toBeNaN();
    expect(parsePromValue('+Inf')).toBe(Number.POSITIVE_INFINITY);
    expect(parsePromValue('-Inf')).toBe(Number.NEGATIVE_INFINITY);
    expect(parsePromValue('1e+00')).toBe(1);
    expect(parsePromValue('0.48895999999999995')).toBe(0.48895999999999995);
  });
});

describe('query responses (fixtures)', () => {
  it('parses a range matrix onto the step grid', () => {
    const result = parseQueryRangeResponse(fixture('query_range_matrix.json'), { startMs: 1795302974000, stepMs: 15_000 });
    if (result.type !== 'matrix') throw new Error(result.type);
    expect(result.series).toHaveLength(18);
    const alerts = result.series.find((s) => s.labels.handler === '/api/v1/alerts');
    expect(alerts?.samples).toHaveLength(24);
    expect(alerts?.samples[0]).toEqual({ timeMs: 1795303529000, value: 0 });
    for (const series of result.series) {
      for (const sample of series.samples) expect((sample.timeMs - 1795302974000) % 15_000).toBe(0);
    }
  });

  it('keeps NaN from histogram_quantile over idle buckets as NaN, not 0', () => {
    const result = parseQueryRangeResponse(fixture('query_range_spanmetrics_p95.json'), { startMs: 1795302974000, stepMs: 30_000 });
    if (result.type !== 'matrix') throw new Error(result.type);
    const checkout = result.series.find((s) => s.labels.service === 'checkout');
    expect(checkout?.samples[0].value).toBeNaN();
    expect(checkout?.samples.at(-1)).toEqual({ timeMs: 1795303874000, value: 0.48895999999999995 });
    expect(result.series.map((s) => s.labels.service)).toContain('loki-all');
  });

  it('snaps float-noisy timestamps to the grid', () => {
    const wire = { status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values: [[1000.0009999, '1'], [1010.001, '+Inf'], [1020, '-Inf']] }] } };
    const result = parseQueryRangeResponse(wire, { startMs: 1_000_000, stepMs: 10_000 });
    expect(result).toEqual({
      type: 'matrix',
      series: [{ labels: {}, samples: [{ timeMs: 1_000_000, value: 1 }, { timeMs: 1_010_000, value: Infinity }, { timeMs: 1_020_000, value: -Infinity }] }],
    });
  });

  it('parses an empty range result as an empty matrix', () => {
    expect(parseQueryRangeResponse(fixture('query_range_empty.json'), { startMs: 0, stepMs: 15_000 })).toEqual({ type: 'matrix', series: [] });
  });

  it('rejects a range query answered with something other than a matrix', () => {
    expect(thrown(() => parseQueryRangeResponse(fixture('query_instant_vector.json'), { startMs: 0, stepMs: 1000 })).kind).toBe('bad-response');
  });

  it('parses an instant vector, including the down target', () => {
    const result = parseQueryResponse(fixture('query_instant_vector.json'));
    if (result.type !== 'vector') throw new Error(result.type);
    expect(result.samples).toHaveLength(5);
    expect(result.samples.find((s) => s.labels.job === 'dead-target')).toEqual({
      labels: { __name__: 'up', instance: '127.0.0.1:9', job: 'dead-target' },
      timeMs: 1795303874000,
      value: 0,
    });
  });

  it('parses the same vector from the POST form fixture', () => {
    expect(parseQueryResponse(fixture('query_post_form.json'))).toEqual(parseQueryResponse(fixture('query_instant_vector.json')));
  });

  it('parses scalar and string results', () => {
    expect(parseQueryResponse(fixture('query_instant_scalar.json'))).toEqual({ type: 'scalar', sample: { timeMs: 1795303874000, value: 4 } });
    expect(parseQueryResponse(fixture('query_instant_string.json'))).toEqual({ type: 'string', timeMs: 1795303874000, value: 'hello' });
  });

  it('parses an instant query of a range selector as a matrix with millisecond timestamps', () => {
    const result = parseQueryResponse(fixture('query_instant_matrix.json'));
    if (result.type !== 'matrix') throw new Error(result.type);
    expect(result.series[0].samples[0]).toEqual({ timeMs: 1795303815123, value: 1 });
    expect(result.series[0].samples).toHaveLength(12);
  });

  it('parses span-metric counters', () => {
    const result = parseQueryResponse(fixture('query_instant_spanmetrics_calls.json'));
    if (result.type !== 'vector') throw new Error(result.type);
    expect(result.samples).toHaveLength(11);
    expect(result.samples[0]).toEqual({
      labels: { service: 'catalog', span_name: 'GET /api/products', status_code: 'STATUS_CODE_UNSET' },
      timeMs: 1795303874000,
      value: 2,
    });
  });

  it('turns the recorded bad_data error body into a bad-request carrying the server message', () => {
    const error = thrown(() => parseQueryResponse(fixture('query_error_bad_syntax.json')));
    expect(error.kind).toBe('bad-request');
    expect(error.message).toContain('1:17: parse error: unclosed left parenthesis');
  });

  it('rejects a malformed sample value as a bad response', () => {
    const wire = { status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [1, 'twelve'] }] } };
    const error = thrown(() => parseQueryResponse(wire));
    expect(error.kind).toBe('bad-response');
    expect(error.message).toMatch(/data\.result\.0\.value\.1/);
  });

  it('does not mutate its input', () => {
    const wire = fixture('query_instant_vector.json');
    const before = JSON.stringify(wire);
    const result = parseQueryResponse(wire);
    if (result.type === 'vector') result.samples[0].labels.job = 'changed';
    expect(JSON.stringify(wire)).toBe(before);
  });
});

describe('exemplars (fixtures)', () => {
  it('extracts the 32-hex traceIDs Tempo remote-wrote', () => {
    const exemplars = parseExemplarsResponse(fixture('query_exemplars_spanmetrics.json'));
    expect(exemplars).toHaveLength(22);
    expect(new Set(exemplars.map((e) => e.traceId))).toEqual(
      new Set([
        '6cc51340d6388ddb692fe7c07575269e',
        '7d721efb63bcec752b8528a2af7411c7',
        '88f38719ffb3d0c47d6677c5c1998baa',
        'bd5a131c670a194676bcd097a4eac415',
        'c5527fbb0cac1b9c5b80953ef63cd323',
        'faa1111b41925d13ad08605ad5300a28',
      ]),
    );
    const first = exemplars[0];
    expect(first).toEqual({
      seriesLabels: expect.objectContaining({ __name__: 'traces_spanmetrics_latency_bucket', le: '0.016', service: 'checkout' }),
      labels: { traceID: 'c5527fbb0cac1b9c5b80953ef63cd323' },
      value: 0.012,
      timeMs: 1795303445396,
      traceId: 'c5527fbb0cac1b9c5b80953ef63cd323',
    });
  });

  it('left-pads the 16-hex Jaeger ids Loki exposes to 32 hex', () => {
    const exemplars = parseExemplarsResponse(fixture('query_exemplars_loki_scrape.json'));
    expect(exemplars).toHaveLength(303);
    for (const e of exemplars) expect(e.traceId).toMatch(/^0{16}[0-9a-f]{16}$/);
    // This one is resolvable in Tempo (../tempo/traces_by_id_loki_selftrace_from_exemplar.json).
    const known = exemplars.find((e) => e.labels.traceID === '01e00fff4138673d');
    expect(known?.traceId).toBe('000000000000000001e00fff4138673d');
    const inf = exemplars.find((e) => e.labels.traceID === '5718a62b3ddfcd87');
    expect(inf).toMatchObject({ value: 193.673383397, timeMs: 1795303581187, seriesLabels: { le: '+Inf', job: 'loki' } });
  });

  it('parses no exemplars as an empty list', () => {
    expect(parseExemplarsResponse(fixture('query_exemplars_none.json'))).toEqual([]);
  });

  it('normalises trace ids from trace_id / traceID / traceId and ignores non-ids', () => {
    expect(exemplarTraceId(' C5527FBB0CAC1B9C5B80953EF63CD323 ')).toBe('c5527fbb0cac1b9c5b80953ef63cd323');
    expect(exemplarTraceId('1e00fff4138673d')).toBe('000000000000000001e00fff4138673d');
    expect(exemplarTraceId('0000000000000000')).toBeUndefined();
    expect(exemplarTraceId('not-a-trace')).toBeUndefined();
    expect(exemplarTraceId('c5527fbb0cac1b9c5b80953ef63cd3230')).toBeUndefined();
    const wire = (labels: Record<string, string>) => ({ status: 'success', data: [{ seriesLabels: {}, exemplars: [{ labels, value: '1', timestamp: 1 }] }] });
    expect(parseExemplarsResponse(wire({ trace_id: 'AB' }))[0].traceId).toBe('000000000000000000000000000000ab');
    expect(parseExemplarsResponse(wire({ traceId: 'cd' }))[0].traceId).toBe('000000000000000000000000000000cd');
    expect(parseExemplarsResponse(wire({ span_id: 'ef' }))[0]).not.toHaveProperty('traceId');
  });
});

describe('series and labels (fixtures)', () => {
  it('parses series label sets', () => {
    const series = parseSeriesResponse(fixture('series.json'));
    expect(series).toHaveLength(10);
    expect(series).toContainEqual({ __name__: 'up', instance: '127.0.0.1:9', job: 'dead-target' });
    expect(series.filter((s) => s.__name__ === 'traces_spanmetrics_calls_total').every((s) => s.service === 'checkout')).toBe(true);
  });

  it('parses label names and values', () => {
    const labels = parseStringListResponse(fixture('labels.json'), 'labels');
    expect(labels).toContain('service');
    expect(labels).toContain('__name__');
    expect(parseStringListResponse(fixture('labels_matched.json'), 'labels')).toContain('span_name');
    expect(parseStringListResponse(fixture('label_job_values.json'), 'label values')).toEqual(['dead-target', 'loki', 'prometheus', 'pyroscope', 'tempo']);
    const metricNames = parseStringListResponse(fixture('label___name___values.json'), 'label values');
    expect(metricNames).toContain('traces_spanmetrics_calls_total');
    expect(metricNames).toContain('up');
  });

  it('reads null data (some compatible servers) as an empty list', () => {
    expect(parseStringListResponse({ status: 'success', data: null }, 'labels')).toEqual([]);
    expect(parseSeriesResponse({ status: 'success', data: null })).toEqual([]);
  });
});

describe('alerts and rules (fixtures)', () => {
  it('parses firing and pending alerts with times, values and fingerprints', () => {
    const alerts = parseAlertsResponse(fixture('alerts.json'));
    expect(alerts.map((a) => [a.name, a.state])).toEqual([
      ['AlwaysFiring', 'firing'],
      ['TargetDown', 'firing'],
      ['PendingLongFor', 'pending'],
    ]);
    expect(alerts[1]).toEqual({
      name: 'TargetDown',
      state: 'firing',
      labels: { alertname: 'TargetDown', instance: '127.0.0.1:9', job: 'dead-target', severity: 'warning' },
      annotations: { summary: 'Target dead-target at 127.0.0.1:9 is down' },
      activeAtMs: Date.parse('2026-11-21T23:27:16.730Z'),
      value: 0,
      source: 'prometheus',
      fingerprint: labelSetFingerprint({ alertname: 'TargetDown', instance: '127.0.0.1:9', job: 'dead-target', severity: 'warning' }),
    });
    expect(new Set(alerts.map((a) => a.fingerprint)).size).toBe(3);
  });

  it('parses alerting and recording rules with their groups', () => {
    const rules = parseRulesResponse(fixture('rules.json'));
    expect(rules.map((r) => `${r.group}/${r.name}/${r.type}`)).toEqual([
      'realstack-alerts/AlwaysFiring/alerting',
      'realstack-alerts/TargetDown/alerting',
      'realstack-alerts/PendingLongFor/alerting',
      'realstack-alerts/NeverFires/alerting',
      'realstack-recording/job:up:sum/recording',
      'realstack-recording/job:http_requests:rate1m/recording',
    ]);
    const pending = rules[2];
    if (pending.type !== 'alerting') throw new Error(pending.type);
    expect(pending).toMatchObject({ query: 'vector(1)', durationSeconds: 86400, state: 'pending', health: 'ok', labels: { severity: 'none' } });
    expect(pending.alerts).toHaveLength(1);
    expect(pending.alerts[0].state).toBe('pending');
    const never = rules[3];
    expect(never.type === 'alerting' && never.alerts).toEqual([]);
    expect(never.query).toBe('vector(0) > 1');
    expect(rules[4]).toEqual({ type: 'recording', group: 'realstack-recording', name: 'job:up:sum', query: 'sum by (job) (up)', labels: {}, health: 'ok' });
  });

  it('parses the type=alert filtered rules with an empty recording group', () => {
    const rules = parseRulesResponse(fixture('rules_type_alert.json'));
    expect(rules).toHaveLength(4);
    expect(rules.every((r) => r.type === 'alerting')).toBe(true);
  });

  it('rejects an alert in a state Prometheus does not have', () => {
    const wire = { status: 'success', data: { alerts: [{ labels: { alertname: 'x' }, annotations: {}, state: 'exploding' }] } };
    expect(thrown(() => parseAlertsResponse(wire)).kind).toBe('bad-response');
  });
});

describe('status endpoints (fixtures)', () => {
  it('parses build info', () => {
    expect(parseBuildInfoResponse(fixture('status_buildinfo.json'))).toEqual({
      version: '2.42.0+ds',
      revision: '2.42.0+ds-5+deb12u1',
      branch: 'debian/sid',
      buildUser: 'team+pkg-go@tracker.debian.org',
      buildDate: '20260604-00:58:54',
      goVersion: 'go1.19.8',
    });
  });

  it('parses TSDB stats', () => {
    const status = parseTsdbStatusResponse(fixture('status_tsdb.json'));
    expect(status.headStats).toEqual({ numSeries: 9593, numLabelPairs: 1740, chunkCount: 10056, minTimeMs: 1795302942040, maxTimeMs: 1795303874234 });
    expect(status.seriesCountByMetricName[0]).toEqual({ name: 'traces_spanmetrics_latency_bucket', value: 1185 });
    expect(status.seriesCountByLabelValuePair).toHaveLength(10);
  });
});

describe('labelSetFingerprint', () => {
  it('matches prometheus/common model.LabelSet.Fingerprint (its own test vectors)', () => {
    expect(labelSetFingerprint({})).toBe(BigInt('14695981039346656037').toString(16));
    expect(labelSetFingerprint({ name: 'garland, briggs', fear: 'love is not enough' })).toBe(BigInt('5799056148416392346').toString(16).padStart(16, '0'));
    expect(labelSetFingerprint({ 'first-label': 'first-label-value', 'second-label': 'second-label-value' })).toBe(
      BigInt('3195800080984914717').toString(16).padStart(16, '0'),
    );
  });
});
