// The demo stack: a simulated fleet served over loopback as Prometheus, Loki, Tempo, Pyroscope and Alertmanager.
import { DEFAULT_DEMO_PORTS, type DemoBackend, type Fleet } from './contract';
import { createDefaultEngines } from './server/engines-default';
import { DEMO_BACKENDS, startDemoServers } from './server/stack';
import { createFleet } from './sim';

export interface DemoStackOptions {
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** Port per backend; 0 picks a free one. Default: env DEMO_<BACKEND>_PORT, then DEFAULT_DEMO_PORTS. */
  ports?: Partial<Record<DemoBackend, number>>;
  seed?: number;
  /** The clock (epoch ms); a fixed function makes every answer reproducible. */
  now?: () => number;
  /**
   * Precompute in the background, in small slices: the fleet's statistics (~1 s), the last day's alert history,
   * request index and log lines (a few s of CPU), then 35 days of alert history, so the console's first queries
   * (alerts, a day of ALERTS, exemplars, trace searches, log volume) and the first month-long one find them ready.
   * `npm run demo` turns it on; tests leave it off.
   */
  warmUp?: boolean;
}

export interface DemoStack {
  urls: Record<DemoBackend, string>;
  fleet: Fleet;
  /** Settles when the background warm-up has finished (or close stopped it); at once without warmUp. */
  warmedUp: Promise<void>;
  close(): Promise<void>;
}

const ENV_NAMES: Record<DemoBackend, string> = {
  prometheus: 'DEMO_PROMETHEUS_PORT',
  loki: 'DEMO_LOKI_PORT',
  tempo: 'DEMO_TEMPO_PORT',
  pyroscope: 'DEMO_PYROSCOPE_PORT',
  alertmanager: 'DEMO_ALERTMANAGER_PORT',
};

function envPort(backend: DemoBackend, env: Readonly<Record<string, string | undefined>>): number | undefined {
  const text = env[ENV_NAMES[backend]];
  if (text === undefined || text === '') return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${ENV_NAMES[backend]}=${JSON.stringify(text)} is not a port number (0-65535)`);
  }
  return port;
}

/** Ports in order of precedence: explicit option, environment, default. */
export function resolveDemoPorts(
  ports: Partial<Record<DemoBackend, number>> = {},
  env: Readonly<Record<string, string | undefined>> = process.env,
): Record<DemoBackend, number> {
  const out = {} as Record<DemoBackend, number>;
  for (const backend of DEMO_BACKENDS) out[backend] = ports[backend] ?? envPort(backend, env) ?? DEFAULT_DEMO_PORTS[backend];
  return out;
}

export async function startDemoStack(options: DemoStackOptions = {}): Promise<DemoStack> {
  const now = options.now ?? Date.now;
  const fleet = createFleet({ seed: options.seed, now });
  const servers = await startDemoServers({
    fleet,
    engines: createDefaultEngines(),
    now,
    host: options.host ?? '127.0.0.1',
    ports: resolveDemoPorts(options.ports),
    warmUp: options.warmUp,
  });
  return { urls: servers.urls, fleet, warmedUp: servers.warmedUp, close: servers.close };
}
