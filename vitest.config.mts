import { defineConfig } from 'vitest/config';
import path from 'node:path';

export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    environment: 'node',
    include: ['lib/**/*.test.ts', 'demo/**/*.test.ts', 'app/**/*.test.ts', 'scripts/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // server-only throws outside React Server Components; tests import those modules directly.
    alias: { 'server-only': path.resolve(import.meta.dirname, 'test/server-only-stub.ts') },
  },
});
