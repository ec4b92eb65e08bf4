import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { serviceEnv, stopChild, track } from './child-process.js';
import type { StartedService } from './embedded-postgres.js';
import { freePort, waitForPort } from './net-probe.js';

/** Starts `redis-server` (from PATH) on a free port of 127.0.0.1, its files in `dir`. */
export async function startEmbeddedRedis(dir: string, port?: number, binary = 'redis-server'): Promise<StartedService> {
  mkdirSync(dir, { recursive: true });
  port ??= await freePort();
  // AOF on: jobs queued when the demo stopped are still there next time.
  const child = spawn(
    binary,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--save',
      '',
      '--daemonize',
      'no',
    ],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: serviceEnv() },
  );
  track(child);
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const failed = new Promise<never>((_, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`redis-server exited (code ${code}):\n${log}`)));
  });
  failed.catch(() => undefined);
  try {
    await Promise.race([waitForPort('127.0.0.1', port, 15_000, 'redis-server'), failed]);
  } catch (error) {
    await stopChild(child, 'SIGKILL', 1000); // one that never answered must not stay behind
    throw error;
  }
  const url = `redis://127.0.0.1:${port}`;
  return { url, shownUrl: url, stop: () => stopChild(child, 'SIGTERM', 10_000) };
}
