import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Real Prometheus end-to-end tests bind ports and start processes; keep files from starving each other on 2 cores.
    maxWorkers: 2,
  },
});
