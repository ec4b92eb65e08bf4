import { defineConfig } from 'vitest/config';

/**
 * `npm run test:resilience`: faults with real processes and services (a private PostgreSQL
 * and redis-server killed and restarted, worker processes killed, Slack failing). Apart from
 * `npm test`: it takes minutes, and its files run one at a time, since each kills and times
 * servers of its own (README "Resilience").
 */
export default defineConfig({
  test: {
    include: ['test/resilience/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
    env: { NODE_ENV: 'test', LOG_LEVEL: 'silent' },
    disableConsoleIntercept: true,
  },
});
