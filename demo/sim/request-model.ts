// The request model: how one request flows through the shop, with timings, status codes and errors, under a given
// fleet state. It is the single source of truth: traces are built from it, and the latency histograms and status
// ratios are Monte Carlo statistics of the very same function (route-stats.ts), so metrics and traces agree.
import type { FleetState } from './incidents';
import { Rng } from './random';
import { BANK_HOST, routeDef, type RouteId, type ServiceName } from './topology';

export type NodeOp = 'http-server' | 'http-client' | 'db' | 'bank' | 'internal' | 'job';
export type LogLevel = 'info' | 'warn' | 'error';
export type FieldValue = string | number | boolean;

export interface PlanNode {
  /** Index of the parent node, -1 for the root. Nodes are in pre-order: a parent precedes its children. */
  parent: number;
  service: ServiceName;
  kind: 'server' | 'client' | 'internal';
  op: NodeOp;
  name: string;
  /** Offset from the trace's start. */
  startNs: number;
  durationNs: number;
  error: boolean;
  /** An exception recorded on the span (OTel "exception" event). */
  exception?: { type: string; message: string };
  /** server: its own route; http-client: the route it calls. */
  route?: RouteId;
  httpStatus?: number;
  /** Concrete url.path (detail only). */
  path?: string;
  db?: { operation: string; table: string; statement: string };
  /** Bank calls: 1-based attempt number. */
  attempt?: number;
  /** Extra span attributes (detail only). */
  attributes?: Record<string, FieldValue>;
}

export interface PlanLog {
  node: number;
  /** From the start of its node (span). */
  offsetNs: number;
  level: LogLevel;
  msg: string;
  caller: string;
  fields: Record<string, FieldValue>;
}

export interface RequestPlan {
  entry: RouteId;
  nodes: PlanNode[];
  logs: PlanLog[];
}

const MS = 1e6;

interface Outcome {
  endNs: number;
  status: number;
  error?: { type: string; message: string };
}

/**
 * Builds one request. `rng` drives everything that shapes timings and outcomes; `detail` (ids, paths, log fields)
 * draws from a separate stream so that a Monte Carlo run without detail follows exactly the same path.
 */
class PlanBuilder {
  readonly nodes: PlanNode[] = [];
  readonly logs: PlanLog[] = [];

  constructor(
    readonly rng: Rng,
    readonly detailRng: Rng | null,
    readonly scale: number,
    readonly state: FleetState,
  ) {}

  /** A log-normal duration in ns, scaled by the minute's latency factor. */
  ms(median: number, sigma: number): number {
    return Math.max(20_000, this.rng.logNormal(median, sigma) * MS * this.scale);
  }

  /** Adds a node with every field present, so that all nodes share one object shape (fast property access). */
  add(init: PlanNode): number {
    this.nodes.push({
      parent: init.parent,
      service: init.service,
      kind: init.kind,
      op: init.op,
      name: init.name,
      startNs: init.startNs,
      durationNs: init.durationNs,
      error: init.error,
      exception: init.exception,
      route: init.route,
      httpStatus: init.httpStatus,
      path: init.path,
      db: init.db,
      attempt: init.attempt,
      attributes: init.attributes,
    });
    return this.nodes.length - 1;
  }

  /** Fields are a thunk: a Monte Carlo run (no detail) never builds them. */
  log(node: number, offsetNs: number, level: LogLevel, msg: string, caller: string, fields: () => Record<string, FieldValue> = () => ({})): void {
    if (this.detailRng) this.logs.push({ node, offsetNs, level, msg, caller, fields: fields() });
  }

  level(kind: FleetState['kind']): number {
    return this.state.kind === kind ? this.state.level : 0;
  }

  /** prefix + `digits` (<= 24) random base-36 characters. */
  detailId(prefix: string, digits: number): string {
    if (!this.detailRng) return '';
    let s = '';
    while (s.length < digits) s += this.detailRng.nextUint32().toString(36).padStart(6, '0').slice(-6);
    return prefix + s.slice(0, digits);
  }

  detailInt(min: number, max: number): number {
    return this.detailRng ? this.detailRng.int(min, max) : 0;
  }
}

type Handler = (b: PlanBuilder, parent: number, startNs: number, path: string) => Outcome;

function levelOf(status: number): LogLevel {
  return status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
}

