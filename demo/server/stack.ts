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
}

function isWarmable(fleet: Fleet): fleet is Fleet & WarmableFleet {
  return typeof (fleet as Partial<WarmableFleet>).warmUp === 'function';
}

export interface DemoServers {
  urls: Record<DemoBackend, string>;
  alerts: AlertEvaluator;
  close(): Promise<void>;
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
  if (options.warmUp) {
    if (isWarmable(fleet)) fleet.warmUp();
    alerts.warm(WARM_ALERT_HISTORY_MS, warming.signal).catch((error: unknown) => console.error('[demo] alert history warm-up failed:', error));
  }
  return { urls, alerts, close };
}
