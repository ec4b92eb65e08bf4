import { bootstrap } from '../app.js';
import { startBackground } from './background.js';
import { type CliCommand, parseFlags, writeLine } from './cli-command.js';

/** Keeps the process alive until SIGINT/SIGTERM, then closes cleanly. */
export async function serveUntilSignal(
  app: Awaited<ReturnType<typeof bootstrap>>,
  stopBackground?: () => Promise<void>,
): Promise<void> {
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  app.logger.info('shutting down');
  await stopBackground?.();
  await app.close();
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
      `LicBot listening on http://127.0.0.1:${port} (health: /healthz)${withWorkers ? ', with workers and scheduler' : ''}`,
    );
    await serveUntilSignal(app, stopBackground);
    return 0;
  },
};