/** A server span around a handler body, with its access log line. */
function serve(b: PlanBuilder, parent: number, startNs: number, routeId: RouteId, path: string, body: (root: number, t: number) => Outcome): Outcome {
  const def = routeDef(routeId);
  const root = b.add({ parent, service: def.service, kind: 'server', op: 'http-server', name: def.spanName, startNs, durationNs: 0, error: false, route: routeId, path });
  const t = startNs + b.ms(0.25, 0.4); // middleware: otelhttp, auth, decode
  const out = body(root, t);
  const endNs = out.endNs + b.ms(0.15, 0.4);
  const node = b.nodes[root];
  node.durationNs = endNs - startNs;
  node.httpStatus = out.status;
  if (out.status >= 500) {
    node.error = true;
    if (out.error) node.exception = out.error;
  }
  b.log(root, endNs - startNs, levelOf(out.status), out.status >= 500 ? 'request failed' : 'request completed', 'httpserver/middleware.go:64', () => {
    const fields: Record<string, FieldValue> = { method: def.method, path, route: def.route, status: out.status, duration_ms: Math.round((endNs - startNs) / 10_000) / 100 };
    if (out.error && out.status >= 500) fields.error = out.error.message;
    return fields;
  });
  return { endNs, status: out.status, error: out.error };
}

/** An HTTP client span calling another service's route. */
function httpCall(b: PlanBuilder, parent: number, startNs: number, caller: ServiceName, target: RouteId, path: string, handler: Handler): Outcome {
  const def = routeDef(target);
  const client = b.add({ parent, service: caller, kind: 'client', op: 'http-client', name: def.spanName, startNs, durationNs: 0, error: false, route: target, path });
  const out = handler(b, client, startNs + b.ms(0.35, 0.3), path);
  const endNs = out.endNs + b.ms(0.3, 0.3);
  const node = b.nodes[client];
  node.durationNs = endNs - startNs;
  node.httpStatus = out.status;
  node.error = out.status >= 400; // OTel HTTP client semantics: 4xx and 5xx are errors
  return { endNs, status: out.status, error: out.error };
}

interface DbCall {
  operation: string;
  table: string;
  statement: string;
  medianMs: number;
  sigma: number;
  /** Probability of a query error, with its message. */
  failure?: { p: number; type: string; message: string };
}

/**
 * A database client span. `pool` (order's database/sql pool) models the DB pool saturation incident:
 * waiting for a connection, "pq: sorry, too many clients already", "acquire conn: context deadline exceeded".
 */
function dbCall(b: PlanBuilder, parent: number, startNs: number, service: ServiceName, call: DbCall, pool = false): Outcome {
  const index = b.add({
    parent,
    service,
    kind: 'client',
    op: 'db',
    name: `${call.operation} ${call.table}`,
    startNs,
    durationNs: 0,
    error: false,
    db: { operation: call.operation, table: call.table, statement: call.statement },
  });
  const node = b.nodes[index];
  let waitNs = 0;
  const saturation = pool ? b.level('order-db-pool') : 0;
  if (saturation > 0) {
    const u = b.rng.next();
    if (u < 0.08 * saturation) {
      node.durationNs = b.ms(4, 0.5);
      return dbError(b, node, startNs, { type: '*pq.Error', message: 'pq: sorry, too many clients already' });
    }
    if (u < 0.2 * saturation) {
      node.durationNs = 1000 * MS; // the 1 s acquire deadline: not scaled
      return dbError(b, node, startNs, { type: '*fmt.wrapError', message: 'acquire conn: context deadline exceeded' });
    }
    waitNs = b.rng.next() * 900 * MS * saturation;
  } else if (pool && b.rng.chance(0.00005)) {
    node.durationNs = b.ms(3, 0.5);
    return dbError(b, node, startNs, { type: '*pq.Error', message: 'pq: sorry, too many clients already' });
  }
  node.durationNs = waitNs + b.ms(call.medianMs, call.sigma);
  if (call.failure && b.rng.chance(call.failure.p)) {
    return dbError(b, node, startNs, { type: call.failure.type, message: call.failure.message });
  }
  return { endNs: startNs + node.durationNs, status: 0 };
}

function dbError(b: PlanBuilder, node: PlanNode, startNs: number, error: { type: string; message: string }): Outcome {
  node.error = true;
  node.exception = error;
  return { endNs: startNs + node.durationNs, status: 0, error };
}

