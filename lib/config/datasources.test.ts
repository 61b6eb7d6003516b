import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configuredConnections, loadDatasourceConfig, parseDatasourcesFile } from './datasources';
import { ConfigError } from './errors';

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadDatasourceConfig from environment variables', () => {
  it("says 'none' when nothing is configured", () => {
    expect(loadDatasourceConfig({})).toEqual({ source: 'none' });
    expect(loadDatasourceConfig({ LOKI_URL: '  ', PATH: '/usr/bin' })).toEqual({ source: 'none' });
  });

  it('reads every backend with its auth, tenant and timeout', () => {
    const config = loadDatasourceConfig({
      PROMETHEUS_URL: 'http://127.0.0.1:9090/',
      LOKI_URL: 'https://logs.example.com/loki',
      LOKI_BASIC_AUTH_USER: '12345',
      LOKI_BASIC_AUTH_PASSWORD: 'glc_ pass word',
      LOKI_TENANT: 'team-a|team-b',
      TEMPO_URL: 'http://tempo:3200',
      TEMPO_BEARER_TOKEN: 'abc.def',
      TEMPO_TIMEOUT_MS: '2500',
      TEMPO_MAX_RESPONSE_BYTES: '4194304',
      PYROSCOPE_URL: 'http://pyroscope:4040',
      ALERTMANAGER_URL: 'http://alertmanager:9093',
    });
    expect(config).toEqual({
      source: 'env',
      prometheus: { backend: 'prometheus', name: 'Prometheus', url: 'http://127.0.0.1:9090' },
      loki: {
        backend: 'loki',
        name: 'Loki',
        url: 'https://logs.example.com/loki',
        auth: { type: 'basic', username: '12345', password: 'glc_ pass word' },
        tenant: 'team-a|team-b',
      },
      tempo: { backend: 'tempo', name: 'Tempo', url: 'http://tempo:3200', auth: { type: 'bearer', token: 'abc.def' }, timeoutMs: 2500, maxResponseBytes: 4194304 },
      pyroscope: { backend: 'pyroscope', name: 'Pyroscope', url: 'http://pyroscope:4040' },
      alertmanager: { backend: 'alertmanager', name: 'Alertmanager', url: 'http://alertmanager:9093' },
    });
    expect(configuredConnections(config).map((connection) => connection.backend)).toEqual(['prometheus', 'loki', 'tempo', 'pyroscope', 'alertmanager']);
  });

  it('turns credentials in the URL into basic auth (fetch refuses URLs with credentials)', () => {
    const config = loadDatasourceConfig({ PROMETHEUS_URL: 'https://user%40corp:p%3Ass@prom.example.com:9443/prom' });
    expect(config.prometheus).toMatchObject({ url: 'https://prom.example.com:9443/prom', auth: { type: 'basic', username: 'user@corp', password: 'p:ss' } });
  });

  it.each([
    [{ LOKI_URL: 'loki:3100' }, 'LOKI_URL: not an http(s) URL'],
    [{ LOKI_URL: 'not a url' }, 'LOKI_URL: not an http(s) URL'],
    [{ LOKI_URL: 'ftp://loki' }, 'LOKI_URL: not an http(s) URL'],
    [{ PROMETHEUS_URL: 'http://p:9090/?x=1' }, 'PROMETHEUS_URL: must not have a query string or fragment (give the base URL only)'],
    [{ LOKI_URL: 'http://loki', LOKI_BASIC_AUTH_USER: 'u' }, 'LOKI_BASIC_AUTH_PASSWORD: required when LOKI_BASIC_AUTH_USER is set'],
    [{ LOKI_URL: 'http://loki', LOKI_BASIC_AUTH_PASSWORD: 'p' }, 'LOKI_BASIC_AUTH_USER: required when LOKI_BASIC_AUTH_PASSWORD is set'],
    [
      { TEMPO_URL: 'http://t', TEMPO_BASIC_AUTH_USER: 'u', TEMPO_BASIC_AUTH_PASSWORD: 'p', TEMPO_BEARER_TOKEN: 't' },
      'TEMPO_BEARER_TOKEN: set together with TEMPO_BASIC_AUTH_USER; use one kind of auth',
    ],
    [{ TEMPO_URL: 'http://u:p@t', TEMPO_BEARER_TOKEN: 't' }, 'TEMPO_URL: has credentials in the URL and separate auth settings; use one'],
    [{ LOKI_URL: 'http://loki', LOKI_TENANT: 'team a' }, "LOKI_TENANT: not a valid tenant id (up to 150 letters, digits and !-_.*'(), '|' between several)"],
    [{ LOKI_URL: 'http://loki', LOKI_TENANT: 'x'.repeat(151) }, 'LOKI_TENANT: not a valid tenant id'],
    [{ LOKI_URL: 'http://loki', LOKI_TIMEOUT_MS: '1.5' }, 'LOKI_TIMEOUT_MS: not a whole number of milliseconds between 1 and 600000'],
    [{ LOKI_URL: 'http://loki', LOKI_TIMEOUT_MS: '0' }, 'LOKI_TIMEOUT_MS: not a whole number'],
    [{ LOKI_URL: 'http://loki', LOKI_TIMEOUT_MS: '10s' }, 'LOKI_TIMEOUT_MS: not a whole number'],
    [{ LOKI_URL: 'http://loki', LOKI_TIMEOUT_MS: '600001' }, 'LOKI_TIMEOUT_MS: not a whole number'],
    [{ LOKI_URL: 'http://loki', LOKI_MAX_RESPONSE_BYTES: '1023' }, 'LOKI_MAX_RESPONSE_BYTES: not a whole number of bytes between 1024 and 1073741824'],
    [{ LOKI_URL: 'http://loki', LOKI_MAX_RESPONSE_BYTES: '2MiB' }, 'LOKI_MAX_RESPONSE_BYTES: not a whole number of bytes'],
    [{ TEMPO_MAX_RESPONSE_BYTES: '4096' }, 'TEMPO_MAX_RESPONSE_BYTES: set, but TEMPO_URL is not'],
    [{ PYROSCOPE_TENANT: 'a' }, 'PYROSCOPE_TENANT: set, but PYROSCOPE_URL is not'],
    [{ LOKI_URL: 'http://loki', ALERTMANAGER_BEARER_TOKEN: 't' }, 'ALERTMANAGER_BEARER_TOKEN: set, but ALERTMANAGER_URL is not'],
  ])('rejects %j with "%s"', (env, message) => {
    const error = configError(() => loadDatasourceConfig(env));
    expect(error.message.startsWith(message)).toBe(true);
    expect(error.field).toBe(message.split(':')[0]);
  });
});

