// Start-up check of every authentication, tenancy and limits setting (scripts/start.ts), so a typo stops
// `npm start` with the variable's name instead of surfacing on the first request (where proxy.ts refuses
// everything with the same message, fail-closed, for servers started another way).
import { loadLimitsConfig } from '../limits/config';
import { loadAuthConfig } from './config';
import { readTenantsFile } from './tenants';

type Env = Readonly<Record<string, string | undefined>>;

/** Throws ConfigError naming the variable (or the tenants file entry); returns a line for the start log. */
export function checkAuthSettings(env: Env = process.env, cwd: string = process.cwd()): string {
  const config = loadAuthConfig(env, cwd);
  loadLimitsConfig(env);
  if (config.tenancy.tenantsFile) readTenantsFile(config.tenancy.tenantsFile);
  const tenancy = config.tenancy.tenantsFile || config.tenancy.tenantClaim ? ', tenants per user' : '';
  switch (config.mode) {
    case 'off':
      return 'authentication off (local use: anyone who reaches this port can read everything)';
    case 'oidc':
      return `sign-in with OpenID Connect at ${config.oidc.issuer}${tenancy}`;
    case 'proxy':
      return `users from the authenticating proxy's ${config.proxy.userHeader} header${tenancy}`;
  }
}
