// The incident schedule: a pure function of (seed, time), anchored at SCHEDULE_EPOCH_MS.
//
// Time is cut into frames of 9 h. Frame k holds exactly one incident: it starts 0-210 min into the frame and lasts
// 20-90 min (whole minutes), and its kind alternates with k. So two incidents are 4 h to 12 h 10 min apart (end to
// start), and every 24 h window contains at least one complete incident (the last complete one ended at most
// 13 h 40 min ago). The state at any moment needs only the frame containing it: O(1), no history.
import type { IncidentWindow } from '../contract';
import { hash3, unit } from './random';
import { HOUR_MS, MINUTE_MS, SCHEDULE_EPOCH_MS } from './time';

export const FRAME_MS = 9 * HOUR_MS;
export const MAX_OFFSET_MIN = 210;
export const MIN_DURATION_MIN = 20;
export const MAX_DURATION_MIN = 90;
/** Minutes of ramp at each end of an incident (the level steps 0.25, 0.5, 0.75, then 1). */
const RAMP_UP_MIN = 3;
const RAMP_DOWN_MIN = 3;

export type IncidentKind = IncidentWindow['kind'];

const INCIDENT_SALT = 0x696e6369;

export function incidentInFrame(seed: number, frame: number): IncidentWindow {
  const frameStart = SCHEDULE_EPOCH_MS + frame * FRAME_MS;
  const offsetMin = Math.floor(unit(hash3(seed ^ INCIDENT_SALT, frame, 1)) * (MAX_OFFSET_MIN + 1));
  const durationMin = MIN_DURATION_MIN + Math.floor(unit(hash3(seed ^ INCIDENT_SALT, frame, 2)) * (MAX_DURATION_MIN - MIN_DURATION_MIN + 1));
  const kind: IncidentKind = (((frame + seed) % 2) + 2) % 2 === 0 ? 'payment-latency' : 'order-db-pool';
  const startMs = frameStart + offsetMin * MINUTE_MS;
  return {
    kind,
    service: kind === 'payment-latency' ? 'payment' : 'order',
    startMs,
    endMs: startMs + durationMin * MINUTE_MS,
  };
}

function frameOf(timeMs: number): number {
  return Math.floor((timeMs - SCHEDULE_EPOCH_MS) / FRAME_MS);
}

/** The incident active at timeMs, or null. */
export function incidentAt(seed: number, timeMs: number): IncidentWindow | null {
  const incident = incidentInFrame(seed, frameOf(timeMs));
  return timeMs >= incident.startMs && timeMs < incident.endMs ? incident : null;
}

/** Incidents overlapping [startMs, endMs), ascending. */
export function incidentsOverlapping(seed: number, startMs: number, endMs: number): IncidentWindow[] {
  const out: IncidentWindow[] = [];
  for (let frame = frameOf(startMs); frame <= frameOf(endMs); frame++) {
    const incident = incidentInFrame(seed, frame);
    if (incident.endMs > startMs && incident.startMs < endMs) out.push(incident);
  }
  return out;
}

/** The fleet's condition during one minute: which incident (if any) and how bad (0.25 steps). */
export interface FleetState {
  kind: IncidentKind | 'normal';
  level: number;
  /** A short stable key, e.g. "normal", "payment-latency:0.75". */
  key: string;
}

export const NORMAL_STATE: FleetState = { kind: 'normal', level: 0, key: 'normal' };

const stateCache = new Map<string, FleetState>();

export function stateOf(kind: IncidentKind, level: number): FleetState {
  const key = `${kind}:${level}`;
  let state = stateCache.get(key);
  if (!state) {
    state = { kind, level, key };
    stateCache.set(key, state);
  }
  return state;
}

/** The state of the minute containing timeMs. Incidents ramp up and down in steps of 0.25. */
export function fleetStateAt(seed: number, timeMs: number): FleetState {
  const incident = incidentAt(seed, timeMs);
  if (!incident) return NORMAL_STATE;
  const minute = Math.floor((timeMs - incident.startMs) / MINUTE_MS);
  const remaining = Math.round((incident.endMs - incident.startMs) / MINUTE_MS) - minute;
  const up = Math.min(1, (minute + 1) / (RAMP_UP_MIN + 1));
  const down = Math.min(1, remaining / (RAMP_DOWN_MIN + 1));
  return stateOf(incident.kind, Math.min(up, down));
}
