// Simple in-memory implementations of the store contract, for the engines' tests (and any other test that
// needs a store without the simulation). They honour the contract's time ranges and matcher semantics.
import type {
  LabelMatcher,
  LogStore,
  LogStream,
  MetricStore,
  RawSeries,
  StoredTrace,
  TraceStore,
} from '../types';
import { compileMatchers } from '../shared/labels';
import { firstAtOrAfter } from '../shared/search';

/** Series must hold ascending timestamps. */
export class InMemoryMetricStore implements MetricStore {
  /** Every select() call, for tests that check how the engine reads. */
  readonly selects: { matchers: LabelMatcher[]; startMs: number; endMs: number }[] = [];

  constructor(private readonly series: RawSeries[]) {}

  select(matchers: LabelMatcher[], startMs: number, endMs: number): RawSeries[] {
    this.selects.push({ matchers, startMs, endMs });
    const matches = compileMatchers(matchers);
    const out: RawSeries[] = [];
    for (const s of this.series) {
      if (!matches(s.labels)) continue;
      // Samples are ascending: cut the range with two binary searches.
      const from = firstAtOrAfter(s.timestampsMs, startMs);
      const to = firstAtOrAfter(s.timestampsMs, endMs + 1);
      if (to <= from) continue;
      const slice: RawSeries = { labels: s.labels, timestampsMs: s.timestampsMs.slice(from, to), values: s.values.slice(from, to) };
      if (s.staleMarkersMs) {
        slice.staleMarkersMs = s.staleMarkersMs.slice(firstAtOrAfter(s.staleMarkersMs, startMs), firstAtOrAfter(s.staleMarkersMs, endMs + 1));
      }
      out.push(slice);
    }
    return out;
  }

  labelNames(startMs: number, endMs: number): string[] {
    const names = new Set<string>();
    for (const s of this.select([], startMs, endMs)) for (const name of Object.keys(s.labels)) names.add(name);
    return [...names].sort();
  }

  labelValues(name: string, startMs: number, endMs: number): string[] {
    const values = new Set<string>();
    for (const s of this.select([], startMs, endMs)) if (s.labels[name] !== undefined) values.add(s.labels[name]);
    return [...values].sort();
  }
}

export class InMemoryLogStore implements LogStore {
  readonly selects: { matchers: LabelMatcher[]; startNs: bigint; endNs: bigint; hint?: { lineContains?: string[] } }[] = [];

  constructor(private readonly streams: LogStream[]) {}

  select(matchers: LabelMatcher[], startNs: bigint, endNs: bigint, hint?: { lineContains?: string[] }): LogStream[] {
    this.selects.push({ matchers, startNs, endNs, hint });
    const matches = compileMatchers(matchers);
    const out: LogStream[] = [];
    for (const stream of this.streams) {
      if (!matches(stream.labels)) continue;
      const entries = stream.entries.filter((e) => e.timestampNs >= startNs && e.timestampNs < endNs);
      if (entries.length > 0) out.push({ labels: stream.labels, entries });
    }
    return out;
  }

  labelNames(startNs: bigint, endNs: bigint): string[] {
    const names = new Set<string>();
    for (const s of this.select([], startNs, endNs)) for (const name of Object.keys(s.labels)) names.add(name);
    return [...names].sort();
  }

  labelValues(name: string, startNs: bigint, endNs: bigint): string[] {
    const values = new Set<string>();
    for (const s of this.select([], startNs, endNs)) if (s.labels[name] !== undefined) values.add(s.labels[name]);
    return [...values].sort();
  }
}

function rootStartNs(trace: StoredTrace): bigint {
  const root = trace.spans.find((s) => s.parentSpanId === null) ?? trace.spans[0];
  return root ? root.startNs : 0n;
}

export class InMemoryTraceStore implements TraceStore {
  readonly calls: { startNs: bigint; endNs: bigint }[] = [];
  private readonly traces: StoredTrace[];

  constructor(traces: StoredTrace[]) {
    this.traces = [...traces].sort((a, b) => (rootStartNs(a) < rootStartNs(b) ? -1 : rootStartNs(a) > rootStartNs(b) ? 1 : 0));
  }

  *tracesInRange(startNs: bigint, endNs: bigint): Iterable<StoredTrace> {
    this.calls.push({ startNs, endNs });
    for (const trace of this.traces) {
      const start = rootStartNs(trace);
      if (start >= startNs && start < endNs) yield trace;
    }
  }
}
