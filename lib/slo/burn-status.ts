// The four window pairs of an SLO at one instant: each window's error ratio and traffic -> burn rates
// against the pair's threshold, a status label, a low-traffic flag, and the pair to look at first. Pure.
import {
  STATUS_SEVERITY,
  burnRate,
  burnRateWindows,
  burnStatus,
  isBurning,
  isLowTraffic,
  minEventsForWindow,
  roundNoise,
  type BurnRateWindow,
  type BurnStatus,
} from './burn-rate';
import { formatDuration } from './durations';

/** One window's reading: the error ratio and how many events it saw. */
export interface WindowReading {
  windowMs: number;
  /** "5m" */
  window: string;
  /** bad / total over the window; null without traffic or data. */
  errorRatio: number | null;
  /** Events in the window (total rate x window); null without data. */
  totalEvents: number | null;
}

export interface PairStatus extends BurnRateWindow {
  longBurnRate: number | null;
  shortBurnRate: number | null;
  status: BurnStatus;
  /** The short window holds too few events for its ratio to mean anything (see minEventsForWindow). */
  lowTraffic: boolean;
  /** Events the short window needs (below this, one failure crosses the threshold). */
  minEvents: number;
  shortEvents: number | null;
  longEvents: number | null;
}

export interface BurnRates {
  windows: WindowReading[];
  pairs: PairStatus[];
  /** The worst status of the pairs. */
  status: BurnStatus;
  /**
   * The pair to look at first: the worst status, and among pairs burning with that status the fastest-alerting
   * one (the policy lists them page 1h/5m first), whose long window is the narrowest place to find the cause.
   * Without a burn, the pair closest to its threshold (long burn / threshold). Null without data.
   */
  worstPairIndex: number | null;
  /** The highest burn rate of any window now, and that window; null without data. */
  fastest: { window: string; windowMs: number; burnRate: number } | null;
  lowTraffic: boolean;
}

/** Reads per rendered window -> a reading (ratio from the parts). Bad is clamped to [0, total]. */
export function windowReading(windowMs: number, badRate: number | null, totalRate: number | null): WindowReading {
  const seconds = windowMs / 1000;
  const totalEvents = totalRate === null ? null : Math.max(0, totalRate) * seconds;
  let errorRatio: number | null = null;
  if (totalRate !== null && totalRate > 0) errorRatio = Math.min(1, Math.max(0, (badRate ?? 0) / totalRate));
  return { windowMs, window: formatDuration(windowMs), errorRatio, totalEvents };
}

export function burnRates(readings: readonly WindowReading[], objective: number, periodMs: number): BurnRates {
  const byWindow = new Map(readings.map((reading) => [reading.windowMs, reading]));
  const burnOf = (windowMs: number): number | null => {
    const ratio = byWindow.get(windowMs)?.errorRatio ?? null;
    return ratio === null ? null : burnRate(ratio, objective);
  };
  const pairs = burnRateWindows(periodMs).map((pair): PairStatus => {
    const longBurnRate = burnOf(pair.longWindowMs);
    const shortBurnRate = burnOf(pair.shortWindowMs);
    const shortEvents = byWindow.get(pair.shortWindowMs)?.totalEvents ?? null;
    return {
      ...pair,
      longBurnRate,
      shortBurnRate,
      status: burnStatus(longBurnRate, shortBurnRate, pair.threshold),
      lowTraffic: isLowTraffic(shortEvents, pair.threshold, objective),
      minEvents: minEventsForWindow(pair.threshold, objective),
      shortEvents,
      longEvents: byWindow.get(pair.longWindowMs)?.totalEvents ?? null,
    };
  });
  let status: BurnStatus = 'no-data';
  for (const pair of pairs) if (STATUS_SEVERITY[pair.status] > STATUS_SEVERITY[status]) status = pair.status;
  let worstPairIndex: number | null = null;
  let worstScore = -1;
  pairs.forEach((pair, index) => {
    if (pair.longBurnRate === null) return;
    // Status first (a Critical pair beats a higher but Recovering one); then, when burning, policy order (page
    // before ticket, short windows first); when not, the long window against its threshold.
    const within = isBurning(pair.status) ? (pairs.length - index) * 1e3 : Math.min(pair.longBurnRate / pair.threshold, 999);
    const score = STATUS_SEVERITY[pair.status] * 1e6 + within;
    if (score > worstScore) {
      worstScore = score;
      worstPairIndex = index;
    }
  });
  let fastest: BurnRates['fastest'] = null;
  for (const reading of readings) {
    if (reading.errorRatio === null) continue;
    const rate = burnRate(reading.errorRatio, objective);
    // Ties go to the shorter window (readings come shortest first): it says the burn is happening now.
    if (fastest === null || roundNoise(rate) > roundNoise(fastest.burnRate)) fastest = { window: reading.window, windowMs: reading.windowMs, burnRate: rate };
  }
  return { windows: [...readings], pairs, status, worstPairIndex, fastest, lowTraffic: pairs.some((pair) => pair.lowTraffic) };
}
