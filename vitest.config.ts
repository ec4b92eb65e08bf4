import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Faults with real processes take minutes: `npm run test:resilience` (vitest.resilience.config.ts).
    exclude: ['test/resilience/**', '**/node_modules/**'],
    globalSetup: ['test/helpers/global-setup.ts'],
    // Integration files each get their own database; two cores run two files at once.
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { NODE_ENV: 'test', LOG_LEVEL: 'silent' },
    // Console lines go straight to the terminal instead of over the worker's RPC channel: a
    // line still in flight when a worker shuts down fails a green run with "Closing rpc while
    // onUserConsoleLog was pending" (vitest-dev/vitest#11153, open for 4.x).
    disableConsoleIntercept: true,
  },
});
