import { runCli } from './cli/run-cli.js';

// The `licbot` CLI entry; everything it can do is registered in cli/registry.ts.
process.exitCode = await runCli(process.argv.slice(2));