function internal(b: PlanBuilder, parent: number, startNs: number, service: ServiceName, name: string, durationNs: number, attributes?: Record<string, FieldValue>): number {
  b.add({ parent, service, kind: 'internal', op: 'internal', name, startNs, durationNs, error: false, attributes });
  return startNs + durationNs;
}

// ---- services -------------------------------------------------------------------------------------------------

const inventoryStock: Handler = (b, parent, startNs, path) =>
  serve(b, parent, startNs, 'inventory GET /stock', path, (root, t) => {
    // The chronic problem: listing stock scans the whole table (a missing index everyone knows about).
    const q = dbCall(b, root, t, 'inventory', {
      operation: 'SELECT',
      table: 'stock',
      statement: 'SELECT sku, name, price_cents, quantity FROM stock WHERE quantity > $1 ORDER BY name',
      medianMs: 165,
      sigma: 0.45,
      failure: { p: 0.0003, type: '*pq.Error', message: 'pq: canceling statement due to statement timeout' },
    });
    const queryNs = q.endNs - t;
    if (queryNs > 400 * MS) {
      b.log(root, q.endNs - b.nodes[root].startNs, 'warn', 'slow query', 'inventory/store.go:112', () => ({ table: 'stock', duration_ms: Math.round(queryNs / MS), rows: b.detailInt(1800, 2400) }));
    }
    if (q.error) return { endNs: q.endNs, status: 500, error: q.error };
    return { endNs: internal(b, root, q.endNs, 'inventory', 'encode stock response', b.ms(3, 0.35)), status: 200 };
  });

const inventoryReserve: Handler = (b, parent, startNs, path) =>
  serve(b, parent, startNs, 'inventory POST /reserve', path, (root, t) => {
    const sku = b.detailId('SKU-', 5).toUpperCase();
    const quantity = b.detailInt(1, 4);
    const sel = dbCall(b, root, t, 'inventory', {
      operation: 'SELECT',
      table: 'stock',
      statement: 'SELECT quantity FROM stock WHERE sku = $1 FOR UPDATE',
      medianMs: 1.8,
      sigma: 0.4,
      failure: { p: 0.00012, type: '*pq.Error', message: 'pq: deadlock detected' },
    });
    if (sel.error) return { endNs: sel.endNs, status: 500, error: sel.error };
    if (b.rng.chance(0.012)) {
      b.log(root, sel.endNs - b.nodes[root].startNs, 'warn', 'insufficient stock', 'inventory/reserve.go:57', () => ({ sku, requested: quantity, available: 0 }));
      return { endNs: sel.endNs + b.ms(0.2, 0.3), status: 409 };
    }
    const upd = dbCall(b, root, sel.endNs + b.ms(0.1, 0.3), 'inventory', {
      operation: 'UPDATE',
      table: 'stock',
      statement: 'UPDATE stock SET quantity = quantity - $1 WHERE sku = $2',
      medianMs: 2.2,
      sigma: 0.4,
    });
    b.log(root, upd.endNs - b.nodes[root].startNs, 'info', 'stock reserved', 'inventory/reserve.go:81', () => ({ sku, quantity }));
    return { endNs: upd.endNs, status: 200 };
  });

const userGet: Handler = (b, parent, startNs, path) =>
  serve(b, parent, startNs, 'user GET /users/{id}', path, (root, t) => {
    const q = dbCall(b, root, t, 'user', {
      operation: 'SELECT',
      table: 'users',
      statement: 'SELECT id, email, name, tier FROM users WHERE id = $1',
      medianMs: 1.4,
      sigma: 0.4,
      failure: { p: 0.0001, type: '*net.OpError', message: 'read tcp 10.0.3.17:51234->10.0.9.4:5432: read: connection reset by peer' },
    });
    if (q.error) return { endNs: q.endNs, status: 500, error: q.error };
    return { endNs: q.endNs + b.ms(0.2, 0.3), status: 200 };
  });

const BANK_TIMEOUT_NS = 2500 * MS;
const MAX_BANK_ATTEMPTS = 3;

