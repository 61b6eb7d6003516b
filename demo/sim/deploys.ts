// Deploys: each service restarts on a deterministic schedule (counters reset, the version label changes).
// A pure function of (seed, service, day), so the process start before any moment is found in O(days).
import { hash3, unit } from './random';
import { DAY_MS, HOUR_MS, MINUTE_MS } from './time';
import { SERVICES, type ServiceName } from './topology';

export interface Deploy {
  service: ServiceName;
  timeMs: number;
  version: string;
}

const DEPLOY_SALT = 0x64657079;

/** Every service deploys at least every third day, and on ~30% of the other days. */
function deployTimeOnDay(seed: number, serviceIndex: number, day: number): number | null {
  const forced = (((day + serviceIndex) % 3) + 3) % 3 === 0;
  const h = hash3(seed ^ DEPLOY_SALT, serviceIndex, day);
  if (!forced && unit(h) >= 0.3) return null;
  // Working hours, 09:00-17:00 UTC, on a whole minute.
  const minute = Math.floor(unit(hash3(h, serviceIndex, 7)) * 480);
  return day * DAY_MS + 9 * HOUR_MS + minute * MINUTE_MS;
}

function versionOfDay(day: number): string {
  return `1.${Math.floor(day / 7) % 100}.${((day % 7) + 7) % 7}`;
}

/** The deploy that started the process running at timeMs (the latest deploy at or before it). */
export function deployAtOrBefore(seed: number, service: ServiceName, timeMs: number): Deploy {
  const serviceIndex = SERVICES.indexOf(service);
  let day = Math.floor(timeMs / DAY_MS);
  for (let back = 0; back < 5; back++, day--) {
    const at = deployTimeOnDay(seed, serviceIndex, day);
    if (at !== null && at <= timeMs) return { service, timeMs: at, version: versionOfDay(day) };
  }
  throw new Error('deploy schedule gap'); // unreachable: a deploy happens at least every third day
}

/** Deploys of a service with timeMs in [startMs, endMs), ascending. */
export function deploysBetween(seed: number, service: ServiceName, startMs: number, endMs: number): Deploy[] {
  const serviceIndex = SERVICES.indexOf(service);
  const out: Deploy[] = [];
  for (let day = Math.floor(startMs / DAY_MS); day * DAY_MS < endMs; day++) {
    const at = deployTimeOnDay(seed, serviceIndex, day);
    if (at !== null && at >= startMs && at < endMs) out.push({ service, timeMs: at, version: versionOfDay(day) });
  }
  return out;
}

/** The processes (deploy intervals) of a service overlapping [startMs, endMs). */
export function processesBetween(seed: number, service: ServiceName, startMs: number, endMs: number): { deploy: Deploy; fromMs: number; toMs: number }[] {
  const first = deployAtOrBefore(seed, service, startMs);
  const later = deploysBetween(seed, service, startMs + 1, endMs);
  const all = [first, ...later.filter((d) => d.timeMs > first.timeMs)];
  return all.map((deploy, i) => ({
    deploy,
    fromMs: Math.max(startMs, deploy.timeMs),
    toMs: i + 1 < all.length ? all[i + 1].timeMs : endMs,
  }));
}
