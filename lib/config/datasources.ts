// Where the backends are: environment variables (PROMETHEUS_URL, LOKI_URL, ... with optional auth, tenant and
// timeout per source) or, with WEFT_DATASOURCES_FILE, a YAML file in the shape of Grafana's datasource
// provisioning (https://grafana.com/docs/grafana/latest/administration/provisioning/#data-sources).
// Every bad value is a ConfigError naming the variable or the path in the file.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { BackendName } from '../datasources/errors';
import type { DatasourceAuth, DatasourceConnection } from '../datasources/http';
import { ConfigError } from './errors';

/** A connection plus the name the settings page shows (the file's `name`, or the backend's name). */
export interface ConfiguredConnection extends DatasourceConnection {
  name: string;
}

export type DatasourceConfig = Partial<Record<BackendName, ConfiguredConnection>> & {
  /** Where the configuration came from; 'none' when nothing is configured (the start script then runs the demo). */
  source: 'env' | 'file' | 'none';
};

type Env = Record<string, string | undefined>;

export const BACKENDS: readonly BackendName[] = ['prometheus', 'loki', 'tempo', 'pyroscope', 'alertmanager'];

export const BACKEND_LABELS: Record<BackendName, string> = {
  prometheus: 'Prometheus',
  loki: 'Loki',
  tempo: 'Tempo',
  pyroscope: 'Pyroscope',
  alertmanager: 'Alertmanager',
};

