// The Content-Security-Policy of every page: scripts only from this origin and with this response's nonce
// (Next.js puts the nonce on its own bootstrap and inline scripts when it finds it in the request's CSP),
// plus the hash of the shell's pre-paint theme script. Inline style attributes stay allowed: React renders
// them and they cannot run code. https://nextjs.org/docs/app/guides/content-security-policy
import { createHash, randomBytes } from 'node:crypto';

export interface CspOptions {
  nonce: string;
  /** next dev: React rebuilds server error stacks with eval. */
  dev: boolean;
  /** Served over https: ask the browser to upgrade any http subresource. */
  https: boolean;
  /** sha256 of inline scripts rendered without a nonce (the theme init script). */
  inlineScriptHashes: readonly string[];
}

export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

/** The CSP source expression for an inline script's exact text. */
export function scriptHash(source: string): string {
  return `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`;
}

export function contentSecurityPolicy(options: CspOptions): string {
  const script = ["'self'", `'nonce-${options.nonce}'`, "'strict-dynamic'", ...options.inlineScriptHashes, ...(options.dev ? ["'unsafe-eval'"] : [])];
  const directives = [
    "default-src 'self'",
    `script-src ${script.join(' ')}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(options.https ? ['upgrade-insecure-requests'] : []),
  ];
  return directives.join('; ');
}
