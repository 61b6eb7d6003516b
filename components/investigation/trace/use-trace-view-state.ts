'use client';
// The trace view's state lives in the URL (span, tab, range, profile type, diff). Changes replace the
// current history entry with window.history.replaceState, which Next's router picks up (useSearchParams
// follows) without a server round trip: selecting spans with j/k must not fetch the page again.
// The router syncs a moment later; until then the new state is held locally, so a click shows at once
// (a controlled checkbox would otherwise flip back for a frame).
import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'next/navigation';
import type { TraceId } from '@/lib/model/trace';
import { parseTraceViewState, traceViewHref, type TraceViewState } from '@/lib/investigation/trace-url';

export interface UseTraceViewState {
  state: TraceViewState;
  update: (patch: Partial<TraceViewState>) => void;
}

interface Pending {
  /** The URL's query when the change was made, and the query it was changed to. */
  fromSearch: string;
  toSearch: string;
  state: TraceViewState;
}

export function useTraceViewState(traceId: TraceId): UseTraceViewState {
  const params = useSearchParams();
  const search = params.toString();
  const fromUrl = useMemo(() => parseTraceViewState(new URLSearchParams(search)), [search]);
  const [pending, setPending] = useState<Pending | null>(null);
  // Another navigation (the time range picker, back/forward) wins over a pending local change.
  const state = pending && (pending.fromSearch === search || pending.toSearch === search) ? pending.state : fromUrl;

  const update = useCallback(
    (patch: Partial<TraceViewState>) => {
      // Read the live URL: several updates may land before React re-renders with the new params.
      const current = parseTraceViewState(new URLSearchParams(window.location.search));
      const next = { ...current, ...patch };
      const href = traceViewHref(traceId, next);
      const toSearch = href.includes('?') ? href.slice(href.indexOf('?') + 1) : '';
      setPending({ fromSearch: search, toSearch, state: next });
      if (href !== `${window.location.pathname}${window.location.search}`) window.history.replaceState(null, '', href);
    },
    [traceId, search],
  );
  return { state, update };
}
