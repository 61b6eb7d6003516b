// Alerting rules of the simulated fleet, in the shape a Prometheus rule file would hold. Only common PromQL:
// selectors, rate, sum/max by, histogram_quantile, arithmetic, comparisons, and/or.
//
// Firing guarantee: ProductListingSlow (a histogram_quantile over the request-duration histogram) is firing at every
// moment of the data window (after its first 15 minutes): GET /api/products sits on inventory's full-table stock
// scan, whose p95 is ~0.3-0.5 s against a 0.25 s threshold at any traffic level (the share of requests under 0.25 s
// never exceeds ~0.9). It is the realistic "known, ticketed, ignored" warning, and the alert -> exemplar -> trace
// journey always has something to start from. The incident alerts fire during the incidents (incidents.ts).
import type { AlertRuleDefinition } from '../contract';

const RUNBOOKS = 'https://runbooks.weft.example';

function errorRatio(selector: string, window: string): string {
  return `(sum(rate(http_server_requests_total{${selector},http_response_status_code=~"5.."}[${window}])) / sum(rate(http_server_requests_total{${selector}}[${window}])))`;
}

function slowRatio(selector: string, le: string, window: string): string {
  return `(1 - (sum(rate(http_server_request_duration_seconds_bucket{${selector},le="${le}"}[${window}])) / sum(rate(http_server_request_duration_seconds_count{${selector}}[${window}]))))`;
}

/** Sloth-style multiwindow multi-burn-rate alerts (page: 1h/5m @14.4 or 6h/30m @6; ticket: 1d/2h @3 or 3d/6h @1). */
function slothAlerts(
  slo: { id: string; service: string; name: string; objectivePercent: number; summary: string },
  sli: (window: string) => string,
): AlertRuleDefinition[] {
  const budget = Number((1 - slo.objectivePercent / 100).toFixed(6));
  const burn = (factor: number, long: string, short: string) => `(${sli(short)} > (${factor} * ${budget}) and ${sli(long)} > (${factor} * ${budget}))`;
  const labels = { sloth_id: slo.id, sloth_service: slo.service, sloth_slo: slo.name, service: slo.service };
  const group = `sloth-slo-alerts-${slo.id}`;
  return [
    {
      group,
      name: `${slo.name.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase())}SLOBurnPage`,
      expr: `${burn(14.4, '1h', '5m')} or ${burn(6, '6h', '30m')}`,
      forSeconds: 0,
      labels: { ...labels, severity: 'page', sloth_severity: 'page' },
      annotations: {
        summary: `${slo.summary}: error budget burning fast`,
        description: `The ${slo.objectivePercent}% SLO ${slo.id} is burning its 30-day error budget at 6x or more (multiwindow, multi-burn-rate).`,
        runbook_url: `${RUNBOOKS}/slo/${slo.id}`,
        title: `(page) ${slo.service} ${slo.name} SLO error budget burn rate is too fast.`,
      },
    },
    {
      group,
      name: `${slo.name.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase())}SLOBurnTicket`,
      expr: `${burn(3, '1d', '2h')} or ${burn(1, '3d', '6h')}`,
      forSeconds: 0,
      labels: { ...labels, severity: 'ticket', sloth_severity: 'ticket' },
      annotations: {
        summary: `${slo.summary}: error budget burning`,
        description: `The ${slo.objectivePercent}% SLO ${slo.id} is burning its 30-day error budget faster than it refills.`,
        runbook_url: `${RUNBOOKS}/slo/${slo.id}`,
        title: `(ticket) ${slo.service} ${slo.name} SLO error budget burn rate is too fast.`,
      },
    },
  ];
}

export const CHECKOUT_SLO = { id: 'gateway-checkout-availability', service: 'gateway', name: 'checkout-availability', objectivePercent: 99.9, summary: 'Checkout availability' };
export const PAYMENT_LATENCY_SLO = { id: 'payment-charge-latency', service: 'payment', name: 'charge-latency', objectivePercent: 99, summary: 'Payment charge latency (< 1 s)' };

export const CHECKOUT_SELECTOR = 'service="gateway",http_route="/api/checkout"';
export const CHARGE_SELECTOR = 'service="payment",http_route="/charge"';

export const ALERT_RULES: readonly AlertRuleDefinition[] = [
  {
    group: 'weft-demo.http',
    name: 'PaymentHighLatency',
    expr: `histogram_quantile(0.99, sum by (le) (rate(http_server_request_duration_seconds_bucket{${CHARGE_SELECTOR}}[5m]))) > 1`,
    forSeconds: 300,
    labels: { severity: 'page', service: 'payment', team: 'payments' },
    annotations: {
      summary: 'Payment p99 latency above 1 s',
      description: 'p99 of POST /charge has been above 1 s for 5 minutes. Check the bank API client spans (timeouts, retries).',
      runbook_url: `${RUNBOOKS}/payment/high-latency`,
    },
  },
  {
    group: 'weft-demo.http',
    name: 'OrderHighErrorRate',
    expr: `${errorRatio('service="order"', '5m')} > 0.05`,
    forSeconds: 300,
    labels: { severity: 'page', service: 'order', team: 'orders' },
    annotations: {
      summary: 'Order service 5xx ratio above 5%',
      description: 'More than 5% of order requests have failed with a 5xx for 5 minutes.',
      runbook_url: `${RUNBOOKS}/order/high-error-rate`,
    },
  },
  {
    group: 'weft-demo.http',
    name: 'ProductListingSlow',
    expr: `histogram_quantile(0.95, sum by (le) (rate(http_server_request_duration_seconds_bucket{service="gateway",http_route="/api/products"}[5m]))) > 0.25`,
    forSeconds: 900,
    labels: { severity: 'warning', service: 'gateway', team: 'storefront' },
    annotations: {
      summary: 'Product listing p95 above 250 ms',
      description: 'p95 of GET /api/products has been above 250 ms for 15 minutes (inventory stock query does a full table scan; INV-142).',
      runbook_url: `${RUNBOOKS}/gateway/product-listing-slow`,
    },
  },
  {
    group: 'weft-demo.db',
    name: 'DBPoolSaturated',
    expr: 'max by (service, pool_name) (db_client_connections_pending_requests) > 0',
    forSeconds: 300,
    labels: { severity: 'ticket', team: 'platform' },
    annotations: {
      summary: 'Database connection pool saturated',
      description: 'Requests have been waiting for a database connection for 5 minutes: the pool is at its maximum.',
      runbook_url: `${RUNBOOKS}/db/pool-saturated`,
    },
  },
  {
    group: 'weft-demo.meta',
    name: 'TargetDown',
    expr: 'up == 0',
    forSeconds: 300,
    labels: { severity: 'ticket', team: 'platform' },
    annotations: {
      summary: 'Scrape target down',
      description: 'A target has been unreachable for 5 minutes.',
      runbook_url: `${RUNBOOKS}/meta/target-down`,
    },
  },
  ...slothAlerts(CHECKOUT_SLO, (w) => errorRatio(CHECKOUT_SELECTOR, w)),
  ...slothAlerts(PAYMENT_LATENCY_SLO, (w) => slowRatio(CHARGE_SELECTOR, '1', w)),
];
