// The incident schedule: a pure function of (seed, time), anchored at SCHEDULE_EPOCH_MS.
//
// Time is cut into frames of 9 h whose slots alternate between the two kinds (which kind first depends on the seed).
// Every payment slot holds a payment-latency incident; only one order slot in a cycle of 16 frames (6 days) holds
// an order-db-pool incident. An incident starts 0-210 min into its frame and lasts 20-90 min (whole minutes).
// Severity makes the month coherent: most payment incidents are minor (the bank slows down for a few percent of
// calls: PaymentHighLatency fires, no charge fails, the SLOs' daily budgets hold); one payment incident per cycle
// and every order-db-pool incident are major (SLO page alerts, a red day in the monthly review). With one paging
// incident a day every day of a 99.9 % checkout SLO would miss its objective.
//
// Guarantees: every 24 h window contains a complete incident (payment slots are 18 h apart: the last complete
// one ended at most 23 h ago); every 150 h window contains a complete major incident of each kind (the major
// payment and order slots sit at fixed positions of the cycle, 7 and 9 frames apart). The state at any moment
// needs only the frame containing it: O(1), no history.
import type { IncidentWindow } from '../contract';
import { hash3, unit } from './random';
import { HOUR_MS, MINUTE_MS, SCHEDULE_EPOCH_MS } from './time';

export const FRAME_MS = 9 * HOUR_MS;
export const MAX_OFFSET_MIN = 210;
export const MIN_DURATION_MIN = 20;
export const MAX_DURATION_MIN = 90;
/** Frames per cycle (16 x 9 h = 6 days): one major payment-latency and one order-db-pool incident each. */
export const CYCLE_FRAMES = 16;
/** Peak level of a minor incident (1 for a major one): ~4 % of charges over 1 s, none failing. */
export const MINOR_PEAK_LEVEL = 0.05;
/** Minutes of ramp at each end of an incident (the level steps 0.25, 0.5, 0.75, then 1). */
const RAMP_UP_MIN = 3;
const RAMP_DOWN_MIN = 3;

export type IncidentKind = IncidentWindow['kind'];

const INCIDENT_SALT = 0x696e6369;

function positive(n: number, m: number): number {
  return ((n % m) + m) % m;
}

/** Cycle positions of the major payment-latency incident and of the order-db-pool incident (fixed per seed). */
export function majorPositions(seed: number): { payment: number; order: number } {
  // A payment slot is a frame with (frame + seed) even; 16 is even, so positions keep their frame's parity.
  const payment = 2 * positive(hash3(seed ^ INCIDENT_SALT, 0x6d616a, 3), CYCLE_FRAMES / 2) + positive(seed, 2);
  return { payment, order: positive(payment + 7, CYCLE_FRAMES) };
}

/** The incident of frame k, or null (an order slot without an incident). */
export function incidentInFrame(seed: number, frame: number): IncidentWindow | null {
  const kind: IncidentKind = positive(frame + seed, 2) === 0 ? 'payment-latency' : 'order-db-pool';
  const position = positive(frame, CYCLE_FRAMES);
  const major = majorPositions(seed);
  if (kind === 'order-db-pool' && position !== major.order) return null;
  const frameStart = SCHEDULE_EPOCH_MS + frame * FRAME_MS;
  const offsetMin = Math.floor(unit(hash3(seed ^ INCIDENT_SALT, frame, 1)) * (MAX_OFFSET_MIN + 1));
  const durationMin = MIN_DURATION_MIN + Math.floor(unit(hash3(seed ^ INCIDENT_SALT, frame, 2)) * (MAX_DURATION_MIN - MIN_DURATION_MIN + 1));
  const startMs = frameStart + offsetMin * MINUTE_MS;
  return {
    kind,
    severity: kind === 'order-db-pool' || position === major.payment ? 'major' : 'minor',
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
  return incident && timeMs >= incident.startMs && timeMs < incident.endMs ? incident : null;
}

/** Incidents overlapping [startMs, endMs), ascending. */
export function incidentsOverlapping(seed: number, startMs: number, endMs: number): IncidentWindow[] {
  const out: IncidentWindow[] = [];
  for (let frame = frameOf(startMs); frame <= frameOf(endMs); frame++) {
    const incident = incidentInFrame(seed, frame);
    if (incident && incident.endMs > startMs && incident.startMs < endMs) out.push(incident);
  }
  return out;
}

export function peakLevel(incident: Pick<IncidentWindow, 'severity'>): number {
  return incident.severity === 'major' ? 1 : MINOR_PEAK_LEVEL;
}

/** Every level a fleet state can have: the ramp's quarters of each peak. */
export const INCIDENT_LEVELS: readonly number[] = [MINOR_PEAK_LEVEL, 1].flatMap((peak) => [0.25, 0.5, 0.75, 1].map((step) => step * peak));

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

/** The state of the minute containing timeMs. Incidents ramp up and down in steps of a quarter of their peak level. */
export function fleetStateAt(seed: number, timeMs: number): FleetState {
  const incident = incidentAt(seed, timeMs);
  if (!incident) return NORMAL_STATE;
  const minute = Math.floor((timeMs - incident.startMs) / MINUTE_MS);
  const remaining = Math.round((incident.endMs - incident.startMs) / MINUTE_MS) - minute;
  const up = Math.min(1, (minute + 1) / (RAMP_UP_MIN + 1));
  const down = Math.min(1, remaining / (RAMP_DOWN_MIN + 1));
  return stateOf(incident.kind, Math.min(up, down) * peakLevel(incident));
}
