'use client';
import { useCallback, useMemo } from 'react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { timeRangeFromSearchParams, timeRangeToSearchParams, type RawTimeRange } from '@/lib/time-range';

export interface UseTimeRange {
  /** The range as written in the URL (`from`/`to`), defaulting to now-1h .. now. */
  raw: RawTimeRange;
  /** True when the URL carries `from` or `to` (links then carry the range on). */
  inUrl: boolean;
  /** Write a new range into the URL (a history entry), keeping the other query parameters. */
  setRange: (next: RawTimeRange) => void;
}

/**
 * The global time range from the URL, for client components. It uses useSearchParams: render it under a
 * <Suspense> boundary on statically rendered pages. Resolve it with parseTimeRange(raw, Date.now()) in an event
 * or effect, or pass `raw.from`/`raw.to` on to a route handler and resolve there.
 */
export function useTimeRange(): UseTimeRange {
  const params = useSearchParams();
  const pathname = usePathname();
  const router = useRouter();
  const raw = useMemo(() => timeRangeFromSearchParams(params), [params]);
  const inUrl = params.has('from') || params.has('to');
  const setRange = useCallback(
    (next: RawTimeRange) => {
      const query = timeRangeToSearchParams(next, params.toString()).toString();
      router.push(`${pathname}?${query}`, { scroll: false });
    },
    [params, pathname, router],
  );
  return { raw, inUrl, setRange };
}
