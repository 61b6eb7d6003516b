import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { SloDefinition } from './model';
import { alertName, rulePeriodDays, sloRuleGroups, sloRulesYaml, type AlertingRule, type RecordingRule } from './rules';

const CHECKOUT: SloDefinition = {
  name: 'checkout-availability',
  service: 'gateway',
  description: '',
  sli: {
    type: 'bad',
    badQuery: 'sum(rate(http_server_requests_total{service="gateway",http_route="/api/checkout",http_response_status_code=~"5.."}[{{.window}}]))',
    totalQuery: 'sum(rate(http_server_requests_total{service="gateway",http_route="/api/checkout"}[{{.window}}]))',
  },
  objective: 0.999,
  window: { kind: 'rolling', days: 30 },
  owner: '',
  labels: { team: 'storefront' },
};

const LATENCY: SloDefinition = {
  ...CHECKOUT,
  name: 'charge-latency',
  service: 'payment',
  sli: { type: 'good', goodQuery: 'http_server_request_duration_seconds_bucket{service="payment",le="1"}', totalQuery: 'http_server_request_duration_seconds_count{service="payment"}' },
  objective: 0.99,
  window: { kind: 'calendar', period: 'month', timeZone: 'Europe/Berlin' },
  labels: {},
};

describe('Sloth-style rules', () => {
  const [sli, meta, alerts] = sloRuleGroups(CHECKOUT);

  it('record the error ratio for every window of the policy and the period', () => {
    expect(sli.name).toBe('sloth-slo-sli-recordings-gateway-checkout-availability');
    const records = sli.rules as RecordingRule[];
    expect(records.map((r) => r.record)).toEqual([
      'slo:sli_error:ratio_rate5m',
      'slo:sli_error:ratio_rate30m',
      'slo:sli_error:ratio_rate1h',
      'slo:sli_error:ratio_rate2h',
      'slo:sli_error:ratio_rate6h',
      'slo:sli_error:ratio_rate1d',
      'slo:sli_error:ratio_rate3d',
      'slo:sli_error:ratio_rate30d',
    ]);
    expect(records[2].expr).toBe(
      '(sum(rate(http_server_requests_total{service="gateway",http_route="/api/checkout",http_response_status_code=~"5.."}[1h]))) / (sum(rate(http_server_requests_total{service="gateway",http_route="/api/checkout"}[1h])))',
    );
    expect(records[2].labels).toEqual({ team: 'storefront', sloth_id: 'gateway-checkout-availability', sloth_service: 'gateway', sloth_slo: 'checkout-availability', sloth_window: '1h' });
    expect(records[7].expr).toContain('sum_over_time(slo:sli_error:ratio_rate5m{sloth_id="gateway-checkout-availability", sloth_service="gateway", sloth_slo="checkout-availability"}[30d])');
  });

  it('record the objective, budget and burn rates', () => {
    const byName = Object.fromEntries((meta.rules as RecordingRule[]).map((r) => [r.record, r.expr]));
    expect(byName['slo:objective:ratio']).toBe('vector(0.999)');
    expect(byName['slo:error_budget:ratio']).toBe('vector(0.001)');
    expect(byName['slo:time_period:days']).toBe('vector(30)');
    expect(byName['slo:period_error_budget_remaining:ratio']).toMatch(/^1 - slo:period_burn_rate:ratio\{/);
  });

  it('page on 1h/5m at 14.4 or 6h/30m at 6, ticket on 1d/2h at 3 or 3d/6h at 1', () => {
    const [page, ticket] = alerts.rules as AlertingRule[];
    expect(page.alert).toBe('CheckoutAvailabilitySLOBurnPage');
    expect(page.labels).toMatchObject({ severity: 'page', sloth_severity: 'page', team: 'storefront' });
    expect(page.expr).toContain('slo:sli_error:ratio_rate5m{sloth_id="gateway-checkout-availability", sloth_service="gateway", sloth_slo="checkout-availability"} > (14.4 * 0.001)');
    expect(page.expr).toContain('slo:sli_error:ratio_rate1h{');
    expect(page.expr).toContain('> (6 * 0.001)');
    expect(ticket.alert).toBe('CheckoutAvailabilitySLOBurnTicket');
    expect(ticket.expr).toContain('slo:sli_error:ratio_rate2h{');
    expect(ticket.expr).toContain('> (3 * 0.001)');
    expect(ticket.expr).toContain('slo:sli_error:ratio_rate3d{');
    expect(ticket.expr).toContain('> (1 * 0.001)');
  });

  it('scale the thresholds with a 28-day window and write good/total as 1 - good/total', () => {
    const groups = sloRuleGroups({ ...LATENCY, window: { kind: 'rolling', days: 28 } });
    const page = groups[2].rules[0] as AlertingRule;
    expect(page.expr).toContain('> (13.44 * 0.01)');
    expect(page.expr).toContain('> (5.6 * 0.01)');
    const ticket = groups[2].rules[1] as AlertingRule;
    expect(ticket.expr).toContain('> (0.933333 * 0.01)');
    expect((groups[0].rules[0] as RecordingRule).expr).toBe(
      '1 - ((sum(rate(http_server_request_duration_seconds_bucket{service="payment",le="1"}[5m]))) / (sum(rate(http_server_request_duration_seconds_count{service="payment"}[5m]))))',
    );
    expect((groups[0].rules[7] as RecordingRule).record).toBe('slo:sli_error:ratio_rate28d');
  });

  it('use 30 days for calendar months and 91 for quarters, and say so', () => {
    expect(rulePeriodDays(LATENCY.window)).toBe(30);
    expect(rulePeriodDays({ kind: 'calendar', period: 'quarter', timeZone: 'UTC' })).toBe(91);
    expect(sloRulesYaml([LATENCY])).toMatch(/^# .*\n# Calendar windows: rules assume 30 days/);
    expect(sloRulesYaml([CHECKOUT])).not.toContain('Calendar windows');
  });

  it('name alerts after the SLO', () => {
    expect(alertName({ name: 'charge-latency' }, 'ticket')).toBe('ChargeLatencySLOBurnTicket');
    expect(alertName({ name: 'api.v2_reads' }, 'page')).toBe('ApiV2ReadsSLOBurnPage');
  });

  it('produce YAML that parses back and that promtool accepts', () => {
    const text = sloRulesYaml([CHECKOUT, LATENCY]);
    const parsed = parse(text) as { groups: { name: string; rules: unknown[] }[] };
    expect(parsed.groups).toHaveLength(6);
    expect(parsed.groups.map((g) => g.rules.length)).toEqual([8, 7, 2, 8, 7, 2]);
    if (!existsSync('/usr/bin/promtool')) throw new Error('promtool is missing: apt-get install -y prometheus');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'weft-slo-rules-'));
    try {
      const file = path.join(dir, 'slo.rules.yml');
      writeFileSync(file, text);
      // promtool prints the file on stdout and the verdict on stderr.
      const result = spawnSync('/usr/bin/promtool', ['check', 'rules', file], { encoding: 'utf8' });
      expect(result.stderr + result.stdout).toContain('SUCCESS: 34 rules found');
      expect(result.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
