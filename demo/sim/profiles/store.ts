// The ProfileStore: Pyroscope-like profiles of every service, one profile per 10 s, aggregated per minute from the
// workload model (workloads.ts) instead of per sample: a 24 h merge is a pass over 1,440 minutes.
// Span profiles: CPU samples labelled with the span id of payment's and order's server spans of sampled requests.
import type { ProfileStackSample, ProfileStore } from '../../contract';
import type { LabelMatcher, Labels } from '../../query/types';
import { processesBetween } from '../deploys';
import type { FleetMinutes, MinuteContext } from '../fleet-minutes';
import { reconcileShareOfMinute } from '../jobs';
import { compileMatchers, sortedLabelNames } from '../matchers';
import type { GaugeModel } from '../metrics/gauges';
import { Rng, stringKey, hash2 } from '../random';
import type { RequestIndex, ServerSpanSummary } from '../request-index';
import { MINUTE_MS, PROFILE_INTERVAL_MS, RETENTION_MS, ceilTo, floorTo } from '../time';
import { ENVIRONMENT, ROUTES, SERVICES, SERVICE_NAMESPACE, type ServiceName } from '../topology';
import { SPAN_PROFILED_SERVICES } from '../traces';
import { PROFILE_TYPES, profileTypeById, type ProfileKind, type SimProfileType } from './types';
import { INUSE_STACKS, WORKLOADS, type Workload } from './workloads';

const SECONDS_PER_PROFILE = PROFILE_INTERVAL_MS / 1000;
/** Go's CPU profiler samples at 100 Hz: one sample is 10 ms of CPU. */
const CPU_SAMPLE_NS = 10_000_000;
const SPAN_SALT = stringKey('span-profile');

function seriesLabels(type: SimProfileType, service: ServiceName, version: string): Labels {
  return {
    __name__: type.name,
    __profile_type__: type.id,
    __type__: type.sampleType,
    __unit__: type.sampleUnit,
    __period_type__: type.periodType,
    __period_unit__: type.periodUnit,
    __service_name__: service,
    service_name: service,
    service_version: version,
    service_namespace: SERVICE_NAMESPACE,
    env: ENVIRONMENT,
    pyroscope_spy: 'gospy',
  };
}

/** Value of one workload unit per stack, for a profile kind. */
function unitValues(workload: Workload, kind: ProfileKind): (readonly [string, number])[] {
  switch (kind) {
    case 'cpu':
      return workload.cpu.map(([stack, ms]) => [stack, ms * 1e6] as const);
    case 'alloc_space':
      return workload.alloc.map(([stack, kb]) => [stack, kb * 1024] as const);
    case 'alloc_objects':
      return workload.alloc.map(([stack, kb, objBytes]) => [stack, (kb * 1024) / objBytes] as const);
    case 'inuse_space':
      return [];
  }
}

const WORKLOADS_BY_SERVICE = new Map<ServiceName, Workload[]>(SERVICES.map((s) => [s, WORKLOADS.filter((w) => w.service === s)]));

export class FleetProfileStore implements ProfileStore {
  constructor(
    private readonly seed: number,
    private readonly now: () => number,
    private readonly minutes: FleetMinutes,
    private readonly gauges: GaugeModel,
    private readonly requests: RequestIndex,
  ) {}

  profileTypes() {
    return PROFILE_TYPES.map(({ kind: _kind, ...info }) => info);
  }

  labelNames(): string[] {
    return sortedLabelNames([seriesLabels(PROFILE_TYPES[0], 'gateway', '0')]);
  }

  labelValues(name: string): string[] {
    const values = new Set<string>();
    for (const { labels } of this.seriesIn(PROFILE_TYPES, [], this.now() - RETENTION_MS, this.now())) {
      const v = labels[name];
      if (v !== undefined) values.add(v);
    }
    return [...values].sort();
  }

