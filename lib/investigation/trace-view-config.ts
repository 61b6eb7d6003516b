// Limits of the trace view's backend queries, from the environment with sane defaults. A bad value falls back
// to the default with a warning in the server log: a typo in an optional knob must not take the view down.
import { DEFAULT_LOG_LIMIT, DEFAULT_LOG_PAD_MS, DEFAULT_MAX_PARALLEL_RANGE_MS } from '../correlate/trace-timeline';

export interface TraceViewConfig {
  /** WEFT_LOG_PAD_MS: searched before and after the trace for its log lines. */
  logPadMs: number;
  /** WEFT_LOG_LIMIT: most log lines read for one trace. */
  logLimit: number;
  /** WEFT_TRACE_PARALLEL_MAX_RANGE_MS: longest view range whose logs are fetched alongside the trace. */
  maxParallelRangeMs: number;
  /** WEFT_PROFILE_MAX_NODES: most flame graph nodes asked of Pyroscope. */
  profileMaxNodes: number;
  /** WEFT_TRACE_CONTEXT_POINTS: points per RED chart. */
  contextPoints: number;
}

interface Knob {
  env: string;
  key: keyof TraceViewConfig;
  fallback: number;
  min: number;
  max: number;
}

const KNOBS: readonly Knob[] = [
  { env: 'WEFT_LOG_PAD_MS', key: 'logPadMs', fallback: DEFAULT_LOG_PAD_MS, min: 0, max: 3_600_000 },
  { env: 'WEFT_LOG_LIMIT', key: 'logLimit', fallback: DEFAULT_LOG_LIMIT, min: 1, max: 100_000 },
  { env: 'WEFT_TRACE_PARALLEL_MAX_RANGE_MS', key: 'maxParallelRangeMs', fallback: DEFAULT_MAX_PARALLEL_RANGE_MS, min: 0, max: 7 * 86_400_000 },
  { env: 'WEFT_PROFILE_MAX_NODES', key: 'profileMaxNodes', fallback: 4096, min: 16, max: 65_536 },
  { env: 'WEFT_TRACE_CONTEXT_POINTS', key: 'contextPoints', fallback: 120, min: 10, max: 1_000 },
];

export interface ConfigProblem {
  env: string;
  value: string;
  message: string;
}

/** The configuration and the variables that were ignored (with why). Pure. */
export function readTraceViewConfig(env: Record<string, string | undefined>): { config: TraceViewConfig; problems: ConfigProblem[] } {
  const config = {} as Record<keyof TraceViewConfig, number>;
  const problems: ConfigProblem[] = [];
  for (const knob of KNOBS) {
    const raw = env[knob.env]?.trim();
    config[knob.key] = knob.fallback;
    if (raw === undefined || raw === '') continue;
    const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < knob.min || value > knob.max) {
      problems.push({ env: knob.env, value: raw, message: `${knob.env}="${raw}" is not a whole number between ${knob.min} and ${knob.max}; using ${knob.fallback}` });
      continue;
    }
    config[knob.key] = value;
  }
  return { config, problems };
}

let cached: TraceViewConfig | undefined;

/** The process's configuration, read once; problems are logged once. */
export function traceViewConfig(): TraceViewConfig {
  if (cached) return cached;
  const { config, problems } = readTraceViewConfig(process.env);
  for (const problem of problems) console.warn(`weft: ${problem.message}`);
  cached = config;
  return config;
}
