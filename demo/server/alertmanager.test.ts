import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labelSetFingerprint, parseAmMatchers, rfc3339Millis } from './alertmanager';
import { get, getJson, query, startFakeStack } from './testing/harness';

type Stack = Awaited<ReturnType<typeof startFakeStack>>;
let stack: Stack;
let base: string;

beforeAll(async () => {
  stack = await startFakeStack();
  base = stack.urls.alertmanager;
});
afterAll(async () => {
  await stack.close();
});

interface GettableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  updatedAt: string;
  fingerprint: string;
  receivers: { name: string }[];
  status: { state: string; silencedBy: string[]; inhibitedBy: string[] };
  generatorURL: string;
}

async function alerts(params = ''): Promise<GettableAlert[]> {
  const r = await getJson(`${base}/api/v2/alerts${params ? '?' + params : ''}`);
  expect(r.status).toBe(200);
  return r.json as GettableAlert[];
}

describe('labelSetFingerprint', () => {
  it('is Prometheus model.LabelSet.Fingerprint (FNV-1a 64)', () => {
    // FNV-1a 64 offset for the empty set; the other value computed independently over "alertname\xffX\xffseverity\xffcritical\xff".
    expect(labelSetFingerprint({})).toBe('cbf29ce484222325');
    expect(labelSetFingerprint({ severity: 'critical', alertname: 'X' })).toBe('d5e08c84ef09a8b8');
    expect(labelSetFingerprint({ a: 'b' })).toBe(labelSetFingerprint({ a: 'b' }));
    expect(labelSetFingerprint({ a: 'b', c: 'd' })).toBe(labelSetFingerprint({ c: 'd', a: 'b' }));
    expect(labelSetFingerprint({ a: 'b' })).not.toBe(labelSetFingerprint({ a: 'c' }));
    expect(labelSetFingerprint({ a: 'b' })).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('parseAmMatchers', () => {
  it('parses Alertmanager matcher syntax', () => {
    expect(parseAmMatchers('alertname="X"')).toEqual([{ name: 'alertname', type: '=', value: 'X' }]);
    expect(parseAmMatchers('{severity=~"crit.*", service!=payment}')).toEqual([
      { name: 'severity', type: '=~', value: 'crit.*' },
      { name: 'service', type: '!=', value: 'payment' },
    ]);
    expect(() => parseAmMatchers('=x')).toThrow(/bad matcher format/);
    expect(() => parseAmMatchers('a=~"("')).toThrow();
  });
});

describe('demo Alertmanager v2', () => {
  it('lists the firing alerts with the OpenAPI gettableAlert fields', async () => {
    const list = await alerts();
    expect(list.map((a) => a.labels.alertname).sort()).toEqual(['PaymentErrorsHigh', 'PaymentErrorsWarning']);
    for (const a of list) {
      expect(Object.keys(a).sort()).toEqual(['annotations', 'endsAt', 'fingerprint', 'generatorURL', 'labels', 'receivers', 'startsAt', 'status', 'updatedAt']);
      expect(a.fingerprint).toBe(labelSetFingerprint(a.labels));
      expect(a.startsAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(Date.parse(a.endsAt)).toBe(stack.nowMs + 4 * 60_000);
      expect(a.updatedAt).toBe(rfc3339Millis(stack.nowMs));
      expect(a.generatorURL.startsWith(`${stack.urls.prometheus}/graph?g0.expr=`)).toBe(true);
    }
    // sorted by fingerprint, like Alertmanager
    expect(list.map((a) => a.fingerprint)).toEqual([...list.map((a) => a.fingerprint)].sort());
  });

  it('starts an alert when it fired: activeAt + for, inside the incident', async () => {
    const high = (await alerts()).find((a) => a.labels.alertname === 'PaymentErrorsHigh');
    const promAlerts = (await getJson(`${stack.urls.prometheus}/api/v1/alerts`)).json as { data: { alerts: { labels: Record<string, string>; activeAt: string }[] } };
    const activeAt = Date.parse(promAlerts.data.alerts.find((a) => a.labels.alertname === 'PaymentErrorsHigh')?.activeAt ?? '');
    expect(Date.parse(high?.startsAt ?? '')).toBe(activeAt + 5 * 60_000);
    expect(high?.receivers).toEqual([{ name: 'oncall-pager' }]);
    expect(high?.status).toEqual({ state: 'active', silencedBy: [], inhibitedBy: [] });
  });

  it('inhibits the warning of a service that has a critical alert', async () => {
    const list = await alerts();
    const high = list.find((a) => a.labels.alertname === 'PaymentErrorsHigh');
    const warning = list.find((a) => a.labels.alertname === 'PaymentErrorsWarning');
    expect(warning?.status).toEqual({ state: 'suppressed', silencedBy: [], inhibitedBy: [high?.fingerprint] });
    expect(warning?.receivers).toEqual([{ name: 'team-chat' }]);
    expect((await alerts('inhibited=false')).map((a) => a.labels.alertname)).toEqual(['PaymentErrorsHigh']);
    expect((await alerts('active=false')).map((a) => a.labels.alertname)).toEqual(['PaymentErrorsWarning']);
  });

  it('filters by matchers and receiver, and rejects bad filters with a JSON string', async () => {
    expect((await alerts(query({ filter: 'severity="critical"' }))).map((a) => a.labels.alertname)).toEqual(['PaymentErrorsHigh']);
    expect(await alerts(query({ filter: ['service="payment"', 'alertname=~"Nope.*"'] }))).toEqual([]);
    expect((await alerts(query({ receiver: 'team-.*' }))).map((a) => a.labels.alertname)).toEqual(['PaymentErrorsWarning']);
    const bad = await getJson(`${base}/api/v2/alerts?${query({ filter: 'not a matcher' })}`);
    expect(bad.status).toBe(400);
    expect(typeof bad.json).toBe('string');
    expect(bad.json).toMatch(/bad matcher format/);
    expect((await getJson(`${base}/api/v2/alerts?active=maybe`)).status).toBe(400);
  });

  it('groups alerts by route and serves status, receivers, silences and readiness', async () => {
    const groups = (await getJson(`${base}/api/v2/alerts/groups`)).json as { labels: Record<string, string>; receiver: { name: string }; alerts: unknown[] }[];
    expect(groups).toHaveLength(2);
    expect(groups.map((g) => g.receiver.name).sort()).toEqual(['oncall-pager', 'team-chat']);
    expect(groups.every((g) => g.labels.service === 'payment' && g.alerts.length === 1)).toBe(true);
    const status = (await getJson(`${base}/api/v2/status`)).json as Record<string, unknown>;
    expect(Object.keys(status).sort()).toEqual(['cluster', 'config', 'uptime', 'versionInfo']);
    expect(status.cluster).toMatchObject({ status: 'disabled' });
    expect((status.config as { original: string }).original).toContain('inhibit_rules');
    expect((await getJson(`${base}/api/v2/receivers`)).json).toEqual([{ name: 'oncall-pager' }, { name: 'team-chat' }]);
    expect((await getJson(`${base}/api/v2/silences`)).json).toEqual([]);
    expect((await get(`${base}/-/ready`)).body).toBe('OK');
  });
});