const paymentCharge: Handler = (b, parent, startNs, path) =>
  serve(b, parent, startNs, 'payment POST /charge', path, (root, t) => {
    const rootStart = b.nodes[root].startNs;
    const chargeId = b.detailId('ch_', 14);
    const amount = b.detailInt(499, 25_999);
    const pm = dbCall(b, root, t, 'payment', {
      operation: 'SELECT',
      table: 'payment_methods',
      statement: 'SELECT id, token, brand FROM payment_methods WHERE user_id = $1 AND is_default',
      medianMs: 1.3,
      sigma: 0.4,
    });
    t = pm.endNs;
    const slowness = b.level('payment-latency');
    for (let attempt = 1; attempt <= MAX_BANK_ATTEMPTS; attempt++) {
      // Each attempt signs the request body (RSA-4096, crypto/rsa.SignPKCS1v15) then calls the bank.
      t = internal(b, root, t + b.ms(0.1, 0.3), 'payment', 'sign charge request', b.ms(3.5, 0.2), { 'crypto.algorithm': 'RS256' });
      const bankStart = t + b.ms(0.1, 0.3);
      // A slow bank answers in 1-4 s; the client gives up at 2.5 s (not scaled: it is a configured deadline).
      let durationNs = slowness > 0 && b.rng.chance(0.95 * slowness) ? (1000 + 3000 * b.rng.next()) * MS * b.scale : b.ms(140, 0.35);
      let outcome: 'ok' | 'declined' | 'timeout' | 'unavailable' = 'ok';
      if (durationNs >= BANK_TIMEOUT_NS) {
        durationNs = BANK_TIMEOUT_NS;
        outcome = 'timeout';
      } else {
        const u = b.rng.next();
        if (u < 0.004) outcome = 'unavailable';
        else if (u < 0.019) outcome = 'declined';
      }
      const bankStatus = outcome === 'ok' ? 200 : outcome === 'declined' ? 402 : outcome === 'unavailable' ? 503 : undefined;
      const node: PlanNode = {
        parent: root,
        service: 'payment',
        kind: 'client',
        op: 'bank',
        name: 'POST /v1/charges',
        startNs: bankStart,
        durationNs,
        error: outcome === 'timeout' || outcome === 'unavailable' || outcome === 'declined',
        httpStatus: bankStatus,
        attempt,
      };
      if (outcome === 'timeout') node.exception = { type: '*url.Error', message: `Post "https://${BANK_HOST}/v1/charges": context deadline exceeded (Client.Timeout exceeded while awaiting headers)` };
      if (outcome === 'unavailable') node.exception = { type: '*main.BankError', message: 'bank API: 503 Service Unavailable' };
      b.add(node);
      t = bankStart + durationNs;
      if (outcome === 'ok') {
        const ins = dbCall(b, root, t + b.ms(0.1, 0.3), 'payment', {
          operation: 'INSERT',
          table: 'payments',
          statement: 'INSERT INTO payments (id, order_id, amount_cents, status, bank_ref) VALUES ($1, $2, $3, $4, $5)',
          medianMs: 2.6,
          sigma: 0.4,
        });
        b.log(root, ins.endNs - rootStart, 'info', 'charge authorized', 'payment/charge.go:142', () => ({ charge_id: chargeId, amount_cents: amount, attempts: attempt }));
        return { endNs: ins.endNs, status: 200 };
      }
      if (outcome === 'declined') {
        b.log(root, t - rootStart, 'warn', 'charge declined', 'payment/charge.go:121', () => ({ charge_id: chargeId, reason: 'card_declined', amount_cents: amount }));
        return { endNs: t + b.ms(0.2, 0.3), status: 402 };
      }
      if (attempt < MAX_BANK_ATTEMPTS) {
        const backoffMs = Math.round(100 * 2 ** (attempt - 1) * (0.8 + 0.4 * b.rng.next()));
        b.log(root, t - rootStart, 'warn', outcome === 'timeout' ? 'bank API timeout, retrying' : 'bank API unavailable, retrying', 'payment/bank.go:88', () => ({
          attempt: attempt + 1,
          backoff_ms: backoffMs,
          error: node.exception?.message ?? '',
        }));
        t += backoffMs * MS;
      } else {
        const message = outcome === 'timeout' ? `bank API timeout after ${MAX_BANK_ATTEMPTS} attempts` : `bank API unavailable after ${MAX_BANK_ATTEMPTS} attempts`;
        b.log(root, t - rootStart, 'error', 'charge failed', 'payment/charge.go:133', () => ({ charge_id: chargeId, attempts: attempt, error: message }));
        return { endNs: t + b.ms(0.2, 0.3), status: 502, error: { type: '*main.BankError', message } };
      }
    }
    throw new Error('unreachable');
  });

