import { bootstrap } from '../app.js';
import { type CliCommand, parseFlags, writeLine } from './cli-command.js';

/** Keeps the process alive until SIGINT/SIGTERM, then closes cleanly. */
export async function serveUntilSignal(app: Awaited<ReturnType<typeof bootstrap>>): Promise<void> {
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  app.logger.info('shutting down');
  await app.close();
}

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'run the HTTP server (health, event API, Slack and Teams endpoints)',
  usage: 'licbot serve',
  async run(argv, ctx) {
    parseFlags(argv, {});
    const app = await bootstrap(ctx.config);
    const port = await app.listen();
    writeLine(ctx.stdout, `LicBot listening on http://127.0.0.1:${port} (health: /healthz)`);
    await serveUntilSignal(app);
    return 0;
  },
};
