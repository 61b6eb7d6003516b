/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native and WASM packages stay outside the server bundle.
  serverExternalPackages: ['@electric-sql/pglite', '@resvg/resvg-js', 'pg', 'pglite-prisma-adapter', '@prisma/client', 'oidc-provider'],
};

export default nextConfig;
