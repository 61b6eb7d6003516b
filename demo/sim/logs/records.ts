// Log records of the fleet: those written inside traced requests (with trace_id/span_id), those of the hourly batch
// job (traced), and background lines with no trace context (cache refreshes, pool stats, start-up), whose share
// differs per service so that telemetry coverage is below 100% and uneven.
import type { BatchPlan } from '../batch-trace';
import { deploysBetween } from '../deploys';
import type { FleetMinutes } from '../fleet-minutes';
import { hash3, stringKey, unit } from '../random';
import type { SampledRequest } from '../traces';
import { spanIdFactory } from '../trace-ids';
import { DB_POOLS, type ServiceName } from '../topology';
import { SECOND_MS, MINUTE_MS } from '../time';
import type { GaugeModel } from '../metrics/gauges';
import { compareRecords, timeAt, type LogRecord } from './format';

/** Records written while serving a sampled request, in time order. */
export function requestRecords(seed: number, req: SampledRequest, spanId = spanIdFactory(seed, req.traceId)): LogRecord[] {
  const out: LogRecord[] = [];
  const baseMs = req.slot * 1000;
  for (const log of req.plan.logs) {
    const node = req.plan.nodes[log.node];
    const offsetNs = req.offsetNs + Math.round(node.startNs + log.offsetNs);
    const wholeMs = Math.floor(offsetNs / 1e6);
    out.push({
      timeMs: baseMs + wholeMs,
      subMsNs: offsetNs - wholeMs * 1e6,
      service: node.service,
      level: log.level,
      caller: log.caller,
      msg: log.msg,
      traceId: req.traceId,
      spanId: spanId(log.node),
      fields: log.fields,
    });
  }
  return out.sort(compareRecords);
}

export function batchRecords(seed: number, plan: BatchPlan): LogRecord[] {
  const spanId = spanIdFactory(seed, plan.traceId);
  return plan.logs.map((log) => ({
    ...timeAt(plan.startMs, log.offsetNs),
    service: 'inventory' as const,
    level: log.level,
    caller: log.caller,
    msg: log.msg,
    traceId: plan.traceId,
    spanId: spanId(log.node),
    fields: log.fields,
  }));
}

const BACKGROUND_SALT = stringKey('background-logs');

function at(ms: number): { timeMs: number; subMsNs: number } {
  return { timeMs: Math.round(ms), subMsNs: 0 };
}

/** Background records (no trace context) of one service with time in [fromMs, toMs). */
export function backgroundRecords(seed: number, service: ServiceName, fromMs: number, toMs: number, minutes: FleetMinutes, gauges: GaugeModel): LogRecord[] {
  const out: LogRecord[] = [];
  const key = seed ^ BACKGROUND_SALT;
  const every = (periodMs: number, phaseMs: number, emit: (timeMs: number, tick: number) => void) => {
    const first = Math.ceil((fromMs - phaseMs) / periodMs);
    for (let tick = first; tick * periodMs + phaseMs < toMs; tick++) emit(tick * periodMs + phaseMs, tick);
  };
  // "shutting down" precedes its deploy by 2 s: look a little past the window.
  for (const deploy of deploysBetween(seed, service, fromMs, toMs + 5 * SECOND_MS)) {
    out.push({ ...at(deploy.timeMs - 2000), service, level: 'info', caller: 'main.go:74', msg: 'shutting down', fields: { reason: 'SIGTERM', grace_period: '30s' } });
    out.push({ ...at(deploy.timeMs + 350), service, level: 'info', caller: 'main.go:52', msg: 'starting server', fields: { version: deploy.version, addr: ':8080', go_version: 'go1.23.4' } });
  }
  switch (service) {
    case 'gateway':
      every(30 * SECOND_MS, 7_000, (t, tick) => {
        const ctx = minutes.at(t);
        let rate = 0;
        for (let e = 0; e < ctx.entryRates.length; e++) rate += ctx.entryRates[e];
        out.push({ ...at(t), service, level: 'info', caller: 'gateway/ratelimit.go:93', msg: 'rate limiter stats', fields: { allowed: Math.round(rate * 30), rejected: Math.floor(unit(hash3(key, 1, tick)) * 4) } });
      });
      break;
    case 'order':
      every(30 * SECOND_MS, 11_000, (t) => {
        const pool = gauges.dbPool('order', t);
        const level = pool.pending > 0 ? 'warn' : 'info';
        out.push({
          ...at(t),
          service,
          level,
          caller: 'order/db.go:58',
          msg: pool.pending > 0 ? 'db pool exhausted' : 'db pool stats',
          fields: { open: pool.used + pool.idle, in_use: pool.used, idle: pool.idle, max_open: DB_POOLS.order?.maxOpen ?? 0, waiting: pool.pending },
        });
      });
      break;
    case 'payment':
      every(30 * SECOND_MS, 3_000, (t, tick) => {
        const ctx = minutes.at(t);
        const slow = ctx.state.kind === 'payment-latency' ? ctx.state.level : 0;
        const latency = slow > 0 ? 1000 + Math.round(3000 * slow * unit(hash3(key, 2, tick))) : 90 + Math.round(80 * unit(hash3(key, 3, tick)));
        out.push({ ...at(t), service, level: slow > 0 ? 'warn' : 'info', caller: 'payment/bank_health.go:35', msg: slow > 0 ? 'bank API probe slow' : 'bank API probe ok', fields: { latency_ms: latency, endpoint: 'https://api.bank.example/v1/health' } });
      });
      break;
    case 'inventory':
      every(5 * SECOND_MS, 1_000, (t, tick) => {
        out.push({ ...at(t), service, level: 'info', caller: 'inventory/cache.go:47', msg: 'stock cache refreshed', fields: { items: 2048 + (tick % 97), took_ms: 3 + Math.round(9 * unit(hash3(key, 4, tick))) } });
      });
      break;
    case 'user':
      every(MINUTE_MS, 23_000, (t, tick) => {
        out.push({ ...at(t), service, level: 'info', caller: 'user/session_cache.go:66', msg: 'session cache stats', fields: { entries: 5000 + Math.round(3000 * unit(hash3(key, 5, tick))), hit_ratio: Math.round(9000 + 900 * unit(hash3(key, 6, tick))) / 10000 } });
      });
      break;
  }
  return out.filter((r) => r.timeMs >= fromMs && r.timeMs < toMs).sort(compareRecords);
}
