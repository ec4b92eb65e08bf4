import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Config } from '../../src/config.js';

const ROOT = join(import.meta.dirname, '../..');

export interface WorkerProcess {
  child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Kills it at once (SIGKILL, as a lost machine would) and waits for the exit. */
  kill9(): Promise<void>;
}

/**
 * `licbot worker` as a real child process on the harness's PostgreSQL, Redis, queue prefix
 * and fake Slack (its own clock is the real one); resolves once it says it is running.
 */
export async function startWorkerProcess(
  config: Pick<Config, 'DATABASE_URL' | 'REDIS_URL' | 'QUEUE_PREFIX' | 'SLACK_API_URL'>,
  env: Record<string, string> = {},
): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'worker'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: config.DATABASE_URL,
      REDIS_URL: config.REDIS_URL,
      QUEUE_PREFIX: config.QUEUE_PREFIX,
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_API_URL: config.SLACK_API_URL ?? '',
      JOB_LOCK_SECONDS: '2',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const started = () => log.includes('LicBot worker running') && resolve();
    child.stdout?.on('data', started);
    child.once('exit', (code) => reject(new Error(`licbot worker exited early with ${code}:\n${log}`)));
  });
  return {
    child,
    output: () => log,
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
