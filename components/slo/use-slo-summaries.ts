'use client';
import { useQueries } from '@tanstack/react-query';
import type { RawTimeRange } from '@/lib/time-range';
import type { SloSummaryResponse } from '@/lib/slo/api-types';
import type { Slo } from '@/lib/slo/model';
import { fetchApi, sloApiPath } from './api';

export interface SummaryState {
  slo: Slo;
  summary: SloSummaryResponse | null;
  pending: boolean;
  /** The Weft server itself failed (Prometheus failing is inside the summary). */
  error: string | null;
  refetch: () => void;
}

/** One summary request per SLO, in parallel: each row fills in when its numbers arrive. */
export function useSloSummaries(slos: readonly Slo[], range: RawTimeRange): SummaryState[] {
  const results = useQueries({
    queries: slos.map((slo) => ({
      queryKey: ['slo-summary', slo.id, slo.version, range.from, range.to],
      queryFn: ({ signal }: { signal: AbortSignal }) => fetchApi<SloSummaryResponse>(sloApiPath(slo.id, 'summary', range), signal),
      refetchInterval: 60_000,
    })),
  });
  return slos.map((slo, index) => {
    const result = results[index];
    return {
      slo,
      summary: result?.data ?? null,
      pending: result?.isPending ?? true,
      error: result?.error ? result.error.message : null,
      refetch: () => void result?.refetch(),
    };
  });
}

/** Budget left, or null while unknown. */
export function budgetLeft(state: SummaryState): number | null {
  const period = state.summary?.period;
  return period?.status === 'ok' ? period.data.budget.remaining : null;
}

/** Least budget first; SLOs without numbers (yet) last, by name. */
export function byBudgetLeft(a: SummaryState, b: SummaryState): number {
  const left = budgetLeft(a);
  const right = budgetLeft(b);
  if (left !== null && right !== null && left !== right) return left - right;
  if (left !== null && right === null) return -1;
  if (left === null && right !== null) return 1;
  return `${a.slo.service}/${a.slo.name}`.localeCompare(`${b.slo.service}/${b.slo.name}`);
}

/** The distinct Prometheus failures among the summaries ("Prometheus: connection refused"). */
export function prometheusFailures(states: readonly SummaryState[]): string[] {
  const messages = new Set<string>();
  for (const state of states) {
    for (const part of [state.summary?.burn, state.summary?.period]) {
      if (part?.status === 'error') messages.add(part.error.message);
    }
  }
  return [...messages];
}
