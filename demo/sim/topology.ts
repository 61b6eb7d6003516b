// The simulated shop: its services, HTTP routes and the entry routes the outside world calls.

export const SERVICES = ['gateway', 'order', 'payment', 'inventory', 'user'] as const;
export type ServiceName = (typeof SERVICES)[number];

export const SERVICE_NAMESPACE = 'weft-demo';
export const ENVIRONMENT = 'production';

/** The Prometheus `job` / Loki `job` label, as an OpenTelemetry collector derives it: service.namespace/service.name. */
export function jobOf(service: ServiceName): string {
  return `${SERVICE_NAMESPACE}/${service}`;
}

export function hostOf(service: ServiceName): string {
  return `${service}-1`;
}

/** The Prometheus `instance` label: host and the OpenTelemetry Prometheus exporter's port. */
export function instanceOf(service: ServiceName): string {
  return `${hostOf(service)}:9464`;
}

export type RouteId =
  | 'gateway GET /api/products'
  | 'gateway POST /api/checkout'
  | 'gateway GET /api/orders/{id}'
  | 'gateway GET /api/users/me'
  | 'order POST /orders'
  | 'order GET /orders/{id}'
  | 'payment POST /charge'
  | 'inventory POST /reserve'
  | 'inventory GET /stock'
  | 'user GET /users/{id}';

export interface RouteDef {
  id: RouteId;
  service: ServiceName;
  method: 'GET' | 'POST';
  /** http.route: the template. */
  route: string;
  /** Every status code the route can answer: one metric series each. */
  statuses: readonly number[];
  /** Span name of its server span (and of the client spans calling it): "{method} {route}". */
  spanName: string;
}

const ROUTE_LIST: readonly Omit<RouteDef, 'spanName'>[] = [
  { id: 'gateway GET /api/products', service: 'gateway', method: 'GET', route: '/api/products', statuses: [200, 502] },
  { id: 'gateway POST /api/checkout', service: 'gateway', method: 'POST', route: '/api/checkout', statuses: [200, 402, 409, 502] },
  { id: 'gateway GET /api/orders/{id}', service: 'gateway', method: 'GET', route: '/api/orders/{id}', statuses: [200, 404, 502] },
  { id: 'gateway GET /api/users/me', service: 'gateway', method: 'GET', route: '/api/users/me', statuses: [200, 401, 502] },
  { id: 'order POST /orders', service: 'order', method: 'POST', route: '/orders', statuses: [201, 402, 409, 500, 502] },
  { id: 'order GET /orders/{id}', service: 'order', method: 'GET', route: '/orders/{id}', statuses: [200, 404, 500] },
  { id: 'payment POST /charge', service: 'payment', method: 'POST', route: '/charge', statuses: [200, 402, 502] },
  { id: 'inventory POST /reserve', service: 'inventory', method: 'POST', route: '/reserve', statuses: [200, 409, 500] },
  { id: 'inventory GET /stock', service: 'inventory', method: 'GET', route: '/stock', statuses: [200, 500] },
  { id: 'user GET /users/{id}', service: 'user', method: 'GET', route: '/users/{id}', statuses: [200, 500] },
];

export const ROUTES: readonly RouteDef[] = ROUTE_LIST.map((r) => ({ ...r, spanName: `${r.method} ${r.route}` }));

export const ROUTE_INDEX: ReadonlyMap<RouteId, number> = new Map(ROUTES.map((r, i) => [r.id, i]));

export function routeDef(id: RouteId): RouteDef {
  const index = ROUTE_INDEX.get(id);
  if (index === undefined) throw new Error(`unknown route ${id}`);
  return ROUTES[index];
}

/** Routes called from outside (through the gateway): the traffic model's inputs. */
export interface EntryRoute {
  route: RouteId;
  /** Mean requests per second over a day. */
  baseRatePerSec: number;
  /** Relative weight in trace sampling, on top of traffic: checkout is sampled more (it is the interesting one). */
  traceBoost: number;
}

export const ENTRY_ROUTES: readonly EntryRoute[] = [
  { route: 'gateway GET /api/products', baseRatePerSec: 14, traceBoost: 1 },
  { route: 'gateway POST /api/checkout', baseRatePerSec: 2, traceBoost: 4 },
  { route: 'gateway GET /api/orders/{id}', baseRatePerSec: 3, traceBoost: 1 },
  { route: 'gateway GET /api/users/me', baseRatePerSec: 6, traceBoost: 1 },
];

/** Histogram bucket upper bounds (seconds) of http.server.request.duration, as the OTel Go SDK's defaults. */
export const LATENCY_BUCKETS_S: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/** The `le` label values, Prometheus spelling (the last is +Inf). */
export const LE_LABELS: readonly string[] = [...LATENCY_BUCKETS_S.map((b) => String(b)), '+Inf'];

/** Services with a PostgreSQL connection pool (database/sql), and the pool's limits. */
export const DB_POOLS: Readonly<Partial<Record<ServiceName, { poolName: string; maxOpen: number; maxIdle: number }>>> = {
  order: { poolName: 'orders', maxOpen: 20, maxIdle: 10 },
  payment: { poolName: 'payments', maxOpen: 10, maxIdle: 5 },
  inventory: { poolName: 'inventory', maxOpen: 15, maxIdle: 8 },
  user: { poolName: 'users', maxOpen: 10, maxIdle: 5 },
};

export const DB_HOST = 'postgres';
export const DB_NAME = 'shop';
export const BANK_HOST = 'api.bank.example';
