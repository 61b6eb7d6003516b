import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_DEMO_PORTS } from '../contract';
import { resolveDemoPorts } from '../index';
import { createDefaultEngines } from './engines-default';
import { startDemoServers } from './stack';
import { createFakeFleet } from './testing/fake-fleet';
import { FAKE_NOW_MS } from './testing/harness';

describe('resolveDemoPorts', () => {
  it('prefers options, then DEMO_<BACKEND>_PORT, then the defaults', () => {
    const ports = resolveDemoPorts({ loki: 0 }, { DEMO_LOKI_PORT: '1', DEMO_TEMPO_PORT: '23200' });
    expect(ports).toEqual({ ...DEFAULT_DEMO_PORTS, loki: 0, tempo: 23200 });
    expect(() => resolveDemoPorts({}, { DEMO_PROMETHEUS_PORT: 'ninety' })).toThrow(/DEMO_PROMETHEUS_PORT="ninety" is not a port number/);
  });
});

describe('startDemoServers', () => {
  it('says which backend could not listen, and closes the others', async () => {
    const blocker = http.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as AddressInfo).port;
    const now = () => FAKE_NOW_MS;
    try {
      await expect(
        startDemoServers({
          fleet: createFakeFleet({ now }),
          engines: createDefaultEngines(),
          now,
          host: '127.0.0.1',
          ports: { prometheus: 0, loki: 0, tempo: taken, pyroscope: 0, alertmanager: 0 },
        }),
      ).rejects.toThrow(`demo tempo: cannot listen on 127.0.0.1:${taken} (the port is in use)`);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it('closes every server', async () => {
    const now = () => FAKE_NOW_MS;
    const ports = { prometheus: 0, loki: 0, tempo: 0, pyroscope: 0, alertmanager: 0 };
    const servers = await startDemoServers({ fleet: createFakeFleet({ now }), engines: createDefaultEngines(), now, host: '127.0.0.1', ports });
    expect((await fetch(`${servers.urls.alertmanager}/-/ready`)).status).toBe(200);
    await servers.close();
    await expect(fetch(`${servers.urls.alertmanager}/-/ready`)).rejects.toThrow();
  });
});

describe('background warm-up', () => {
  const ZERO = { prometheus: 0, loki: 0, tempo: 0, pyroscope: 0, alertmanager: 0 };
  const now = () => FAKE_NOW_MS;

  function warmableFleet(steps: number) {
    const calls: string[] = [];
    const fleet = Object.assign(createFakeFleet({ now }), {
      warmUp: () => calls.push('statistics'),
      *warmUpRecent() {
        for (let i = 0; i < steps; i++) {
          calls.push(`recent ${i}`);
          yield;
        }
      },
    });
    return { fleet, calls };
  }

  it('precomputes statistics, the recent day and the alert history, serving requests in between', async () => {
    const { fleet, calls } = warmableFleet(3);
    const servers = await startDemoServers({ fleet, engines: createDefaultEngines(), now, host: '127.0.0.1', ports: ZERO, warmUp: true });
    try {
      expect(calls).toEqual([]); // nothing before the servers answer
      const ready = await fetch(`${servers.urls.prometheus}/-/ready`);
      expect(ready.status).toBe(200);
      await servers.warmedUp;
      expect(calls).toEqual(['statistics', 'recent 0', 'recent 1', 'recent 2']);
      // The day of ALERTS the console asks for first is evaluated already: answering it evaluates nothing new.
      const evaluate = vi.spyOn(servers.alerts as unknown as { evaluateChunk: () => unknown }, 'evaluateChunk');
      servers.alerts.history(FAKE_NOW_MS - 24 * 3_600_000, FAKE_NOW_MS);
      expect(evaluate).not.toHaveBeenCalled();
    } finally {
      await servers.close();
    }
  });

  it('stops when the stack closes', async () => {
    const { fleet, calls } = warmableFleet(1_000_000);
    const servers = await startDemoServers({ fleet, engines: createDefaultEngines(), now, host: '127.0.0.1', ports: ZERO, warmUp: true });
    for (let waited = 0; calls.length < 3 && waited < 5000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    await servers.close();
    await servers.warmedUp;
    const stoppedAt = calls.length;
    expect(stoppedAt).toBeGreaterThan(1); // it had started
    expect(stoppedAt).toBeLessThan(1_000_001);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls.length).toBe(stoppedAt);
  });

  it('pauses while a request is in progress and resumes when the servers are quiet', async () => {
    const { fleet, calls } = warmableFleet(1_000_000);
    const servers = await startDemoServers({ fleet, engines: createDefaultEngines(), now, host: '127.0.0.1', ports: ZERO, warmUp: true });
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    try {
      for (let waited = 0; calls.length < 3 && waited < 5000; waited += 10) await sleep(10);
      expect(calls.length).toBeGreaterThan(2);
      // A request whose body has not finished arriving is in progress for as long as we like.
      const request = http.request(`${servers.urls.prometheus}/api/v1/query`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': '100' },
      });
      request.on('error', () => {});
      request.write('query=up');
      await sleep(60);
      const paused = calls.length;
      await sleep(200);
      expect(calls.length).toBe(paused);
      request.destroy();
      await sleep(200);
      expect(calls.length).toBeGreaterThan(paused);
    } finally {
      await servers.close();
    }
  });

  it('is off by default: warmedUp settles at once and nothing is precomputed', async () => {
    const { fleet, calls } = warmableFleet(3);
    const servers = await startDemoServers({ fleet, engines: createDefaultEngines(), now, host: '127.0.0.1', ports: ZERO });
    await servers.warmedUp;
    await servers.close();
    expect(calls).toEqual([]);
  });
});
