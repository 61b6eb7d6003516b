// The SLOs the demo stack comes with, burned by its incidents (demo/sim/incidents.ts): checkout availability
// and charge latency match the demo's Sloth-style alert rules (demo/sim/alert-rules.ts) exactly; order
// availability is a calendar month in Berlin (the major order-db-pool incidents, one every six days, spend
// part of its budget); product listing availability is a healthy 28-day SLO. Seeding is idempotent: an SLO
// that exists (edited, or deleted — archived) is left as it is.
import type { SloDefinition } from './model';

const CHECKOUT = 'service="gateway",http_route="/api/checkout"';
const CHARGE = 'service="payment",http_route="/charge"';
const PRODUCTS = 'service="gateway",http_route="/api/products"';

export const DEMO_SLOS: readonly SloDefinition[] = [
  {
    name: 'checkout-availability',
    service: 'gateway',
    description: 'Checkouts that do not fail with a 5xx. Burned by both incident kinds: bank timeouts (502) and the order database pool (502).',
    sli: {
      type: 'bad',
      badQuery: `sum(rate(http_server_requests_total{${CHECKOUT},http_response_status_code=~"5.."}[{{.window}}]))`,
      totalQuery: `sum(rate(http_server_requests_total{${CHECKOUT}}[{{.window}}]))`,
    },
    objective: 0.999,
    window: { kind: 'rolling', days: 30 },
    owner: 'storefront',
    labels: { team: 'storefront', tier: '1' },
  },
  {
    name: 'charge-latency',
    service: 'payment',
    description: 'Charges answered within 1 s. The slow bank API incidents burn it.',
    sli: {
      type: 'good',
      goodQuery: `http_server_request_duration_seconds_bucket{${CHARGE},le="1"}`,
      totalQuery: `http_server_request_duration_seconds_count{${CHARGE}}`,
    },
    objective: 0.99,
    window: { kind: 'rolling', days: 30 },
    owner: 'payments',
    labels: { team: 'payments', tier: '1' },
  },
  {
    name: 'orders-availability',
    service: 'order',
    description: 'Order requests that do not fail with a 5xx, per calendar month in Berlin. The database pool saturations burn it.',
    sli: {
      type: 'bad',
      badQuery: 'http_server_requests_total{service="order",http_response_status_code=~"5.."}',
      totalQuery: 'http_server_requests_total{service="order"}',
    },
    objective: 0.98,
    window: { kind: 'calendar', period: 'month', timeZone: 'Europe/Berlin' },
    owner: 'orders',
    labels: { team: 'orders', tier: '2' },
  },
  {
    name: 'product-listing-availability',
    service: 'gateway',
    description: 'Product listings that do not fail with a 5xx. No incident touches it.',
    sli: {
      type: 'bad',
      badQuery: `http_server_requests_total{${PRODUCTS},http_response_status_code=~"5.."}`,
      totalQuery: `http_server_requests_total{${PRODUCTS}}`,
    },
    objective: 0.999,
    window: { kind: 'rolling', days: 28 },
    owner: 'storefront',
    labels: { team: 'storefront', tier: '2' },
  },
];

/** The start-script flag: WEFT_SEED_DEMO_SLOS=1, or WEFT_DEMO=1 (npm start on the demo) unless WEFT_SEED_DEMO_SLOS=0. */
export function shouldSeedDemoSlos(env: Record<string, string | undefined>): boolean {
  const flag = env.WEFT_SEED_DEMO_SLOS?.trim();
  if (flag === '1' || flag === 'true') return true;
  if (flag === '0' || flag === 'false') return false;
  return env.WEFT_DEMO?.trim() === '1';
}
