import { existsSync } from 'node:fs';
import { runCli } from './cli/run-cli.js';

// `licbot sessions --format csv | head` closes the pipe early: that is the reader's choice,
// not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

// A local `.env` is read at start-up; variables already set in the environment win.
if (existsSync('.env') && typeof process.loadEnvFile === 'function') process.loadEnvFile('.env');

// The `licbot` CLI entry; everything it can do is registered in cli/registry.ts.
process.exitCode = await runCli(process.argv.slice(2));
// Everything was closed in order; a handle still open now (a job cut off at shutdown, a hung
// socket) must not keep the process alive. Unref'd: a clean exit does not wait for it.
setTimeout(() => process.exit(), 3000).unref();
