'use client';
// The trace view's state lives in the URL (span, tab, range, profile type, diff). Changes replace the
// current history entry with window.history.replaceState, which Next's router picks up (useSearchParams
// follows) without a server round trip: selecting spans with j/k must not fetch the page again.
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'next/navigation';
import type { TraceId } from '@/lib/model/trace';
import { parseTraceViewState, traceViewHref, type TraceViewState } from '@/lib/investigation/trace-url';

export interface UseTraceViewState {
  state: TraceViewState;
  update: (patch: Partial<TraceViewState>) => void;
}

export function useTraceViewState(traceId: TraceId): UseTraceViewState {
  const params = useSearchParams();
  const state = useMemo(() => parseTraceViewState(params), [params]);
  const update = useCallback(
    (patch: Partial<TraceViewState>) => {
      // Read the live URL: several updates may land before React re-renders with the new params.
      const current = parseTraceViewState(new URLSearchParams(window.location.search));
      const href = traceViewHref(traceId, { ...current, ...patch });
      if (href !== `${window.location.pathname}${window.location.search}`) window.history.replaceState(null, '', href);
    },
    [traceId],
  );
  return { state, update };
}