const MAX_TIMEOUT_MS = 10 * 60 * 1000;
const MAX_RESPONSE_BYTES_LIMIT = 1024 * 1024 * 1024;
const TENANT_HEADER = 'x-scope-orgid';
// Tenant ids as Loki, Tempo, Mimir and Pyroscope accept them (https://grafana.com/docs/mimir/latest/configure/about-tenant-ids/);
// '|' joins several tenants for federated queries.
const TENANT_PATTERN = /^[A-Za-z0-9!\-_.*'()|]{1,150}$/;

function envPrefix(backend: BackendName): string {
  return backend.toUpperCase();
}

// ---------------------------------------------------------------------------------------------------------
// Shared checks

interface ParsedUrl {
  url: string;
  /** user:password found in the URL: fetch refuses URLs with credentials, so they become basic auth. */
  credentials?: { username: string; password: string };
}

function parseBackendUrl(field: string, raw: string): ParsedUrl {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ConfigError(field, 'not an http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(field, 'not an http(s) URL');
  if (url.search || url.hash) throw new ConfigError(field, 'must not have a query string or fragment (give the base URL only)');
  const credentials = url.username
    ? { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) }
    : undefined;
  url.username = '';
  url.password = '';
  return { url: url.toString().replace(/\/+$/, ''), credentials };
}

function checkTenant(field: string, tenant: string): string {
  if (!TENANT_PATTERN.test(tenant)) {
    throw new ConfigError(field, "not a valid tenant id (up to 150 letters, digits and !-_.*'(), '|' between several)");
  }
  return tenant;
}

function checkTimeoutMs(field: string, value: number): number {
  if (!Number.isInteger(value) || value <= 0 || value > MAX_TIMEOUT_MS) {
    throw new ConfigError(field, `not a whole number of milliseconds between 1 and ${MAX_TIMEOUT_MS}`);
  }
  return value;
}

function mergeAuth(field: string, fromUrl: ParsedUrl['credentials'], explicit: DatasourceAuth | undefined): DatasourceAuth | undefined {
  if (fromUrl && explicit) throw new ConfigError(field, 'has credentials in the URL and separate auth settings; use one');
  if (fromUrl) return { type: 'basic', username: fromUrl.username, password: fromUrl.password };
  return explicit;
}

function checkMaxResponseBytes(field: string, text: string): number {
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(value) || value < 1024 || value > MAX_RESPONSE_BYTES_LIMIT) {
    throw new ConfigError(field, `not a whole number of bytes between 1024 and ${MAX_RESPONSE_BYTES_LIMIT}`);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------------------
// Environment variables

function nonEmpty(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function connectionFromEnv(env: Env, backend: BackendName): ConfiguredConnection | undefined {
  const prefix = envPrefix(backend);
  const names = {
    url: `${prefix}_URL`,
    user: `${prefix}_BASIC_AUTH_USER`,
    password: `${prefix}_BASIC_AUTH_PASSWORD`,
    token: `${prefix}_BEARER_TOKEN`,
    tenant: `${prefix}_TENANT`,
    timeout: `${prefix}_TIMEOUT_MS`,
    maxBytes: `${prefix}_MAX_RESPONSE_BYTES`,
  };
  const rawUrl = nonEmpty(env, names.url);
  if (!rawUrl) {
    // A setting without its URL is almost always a typo in the URL's name: say so rather than ignore it.
    const orphan = [names.user, names.password, names.token, names.tenant, names.timeout, names.maxBytes].find((name) => nonEmpty(env, name));
    if (orphan) throw new ConfigError(orphan, `set, but ${names.url} is not`);
    return undefined;
  }
  const parsed = parseBackendUrl(names.url, rawUrl);
  const connection: ConfiguredConnection = { backend, name: BACKEND_LABELS[backend], url: parsed.url };

  const user = nonEmpty(env, names.user);
  const password = env[names.password]; // a password may legitimately contain spaces: not trimmed
  const token = nonEmpty(env, names.token);
  let auth: DatasourceAuth | undefined;
  if (user !== undefined || password) {
    if (user === undefined) throw new ConfigError(names.user, `required when ${names.password} is set`);
    if (!password) throw new ConfigError(names.password, `required when ${names.user} is set`);
    auth = { type: 'basic', username: user, password };
  }
  if (token) {
    if (auth) throw new ConfigError(names.token, `set together with ${names.user}; use one kind of auth`);
    auth = { type: 'bearer', token };
  }
  const merged = mergeAuth(names.url, parsed.credentials, auth);
  if (merged) connection.auth = merged;

  const tenant = nonEmpty(env, names.tenant);
  if (tenant) connection.tenant = checkTenant(names.tenant, tenant);
  const timeout = nonEmpty(env, names.timeout);
  if (timeout) connection.timeoutMs = checkTimeoutMs(names.timeout, /^\d+$/.test(timeout) ? Number(timeout) : NaN);
  const maxBytes = nonEmpty(env, names.maxBytes);
  if (maxBytes) connection.maxResponseBytes = checkMaxResponseBytes(names.maxBytes, maxBytes);
  return connection;
}

// ---------------------------------------------------------------------------------------------------------
// Grafana provisioning file

const GRAFANA_TYPES: Record<string, BackendName> = {
  prometheus: 'prometheus',
  loki: 'loki',
  tempo: 'tempo',
  'grafana-pyroscope-datasource': 'pyroscope',
  phlare: 'pyroscope', // Grafana's id for the Pyroscope plugin before the rename
  alertmanager: 'alertmanager',
};

const stringish = z.union([z.string(), z.number()]).transform(String);
const missingOr = (expected: string) => (issue: { input: unknown }) => (issue.input === undefined ? 'required' : expected);

const datasourceSchema = z.looseObject({
  name: z.string().min(1, { error: 'required' }),
  type: z.string({ error: missingOr('expected a string') }).refine((type) => type in GRAFANA_TYPES, {
    error: (issue) => `unsupported type '${String(issue.input)}' (Weft reads ${Object.keys(GRAFANA_TYPES).join(', ')})`,
  }),
  url: z.string({ error: missingOr('expected a string') }),
  basicAuth: z.boolean().optional(),
  basicAuthUser: stringish.optional(),
  jsonData: z
    .looseObject({
      // Grafana's HTTP timeout is in seconds.
      timeout: z
        .union([z.number(), z.string().regex(/^\d+(\.\d+)?$/).transform(Number)], { error: 'expected a number of seconds' })
        .optional(),
      tlsSkipVerify: z.boolean().optional(),
      tlsAuth: z.boolean().optional(),
      tlsAuthWithCACert: z.boolean().optional(),
      oauthPassThru: z.boolean().optional(),
    })
    .optional(),
  secureJsonData: z.looseObject({ basicAuthPassword: stringish.optional() }).optional(),
});

const fileSchema = z.looseObject({
  apiVersion: z.literal(1, { error: 'expected 1 (Grafana datasource provisioning format)' }),
  datasources: z.array(z.unknown(), { error: 'expected a list' }).optional(),
});

type GrafanaDatasource = z.infer<typeof datasourceSchema>;

function issuePath(prefix: string, pathParts: readonly PropertyKey[]): string {
  return pathParts.reduce<string>((acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)), prefix);
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, prefix: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new ConfigError(issuePath(prefix, issue.path) || prefix || '(file)', issue.message);
}

/** Grafana's env expansion in provisioning values: $VAR and ${VAR}; $$ is a literal $. */
function expandEnv(value: string, field: string, env: Env): string {
  return value.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (match, braced?: string, bare?: string) => {
    if (match === '$$') return '$';
    const name = (braced ?? bare)!;
    const resolved = env[name];
    if (resolved === undefined) throw new ConfigError(field, `environment variable ${name} is not set`);
    return resolved;
  });
}

function expandAll(value: unknown, field: string, env: Env): unknown {
  if (typeof value === 'string') return expandEnv(value, field, env);
  if (Array.isArray(value)) return value.map((item, index) => expandAll(item, `${field}[${index}]`, env));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, expandAll(item, field ? `${field}.${key}` : key, env)]));
  }
  return value;
}

