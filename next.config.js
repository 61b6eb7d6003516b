// Headers that never vary per request, on every response (static assets too). The Content-Security-Policy
// needs a fresh nonce per page, so proxy.ts sets it (lib/auth/security-headers.ts).
const SECURITY_HEADERS = [
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  // frame-ancestors 'none' in the CSP; this is the same for browsers that predate it.
  { key: 'X-Frame-Options', value: 'DENY' },
  {
    key: 'Permissions-Policy',
    // Only features Chromium knows: an unknown one is a console warning on every page.
    value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), midi=(), magnetometer=(), gyroscope=(), accelerometer=()',
  },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native and WASM packages stay outside the server bundle.
  serverExternalPackages: ['@electric-sql/pglite', '@resvg/resvg-js', 'pg', 'pglite-prisma-adapter', '@prisma/client', 'oidc-provider'],
  async headers() {
    return [{ source: '/:path*', headers: SECURITY_HEADERS }];
  },
};

export default nextConfig;
