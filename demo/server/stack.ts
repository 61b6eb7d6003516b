// Starts the five demo backends on one fleet. demo/index.ts adds the simulation; tests pass a fake fleet.
import type http from 'node:http';
import type { DemoBackend, Fleet } from '../contract';
import { AlertEvaluator } from './alerts';
import { createAlertmanagerServer } from './alertmanager';
import type { Engines } from './engines';
import { closeServer, listen } from './http-util';
import { createLokiServer } from './loki';
import { createPrometheusServer } from './prometheus';
import { createPyroscopeServer } from './pyroscope';
import { createTempoServer } from './tempo';

export const DEMO_BACKENDS: readonly DemoBackend[] = ['prometheus', 'loki', 'tempo', 'pyroscope', 'alertmanager'];

export interface DemoServersOptions {
  fleet: Fleet;
  engines: Engines;
  now: () => number;
  host: string;
  /** 0 = a free port. */
  ports: Record<DemoBackend, number>;
  /** Rule evaluation interval (default 1 m). */
  alertIntervalMs?: number;
  /** Precompute in the background: the fleet's statistics and the alert history of the data window. */
  warmUp?: boolean;
}

/** How far back the background warm-up evaluates alert rules: the simulation's 35 days. */
const WARM_ALERT_HISTORY_MS = 35 * 86_400_000;

interface WarmableFleet {
  warmUp(): void;
  warmUpRecent?(): Iterable<void>;
}

function isWarmable(fleet: Fleet): fleet is Fleet & WarmableFleet {
  return typeof (fleet as Partial<WarmableFleet>).warmUp === 'function';
}

export interface DemoServers {
  urls: Record<DemoBackend, string>;
  alerts: AlertEvaluator;
  /** Settles when the background warm-up has finished (or was stopped by close); at once without warm-up. */
  warmedUp: Promise<void>;
  close(): Promise<void>;
}

/** The alert history the console asks for first (a day of ALERTS, plus the rules' 6 h lookback), warmed before the rest. */
const WARM_ALERTS_FIRST_MS = 32 * 3_600_000;

/** The console's log volume query, for the warm-up's compile run. */
const WARM_LOG_QUERY = 'sum by (level) (count_over_time({service_name=~".+"}[5m]))';

/** How long the servers must have been quiet before the next warm-up slice runs. */
const QUIET_MS = 30;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Requests in progress and the time of the last start or end of one, over all five servers. */
class Activity {
  inFlight = 0;
  lastMs = 0;

  watch(server: http.Server): void {
    server.on('request', (_request: http.IncomingMessage, response: http.ServerResponse) => {
      this.inFlight++;
      this.lastMs = Date.now();
      let done = false;
      const end = () => {
        if (done) return;
        done = true;
        this.inFlight--;
        this.lastMs = Date.now();
      };
      response.once('finish', end);
      response.once('close', end);
    });
  }

  /** Resolves once no request is in progress and none has started or ended for QUIET_MS. */
  async quiet(signal: AbortSignal): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (!signal.aborted && (this.inFlight > 0 || Date.now() - this.lastMs < QUIET_MS)) await sleep(QUIET_MS);
  }
}

/**
 * Background warm-up in small slices, each run only when the servers are quiet, so the console's requests never
 * wait behind more than one slice (a long query's own event-loop turns do not let the warm-up in): the fleet's
 * statistics, the last day's alert history and current alerts, request index and log lines, then 35 days of alert
 * history.
 */
async function warmUp(fleet: Fleet, engines: Engines, now: () => number, alerts: AlertEvaluator, activity: Activity, signal: AbortSignal): Promise<void> {
  const pause = () => activity.quiet(signal);
  await pause();
  if (!isWarmable(fleet) || signal.aborted) return;
  fleet.warmUp();
  await alerts.warm(WARM_ALERTS_FIRST_MS, signal, pause);
  await pause();
  if (signal.aborted) return;
  alerts.current(); // what /api/v1/alerts, /rules and Alertmanager answer
  const steps = fleet.warmUpRecent?.()[Symbol.iterator]();
  for (;;) {
    await pause();
    if (signal.aborted || !steps || steps.next().done) break;
  }
  // Run the log-volume and exemplar code once over the last hours (its data is ready), so the first real query
  // does not also pay for compiling it.
  await pause();
  if (signal.aborted) return;
  const toNs = BigInt(Math.floor(now())) * 1_000_000n;
  await engines.logMetricRange(WARM_LOG_QUERY, toNs - 2n * 3_600_000n * 1_000_000n, toNs, 300_000, fleet.logs, { deadlineMs: Date.now() + 60_000, signal });
  fleet.exemplars([{ name: '__name__', type: '=~', value: '.+' }], now() - 3_600_000, now());
  await alerts.warm(WARM_ALERT_HISTORY_MS, signal, pause);
  await pause();
  // The month walked the counters' hour tables back 35 days: read the last 3 days again (the rules' longest
  // window), which /api/v1/alerts and the next ALERTS tick need.
  if (!signal.aborted) alerts.current();
}

export async function startDemoServers(options: DemoServersOptions): Promise<DemoServers> {
  const { fleet, engines, now } = options;
  const startedAtMs = now();
  const alerts = new AlertEvaluator({ fleet, engines, now, intervalMs: options.alertIntervalMs });
  const urls = {} as Record<DemoBackend, string>;
  const servers: Record<DemoBackend, http.Server> = {
    prometheus: createPrometheusServer({ fleet, engines, alerts, now, startedAtMs }),
    loki: createLokiServer({ fleet, engines, now }),
    tempo: createTempoServer({ fleet, engines, now }),
    pyroscope: createPyroscopeServer({ fleet, engines, now }),
    alertmanager: createAlertmanagerServer({ alerts, now, startedAtMs, prometheusUrl: () => urls.prometheus ?? '' }),
  };
  const warming = new AbortController();
  const close = async () => {
    warming.abort();
    await Promise.all(DEMO_BACKENDS.map((b) => closeServer(servers[b])));
  };
  try {
    for (const backend of DEMO_BACKENDS) {
      try {
        urls[backend] = await listen(servers[backend], options.host, options.ports[backend]);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const reason = code === 'EADDRINUSE' ? 'the port is in use' : code === 'EACCES' ? 'permission denied' : String(error);
        throw new Error(`demo ${backend}: cannot listen on ${options.host}:${options.ports[backend]} (${reason})`, { cause: error });
      }
    }
  } catch (error) {
    await close();
    throw error;
  }
  const activity = new Activity();
  for (const backend of DEMO_BACKENDS) activity.watch(servers[backend]);
  const warmedUp = options.warmUp
    ? warmUp(fleet, engines, now, alerts, activity, warming.signal).catch((error: unknown) => console.error('[demo] warm-up failed:', error))
    : Promise.resolve();
  return { urls, alerts, warmedUp, close };
}