/** Custom headers come in numbered pairs: jsonData.httpHeaderNameN + secureJsonData.httpHeaderValueN. */
function customHeaders(ds: GrafanaDatasource, field: string): Array<{ name: string; value: string; field: string }> {
  const headers: Array<{ name: string; value: string; field: string }> = [];
  const jsonData: Record<string, unknown> = ds.jsonData ?? {};
  const secure: Record<string, unknown> = ds.secureJsonData ?? {};
  for (const [key, name] of Object.entries(jsonData)) {
    const index = /^httpHeaderName(\d+)$/.exec(key)?.[1];
    if (!index) continue;
    const nameField = `${field}.jsonData.${key}`;
    if (typeof name !== 'string' || !name.trim()) throw new ConfigError(nameField, 'expected a header name');
    const value = secure[`httpHeaderValue${index}`];
    if (typeof value !== 'string') throw new ConfigError(`${field}.secureJsonData.httpHeaderValue${index}`, `required for header '${name}'`);
    headers.push({ name: name.trim(), value, field: nameField });
  }
  return headers;
}

function connectionFromGrafana(ds: GrafanaDatasource, field: string): ConfiguredConnection {
  const backend = GRAFANA_TYPES[ds.type]!;
  const parsed = parseBackendUrl(`${field}.url`, ds.url);
  const connection: ConfiguredConnection = { backend, name: ds.name, url: parsed.url };
  const jsonData = ds.jsonData ?? {};
  for (const option of ['tlsSkipVerify', 'tlsAuth', 'tlsAuthWithCACert', 'oauthPassThru'] as const) {
    if (jsonData[option]) {
      throw new ConfigError(`${field}.jsonData.${option}`, 'not supported by Weft (for a private CA, set NODE_EXTRA_CA_CERTS)');
    }
  }

  let auth: DatasourceAuth | undefined;
  if (ds.basicAuth) {
    if (!ds.basicAuthUser) throw new ConfigError(`${field}.basicAuthUser`, 'required when basicAuth is true');
    const password = ds.secureJsonData?.basicAuthPassword;
    if (!password) throw new ConfigError(`${field}.secureJsonData.basicAuthPassword`, 'required when basicAuth is true');
    auth = { type: 'basic', username: ds.basicAuthUser, password };
  }
  for (const header of customHeaders(ds, field)) {
    const lower = header.name.toLowerCase();
    if (lower === TENANT_HEADER) {
      connection.tenant = checkTenant(header.field.replace('jsonData.httpHeaderName', 'secureJsonData.httpHeaderValue'), header.value.trim());
    } else if (lower === 'authorization' && /^Bearer\s+\S/i.test(header.value)) {
      if (auth) throw new ConfigError(header.field, 'an Authorization header together with basicAuth; use one');
      auth = { type: 'bearer', token: header.value.replace(/^Bearer\s+/i, '').trim() };
    } else {
      throw new ConfigError(header.field, `unsupported header '${header.name}' (Weft sends X-Scope-OrgID and Authorization: Bearer)`);
    }
  }
  const merged = mergeAuth(`${field}.url`, parsed.credentials, auth);
  if (merged) connection.auth = merged;
  if (jsonData.timeout !== undefined) connection.timeoutMs = checkTimeoutMs(`${field}.jsonData.timeout`, Math.round(jsonData.timeout * 1000));
  return connection;
}

