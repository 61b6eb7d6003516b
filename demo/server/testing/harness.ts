// Test harness: the five demo servers on free loopback ports over the fake fleet and the real engines.
import type { DemoBackend } from '../../contract';
import { createDefaultEngines } from '../engines-default';
import { startDemoServers } from '../stack';
import { createFakeFleet } from './fake-fleet';

/** A fixed "now" on a minute boundary, so alert ticks and incidents are predictable. */
export const FAKE_NOW_MS = Date.UTC(2026, 10, 21, 12, 0, 0);

export async function startFakeStack(nowMs: number = FAKE_NOW_MS) {
  const now = () => nowMs;
  const fleet = createFakeFleet({ now });
  const ports: Record<DemoBackend, number> = { prometheus: 0, loki: 0, tempo: 0, pyroscope: 0, alertmanager: 0 };
  const servers = await startDemoServers({ fleet, engines: createDefaultEngines(), now, host: '127.0.0.1', ports });
  return { ...servers, fleet, nowMs };
}

export interface FetchedText {
  status: number;
  contentType: string;
  body: string;
}

export async function get(url: string, init?: RequestInit): Promise<FetchedText> {
  const response = await fetch(url, init);
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: await response.text() };
}

export async function getJson(url: string, init?: RequestInit): Promise<{ status: number; contentType: string; json: unknown }> {
  const r = await get(url, init);
  let parsed: unknown;
  try {
    parsed = JSON.parse(r.body);
  } catch {
    throw new Error(`not JSON (status ${r.status}): ${r.body.slice(0, 300)}`);
  }
  return { status: r.status, contentType: r.contentType, json: parsed };
}

export function query(params: Record<string, string | number | string[]>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (Array.isArray(value)) for (const v of value) search.append(key, v);
    else search.append(key, String(value));
  }
  return search.toString();
}
