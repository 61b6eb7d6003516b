// Small pure helpers of the alert view: rule lookup, runbook links, units, series selection, service labels.
import { describe, expect, it } from 'vitest';
import { readFixtureJson } from '../../../test/fixtures';
import { parseExemplarsResponse, parseQueryRangeResponse, parseRulesResponse } from '../../datasources/prometheus/parse';
import type { Exemplar, Series } from '../../model/metrics';
import { findAlertingRule, runbookUrl } from './alert-rule';
import { consistentWith, exemplarsOfAlert, expressionLabels, sampleExemplars, seriesOfAlert, valueOnSeries } from './alert-series';
import { serviceOfAlert } from './alert-service';
import { exprUnit, metricUnit, readsSeries } from './expr-unit';
import { ALERT_RULES } from '../../../demo/sim/alert-rules';

describe('findAlertingRule (recorded rules API)', () => {
  const rules = parseRulesResponse(readFixtureJson('prometheus', 'rules.json'));

  it('finds the alerting rule by name whose labels the alert carries', () => {
    const match = findAlertingRule(rules, 'TargetDown', { alertname: 'TargetDown', job: 'dead-target', severity: 'warning' });
    expect(match?.rule.query).toBe('up == 0');
    expect(match?.rule.durationSeconds).toBe(10);
    expect(match?.labelsMatched).toBe(true);
  });

  it('falls back to the first rule of that name when the rule labels are not on the alert, and says so', () => {
    const match = findAlertingRule(rules, 'TargetDown', { severity: 'critical' });
    expect(match?.rule.name).toBe('TargetDown');
    expect(match?.labelsMatched).toBe(false);
  });

  it('prefers the rule with more matching labels among same-named rules', () => {
    const base = { type: 'alerting' as const, group: 'g', query: 'x > 1', durationSeconds: 0, annotations: {}, health: 'ok', alerts: [] };
    const match = findAlertingRule(
      [
        { ...base, name: 'A', labels: { severity: 'warning' } },
        { ...base, name: 'A', labels: { severity: 'page', team: 'payments' }, query: 'x > 2' },
        { ...base, name: 'A', labels: { severity: 'critical' } },
      ],
      'A',
      { alertname: 'A', severity: 'page', team: 'payments' },
    );
    expect(match?.rule.query).toBe('x > 2');
    expect(match?.alsoMatching).toBe(0);
  });

  it('finds nothing for an unknown name or a recording rule name', () => {
    expect(findAlertingRule(rules, 'NoSuchAlert', {})).toBeNull();
    const recording = rules.find((rule) => rule.type === 'recording');
    expect(recording).toBeDefined();
    expect(findAlertingRule(rules, recording!.name, {})).toBeNull();
  });
});

describe('runbookUrl', () => {
  it('links only absolute http(s) URLs', () => {
    expect(runbookUrl({ runbook_url: 'https://runbooks.example/payment' })).toBe('https://runbooks.example/payment');
    expect(runbookUrl({ runbook_url: 'javascript:alert(1)' })).toBeNull();
    expect(runbookUrl({ runbook_url: ' JAVASCRIPT:alert(1)' })).toBeNull();
    expect(runbookUrl({ runbook_url: 'data:text/html,x' })).toBeNull();
    expect(runbookUrl({ runbook_url: 'wiki/Payment' })).toBeNull();
    expect(runbookUrl({ runbook: 'http://wiki.local/x' })).toBe('http://wiki.local/x');
    expect(runbookUrl({})).toBeNull();
  });
});

describe('exprUnit and metricUnit', () => {
  it('reads units from metric names, never from values', () => {
    expect(metricUnit('http_server_request_duration_seconds_bucket')).toBe('seconds');
    expect(metricUnit('http_server_request_duration_seconds_count')).toBe('count');
    expect(metricUnit('process_resident_memory_bytes')).toBe('bytes');
    expect(metricUnit('db_client_connections_pending_requests')).toBe('none');
  });

  it('gives every demo alert expression a sensible unit', () => {
    const units = Object.fromEntries(ALERT_RULES.map((rule) => [rule.name, exprUnit(rule.expr.replace(/ > [\d.]+$/, ''))]));
    expect(units.PaymentHighLatency).toBe('seconds');
    expect(units.ProductListingSlow).toBe('seconds');
    expect(units.OrderHighErrorRate).toBe('ratio');
    expect(units.DBPoolSaturated).toBe('none');
    expect(units.TargetDown).toBe('none');
  });

  it('knows whether an expression reads series at all (exemplars need one)', () => {
    expect(readsSeries('vector(1) > 0')).toBe(false);
    expect(readsSeries('(vector(time()) % 6)')).toBe(false);
    expect(readsSeries('up == 0')).toBe(true);
    expect(readsSeries('{job="x"} > 1')).toBe(true);
    expect(readsSeries('rate(x[5m')).toBe(true);
  });

  it('keeps the _sum unit of a mean and says none for what it cannot read', () => {
    expect(exprUnit('rate(x_seconds_sum[5m]) / rate(x_seconds_count[5m])')).toBe('seconds');
    expect(exprUnit('rate(x_seconds_bucket[5m')).toBe('none');
    expect(exprUnit('vector(1)')).toBe('none');
  });
});