const orderCreate: Handler = (b, parent, startNs, path) =>
  serve(b, parent, startNs, 'order POST /orders', path, (root, t) => {
    const rootStart = b.nodes[root].startNs;
    const orderId = b.detailId('ord_', 10);
    const reserve = httpCall(b, root, t, 'order', 'inventory POST /reserve', '/reserve', inventoryReserve);
    if (reserve.status === 409) return { endNs: reserve.endNs + b.ms(0.2, 0.3), status: 409 };
    if (reserve.status >= 500) {
      b.log(root, reserve.endNs - rootStart, 'error', 'reserve stock failed', 'order/create.go:71', () => ({ order_id: orderId, status: reserve.status }));
      return { endNs: reserve.endNs + b.ms(0.2, 0.3), status: 502, error: { type: '*main.UpstreamError', message: `inventory: unexpected status ${reserve.status}` } };
    }
    const insert = dbCall(
      b,
      root,
      reserve.endNs + b.ms(0.1, 0.3),
      'order',
      { operation: 'INSERT', table: 'orders', statement: 'INSERT INTO orders (id, user_id, status, total_cents) VALUES ($1, $2, $3, $4)', medianMs: 2.8, sigma: 0.4 },
      true,
    );
    const insertError = insert.error;
    if (insertError) {
      b.log(root, insert.endNs - rootStart, 'error', 'create order failed', 'order/create.go:88', () => ({ order_id: orderId, error: insertError.message }));
      return { endNs: insert.endNs + b.ms(0.2, 0.3), status: 500, error: insertError };
    }
    const charge = httpCall(b, root, insert.endNs + b.ms(0.1, 0.3), 'order', 'payment POST /charge', '/charge', paymentCharge);
    const update = dbCall(
      b,
      root,
      charge.endNs + b.ms(0.1, 0.3),
      'order',
      { operation: 'UPDATE', table: 'orders', statement: 'UPDATE orders SET status = $1, updated_at = now() WHERE id = $2', medianMs: 2, sigma: 0.4 },
      true,
    );
    const updateError = update.error;
    if (updateError) {
      b.log(root, update.endNs - rootStart, 'error', 'update order failed', 'order/create.go:112', () => ({ order_id: orderId, error: updateError.message }));
      return { endNs: update.endNs + b.ms(0.2, 0.3), status: 500, error: updateError };
    }
    if (charge.status === 402) {
      b.log(root, update.endNs - rootStart, 'warn', 'payment declined', 'order/create.go:104', () => ({ order_id: orderId }));
      return { endNs: update.endNs + b.ms(0.2, 0.3), status: 402 };
    }
    if (charge.status >= 500) {
      b.log(root, update.endNs - rootStart, 'error', 'payment failed', 'order/create.go:99', () => ({ order_id: orderId, error: charge.error?.message ?? `payment: status ${charge.status}` }));
      return { endNs: update.endNs + b.ms(0.2, 0.3), status: 502, error: { type: '*main.UpstreamError', message: `payment: ${charge.error?.message ?? `status ${charge.status}`}` } };
    }
    b.log(root, update.endNs - rootStart, 'info', 'order created', 'order/create.go:120', () => ({ order_id: orderId, amount_cents: b.detailInt(499, 25_999), items: b.detailInt(1, 5) }));
    return { endNs: update.endNs, status: 201 };
  });

const orderGet: Handler = (b, parent, startNs, path) =>
  serve(b, parent, startNs, 'order GET /orders/{id}', path, (root, t) => {
    const q = dbCall(
      b,
      root,
      t,
      'order',
      { operation: 'SELECT', table: 'orders', statement: 'SELECT id, user_id, status, total_cents, created_at FROM orders WHERE id = $1', medianMs: 1.5, sigma: 0.4 },
      true,
    );
    const queryError = q.error;
    if (queryError) {
      b.log(root, q.endNs - b.nodes[root].startNs, 'error', 'load order failed', 'order/get.go:41', () => ({ error: queryError.message }));
      return { endNs: q.endNs + b.ms(0.2, 0.3), status: 500, error: queryError };
    }
    if (b.rng.chance(0.02)) return { endNs: q.endNs + b.ms(0.2, 0.3), status: 404 };
    const items = dbCall(b, root, q.endNs + b.ms(0.1, 0.3), 'order', {
      operation: 'SELECT',
      table: 'order_items',
      statement: 'SELECT sku, quantity, price_cents FROM order_items WHERE order_id = $1',
      medianMs: 1.6,
      sigma: 0.4,
    });
    return { endNs: items.endNs + b.ms(0.3, 0.3), status: 200 };
  });