  select(profileTypeId: string, matchers: LabelMatcher[], startMs: number, endMs: number, spanIds?: string[]): ProfileStackSample[] {
    const type = profileTypeById(profileTypeId);
    if (!type) return [];
    const totals = new Map<string, number>();
    if (spanIds) {
      if (type.kind === 'cpu' && spanIds.length > 0) this.addSpanProfiles(totals, matchers, startMs, endMs, new Set(spanIds.map((s) => s.toLowerCase())));
    } else {
      for (const series of this.seriesIn([type], matchers, startMs, endMs)) this.addMerged(totals, type.kind, series.service, series.fromMs, series.toMs);
    }
    const out: ProfileStackSample[] = [];
    for (const [stack, value] of totals) {
      const v = Math.round(value);
      if (v > 0) out.push({ stack: stack.split(';'), value: v });
    }
    return out.sort((a, b) => b.value - a.value);
  }

  series(profileTypeId: string, matchers: LabelMatcher[], startMs: number, endMs: number, stepMs: number, groupBy: string[]) {
    const type = profileTypeById(profileTypeId);
    if (!type || stepMs <= 0) return [];
    const groups = new Map<string, { labels: Record<string, string>; points: Map<number, number> }>();
    for (const series of this.seriesIn([type], matchers, startMs, endMs)) {
      const labels: Record<string, string> = {};
      for (const name of groupBy) if (series.labels[name] !== undefined) labels[name] = series.labels[name];
      const key = JSON.stringify(labels);
      let group = groups.get(key);
      if (!group) {
        group = { labels, points: new Map() };
        groups.set(key, group);
      }
      for (let t = ceilTo(series.fromMs, PROFILE_INTERVAL_MS); t < series.toMs; t += PROFILE_INTERVAL_MS) {
        const point = startMs + Math.floor((t - startMs) / stepMs) * stepMs;
        group.points.set(point, (group.points.get(point) ?? 0) + this.totalPerProfile(type.kind, series.service, this.minutes.at(t)));
      }
    }
    return [...groups.values()].map((g) => ({
      labels: g.labels,
      points: [...g.points].sort((a, b) => a[0] - b[0]).map(([timeMs, value]) => ({ timeMs, value: Math.round(value) })),
    }));
  }

  /** Matching series (one per service process) clipped to [startMs, endMs) and the retention window. */
  private seriesIn(types: readonly SimProfileType[], matchers: LabelMatcher[], startMs: number, endMs: number) {
    const now = this.now();
    const fromMs = Math.max(startMs, now - RETENTION_MS);
    const toMs = Math.min(endMs, now);
    const out: { service: ServiceName; labels: Labels; fromMs: number; toMs: number }[] = [];
    if (toMs <= fromMs) return out;
    const predicate = compileMatchers(matchers);
    for (const type of types) {
      for (const service of SERVICES) {
        for (const process of processesBetween(this.seed, service, fromMs, toMs)) {
          const labels = seriesLabels(type, service, process.deploy.version);
          if (process.toMs > process.fromMs && predicate(labels)) out.push({ service, labels, fromMs: process.fromMs, toMs: process.toMs });
        }
      }
    }
    return out;
  }

  /** Total value of one 10 s profile of a service during a minute. */
  private totalPerProfile(kind: ProfileKind, service: ServiceName, ctx: MinuteContext): number {
    if (kind === 'inuse_space') return this.gauges.heapLiveBytes(service, ctx);
    const jobShare = service === 'inventory' ? reconcileShareOfMinute(this.seed, ctx.startMs) : 0;
    let total = 0;
    for (const w of WORKLOADS_BY_SERVICE.get(service) ?? []) {
      const units = w.driver(ctx, jobShare) * SECONDS_PER_PROFILE;
      if (units === 0) continue;
      for (const [, v] of unitValues(w, kind)) total += units * v;
    }
    return total;
  }