/** Parses the text of a Grafana-style provisioning file; `env` feeds $VAR expansion. */
export function parseDatasourcesFile(text: string, env: Env = process.env): DatasourceConfig {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ConfigError('WEFT_DATASOURCES_FILE', `not valid YAML: ${reason}`, { cause: error });
  }
  if (!document || typeof document !== 'object' || Array.isArray(document)) {
    throw new ConfigError('WEFT_DATASOURCES_FILE', 'expected a mapping with apiVersion: 1 and datasources: [...]');
  }
  const file = parseWith(fileSchema, document, '');
  const config: DatasourceConfig = { source: 'file' };
  (file.datasources ?? []).forEach((raw, index) => {
    const field = `datasources[${index}]`;
    const ds = parseWith(datasourceSchema, expandAll(raw, field, env), field);
    const connection = connectionFromGrafana(ds, field);
    const existing = config[connection.backend];
    if (existing) {
      throw new ConfigError(field, `a second ${connection.backend} datasource ('${ds.name}' after '${existing.name}'); Weft reads one per type`);
    }
    config[connection.backend] = connection;
  });
  return config;
}

// ---------------------------------------------------------------------------------------------------------

/**
 * Reads the datasource configuration: WEFT_DATASOURCES_FILE when set (the file is then the whole configuration;
 * it may reference variables as $VAR), else <BACKEND>_URL and friends. Throws ConfigError naming the field.
 */
export function loadDatasourceConfig(env: Env = process.env, cwd: string = process.cwd()): DatasourceConfig {
  const file = nonEmpty(env, 'WEFT_DATASOURCES_FILE');
  if (file) {
    const filePath = path.resolve(cwd, file);
    let text: string;
    try {
      text = readFileSync(/*turbopackIgnore: true*/ filePath, 'utf8'); // a runtime path: keep Next from tracing the project
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new ConfigError('WEFT_DATASOURCES_FILE', `cannot read ${filePath} (${code})`, { cause: error });
    }
    return parseDatasourcesFile(text, env);
  }
  const config: DatasourceConfig = { source: 'none' };
  for (const backend of BACKENDS) {
    const connection = connectionFromEnv(env, backend);
    if (connection) {
      config[backend] = connection;
      config.source = 'env';
    }
  }
  return config;
}

/** The configured connections in a stable order (prometheus, loki, tempo, pyroscope, alertmanager). */
export function configuredConnections(config: DatasourceConfig): ConfiguredConnection[] {
  return BACKENDS.flatMap((backend) => {
    const connection = config[backend];
    return connection ? [connection] : [];
  });
}
