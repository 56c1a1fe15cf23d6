import { defineConfig } from 'vitest/config';

// Tests sit beside what they test (server/**) plus the end-to-end suites in test/.
export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'test/**/*.test.ts'],
    // Limits guard against hangs only: the suite must pass on a busy machine, many times slower than idle.
    testTimeout: 300_000,
    hookTimeout: 600_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
