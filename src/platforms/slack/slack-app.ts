import { App, ExpressReceiver, SocketModeReceiver } from '@slack/bolt';
import type { Express, NextFunction, Request, Response } from 'express';
import type { ChatDeps } from '../../core/chat-entry.js';
import { registerActionListeners } from './actions.listener.js';
import { boltLogger } from './bolt-logger.js';
import { registerCommandListeners } from './commands.listener.js';
import { slackClientOptions } from './deliver.js';
import { guardInteractions } from './interaction-guard.js';

/** Slack's replay window: requests signed more than 5 minutes away from now are refused. */
const REPLAY_WINDOW_SECONDS = 5 * 60;

/**
 * Bolt checks that a request is not older than 5 minutes; this also refuses timestamps more
 * than 5 minutes in the future, so a captured request cannot be replayed later either way.
 */
function rejectSkewedTimestamps(req: Request, res: Response, next: NextFunction): void {
  const timestamp = Number(req.headers['x-slack-request-timestamp']);
  if (Number.isFinite(timestamp) && timestamp - Date.now() / 1000 > REPLAY_WINDOW_SECONDS) {
    res.status(401).send();
    return;
  }
  next();
}

export interface SlackPlatform {
  name: 'slack';
  app: InstanceType<typeof App>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The Slack side of LicBot: Bolt on the shared HTTP server at POST /slack/events (or Socket
 * Mode when SLACK_APP_TOKEN is set). Returns undefined when Slack is not configured.
 */
export function createSlackPlatform(http: Express, deps: ChatDeps): SlackPlatform | undefined {
  const { config, logger } = deps;
  if (!config.SLACK_SIGNING_SECRET || !config.SLACK_BOT_TOKEN) {
    logger.info('Slack disabled: set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN to enable it');
    return undefined;
  }
  const log = boltLogger(logger);
  const clientOptions = slackClientOptions(config);
  const socketMode = Boolean(config.SLACK_APP_TOKEN);
  let receiver: InstanceType<typeof ExpressReceiver> | InstanceType<typeof SocketModeReceiver>;
  if (socketMode) {
    receiver = new SocketModeReceiver({
      appToken: config.SLACK_APP_TOKEN as string,
      logger: log,
      // apps.connections.open goes to the same Web API base URL as everything else, but keeps
      // the Socket Mode client's own retry policy (100 quick retries): its reconnect loop does
      // not catch a failed open, so running out of retries would end the process. A separate
      // object, too, because the client writes its defaults into the one it is given.
      installerOptions: { clientOptions: config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {} },
    });
  } else {
    http.use('/slack/events', rejectSkewedTimestamps);
    receiver = new ExpressReceiver({
      signingSecret: config.SLACK_SIGNING_SECRET,
      endpoints: '/slack/events',
      app: http,
      logger: log,
      // The listener acks by itself within the 3-second budget, so respond as soon as it does.
      processBeforeResponse: false,
    });
  }
  const app = new App({ token: config.SLACK_BOT_TOKEN, receiver, logger: log, clientOptions });
  guardInteractions(app, logger);
  registerCommandListeners(app, deps);
  registerActionListeners(app, deps);
  app.error(async (error) => {
    logger.error({ err: error }, 'Slack listener failed');
  });
  return {
    name: 'slack',
    app,
    // In HTTP mode the shared server is already listening; only Socket Mode connects.
    start: async () => {
      if (socketMode) await app.start();
    },
    stop: async () => {
      if (socketMode) await app.stop();
    },
  };
}
