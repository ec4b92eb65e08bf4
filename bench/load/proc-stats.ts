import { readFileSync } from 'node:fs';
import pg from 'pg';
import { round } from '../bench-helpers.js';

/** Linux counts CPU time in clock ticks of 1/100 s (`getconf CLK_TCK`). */
const TICKS_PER_SECOND = 100;

/** One look at a process: resident memory now and its high-water mark (MiB), CPU seconds used. */
export interface ProcSample {
  rssMb: number;
  hwmMb: number;
  cpuSeconds: number;
  /**
   * How long the main thread (Node's event loop) was ready to run but waited for a CPU
   * (/proc/<pid>/schedstat, second field): on a shared machine, the time other work took.
   */
  runQueueWaitSeconds: number;
}

/** Reads /proc/<pid>: undefined once the process is gone. */
export function procSample(pid: number): ProcSample | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    // Fields 14 and 15 of /proc/<pid>/stat (utime, stime) come after the ")" that ends the name.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const schedstat = readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ');
    const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
    return {
      rssMb: kb('VmRSS') / 1024,
      hwmMb: kb('VmHWM') / 1024,
      cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND,
      runQueueWaitSeconds: Number(schedstat[1]) / 1e9,
    };
  } catch {
    return undefined;
  }
}

/**
 * The CPU the PostgreSQL backends serving one database used: their pids come from
 * pg_stat_activity at every sample (pools open and close connections), each backend's CPU
 * counted from its first sample to its last. Their RSS is not summed: it counts the shared
 * buffers each one touched, so it would say more about PostgreSQL's cache than about us.
 */
export class PostgresBackends {
  private readonly client: pg.Client;
  private readonly seen = new Map<number, { first: ProcSample; last: ProcSample }>();
  private timer?: NodeJS.Timeout;
  private busy = false;
  private readonly database: string;

  constructor(databaseUrl: string) {
    this.client = new pg.Client({ connectionString: databaseUrl });
    this.database = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  }

  async start(everyS: number): Promise<void> {
    await this.client.connect();
    await this.sample();
    this.timer = setInterval(() => void this.sample(), everyS * 1000);
  }

  private async sample(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const { rows } = await this.client.query<{ pid: number }>(
        'select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
        [this.database],
      );
      for (const { pid } of rows) {
        const now = procSample(pid);
        if (now === undefined) continue;
        const known = this.seen.get(pid);
        if (known) known.last = now;
        else this.seen.set(pid, { first: now, last: now });
      }
    } finally {
      this.busy = false;
    }
  }

  async stop(seconds: number) {
    clearInterval(this.timer);
    await this.sample();
    await this.client.end();
    const all = [...this.seen.values()];
    const cpu = all.reduce((n, b) => n + b.last.cpuSeconds - b.first.cpuSeconds, 0);
    const wait = all.reduce((n, b) => n + b.last.runQueueWaitSeconds - b.first.runQueueWaitSeconds, 0);
    return {
      backends: this.seen.size,
      cpuSeconds: round(cpu),
      cpuPercentOfOneCore: round((cpu / seconds) * 100),
      runQueueWaitSeconds: round(wait),
    };
  }
}