const GRAFANA_FILE = `
# The shape Grafana provisions datasources from (provisioning/datasources/*.yaml).
apiVersion: 1
deleteDatasources:
  - name: Old
    orgId: 1
datasources:
  - name: Mimir
    type: prometheus
    access: proxy
    uid: mimir
    url: https://mimir.example.com/prometheus
    isDefault: true
    basicAuth: true
    basicAuthUser: $MIMIR_USER
    jsonData:
      httpMethod: POST
      timeout: 30
      httpHeaderName1: X-Scope-OrgID
      exemplarTraceIdDestinations:
        - name: trace_id
          datasourceUid: tempo
    secureJsonData:
      basicAuthPassword: \${MIMIR_PASSWORD}
      httpHeaderValue1: tenant-1
    editable: false
  - name: Loki
    type: loki
    url: http://loki:3100
    jsonData:
      httpHeaderName1: Authorization
      maxLines: 1000
      derivedFields:
        - name: TraceID
          matcherRegex: 'traceID=(\\w+)'
          url: '$$\${__value.raw}'
    secureJsonData:
      httpHeaderValue1: Bearer $LOKI_TOKEN
  - name: Tempo
    type: tempo
    url: http://tempo:3200
    jsonData:
      timeout: "2.5"
  - name: Pyroscope
    type: grafana-pyroscope-datasource
    url: http://pyroscope:4040/
  - name: Alertmanager
    type: alertmanager
    url: http://alertmanager:9093
    jsonData:
      implementation: prometheus
`;

