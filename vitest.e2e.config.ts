import { defineConfig } from 'vitest/config';

// Browser tests: the built renderer (npm run build) served by the web host, driven in Debian's Chromium.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
    // The office-mode browser test runs the web host on a throwaway PostgreSQL cluster.
    globalSetup: ['test/pg/global-setup.ts'],
    setupFiles: ['test/deprecations.ts'],
  },
});
