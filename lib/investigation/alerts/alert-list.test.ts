import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFixtureJson } from '../../../test/fixtures';
import { parseAlertsResponse as parseAlertmanagerAlerts } from '../../datasources/alertmanager/parse';
import { parseAlertsResponse, parseRulesResponse } from '../../datasources/prometheus/parse';
import type { Alert, AlertingRule } from '../../model/metrics';
import { currentAlertRows, expandSummary, groupAlertRows, resolvedAlertRows, severityRank } from './alert-list';
import { parseLabelsParam } from './alert-ref';
import type { AlertRun } from './alert-runs';
import { labelSetFingerprint } from '../../datasources/prometheus/fingerprint';

const NOW = Date.parse('2026-11-21T23:40:00Z');
const MIN = 60_000;

function run(labels: Record<string, string>, firstSeenMs: number, lastSeenMs: number, ongoing = false): AlertRun {
  return { name: labels.alertname, labels, fingerprint: labelSetFingerprint(labels), firstSeenMs, lastSeenMs, ongoing };
}

describe('currentAlertRows (recorded Prometheus alerts)', () => {
  const alerts = parseAlertsResponse(readFixtureJson('prometheus', 'alerts.json'));

  it('lists firing and pending alerts with severity, service, summary and since', () => {
    const rows = currentAlertRows(alerts, NOW);
    expect(rows.map((row) => [row.name, row.state, row.severity])).toEqual([
      ['TargetDown', 'firing', 'warning'],
      ['AlwaysFiring', 'firing', 'info'],
      ['PendingLongFor', 'pending', 'none'],
    ]);
    const targetDown = rows[0];
    expect(targetDown.service).toBe('dead-target');
    expect(targetDown.summary).toBe('Target dead-target at 127.0.0.1:9 is down');
    expect(targetDown.sinceMs).toBe(Date.parse('2026-11-21T23:27:16.730Z'));
    expect(targetDown.value).toBe(0);
  });

  it('links each row to its alert view with the label set and an absolute window that ends now', () => {
    const [row] = currentAlertRows(alerts, NOW);
    const url = new URL(row.href, 'http://console');
    expect(url.pathname).toBe('/alerts/TargetDown');
    const labels = parseLabelsParam(url.searchParams.get('labels'));
    expect(labels).toEqual({ ok: true, value: { instance: '127.0.0.1:9', job: 'dead-target', severity: 'warning' } });
    const fromMs = Number(url.searchParams.get('from'));
    const toMs = Number(url.searchParams.get('to'));
    expect(fromMs).toBeLessThan(row.sinceMs!);
    expect(toMs).toBe(NOW);
  });

  it('reads Alertmanager alerts the same way (spec-shaped Alertmanager body; none was recorded)', () => {
    const amAlerts = parseAlertmanagerAlerts(JSON.parse(readFileSync(path.resolve(__dirname, '../../datasources/alertmanager/testdata/alerts.json'), 'utf8')));
    const rows = currentAlertRows(amAlerts, NOW);
    // The third alert (upstream's fingerprint test vector) has no alertname: nothing to name or link, left out.
    expect(rows.map((row) => [row.name, row.state, row.service])).toEqual([
      ['PaymentLatencyHigh', 'firing', 'payment'],
      ['OrderErrors', 'suppressed', 'order'],
    ]);
    for (const row of rows) expect(row.href.startsWith(`/alerts/${encodeURIComponent(row.name)}?`)).toBe(true);
  });

  it('encodes a hostile alert name in the link path', () => {
    const hostile: Alert = { name: '../../api/x?y=1#z', state: 'firing', labels: { alertname: '../../api/x?y=1#z' }, annotations: {}, source: 'prometheus', fingerprint: 'f' };
    const [row] = currentAlertRows([hostile], NOW);
    const url = new URL(row.href, 'http://console');
    expect(url.pathname).toBe(`/alerts/${encodeURIComponent(hostile.name)}`);
    expect(decodeURIComponent(url.pathname.slice('/alerts/'.length))).toBe(hostile.name);
    expect(url.hash).toBe('');
  });
});