describe('series and exemplars of one alert instance', () => {
  it('keeps the series whose shared labels agree, ignoring the rule labels', () => {
    const wanted = expressionLabels({ alertname: 'DBPoolSaturated', service: 'order', pool_name: 'orders', severity: 'ticket' }, { severity: 'ticket', team: 'platform' });
    expect(wanted).toEqual({ service: 'order', pool_name: 'orders' });
    const series: Series[] = [
      { labels: { service: 'order', pool_name: 'orders' }, samples: [] },
      { labels: { service: 'inventory', pool_name: 'stock' }, samples: [] },
    ];
    expect(seriesOfAlert(series, wanted)).toEqual({ series: [series[0]], filtered: true });
    // Labels that say nothing about the series (e.g. after sum by (le)) keep them all.
    expect(seriesOfAlert(series, { cluster: 'eu' })).toEqual({ series, filtered: false });
  });

  it('treats labels named like Object properties as ordinary labels', () => {
    expect(consistentWith({}, { constructor: 'x' })).toBe(true);
    expect(consistentWith({ constructor: 'y' }, { constructor: 'x' })).toBe(false);
    expect(expressionLabels({ toString: 'a', alertname: 'A' }, {})).toEqual({ toString: 'a' });
  });

  it('keeps recorded exemplars with trace ids that fit the alert, oldest first (Prometheus 2.42 answer)', () => {
    const exemplars = parseExemplarsResponse(readFixtureJson('prometheus', 'query_exemplars_spanmetrics.json'));
    expect(exemplars.length).toBeGreaterThan(0);
    const services = [...new Set(exemplars.map((e) => e.seriesLabels.service))];
    const service = services[0];
    const kept = exemplarsOfAlert(exemplars, { service });
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.every((e) => e.seriesLabels.service === service && /^[0-9a-f]{32}$/.test(e.traceId ?? ''))).toBe(true);
    expect(kept.map((e) => e.timeMs)).toEqual([...kept.map((e) => e.timeMs)].sort((a, b) => a - b));
    const noTrace: Exemplar = { seriesLabels: { service }, labels: {}, value: 1, timeMs: 1 };
    expect(exemplarsOfAlert([noTrace], { service })).toEqual([]);
  });

  it('snaps an exemplar to the nearest non-null point of a line', () => {
    const points: [number, number | null][] = [
      [0, 1],
      [60, null],
      [120, 3],
    ];
    expect(valueOnSeries(points, 70)).toBe(3);
    expect(valueOnSeries(points, 20)).toBe(1);
    expect(valueOnSeries([], 20)).toBe(0);
  });

  it('plots recorded range-query series untouched when the alert names none of their labels', () => {
    const result = parseQueryRangeResponse(readFixtureJson('prometheus', 'query_range_matrix.json'), { startMs: 0, stepMs: 1 });
    expect(result.type).toBe('matrix');
    if (result.type === 'matrix') expect(seriesOfAlert(result.series, {}).series).toHaveLength(result.series.length);
  });
});

describe('serviceOfAlert', () => {
  it('prefers service, then service_name, then the job (without its namespace)', () => {
    expect(serviceOfAlert({ service: 'payment', job: 'x' })).toBe('payment');
    expect(serviceOfAlert({ service_name: 'order', job: 'x' })).toBe('order');
    expect(serviceOfAlert({ job: 'shop/inventory' })).toBe('inventory');
    expect(serviceOfAlert({ job: 'node' })).toBe('node');
    expect(serviceOfAlert({ service: '  ', job: 'shop/' })).toBeNull();
    expect(serviceOfAlert({ alertname: 'X' })).toBeNull();
  });
});

describe('sampleExemplars', () => {
  const points = Array.from({ length: 1000 }, (_, i) => ({ timeMs: i * 10, value: (i * 7919) % 1000 }));

  it('keeps everything, sorted by time, when there are few', () => {
    const few = [points[5], points[1], points[3]];
    expect(sampleExemplars(few, 0, 10_000, 10, 2).map((p) => p.timeMs)).toEqual([10, 30, 50]);
  });

  it('keeps the highest of each time bucket, covering the whole window, without mutating the input', () => {
    const before = JSON.stringify(points);
    const kept = sampleExemplars(points, 0, 10_000, 10, 3);
    expect(kept).toHaveLength(30);
    expect(JSON.stringify(points)).toBe(before);
    for (let bucket = 0; bucket < 10; bucket++) {
      const inBucket = points.filter((p) => Math.floor(p.timeMs / 1000) === bucket).map((p) => p.value).sort((a, b) => b - a);
      const keptValues = kept.filter((p) => Math.floor(p.timeMs / 1000) === bucket).map((p) => p.value).sort((a, b) => b - a);
      expect(keptValues).toEqual(inBucket.slice(0, 3));
    }
    expect(kept.map((p) => p.timeMs)).toEqual([...kept.map((p) => p.timeMs)].sort((a, b) => a - b));
    expect(Math.max(...kept.map((p) => p.value))).toBe(999);
  });
});
