// Limits an operator can tune: WEFT_RATE_LIMIT_PER_MINUTE and WEFT_RATE_LIMIT_BURST (per user, on expensive
// API routes; 0 per minute turns the limit off) and WEFT_MAX_BACKEND_CALLS_PER_REQUEST (how many backend
// calls one page request may have in flight at once). Bad values are ConfigErrors naming the variable.
import { ConfigError } from '../config/errors';

type Env = Readonly<Record<string, string | undefined>>;

export interface LimitsConfig {
  ratePerMinute: number;
  rateBurst: number;
  maxBackendCallsPerRequest: number;
}

// Generous: a person clicking through traces makes a few expensive calls a minute; a runaway script or a
// tab stuck refreshing makes hundreds.
export const DEFAULT_LIMITS: LimitsConfig = { ratePerMinute: 240, rateBurst: 120, maxBackendCallsPerRequest: 8 };

function wholeNumber(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= min && value <= max)) throw new ConfigError(name, `expected a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  return value;
}

export function loadLimitsConfig(env: Env = process.env): LimitsConfig {
  const ratePerMinute = wholeNumber(env, 'WEFT_RATE_LIMIT_PER_MINUTE', DEFAULT_LIMITS.ratePerMinute, 0, 1_000_000);
  const rateBurst = wholeNumber(env, 'WEFT_RATE_LIMIT_BURST', Math.max(1, Math.min(DEFAULT_LIMITS.rateBurst, ratePerMinute || 1)), 1, 1_000_000);
  return {
    ratePerMinute,
    rateBurst,
    maxBackendCallsPerRequest: wholeNumber(env, 'WEFT_MAX_BACKEND_CALLS_PER_REQUEST', DEFAULT_LIMITS.maxBackendCallsPerRequest, 1, 256),
  };
}
