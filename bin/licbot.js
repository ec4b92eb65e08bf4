#!/usr/bin/env node
// Runs the TypeScript CLI through tsx so there is no build step to forget.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/main.ts'), ...process.argv.slice(2)], {
  stdio: 'inherit',
});
// This wrapper is PID 1 in a container and what `kill` reaches: hand the signal to the CLI
// and wait for its graceful shutdown instead of dying first. (A terminal's Ctrl-C reaches
// both; the CLI then sees it once from each, and acts on the first.)
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)));
