// Alerting-rule evaluation for the demo, with Prometheus semantics: the rule's expression is evaluated every
// `intervalMs` (aligned ticks); an output series becomes active (pending) at the first tick it appears, fires once
// it has been present continuously for `for`, and resolves at the first tick it is absent. Evaluations run as PromQL
// range queries over fixed chunks of ticks, cached: past chunks never change (data is a pure function of time),
// so the ALERTS history behind a month of incidents is computed once.
import type { AlertRuleDefinition, Fleet } from '../contract';
import type { Labels, MetricStore } from '../query/types';
import { expandTemplate } from './alert-template';
import type { Engines } from './engines';
import { labelsKey, matchesAll as matchesAllLabels, matchesOne as matchesName, sortedLabels } from './matchers';

export type AlertState = 'pending' | 'firing';

export interface ActiveAlert {
  rule: AlertRuleDefinition;
  /** alertname + the expression's output labels (without __name__) + the rule's labels; sorted. */
  labels: Labels;
  annotations: Record<string, string>;
  state: AlertState;
  activeAtMs: number;
  /** When it went from pending to firing (Alertmanager's startsAt). */
  firedAtMs?: number;
  value: number;
}

export interface RuleStatus {
  rule: AlertRuleDefinition;
  health: 'ok' | 'err';
  lastError?: string;
  state: AlertState | 'inactive';
  alerts: ActiveAlert[];
  lastEvaluationMs: number;
  evaluationTimeSeconds: number;
}

/** One alert instance's history: at each tick where it was active, its state and activeAt. */
export interface AlertHistory {
  rule: AlertRuleDefinition;
  labels: Labels;
  ticks: { timeMs: number; state: AlertState; activeAtMs: number; value: number }[];
}

export interface AlertEvaluatorOptions {
  fleet: Fleet;
  engines: Engines;
  now: () => number;
  /** Rule evaluation interval (Prometheus evaluation_interval). */
  intervalMs?: number;
  /** How far back /api/v1/alerts looks for the start of an active run (beyond the rule's `for`). */
  lookbackMs?: number;
  /** Size of one cached evaluation chunk. */
  chunkMs?: number;
  /** Deadline for evaluating one chunk of one rule. */
  chunkTimeoutMs?: number;
}

interface ChunkSeries {
  labels: Labels;
  /** One value per tick of the chunk; NaN where the expression had no output for this series. */
  values: Float64Array;
}

interface Chunk {
  firstTickMs: number;
  tickCount: number;
  series: ChunkSeries[];
  error?: string;
}

const MAX_CACHED_CHUNKS = 4000;
const MAX_GROWING_CHUNKS = 200;
/** Expressions whose value at a tick may depend on the evaluated range (prefix sums of *_over_time, @ start/end). */
const RANGE_DEPENDENT = /_over_time|@/;

/** A chunk's evaluation followed by the evaluation of the ticks right after it, as one chunk. */
function appendTicks(head: Chunk, tail: Chunk): Chunk {
  if (tail.error) return { firstTickMs: head.firstTickMs, tickCount: head.tickCount + tail.tickCount, series: [], error: tail.error };
  const tickCount = head.tickCount + tail.tickCount;
  const merged = new Map<string, ChunkSeries>();
  const target = (labels: Labels) => {
    const key = labelsKey(labels);
    let series = merged.get(key);
    if (!series) {
      series = { labels, values: new Float64Array(tickCount).fill(NaN) };
      merged.set(key, series);
    }
    return series;
  };
  for (const s of head.series) target(s.labels).values.set(s.values, 0);
  for (const s of tail.series) target(s.labels).values.set(s.values, head.tickCount);
  return { firstTickMs: head.firstTickMs, tickCount, series: byLabelsKey([...merged.values()]) };
}

