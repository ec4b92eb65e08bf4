/**
 * Request coalescing: while a read for `key` is in flight, callers asking for the same key
 * share its promise instead of starting another one. Nothing is kept once it settles, so a
 * result is never older than the query that produced it; it only saves the database from
 * running the same aggregate fifty times when fifty admins type `/licstats` at 9:00.
 */
export class SingleFlight<T> {
  private readonly inFlight = new Map<string, Promise<T>>();

  run(key: string, read: () => Promise<T>): Promise<T> {
    const running = this.inFlight.get(key);
    if (running) return running;
    const started = read().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, started);
    return started;
  }

  get size(): number {
    return this.inFlight.size;
  }
}