describe('resolvedAlertRows', () => {
  const current: Alert[] = [
    { name: 'ProductListingSlow', state: 'firing', labels: { alertname: 'ProductListingSlow', service: 'gateway', severity: 'warning', cluster: 'eu' }, annotations: {}, source: 'alertmanager', fingerprint: 'x' },
  ];

  it('lists finished runs and drops ongoing runs of alerts still active (matched by label subset)', () => {
    const rows = resolvedAlertRows(
      [
        run({ alertname: 'ProductListingSlow', service: 'gateway', severity: 'warning' }, NOW - 50 * MIN, NOW, true),
        run({ alertname: 'PaymentHighLatency', service: 'payment', severity: 'page' }, NOW - 40 * MIN, NOW - 20 * MIN),
        run({ alertname: 'OrderHighErrorRate', service: 'order', severity: 'page' }, NOW - 30 * MIN, NOW, true),
      ],
      current,
      NOW,
    );
    expect(rows.map((row) => [row.name, row.state, row.sinceMs, row.lastSeenMs])).toEqual([
      // Ongoing in the history but gone from the alerts API: it resolved within the last step.
      ['OrderHighErrorRate', 'resolved', NOW - 30 * MIN, NOW],
      ['PaymentHighLatency', 'resolved', NOW - 40 * MIN, NOW - 20 * MIN],
    ]);
    const url = new URL(rows[1].href, 'http://console');
    expect(Number(url.searchParams.get('from'))).toBe(NOW - 40 * MIN - 15 * MIN);
    expect(Number(url.searchParams.get('to'))).toBe(NOW - 5 * MIN);
  });

  it('leaves ongoing runs out when the current alerts are unknown', () => {
    const rows = resolvedAlertRows([run({ alertname: 'A' }, NOW - 10 * MIN, NOW, true)], null, NOW);
    expect(rows).toEqual([]);
  });

  it('takes summaries from the matching rule with label references filled in (recorded rules)', () => {
    const rules = parseRulesResponse(readFixtureJson('prometheus', 'rules_type_alert.json')).filter((r): r is AlertingRule => r.type === 'alerting');
    const rows = resolvedAlertRows([run({ alertname: 'TargetDown', instance: 'db:9100', job: 'node', severity: 'warning' }, NOW - 9 * MIN, NOW - 3 * MIN)], [], NOW, rules);
    expect(rows[0].summary).toBe('Target node at db:9100 is down');
    expect(rows[0].service).toBe('node');
  });
});

describe('expandSummary', () => {
  it('fills $labels and .Labels references and refuses anything it cannot fill', () => {
    expect(expandSummary({ summary: '{{ $labels.service }} slow ({{- .Labels.route -}})' }, { service: 'payment', route: '/charge' })).toBe('payment slow (/charge)');
    expect(expandSummary({ summary: 'p99 is {{ $value | humanizeDuration }}' }, {})).toBeNull();
    expect(expandSummary({ description: 'plain' }, {})).toBe('plain');
    expect(expandSummary({}, {})).toBeNull();
  });
});

describe('groupAlertRows and severityRank', () => {
  it('groups instances under their alert name, most severe group first', () => {
    const rows = currentAlertRows(
      [
        { name: 'DBPoolSaturated', state: 'firing', labels: { alertname: 'DBPoolSaturated', severity: 'ticket', service: 'order' }, annotations: {}, activeAtMs: NOW - 5 * MIN, source: 'prometheus', fingerprint: 'a' },
        { name: 'PaymentHighLatency', state: 'pending', labels: { alertname: 'PaymentHighLatency', severity: 'page' }, annotations: {}, activeAtMs: NOW - MIN, source: 'prometheus', fingerprint: 'b' },
        { name: 'DBPoolSaturated', state: 'firing', labels: { alertname: 'DBPoolSaturated', severity: 'ticket', service: 'inventory' }, annotations: {}, activeAtMs: NOW - 2 * MIN, source: 'prometheus', fingerprint: 'c' },
      ],
      NOW,
    );
    const groups = groupAlertRows(rows);
    expect(groups.map((g) => [g.name, g.severity, g.rows.map((r) => r.service)])).toEqual([
      ['PaymentHighLatency', 'page', [null]],
      ['DBPoolSaturated', 'ticket', ['inventory', 'order']],
    ]);
  });

  it('orders severities critical/page < error < warning/ticket < info < unknown < none', () => {
    const order = ['none', 'weird', 'info', 'warning', 'ticket', 'error', 'critical', 'page'].sort((a, b) => severityRank(a) - severityRank(b));
    expect(order.slice(0, 2).sort()).toEqual(['critical', 'page']);
    expect(order.slice(-3)).toEqual(['info', 'weird', 'none']);
    expect(severityRank(null)).toBe(severityRank('weird'));
  });
});