/** Series in one order however the chunk was evaluated (whole, or extended tick by tick). */
function byLabelsKey(series: ChunkSeries[]): ChunkSeries[] {
  const keyed = series.map((s) => ({ s, key: labelsKey(s.labels) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.s);
}

export class AlertEvaluator {
  readonly intervalMs: number;
  private readonly lookbackMs: number;
  private readonly chunkMs: number;
  private readonly chunkTimeoutMs: number;
  private readonly cache = new Map<string, Chunk>();
  /** Per rule and chunk that now is inside: its latest evaluation and cache key. */
  private readonly growing = new Map<string, { key: string; chunk: Chunk }>();
  private currentCache: { tickMs: number; statuses: RuleStatus[] } | null = null;

  constructor(private readonly options: AlertEvaluatorOptions) {
    this.intervalMs = options.intervalMs ?? 60_000;
    this.lookbackMs = options.lookbackMs ?? 6 * 3_600_000;
    this.chunkMs = options.chunkMs ?? 6 * 3_600_000;
    this.chunkTimeoutMs = options.chunkTimeoutMs ?? 60_000;
  }

  get rules(): AlertRuleDefinition[] {
    return this.options.fleet.alertRules;
  }

  /** The latest evaluation tick at or before now. */
  nowTickMs(): number {
    return Math.floor(this.options.now() / this.intervalMs) * this.intervalMs;
  }

  /** The latest evaluation tick at or before min(timeMs, now). */
  lastTickAtOrBefore(timeMs: number): number {
    return Math.min(Math.floor(timeMs / this.intervalMs) * this.intervalMs, this.nowTickMs());
  }

  /** State of every rule at the latest tick (cached per tick). */
  current(): RuleStatus[] {
    const tickMs = this.nowTickMs();
    if (this.currentCache?.tickMs === tickMs) return this.currentCache.statuses;
    const statuses = this.rules.map((rule) => this.ruleStatus(rule, tickMs));
    this.currentCache = { tickMs, statuses };
    return statuses;
  }

  /** Every alert that was active at some tick in [startMs, endMs], with its per-tick state; optionally some rules only. */
  history(startMs: number, endMs: number, includeRule: (rule: AlertRuleDefinition) => boolean = () => true): AlertHistory[] {
    const lastTick = this.lastTickAtOrBefore(endMs);
    const firstTick = Math.ceil(startMs / this.intervalMs) * this.intervalMs;
    if (lastTick < firstTick) return [];
    const rules = this.rules.filter(includeRule);
    // Chunk by chunk across rules (not rule by rule across chunks): the data of one chunk's windows (up to 3 days of
    // samples) is then read while it is still in the simulation's hour caches.
    const earliestTick = Math.min(...rules.map((rule) => firstTick - rule.forSeconds * 1000 - this.lookbackMs));
    for (let chunkStart = Math.floor(earliestTick / this.chunkMs) * this.chunkMs; chunkStart <= lastTick; chunkStart += this.chunkMs) {
      for (const rule of rules) if (chunkStart + this.chunkMs > firstTick - rule.forSeconds * 1000 - this.lookbackMs) this.chunk(rule, chunkStart);
    }
    const out: AlertHistory[] = [];
    for (const rule of rules) {
      const fromTick = firstTick - rule.forSeconds * 1000 - this.lookbackMs;
      const timeline = this.timeline(rule, fromTick, lastTick);
      if (timeline.error) continue;
      for (const series of timeline.series) {
        const ticks = deriveStates(series.values, fromTick, this.intervalMs, rule.forSeconds * 1000).filter(
          (t) => t.timeMs >= firstTick,
        );
        if (ticks.length > 0) out.push({ rule, labels: alertLabels(rule, series.labels), ticks });
      }
    }
    return out;
  }

  /**
   * Evaluate every rule over [now - spanMs, now] ahead of time, newest chunk first, awaiting `pause` (default: one
   * event-loop turn) before each chunk so requests are still served. Later ALERTS queries (a month of incidents) then
   * hit the cache.
   */
  async warm(spanMs: number, signal: AbortSignal, pause: () => Promise<void> = () => new Promise((resolve) => setImmediate(resolve))): Promise<void> {
    const nowTick = this.nowTickMs();
    for (let chunkStart = Math.floor(nowTick / this.chunkMs) * this.chunkMs; chunkStart + this.chunkMs > nowTick - spanMs; chunkStart -= this.chunkMs) {
      for (const rule of this.rules) {
        await pause();
        if (signal.aborted) return;
        this.chunk(rule, chunkStart);
      }
    }
  }

  private ruleStatus(rule: AlertRuleDefinition, tickMs: number): RuleStatus {
    const started = performance.now();
    const elapsed = () => (performance.now() - started) / 1000;
    const failed = (lastError: string): RuleStatus => ({
      rule,
      health: 'err',
      lastError,
      state: 'inactive',
      alerts: [],
      lastEvaluationMs: tickMs,
      evaluationTimeSeconds: elapsed(),
    });
    // A cheap first look at the latest tick: most rules are quiet most of the time and need no history.
    try {
      const latest = this.options.engines.promInstant(rule.expr, tickMs, this.options.fleet.metrics, { deadlineMs: Date.now() + this.chunkTimeoutMs });
      if (latest.resultType !== 'vector') return failed(`alert expression must give a vector, got ${latest.resultType}`);
      if (latest.result.length === 0) {
        return { rule, health: 'ok', state: 'inactive', alerts: [], lastEvaluationMs: tickMs, evaluationTimeSeconds: elapsed() };
      }
    } catch (error) {
      return failed(error instanceof Error ? error.message : String(error));
    }
    // Active: widen the window chunk by chunk until every active series' run starts inside it (activeAt is then
    // exact), or the lookback bound is reached (activeAt is then the bound, as after a Prometheus restart).
    const forMs = rule.forSeconds * 1000;
    const boundTick = tickMs - forMs - this.lookbackMs;
    let fromTick = Math.max(boundTick, Math.min(Math.floor(tickMs / this.chunkMs) * this.chunkMs, tickMs - forMs - this.intervalMs));
    for (;;) {
      const timeline = this.timeline(rule, fromTick, tickMs);
      if (timeline.error) return failed(timeline.error);
      const alerts: ActiveAlert[] = [];
      let runsStartInside = true;
      for (const series of timeline.series) {
        const states = deriveStates(series.values, fromTick, this.intervalMs, forMs);
        const last = states[states.length - 1];
        if (!last || last.timeMs !== tickMs) continue;
        if (last.activeAtMs === fromTick) runsStartInside = false;
        const firedAtMs = last.state === 'firing' ? states.find((s) => s.activeAtMs === last.activeAtMs && s.state === 'firing')?.timeMs : undefined;
        alerts.push({
          rule,
          labels: alertLabels(rule, series.labels),
          annotations: expandAnnotations(rule, series.labels, last.value),
          state: last.state,
          activeAtMs: last.activeAtMs,
          firedAtMs,
          value: last.value,
        });
      }
      if (!runsStartInside && fromTick > boundTick) {
        fromTick = Math.max(boundTick, fromTick - this.chunkMs);
        continue;
      }
      alerts.sort((a, b) => labelsKey(a.labels).localeCompare(labelsKey(b.labels)));
      const state = alerts.some((a) => a.state === 'firing') ? 'firing' : alerts.length > 0 ? 'pending' : 'inactive';
      return { rule, health: 'ok', state, alerts, lastEvaluationMs: tickMs, evaluationTimeSeconds: elapsed() };
    }
  }

  /** The rule's output per series over ticks [fromTick, toTick], assembled from cached chunks. */
  private timeline(rule: AlertRuleDefinition, fromTickMs: number, toTickMs: number): { series: ChunkSeries[]; error?: string } {
    const tickCount = Math.floor((toTickMs - fromTickMs) / this.intervalMs) + 1;
    const merged = new Map<string, ChunkSeries>();
    for (let chunkStart = Math.floor(fromTickMs / this.chunkMs) * this.chunkMs; chunkStart <= toTickMs; chunkStart += this.chunkMs) {
      const chunk = this.chunk(rule, chunkStart);
      if (chunk.error) return { series: [], error: chunk.error };
      for (const series of chunk.series) {
        const key = labelsKey(series.labels);
        let target = merged.get(key);
        if (!target) {
          target = { labels: series.labels, values: new Float64Array(tickCount).fill(NaN) };
          merged.set(key, target);
        }
        for (let i = 0; i < chunk.tickCount; i++) {
          const tick = chunk.firstTickMs + i * this.intervalMs;
          if (tick < fromTickMs || tick > toTickMs) continue;
          target.values[(tick - fromTickMs) / this.intervalMs] = series.values[i];
        }
      }
    }
    return { series: [...merged.values()] };
  }

  private chunk(rule: AlertRuleDefinition, chunkStartMs: number): Chunk {
    const firstTickMs = Math.ceil(chunkStartMs / this.intervalMs) * this.intervalMs;
    const chunkLastTick = Math.floor((chunkStartMs + this.chunkMs - 1) / this.intervalMs) * this.intervalMs;
    // A chunk that reaches past now is evaluated up to now only; its cache key carries that end.
    const lastTickMs = Math.min(chunkLastTick, this.nowTickMs());
    const ruleChunk = `${rule.group}\u0000${rule.name}\u0000${rule.expr}\u0000${chunkStartMs}`;
    const key = `${ruleChunk}\u0000${lastTickMs}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    // The chunk being written (now is inside it): extend its latest evaluation by the new ticks only, instead of
    // evaluating up to 6 h again every minute. Each tick's value depends on its own window only (rate included),
    // so this is the same answer as a whole evaluation; not for functions whose value depends on the query range.
    const growing = this.growing.get(ruleChunk);
    const grown = growing ? growing.chunk.firstTickMs + (growing.chunk.tickCount - 1) * this.intervalMs : -Infinity;
    const chunk =
      growing && !growing.chunk.error && growing.chunk.tickCount > 0 && grown < lastTickMs && !RANGE_DEPENDENT.test(rule.expr)
        ? appendTicks(growing.chunk, this.evaluateChunk(rule, grown + this.intervalMs, lastTickMs))
        : this.evaluateChunk(rule, firstTickMs, lastTickMs);
    if (growing) this.cache.delete(growing.key); // superseded: a partial chunk is never asked for again
    if (lastTickMs < chunkLastTick) {
      this.growing.delete(ruleChunk);
      this.growing.set(ruleChunk, { key, chunk });
      if (this.growing.size > MAX_GROWING_CHUNKS) {
        const oldest = this.growing.keys().next().value;
        if (oldest !== undefined) this.growing.delete(oldest);
      }
    } else {
      this.growing.delete(ruleChunk);
    }
    if (this.cache.size >= MAX_CACHED_CHUNKS) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(key, chunk);
    return chunk;
  }

  private evaluateChunk(rule: AlertRuleDefinition, firstTickMs: number, lastTickMs: number): Chunk {
    if (lastTickMs < firstTickMs) return { firstTickMs, tickCount: 0, series: [] };
    const tickCount = (lastTickMs - firstTickMs) / this.intervalMs + 1;
    try {
      const result = this.options.engines.promRangeSync(rule.expr, firstTickMs, lastTickMs, this.intervalMs, this.options.fleet.metrics, {
        deadlineMs: Date.now() + this.chunkTimeoutMs,
      });
      if (result.resultType !== 'matrix') {
        return { firstTickMs, tickCount, series: [], error: `alert expression must give a vector, got ${result.resultType}` };
      }
      const series: ChunkSeries[] = [];
      for (const s of result.result) {
        const values = new Float64Array(tickCount).fill(NaN);
        for (const p of s.points) {
          const i = Math.round((p.timeMs - firstTickMs) / this.intervalMs);
          // A NaN sample is still an output sample: keep the alert active with value NaN, as Prometheus does.
          if (i >= 0 && i < tickCount) values[i] = Number.isNaN(p.value) ? Number.MAX_VALUE : p.value;
        }
        series.push({ labels: s.metric, values });
      }
      return { firstTickMs, tickCount, series: byLabelsKey(series) };
    } catch (error) {
      return { firstTickMs, tickCount, series: [], error: error instanceof Error ? error.message : String(error) };
    }
  }
}

/**
 * Where Prometheus' rule manager writes staleness markers for a series written at `timesMs` (evaluation ticks,
 * ascending): at the first evaluation after each run of consecutive ticks, if that evaluation has happened.
 */
export function staleMarkersAfterRuns(timesMs: readonly number[], intervalMs: number, lastEvaluatedMs: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < timesMs.length; i++) {
    const next = timesMs[i] + intervalMs;
    if (timesMs[i + 1] !== next && next <= lastEvaluatedMs) out.push(next);
  }
  return out;
}

/** Walk ticks in order: present -> active (activeAt at run start), firing once active for >= forMs. */
export function deriveStates(
  values: Float64Array,
  firstTickMs: number,
  intervalMs: number,
  forMs: number,
): { timeMs: number; state: AlertState; activeAtMs: number; value: number }[] {
  const out: { timeMs: number; state: AlertState; activeAtMs: number; value: number }[] = [];
  let activeAt: number | null = null;
  for (let i = 0; i < values.length; i++) {
    const timeMs = firstTickMs + i * intervalMs;
    const raw = values[i];
    if (Number.isNaN(raw)) {
      activeAt = null;
      continue;
    }
    if (activeAt === null) activeAt = timeMs;
    const value = raw === Number.MAX_VALUE ? NaN : raw;
    out.push({ timeMs, state: timeMs - activeAt >= forMs ? 'firing' : 'pending', activeAtMs: activeAt, value });
  }
  return out;
}

export function alertLabels(rule: AlertRuleDefinition, seriesLabels: Labels): Labels {
  const labels: Labels = { ...seriesLabels };
  delete labels.__name__;
  for (const [name, value] of Object.entries(rule.labels)) labels[name] = expandTemplate(value, seriesLabels, NaN);
  labels.alertname = rule.name;
  return sortedLabels(labels);
}

function expandAnnotations(rule: AlertRuleDefinition, seriesLabels: Labels, value: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, template] of Object.entries(rule.annotations)) out[name] = expandTemplate(template, seriesLabels, value);
  return out;
}

/**
 * The fleet's metric store plus Prometheus' synthetic ALERTS / ALERTS_FOR_STATE series, so the console finds alert
 * history (recently resolved, monthly incidents) with the same PromQL as on a real Prometheus. Like Prometheus' rule
 * manager, a series the rule stops producing (the alert resolved, or went from pending to firing) gets a staleness
 * marker at that evaluation, so ALERTS disappears at once instead of lingering for the 5-minute lookback.
 */
export function withAlertSeries(base: MetricStore, evaluator: AlertEvaluator): MetricStore {
  const mayMatch = (name: string, matchers: Parameters<MetricStore['select']>[0]) =>
    matchers.every((m) => m.name !== '__name__' || matchesName(name, m));
  return {
    select(matchers, startMs, endMs) {
      const series = base.select(matchers, startMs, endMs);
      const wantAlerts = mayMatch('ALERTS', matchers);
      const wantForState = mayMatch('ALERTS_FOR_STATE', matchers);
      if (!wantAlerts && !wantForState) return series;
      // Only the rules an alertname matcher lets through: ALERTS{alertname="X"} need not evaluate every rule.
      const nameMatchers = matchers.filter((m) => m.name === 'alertname');
      const includeRule = (rule: { name: string }) => nameMatchers.every((m) => matchesName(rule.name, m));
      const lastEvaluatedMs = evaluator.lastTickAtOrBefore(endMs);
      const markers = (timesMs: number[]) => staleMarkersAfterRuns(timesMs, evaluator.intervalMs, lastEvaluatedMs);
      for (const history of evaluator.history(startMs, endMs, includeRule)) {
        if (wantAlerts) {
          for (const state of ['pending', 'firing'] as const) {
            const ticks = history.ticks.filter((t) => t.state === state);
            if (ticks.length === 0) continue;
            const labels = sortedLabels({ ...history.labels, __name__: 'ALERTS', alertstate: state });
            if (!matchesAllLabels(labels, matchers)) continue;
            const timestampsMs = ticks.map((t) => t.timeMs);
            series.push({ labels, timestampsMs, values: ticks.map(() => 1), staleMarkersMs: markers(timestampsMs) });
          }
        }
        if (wantForState) {
          const labels = sortedLabels({ ...history.labels, __name__: 'ALERTS_FOR_STATE' });
          if (matchesAllLabels(labels, matchers)) {
            const timestampsMs = history.ticks.map((t) => t.timeMs);
            series.push({ labels, timestampsMs, values: history.ticks.map((t) => t.activeAtMs / 1000), staleMarkersMs: markers(timestampsMs) });
          }
        }
      }
      return series;
    },
    labelNames(startMs, endMs) {
      const names = new Set(base.labelNames(startMs, endMs));
      names.add('alertname');
      names.add('alertstate');
      for (const rule of evaluator.rules) for (const name of Object.keys(rule.labels)) names.add(name);
      return [...names].sort();
    },
    labelValues(name, startMs, endMs) {
      const values = new Set(base.labelValues(name, startMs, endMs));
      if (name === '__name__') {
        values.add('ALERTS');
        values.add('ALERTS_FOR_STATE');
      } else if (name === 'alertname') {
        for (const rule of evaluator.rules) values.add(rule.name);
      } else if (name === 'alertstate') {
        values.add('firing');
        values.add('pending');
      } else {
        for (const rule of evaluator.rules) if (rule.labels[name] !== undefined) values.add(rule.labels[name]);
      }
      return [...values].sort();
    },
  };
}
