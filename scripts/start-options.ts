// Pure parsing of `npm start`'s environment, kept apart from start.ts so it can be tested.

export const DEMO_BACKENDS = ['prometheus', 'loki', 'tempo', 'pyroscope', 'alertmanager'] as const;
export type DemoBackendName = (typeof DEMO_BACKENDS)[number];
export type DemoPorts = Partial<Record<DemoBackendName, number>>;

/** Environment variable of each backend's URL, as read by lib/config. */
export const BACKEND_URL_ENV: Record<DemoBackendName, string> = {
  prometheus: 'PROMETHEUS_URL',
  loki: 'LOKI_URL',
  tempo: 'TEMPO_URL',
  pyroscope: 'PYROSCOPE_URL',
  alertmanager: 'ALERTMANAGER_URL',
};

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** A TCP port for the console: 1..65535, default 3000. */
export function parsePort(value: string | undefined, name = 'PORT', fallback = 3000): Parsed<number> {
  if (value === undefined || value.trim() === '') return { ok: true, value: fallback };
  const text = value.trim();
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 65535) {
    return { ok: false, error: `${name}="${value}" is not a port: use a number from 1 to 65535, e.g. ${name}=3000` };
  }
  return { ok: true, value: Number(text) };
}

/** Every demo backend on port 0 (the OS picks free ports): for tests running next to each other. */
export function randomDemoPorts(): DemoPorts {
  return Object.fromEntries(DEMO_BACKENDS.map((b) => [b, 0])) as DemoPorts;
}

/** DEMO_SEED: the demo simulation's seed (an integer), or undefined for its default. */
export function parseDemoSeed(value: string | undefined): Parsed<number | undefined> {
  if (value === undefined || value.trim() === '') return { ok: true, value: undefined };
  const seed = Number(value.trim());
  if (!Number.isSafeInteger(seed)) return { ok: false, error: `DEMO_SEED="${value}" is not an integer` };
  return { ok: true, value: seed };
}

/** True when the variable is set to something other than blank, 0, false or no. */
export function envFlag(value: string | undefined): boolean {
  if (value === undefined) return false;
  return !['', '0', 'false', 'no', 'off'].includes(value.trim().toLowerCase());
}

/** The browser URL to print: a loopback or wildcard bind is reachable as localhost. */
export function displayUrl(host: string, port: number): string {
  const local = ['127.0.0.1', '0.0.0.0', '::', '::1', 'localhost'].includes(host);
  const shown = local ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}
