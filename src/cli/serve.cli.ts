import { bootstrap } from '../app.js';
import { startBackground } from './background.js';
import { type CliCommand, parseFlags, writeLine } from './cli-command.js';
import { type ShutdownSignal, shutdownSignal } from './signals.js';

/**
 * Keeps the process alive until SIGINT/SIGTERM, then closes cleanly: the HTTP server stops
 * taking requests and lets in-flight ones finish (bounded), then the workers hand back or
 * finish their jobs, then the connections close.
 */
export async function serveUntilSignal(
  app: Awaited<ReturnType<typeof bootstrap>>,
  stopBackground?: () => Promise<void>,
  signal: ShutdownSignal = shutdownSignal(),
): Promise<void> {
  try {
    const received = await signal.received;
    app.logger.info({ signal: received }, 'shutting down');
    await app.close(stopBackground);
  } finally {
    signal.dispose();
  }
}

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'run the HTTP server (health, event API, Slack and Teams endpoints)',
  usage:
    'licbot serve [--with-workers]\n  --with-workers  also run the job workers and the scheduler in this process (small installs)',
  async run(argv, ctx) {
    const { values } = parseFlags(argv, { 'with-workers': { type: 'boolean', default: false } });
    const app = await bootstrap(ctx.config);
    const port = await app.listen();
    const withWorkers = values['with-workers'] === true;
    const stopBackground = withWorkers ? await startBackground({ workers: true, scheduler: true }, app) : undefined;
    writeLine(
      ctx.stdout,
      `LicBot listening on port ${port} of every interface (http://127.0.0.1:${port}/healthz here)${withWorkers ? ', with workers and scheduler' : ''}`,
    );
    await serveUntilSignal(app, stopBackground);
    return 0;
  },
};