  /** Merge the profiles of [fromMs, toMs) of one service process into `totals`. */
  private addMerged(totals: Map<string, number>, kind: ProfileKind, service: ServiceName, fromMs: number, toMs: number): void {
    const workloads = WORKLOADS_BY_SERVICE.get(service) ?? [];
    const units = new Float64Array(workloads.length);
    let heapBytes = 0;
    // Profiles (every 10 s) whose timestamp is in range, counted per minute.
    const first = ceilTo(fromMs, PROFILE_INTERVAL_MS);
    for (let minute = floorTo(first, MINUTE_MS); minute < toMs; minute += MINUTE_MS) {
      const a = Math.max(first, minute);
      const b = Math.min(toMs, minute + MINUTE_MS);
      const profiles = Math.ceil((b - a) / PROFILE_INTERVAL_MS - 1e-9);
      if (profiles <= 0) continue;
      const ctx = this.minutes.at(minute);
      if (kind === 'inuse_space') {
        heapBytes += profiles * this.gauges.heapLiveBytes(service, ctx);
        continue;
      }
      const jobShare = service === 'inventory' ? reconcileShareOfMinute(this.seed, minute) : 0;
      for (let w = 0; w < workloads.length; w++) units[w] += workloads[w].driver(ctx, jobShare) * SECONDS_PER_PROFILE * profiles;
    }
    if (kind === 'inuse_space') {
      for (const [stack, share] of INUSE_STACKS[service]) totals.set(stack, (totals.get(stack) ?? 0) + heapBytes * share);
      return;
    }
    workloads.forEach((w, i) => {
      if (units[i] === 0) return;
      for (const [stack, v] of unitValues(w, kind)) totals.set(stack, (totals.get(stack) ?? 0) + units[i] * v);
    });
  }

  private addSpanProfiles(totals: Map<string, number>, matchers: LabelMatcher[], startMs: number, endMs: number, spanIds: Set<string>): void {
    const now = this.now();
    const predicate = compileMatchers(matchers);
    const cpuType = PROFILE_TYPES[0];
    for (const span of this.requests.between(startMs - 60_000, endMs)) {
      if (!spanIds.has(span.spanId) || !SPAN_PROFILED_SERVICES.has(span.service)) continue;
      if (span.endMs <= startMs || span.startMs >= endMs || span.rootEndMs > now || span.rootStartMs < now - RETENTION_MS) continue;
      const version = processesBetween(this.seed, span.service, span.startMs, span.startMs + 1)[0].deploy.version;
      if (!predicate(seriesLabels(cpuType, span.service, version))) continue;
      for (const [stack, value] of spanProfile(this.seed, span)) totals.set(stack, (totals.get(stack) ?? 0) + value);
    }
  }
}

const UNLABELLED_ROOTS = ['runtime.', 'database/sql.(*DB).connectionOpener'];

/** The CPU samples (stack -> ns) labelled with one server span's id: at least one 10 ms sample. */
export function spanProfile(seed: number, span: ServerSpanSummary): Map<string, number> {
  const route = ROUTES[span.routeIndex].id;
  const weighted: [string, number][] = [];
  for (const w of WORKLOADS_BY_SERVICE.get(span.service) ?? []) {
    let units = 0;
    if (w.id === `${span.service}:handler:${route}` || w.id === `${span.service}:http:${route}`) units = 1;
    else if (w.id === 'payment:bank-attempt') units = span.bankAttempts;
    else if (w.id === 'payment:bank-retry') units = Math.max(0, span.bankAttempts - 1);
    else if (w.id === 'order:pool-wait') units = span.poolSaturation;
    if (units === 0) continue;
    // Only goroutines that inherit the request's pprof labels: not the GC workers nor the pool's opener goroutine.
    for (const [stack, ms] of w.cpu) if (!UNLABELLED_ROOTS.some((root) => stack.startsWith(root))) weighted.push([stack, ms * units]);
  }
  const rng = new Rng(hash2(seed ^ SPAN_SALT, parseInt(span.spanId.slice(0, 8), 16)));
  const totalMs = weighted.reduce((sum, [, ms]) => sum + ms, 0) * (0.7 + 0.7 * rng.next());
  const samples = Math.max(1, Math.round(totalMs / 10));
  const weightSum = weighted.reduce((sum, [, ms]) => sum + ms, 0);
  const out = new Map<string, number>();
  for (let i = 0; i < samples; i++) {
    let u = rng.next() * weightSum;
    let k = 0;
    for (; k < weighted.length - 1; k++) {
      u -= weighted[k][1];
      if (u < 0) break;
    }
    out.set(weighted[k][0], (out.get(weighted[k][0]) ?? 0) + CPU_SAMPLE_NS);
  }
  return out;
}
