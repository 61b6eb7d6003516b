// Queries carry only the active tenant: route handlers and lib code obtain connections here instead of
// lib/datasources/registry's requireConnection. The tenant comes from the signed-in user (never from a query
// parameter), and every connection of one request shares a cap on concurrent backend calls.
import 'server-only';
import { headers } from 'next/headers';
import { unstable_rethrow } from 'next/navigation';
import type { ConfiguredConnection } from '../config/datasources';
import type { BackendName } from '../datasources/errors';
import type { CallGate } from '../datasources/http';
import { requireConnection } from '../datasources/registry';
import { createConcurrencyGate } from '../limits/concurrency';
import { AuthError } from './authenticate';
import { authConfig, limitsConfig } from './current';
import { getRequestContext } from './request-context';

const gates = new WeakMap<object, CallGate>();

/** The request's shared gate; none outside a request (scripts, unit tests calling lib directly). */
async function requestGate(): Promise<CallGate | undefined> {
  let key: object;
  try {
    key = await headers();
  } catch (error) {
    // Next's own control flow (dynamic rendering bail-out) must pass; "outside a request scope" means no gate.
    unstable_rethrow(error);
    return undefined;
  }
  let gate = gates.get(key);
  if (!gate) {
    gate = createConcurrencyGate(limitsConfig().maxBackendCallsPerRequest);
    gates.set(key, gate);
  }
  return gate;
}

/** `connection` with `tenant` as its X-Scope-OrgID (null keeps the configured one). */
export function withTenant(connection: ConfiguredConnection, tenant: string | null): ConfiguredConnection {
  return tenant === null ? connection : { ...connection, tenant };
}

/**
 * The connection to `backend` for the current request: the configured one, with the user's active tenant
 * when tenancy is on and the request's concurrency gate. Throws DatasourceError (not configured),
 * AuthError (not signed in / no tenant) or ConfigError, like requireConnection.
 */
export async function connectionForRequest(backend: BackendName): Promise<ConfiguredConnection> {
  const base = requireConnection(backend);
  const [tenant, gate] = await Promise.all([tenantForRequest(), requestGate()]);
  const connection = withTenant(base, tenant);
  return gate ? { ...connection, gate } : connection;
}

/** The tenant the current request reads as: the user's active one with tenancy, else null. Throws AuthError. */
export async function tenantForRequest(): Promise<string | null> {
  if (authConfig().mode === 'off') return null;
  const context = await getRequestContext();
  return context.tenancy ? context.activeTenant : null;
}

/**
 * The connection for a stored tenant (a shared link's unfurl image rendered for a crawler without a session,
 * under WEFT_PUBLIC_PREVIEWS=1). Never pass a tenant taken from request input.
 */
export function connectionForTenant(backend: BackendName, tenant: string | null): ConfiguredConnection {
  return withTenant(requireConnection(backend), tenant);
}

export interface PermalinkAccess {
  /** Stored with a new link: the active tenant (null without tenancy). */
  tenant: string | null;
  createdBy: string | null;
  /** Tenants whose links this request may open; 'any' without tenancy or for public previews. */
  readable: readonly string[] | 'any';
}

/**
 * What the current request may do with permalinks. A link of a tenant outside `readable` must answer as
 * unknown (404), so nobody learns that it exists.
 */
export async function permalinkAccess(): Promise<PermalinkAccess> {
  const config = authConfig();
  if (config.mode === 'off') return { tenant: null, createdBy: null, readable: 'any' };
  let context;
  try {
    context = await getRequestContext();
  } catch (error) {
    // Only /s/<slug> and its preview are reachable without a session, and only with WEFT_PUBLIC_PREVIEWS=1.
    if (error instanceof AuthError && error.status === 401 && config.publicPreviews) return { tenant: null, createdBy: null, readable: 'any' };
    throw error;
  }
  return {
    tenant: context.tenancy ? context.activeTenant : null,
    createdBy: context.user.id,
    readable: context.tenancy ? context.tenants : 'any',
  };
}

/** Whether a link stored for `tenant` may be opened under `access`. Links without a tenant need 'any'. */
export function mayOpenPermalink(access: PermalinkAccess, tenant: string | null): boolean {
  if (access.readable === 'any') return true;
  return tenant !== null && access.readable.includes(tenant);
}
