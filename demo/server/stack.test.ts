import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
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
