// Gauges sampled at scrape time: goroutines, heap, DB pool usage. Each is a function of the minute's context
// (traffic, in-flight requests, incident state) plus hash noise per 15 s scrape, so it is defined at any instant.
import type { FleetMinutes, MinuteContext } from '../fleet-minutes';
import { reconcileShareOfMinute } from '../jobs';
import { hash3, normalFromHashes, stringKey, unit } from '../random';
import { SCRAPE_INTERVAL_MS, floorTo } from '../time';
import { DB_POOLS, ROUTES, type ServiceName } from '../topology';
import { loadShape } from '../traffic';

const GAUGE_SALT = stringKey('gauges');

const BASE_GOROUTINES: Record<ServiceName, number> = { gateway: 48, order: 36, payment: 31, inventory: 40, user: 27 };
const BASE_HEAP_MB: Record<ServiceName, number> = { gateway: 24, order: 18, payment: 22, inventory: 64, user: 14 };
const GC_CYCLE_S: Record<ServiceName, number> = { gateway: 37, order: 53, payment: 61, inventory: 29, user: 83 };
const BASE_POOL_USED: Partial<Record<ServiceName, number>> = { order: 3, payment: 2, inventory: 4, user: 2 };

export interface PoolSample {
  used: number;
  idle: number;
  max: number;
  pending: number;
}

export class GaugeModel {
  private readonly serviceIndex = new Map<ServiceName, number>();

  constructor(
    private readonly seed: number,
    private readonly minutes: FleetMinutes,
  ) {
    (['gateway', 'order', 'payment', 'inventory', 'user'] as const).forEach((s, i) => this.serviceIndex.set(s, i));
  }

  private noise(service: ServiceName, salt: number, timeMs: number): number {
    const tick = Math.floor(timeMs / SCRAPE_INTERVAL_MS);
    const s = this.serviceIndex.get(service) ?? 0;
    const key = this.seed ^ GAUGE_SALT;
    return normalFromHashes(hash3(key, s * 16 + salt, tick), hash3(key, s * 16 + salt + 5, tick), hash3(key, s * 16 + salt + 9, tick));
  }

  private inflight(service: ServiceName, ctx: MinuteContext): number {
    let total = 0;
    ROUTES.forEach((route, r) => {
      if (route.service === service) total += ctx.routeInflight[r];
    });
    return total;
  }

  goroutines(service: ServiceName, timeMs: number): number {
    const ctx = this.minutes.at(timeMs);
    const pool = DB_POOLS[service] ? this.dbPool(service, timeMs, ctx).pending : 0;
    const retries = service === 'payment' && ctx.state.kind === 'payment-latency' ? 12 * ctx.state.level : 0;
    return Math.max(1, Math.round(BASE_GOROUTINES[service] + 3 * this.inflight(service, ctx) + pool + retries + 2.5 * this.noise(service, 1, timeMs)));
  }

  /** Live heap after the last GC, bytes (also the inuse_space profile's total). */
  heapLiveBytes(service: ServiceName, ctx: MinuteContext): number {
    let mb = BASE_HEAP_MB[service] * (0.85 + 0.15 * loadShape(ctx.startMs)) + 0.6 * this.inflight(service, ctx);
    if (service === 'payment' && ctx.state.kind === 'payment-latency') mb += 9 * ctx.state.level;
    if (service === 'order' && ctx.state.kind === 'order-db-pool') mb += 5 * ctx.state.level;
    return Math.round(mb * 1024 * 1024);
  }

  /** go_memstats_heap_alloc_bytes: live heap plus garbage growing towards the next GC (GOGC=100). */
  heapAllocBytes(service: ServiceName, timeMs: number): number {
    const live = this.heapLiveBytes(service, this.minutes.at(timeMs));
    const cycleMs = GC_CYCLE_S[service] * 1000;
    const phase = ((timeMs + (this.serviceIndex.get(service) ?? 0) * 7919) % cycleMs) / cycleMs;
    return Math.round(live * (1 + 0.9 * phase) + 64 * 1024 * this.noise(service, 2, timeMs));
  }

  dbPool(service: ServiceName, timeMs: number, ctx: MinuteContext = this.minutes.at(timeMs)): PoolSample {
    const limits = DB_POOLS[service];
    if (!limits) return { used: 0, idle: 0, max: 0, pending: 0 };
    const level = service === 'order' && ctx.state.kind === 'order-db-pool' ? ctx.state.level : 0;
    if (level > 0) {
      const u = unit(hash3(this.seed ^ GAUGE_SALT, 77, Math.floor(timeMs / SCRAPE_INTERVAL_MS)));
      return {
        used: level >= 0.5 ? limits.maxOpen : Math.round(limits.maxOpen * (0.6 + 0.5 * level)),
        idle: 0,
        max: limits.maxOpen,
        pending: Math.max(1, Math.round(level * (14 + 12 * u))),
      };
    }
    const job = service === 'inventory' ? reconcileShareOfMinute(this.seed, floorTo(timeMs, 60_000)) * 6 : 0;
    const base = (BASE_POOL_USED[service] ?? 1) * loadShape(timeMs) + job;
    const used = Math.min(limits.maxOpen, Math.max(0, Math.round(base + 1.2 * this.noise(service, 3, timeMs))));
    const idle = Math.max(0, Math.min(limits.maxIdle, limits.maxOpen - used, Math.round(3 + 1.5 * this.noise(service, 4, timeMs))));
    return { used, idle, max: limits.maxOpen, pending: 0 };
  }
}
