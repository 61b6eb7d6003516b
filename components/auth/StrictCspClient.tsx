'use client';
// The browser side of the strict Content-Security-Policy (no 'unsafe-eval'): zod 4 probes `new Function` once
// to decide whether to compile its parsers; under the CSP the probe throws (zod then interprets) but the
// browser still reports a violation. jitless skips the probe. Rendered once in the header, in every mode.
import { config } from 'zod';

config({ jitless: true });

export function StrictCspClient() {
  return null;
}
