/** What a long-running command waits for before it shuts down. */
export interface ShutdownSignal {
  /** The first SIGINT or SIGTERM. */
  received: Promise<NodeJS.Signals>;
  /** Takes the listeners off again (after the shutdown is done). */
  dispose(): void;
}

/**
 * Listens for SIGINT/SIGTERM from the moment it is called until `dispose`. The listeners
 * stay on after the first signal: a second one (a terminal's Ctrl-C reaches both
 * bin/licbot.js, which forwards it, and this process; an impatient second Ctrl-C) must not
 * kill the process half-way through closing and leave its PostgreSQL or jobs behind.
 */
export function shutdownSignal(): ShutdownSignal {
  let resolve: (signal: NodeJS.Signals) => void = () => undefined;
  const received = new Promise<NodeJS.Signals>((r) => {
    resolve = r;
  });
  const onSignal = (signal: NodeJS.Signals) => resolve(signal);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    received,
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/**
 * Waits for `work` at most `ms`: closing a pool waits for connections still held by a job
 * that was cut off at shutdown, and that must not hold up the exit.
 */
export async function atMost(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work.catch(() => undefined), new Promise((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}