// ---- the gateway: entry routes -----------------------------------------------------------------------------------

function upstreamFailure(service: string, out: Outcome): Outcome {
  return { endNs: out.endNs, status: 502, error: { type: '*main.UpstreamError', message: `${service}: ${out.error?.message ?? `unexpected status ${out.status}`}` } };
}

function gatewayProducts(b: PlanBuilder, startNs: number): Outcome {
  return serve(b, -1, startNs, 'gateway GET /api/products', '/api/products', (root, t) => {
    const stock = httpCall(b, root, t, 'gateway', 'inventory GET /stock', '/stock', inventoryStock);
    if (stock.status >= 500) return upstreamFailure('inventory', stock);
    return { endNs: stock.endNs + b.ms(1.2, 0.3), status: 200 };
  });
}

function gatewayUsersMe(b: PlanBuilder, startNs: number): Outcome {
  return serve(b, -1, startNs, 'gateway GET /api/users/me', '/api/users/me', (root, t) => {
    if (b.rng.chance(0.01)) return { endNs: t + b.ms(0.1, 0.3), status: 401 }; // expired token, checked locally
    const userId = `u_${b.detailInt(10_000, 99_999)}`;
    const user = httpCall(b, root, t, 'gateway', 'user GET /users/{id}', `/users/${userId}`, userGet);
    if (user.status >= 500) return upstreamFailure('user', user);
    return { endNs: user.endNs + b.ms(0.3, 0.3), status: 200 };
  });
}

function gatewayOrder(b: PlanBuilder, startNs: number): Outcome {
  const orderId = b.detailId('ord_', 10);
  return serve(b, -1, startNs, 'gateway GET /api/orders/{id}', `/api/orders/${orderId}`, (root, t) => {
    const order = httpCall(b, root, t, 'gateway', 'order GET /orders/{id}', `/orders/${orderId}`, orderGet);
    if (order.status >= 500) return upstreamFailure('order', order);
    return { endNs: order.endNs + b.ms(0.3, 0.3), status: order.status };
  });
}

function gatewayCheckout(b: PlanBuilder, startNs: number): Outcome {
  return serve(b, -1, startNs, 'gateway POST /api/checkout', '/api/checkout', (root, t) => {
    const userId = `u_${b.detailInt(10_000, 99_999)}`;
    const user = httpCall(b, root, t, 'gateway', 'user GET /users/{id}', `/users/${userId}`, userGet);
    if (user.status >= 500) return upstreamFailure('user', user);
    const order = httpCall(b, root, user.endNs + b.ms(0.2, 0.3), 'gateway', 'order POST /orders', '/orders', orderCreate);
    if (order.status >= 500) return upstreamFailure('order', order);
    return { endNs: order.endNs + b.ms(0.4, 0.3), status: order.status === 201 ? 200 : order.status };
  });
}

const ENTRY_HANDLERS: Partial<Record<RouteId, (b: PlanBuilder, startNs: number) => Outcome>> = {
  'gateway GET /api/products': gatewayProducts,
  'gateway POST /api/checkout': gatewayCheckout,
  'gateway GET /api/orders/{id}': gatewayOrder,
  'gateway GET /api/users/me': gatewayUsersMe,
};

/** Which incidents change the behaviour of an entry route (others share the normal-state statistics). */
export function entryAffectedBy(entry: RouteId, kind: FleetState['kind']): boolean {
  if (kind === 'payment-latency') return entry === 'gateway POST /api/checkout';
  if (kind === 'order-db-pool') return entry === 'gateway POST /api/checkout' || entry === 'gateway GET /api/orders/{id}';
  return false;
}

/**
 * Simulate one request of an entry route. Pure: the same rng seed, detail seed, scale and state give the same plan.
 * Offsets are relative to the request start. O(spans).
 */
export function simulateRequest(entry: RouteId, rngSeed: number, detailSeed: number | null, scale: number, state: FleetState): RequestPlan {
  const handler = ENTRY_HANDLERS[entry];
  if (!handler) throw new Error(`not an entry route: ${entry}`);
  const b = new PlanBuilder(new Rng(rngSeed), detailSeed === null ? null : new Rng(detailSeed), scale, state);
  handler(b, 0);
  return { entry, nodes: b.nodes, logs: b.logs };
}
