import { readFileSync } from 'node:fs';
import { thrown } from '../../../test/helpers/datasource-error';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { labelSetFingerprint } from '../prometheus/fingerprint';
import { parseAlertsResponse, parseStatusResponse } from './parse';

const body = (name: string): unknown => JSON.parse(readFileSync(path.join(__dirname, 'testdata', name), 'utf8'));

describe('parseAlertsResponse (spec-shaped body)', () => {
  it('maps status.state to our states and keeps times, links and fingerprints', () => {
    const alerts = parseAlertsResponse(body('alerts.json'));
    expect(alerts.map((a) => [a.name, a.state])).toEqual([
      ['PaymentLatencyHigh', 'firing'],
      ['OrderErrors', 'suppressed'],
      ['', 'firing'],
    ]);
    expect(alerts[0]).toEqual({
      name: 'PaymentLatencyHigh',
      state: 'firing',
      labels: { alertname: 'PaymentLatencyHigh', service: 'payment', severity: 'page' },
      annotations: { summary: 'p99 latency of payment is above 2s', runbook_url: 'https://runbooks.example/payment' },
      activeAtMs: Date.parse('2026-11-21T23:27:16.730Z'),
      endsAtMs: Date.parse('2026-11-21T23:35:16.730Z'),
      source: 'alertmanager',
      fingerprint: '52db561cef347c9b',
      generatorUrl: 'http://prometheus.example:9090/graph?g0.expr=histogram_quantile%280.99%2C+x%29+%3E+2',
    });
    expect(alerts[2]).not.toHaveProperty('generatorUrl');
  });

  it('gets the same fingerprint Prometheus-sourced alerts compute for the same labels', () => {
    for (const alert of parseAlertsResponse(body('alerts.json'))) expect(labelSetFingerprint(alert.labels)).toBe(alert.fingerprint);
  });

  it('parses an empty list', () => {
    expect(parseAlertsResponse([])).toEqual([]);
  });

  it('rejects bodies that break the spec', () => {
    const [first] = body('alerts.json') as Record<string, unknown>[];
    expect(thrown(() => parseAlertsResponse({ alerts: [] })).kind).toBe('bad-response');
    expect(thrown(() => parseAlertsResponse([{ ...first, status: { state: 'firing', silencedBy: [], inhibitedBy: [] } }])).message).toMatch(/at 0\.status\.state/);
    const { fingerprint: _fingerprint, ...noFingerprint } = first;
    expect(thrown(() => parseAlertsResponse([noFingerprint])).message).toMatch(/fingerprint/);
    expect(thrown(() => parseAlertsResponse([{ ...first, startsAt: 'yesterday' }])).message).toMatch(/startsAt/);
  });

  it('accepts fields newer versions add (mutedBy)', () => {
    const [first] = body('alerts.json') as Record<string, unknown>[];
    const withMuted = { ...first, status: { state: 'suppressed', silencedBy: [], inhibitedBy: [], mutedBy: ['weekend'] } };
    expect(parseAlertsResponse([withMuted])[0].state).toBe('suppressed');
  });
});

describe('parseStatusResponse (spec-shaped body)', () => {
  it('reads version and cluster, and leaves the config out', () => {
    const status = parseStatusResponse(body('status.json'));
    expect(status).toEqual({
      version: '0.27.0',
      revision: '0aa3c2aad14cff039931923ab16b26b7481783b5',
      branch: 'HEAD',
      buildUser: 'root@22cd11f671e9',
      buildDate: '20240228-11:51:20',
      goVersion: 'go1.21.7',
      cluster: {
        status: 'ready',
        name: '01HZX5RQ4M8ZV0K3D7Q2T9W6YB',
        peers: [
          { name: '01HZX5RQ4M8ZV0K3D7Q2T9W6YB', address: '10.0.0.11:9094' },
          { name: '01HZX5S1B2C3D4E5F6G7H8J9KA', address: '10.0.0.12:9094' },
        ],
      },
      startedAtMs: Date.parse('2026-11-20T08:00:00.000Z'),
    });
    expect(JSON.stringify(status)).not.toContain('webhook');
  });

  it('accepts a disabled cluster without peers', () => {
    const wire = { ...(body('status.json') as Record<string, unknown>), cluster: { status: 'disabled' } };
    expect(parseStatusResponse(wire).cluster).toEqual({ status: 'disabled', peers: [] });
  });
});
