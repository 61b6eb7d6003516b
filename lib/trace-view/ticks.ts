// Time-axis ticks for the waterfall: "nice" steps (1, 2, 5 x 10^k microseconds) covering [0, durationUs].

export interface Tick {
  /** Offset from the trace start, microseconds. */
  readonly us: number;
  /** Position 0..1 across the axis. */
  readonly fraction: number;
}

/** About `target` ticks from 0 to durationUs inclusive of 0. O(target). */
export function timeTicks(durationUs: number, target = 5): Tick[] {
  if (!(durationUs > 0) || target < 1) return [{ us: 0, fraction: 0 }];
  const raw = durationUs / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  const step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag;
  const ticks: Tick[] = [];
  for (let k = 0; k * step <= durationUs * (1 + 1e-9); k++) {
    const us = k * step;
    ticks.push({ us, fraction: us / durationUs });
  }
  return ticks;
}
