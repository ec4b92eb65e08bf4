import { median, round } from '../bench-helpers.js';

/**
 * The server's event-loop lag as its own /metrics reports it (prom-client's default
 * metrics; the histogram restarts at each scrape, so each scrape is one window). A lag far
 * above the run-queue wait means our own synchronous work blocked the loop; a lag that
 * follows the run-queue wait means the machine's other work kept it from running.
 */
export class EventLoopLag {
  private readonly windows: { p99: number; max: number }[] = [];
  private timer?: NodeJS.Timeout;

  constructor(private readonly port: number) {}

  async start(everyS: number): Promise<void> {
    await this.scrape(); // the lag of start-up is not the load's
    this.windows.length = 0;
    this.timer = setInterval(() => void this.scrape(), everyS * 1000);
  }

  private async scrape(): Promise<void> {
    try {
      const text = await (await fetch(`http://127.0.0.1:${this.port}/metrics`)).text();
      const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
      const p99 = value('nodejs_eventloop_lag_p99_seconds');
      const max = value('nodejs_eventloop_lag_max_seconds');
      if (Number.isFinite(p99) && Number.isFinite(max)) this.windows.push({ p99: p99 * 1000, max: max * 1000 });
    } catch {}
  }

  async stop() {
    clearInterval(this.timer);
    await this.scrape();
    return {
      windows: this.windows.length,
      p99MedianOfWindowsMs: round(median(this.windows.map((w) => w.p99))),
      p99WorstWindowMs: round(Math.max(0, ...this.windows.map((w) => w.p99))),
      maxMs: round(Math.max(0, ...this.windows.map((w) => w.max))),
    };
  }
}
