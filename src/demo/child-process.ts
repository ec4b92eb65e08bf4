import type { ChildProcess } from 'node:child_process';

/** Processes this demo started; killed on a crash too, so none outlives the demo. */
const started = new Set<ChildProcess>();
let hooked = false;

export function track(child: ChildProcess): void {
  started.add(child);
  child.once('exit', () => started.delete(child));
  if (hooked) return;
  hooked = true;
  // `exit` handlers run synchronously even on an uncaught error: a last-resort fast stop.
  process.once('exit', () => {
    for (const c of started) c.kill('SIGQUIT');
  });
}

/**
 * Sends `signal` and waits for the exit; after `graceMs` sends SIGKILL. The children run in
 * their own process group (detached), so a Ctrl-C in the terminal reaches only the demo,
 * which then stops them after the app has let go of its connections.
 */
export async function stopChild(child: ChildProcess, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/**
 * The environment for a service we start: without libfaketime (`faketime npm test` moves
 * Node's clock only; PostgreSQL and Redis keep the real one, and Redis hangs under it).
 */
export function serviceEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name === 'LD_PRELOAD' || name.startsWith('FAKETIME')) delete env[name];
  return env;
}
