import { defineConfig } from 'vitest/config';

// Tests sit beside what they test (server/**) plus the end-to-end suites in test/.
export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
