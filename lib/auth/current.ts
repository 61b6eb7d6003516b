// This process's authentication and limits settings, read once from the environment. A ConfigError is thrown
// on every call rather than cached, so every request reports it (fail closed) instead of running unprotected.
import { loadLimitsConfig, type LimitsConfig } from '../limits/config';
import { loadAuthConfig, type AuthConfig } from './config';

let auth: AuthConfig | undefined;
let limits: LimitsConfig | undefined;

export function authConfig(): AuthConfig {
  auth ??= loadAuthConfig();
  return auth;
}

export function limitsConfig(): LimitsConfig {
  limits ??= loadLimitsConfig();
  return limits;
}

/** Forgets the cached settings (tests that change process.env). */
export function resetAuthConfigCache(): void {
  auth = undefined;
  limits = undefined;
}
