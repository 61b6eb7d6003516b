'use client';
import { useEffect, useState } from 'react';

/** The wall clock, refreshed every `intervalMs`, for "12 min ago" labels that stay true while the page is open. */
export function useNow(intervalMs = 30_000): number {
  const [nowMs, setNowMs] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNowMs(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return nowMs;
}
