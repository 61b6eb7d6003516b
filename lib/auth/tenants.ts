// Which tenants (X-Scope-OrgID values of Loki, Tempo, Pyroscope, Mimir) a user may read: from
// WEFT_TENANTS_FILE (users and groups -> tenants) and/or the identity provider's tenant claim.
//
//   # WEFT_TENANTS_FILE
//   users:                     # by login id (OIDC sub or proxy user) or email (case-insensitive)
//     alice@example.com: [team-a]
//   groups:                    # by group name (OIDC groups claim or the proxy's groups header)
//     sre: [team-a, team-b]
//   default: []                # anyone signed in (optional)
//
// The file is read again when it changes, so granting or revoking needs no restart or new login.
import { readFileSync, statSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../config/errors';
import type { TenancySettings } from './config';
import type { AuthUser } from './identity';

// Tenant ids as Loki, Tempo, Mimir and Pyroscope accept them; '|' joins several for a federated query.
export const TENANT_PATTERN = /^[A-Za-z0-9!\-_.*'()|]{1,150}$/;
const MAX_TENANTS = 100;

export function isTenantId(value: unknown): value is string {
  return typeof value === 'string' && TENANT_PATTERN.test(value) && value !== '.' && value !== '..';
}

export interface TenantsFile {
  users: Map<string, string[]>;
  /** Users keyed by lowercased email. */
  emails: Map<string, string[]>;
  groups: Map<string, string[]>;
  defaults: string[];
}

const tenantList = z.array(z.string({ error: 'expected a tenant id' }), { error: 'expected a list of tenant ids' });
const fileSchema = z.strictObject(
  {
    users: z.record(z.string(), tenantList).nullish(),
    groups: z.record(z.string(), tenantList).nullish(),
    default: tenantList.nullish(),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown key(s) ${issue.keys.join(', ')} (expected users, groups, default)` : 'expected a mapping with users, groups and default') },
);

function checkTenants(field: string, tenants: string[]): string[] {
  tenants.forEach((tenant, index) => {
    if (!isTenantId(tenant)) throw new ConfigError(`WEFT_TENANTS_FILE: ${field}[${index}]`, `not a valid tenant id: ${JSON.stringify(tenant)}`);
  });
  return [...new Set(tenants)];
}

/** Parses the YAML text of a tenants file. Throws ConfigError naming the entry. */
export function parseTenantsFile(text: string): TenantsFile {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ConfigError('WEFT_TENANTS_FILE', `not valid YAML: ${reason}`, { cause: error });
  }
  const parsed = fileSchema.safeParse(document ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.map(String).join('.');
    throw new ConfigError(where ? `WEFT_TENANTS_FILE: ${where}` : 'WEFT_TENANTS_FILE', issue.message);
  }
  const file: TenantsFile = { users: new Map(), emails: new Map(), groups: new Map(), defaults: checkTenants('default', parsed.data.default ?? []) };
  for (const [user, tenants] of Object.entries(parsed.data.users ?? {})) {
    const checked = checkTenants(`users.${user}`, tenants);
    file.users.set(user, checked);
    if (user.includes('@')) file.emails.set(user.toLowerCase(), checked);
  }
  for (const [group, tenants] of Object.entries(parsed.data.groups ?? {})) file.groups.set(group, checkTenants(`groups.${group}`, tenants));
  return file;
}

let cached: { path: string; mtimeMs: number; size: number; file: TenantsFile } | null = null;

/** The tenants file, parsed again only when its modification time or size changed. */
export function readTenantsFile(filePath: string): TenantsFile {
  let stat;
  try {
    stat = statSync(/*turbopackIgnore: true*/ filePath);
  } catch (error) {
    throw new ConfigError('WEFT_TENANTS_FILE', `cannot read ${filePath} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`, { cause: error });
  }
  if (cached && cached.path === filePath && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.file;
  const file = parseTenantsFile(readFileSync(/*turbopackIgnore: true*/ filePath, 'utf8'));
  cached = { path: filePath, mtimeMs: stat.mtimeMs, size: stat.size, file };
  return file;
}

/** Tenants the file grants to a user: their own entry (id or email), their groups' and the default. */
export function tenantsFromFile(file: TenantsFile, user: AuthUser): string[] {
  const granted = new Set<string>(file.defaults);
  for (const tenant of file.users.get(user.id) ?? []) granted.add(tenant);
  if (user.email) for (const tenant of file.emails.get(user.email.toLowerCase()) ?? []) granted.add(tenant);
  for (const group of user.groups) for (const tenant of file.groups.get(group) ?? []) granted.add(tenant);
  return [...granted];
}

/** Tenant ids in a claim value (a string, a comma/space-separated string, or a list); others are dropped. */
export function tenantsFromClaim(value: unknown): string[] {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\s,]+/) : [];
  return [...new Set(items.filter(isTenantId))].slice(0, MAX_TENANTS);
}

export interface TenantGrant {
  /** False when no tenancy is configured: connections keep the tenant of the datasource configuration. */
  enabled: boolean;
  /** The tenants the user may read, sorted (empty when tenancy is off). */
  tenants: string[];
}

/** The user's tenants: the file's grants and the claim's, together. */
export function grantTenants(settings: TenancySettings, user: AuthUser, claimTenants: string[] | null): TenantGrant {
  if (!settings.tenantsFile && !settings.tenantClaim) return { enabled: false, tenants: [] };
  const granted = new Set<string>();
  if (settings.tenantsFile) for (const tenant of tenantsFromFile(readTenantsFile(settings.tenantsFile), user)) granted.add(tenant);
  if (settings.tenantClaim) for (const tenant of claimTenants ?? []) granted.add(tenant);
  return { enabled: true, tenants: [...granted].sort().slice(0, MAX_TENANTS) };
}

export type ActiveTenant =
  | { ok: true; tenant: string | null }
  /** The user has no tenant at all. */
  | { ok: false; reason: 'no-tenant' }
  /** The request asks for a tenant the user may not read. */
  | { ok: false; reason: 'not-allowed'; requested: string };

/** The tenant this request's queries carry: the one asked for (if allowed), else the user's first. */
export function chooseActiveTenant(grant: TenantGrant, requested: string | null | undefined): ActiveTenant {
  if (!grant.enabled) return { ok: true, tenant: null };
  if (grant.tenants.length === 0) return { ok: false, reason: 'no-tenant' };
  if (requested) {
    return grant.tenants.includes(requested) ? { ok: true, tenant: requested } : { ok: false, reason: 'not-allowed', requested };
  }
  return { ok: true, tenant: grant.tenants[0]! };
}
