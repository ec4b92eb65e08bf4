import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where `licbot worker` / `licbot scheduler` show they are alive (the compose health check reads it). */
export function aliveFile(name: string): string {
  return join(tmpdir(), `licbot-${name}.alive`);
}

/**
 * A process without an HTTP server shows its health by touching a file while Redis answers
 * it; a health check fails when the file is older than a minute (stuck loop, lost Redis).
 */
export function keepAlive(name: string, ping: () => Promise<unknown>, everyMs = 15_000): () => void {
  const touch = () =>
    void ping().then(
      () => writeFileSync(aliveFile(name), new Date().toISOString()),
      () => undefined,
    );
  touch();
  const timer = setInterval(touch, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