describe('parseDatasourcesFile (Grafana provisioning shape)', () => {
  const env = { MIMIR_USER: '12345', MIMIR_PASSWORD: 'glc_secret$', LOKI_TOKEN: 'tok' };

  it('reads a real-looking Grafana file, expanding $VAR and ${VAR}', () => {
    expect(parseDatasourcesFile(GRAFANA_FILE, env)).toEqual({
      source: 'file',
      prometheus: {
        backend: 'prometheus',
        name: 'Mimir',
        url: 'https://mimir.example.com/prometheus',
        auth: { type: 'basic', username: '12345', password: 'glc_secret$' },
        tenant: 'tenant-1',
        timeoutMs: 30_000,
      },
      loki: { backend: 'loki', name: 'Loki', url: 'http://loki:3100', auth: { type: 'bearer', token: 'tok' } },
      tempo: { backend: 'tempo', name: 'Tempo', url: 'http://tempo:3200', timeoutMs: 2500 },
      pyroscope: { backend: 'pyroscope', name: 'Pyroscope', url: 'http://pyroscope:4040' },
      alertmanager: { backend: 'alertmanager', name: 'Alertmanager', url: 'http://alertmanager:9093' },
    });
  });

  it('accepts a file with no datasources, and the legacy phlare type', () => {
    expect(parseDatasourcesFile('apiVersion: 1\n')).toEqual({ source: 'file' });
    const config = parseDatasourcesFile('apiVersion: 1\ndatasources:\n  - {name: P, type: phlare, url: "http://p:4040"}\n');
    expect(config.pyroscope?.url).toBe('http://p:4040');
  });

  function fileWith(datasource: string): string {
    return `apiVersion: 1\ndatasources:\n  - {name: Prom, type: prometheus, url: "http://p:9090"}\n  - {name: Loki, type: loki, url: "http://l:3100"}\n  - ${datasource}\n`;
  }

  it.each([
    ['apiVersion: 2\ndatasources: []', 'apiVersion: expected 1 (Grafana datasource provisioning format)'],
    ['datasources: []', 'apiVersion: expected 1'],
    ['apiVersion: 1\ndatasources: {}', 'datasources: expected a list'],
    ['- just a list', 'WEFT_DATASOURCES_FILE: expected a mapping with apiVersion: 1 and datasources: [...]'],
    ['apiVersion: 1\ndatasources: [\n', 'WEFT_DATASOURCES_FILE: not valid YAML'],
    [fileWith('{name: ES, type: elasticsearch, url: "http://es:9200"}'), "datasources[2].type: unsupported type 'elasticsearch'"],
    [fileWith('{name: T, url: "http://t:3200"}'), 'datasources[2].type: required'],
    [fileWith('{name: T, type: tempo}'), 'datasources[2].url: required'],
    [fileWith('{name: "", type: tempo, url: "http://t"}'), 'datasources[2].name: required'],
    [fileWith('{name: T, type: tempo, url: "tempo:3200"}'), 'datasources[2].url: not an http(s) URL'],
    [fileWith('{name: Mimir, type: prometheus, url: "http://m"}'), "datasources[2]: a second prometheus datasource ('Mimir' after 'Prom'); Weft reads one per type"],
    [fileWith('{name: T, type: tempo, url: "http://t", basicAuth: true}'), 'datasources[2].basicAuthUser: required when basicAuth is true'],
    [
      fileWith('{name: T, type: tempo, url: "http://t", basicAuth: true, basicAuthUser: u}'),
      'datasources[2].secureJsonData.basicAuthPassword: required when basicAuth is true',
    ],
    [fileWith('{name: T, type: tempo, url: "http://t", basicAuth: yes}'), 'datasources[2].basicAuth: '],
    [
      fileWith('{name: T, type: tempo, url: "http://t", jsonData: {httpHeaderName1: X-Scope-OrgID}}'),
      "datasources[2].secureJsonData.httpHeaderValue1: required for header 'X-Scope-OrgID'",
    ],
    [
      fileWith('{name: T, type: tempo, url: "http://t", jsonData: {httpHeaderName1: X-Scope-OrgID}, secureJsonData: {httpHeaderValue1: "a b"}}'),
      'datasources[2].secureJsonData.httpHeaderValue1: not a valid tenant id',
    ],
    [
      fileWith('{name: T, type: tempo, url: "http://t", jsonData: {httpHeaderName2: X-Custom}, secureJsonData: {httpHeaderValue2: v}}'),
      "datasources[2].jsonData.httpHeaderName2: unsupported header 'X-Custom'",
    ],
    [
      fileWith('{name: T, type: tempo, url: "http://t", basicAuth: true, basicAuthUser: u, jsonData: {httpHeaderName1: Authorization}, secureJsonData: {basicAuthPassword: p, httpHeaderValue1: "Bearer x"}}'),
      'datasources[2].jsonData.httpHeaderName1: an Authorization header together with basicAuth; use one',
    ],
    [fileWith('{name: T, type: tempo, url: "http://t", jsonData: {timeout: "soon"}}'), 'datasources[2].jsonData.timeout: expected a number of seconds'],
    [fileWith('{name: T, type: tempo, url: "http://t", jsonData: {timeout: 0}}'), 'datasources[2].jsonData.timeout: not a whole number of milliseconds'],
    [fileWith('{name: T, type: tempo, url: "http://t", jsonData: {tlsSkipVerify: true}}'), 'datasources[2].jsonData.tlsSkipVerify: not supported by Weft'],
    [fileWith('{name: T, type: tempo, url: "$TEMPO_HOST"}'), 'datasources[2].url: environment variable TEMPO_HOST is not set'],
    [
      fileWith('{name: T, type: tempo, url: "http://t", secureJsonData: {basicAuthPassword: "${NOPE}"}}'),
      'datasources[2].secureJsonData.basicAuthPassword: environment variable NOPE is not set',
    ],
  ])('rejects %j with "%s"', (text, message) => {
    const error = configError(() => parseDatasourcesFile(text, {}));
    expect(error.message.startsWith(message), error.message).toBe(true);
  });
});

describe('loadDatasourceConfig with WEFT_DATASOURCES_FILE', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'weft-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the file relative to the working directory, and the file wins over the URL variables', () => {
    writeFileSync(path.join(dir, 'datasources.yaml'), 'apiVersion: 1\ndatasources:\n  - {name: Prom, type: prometheus, url: "$PROMETHEUS_URL"}\n');
    const config = loadDatasourceConfig({ WEFT_DATASOURCES_FILE: 'datasources.yaml', PROMETHEUS_URL: 'http://from-env:9090', LOKI_URL: 'http://ignored' }, dir);
    expect(config).toEqual({ source: 'file', prometheus: { backend: 'prometheus', name: 'Prom', url: 'http://from-env:9090' } });
  });

  it('names a file it cannot read', () => {
    const error = configError(() => loadDatasourceConfig({ WEFT_DATASOURCES_FILE: path.join(dir, 'missing.yaml') }));
    expect(error.message).toBe(`WEFT_DATASOURCES_FILE: cannot read ${path.join(dir, 'missing.yaml')} (ENOENT)`);
  });
});
