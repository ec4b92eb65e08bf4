import { Writable } from 'node:stream';
import { afterAll, beforeAll } from 'vitest';
import { type App, bootstrap } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { FakeSlack } from './fake-slack.js';
import { FakeSlackSocket } from './fake-slack-socket.js';
import { TEST_SIGNING_SECRET } from './slack-request.js';
import { type TestDatabase, useTestDatabase } from './test-database.js';

export const ADMIN = 'UADMIN';
export const TEAM = 'T0FAKE';

export interface SlackHarness {
  db: TestDatabase;
  slack: FakeSlack;
  app: App;
  baseUrl: string;
  /** The Socket Mode endpoint, when the harness runs with `socketMode`. */
  socket?: FakeSlackSocket;
  /** Log lines at warn and above (parsed JSON), when the harness runs with `captureLogs`. */
  logs: Record<string, unknown>[];
}

/**
 * A real LicBot (real HTTP server, Bolt receiver, PostgreSQL) talking to a fake Slack Web API
 * on localhost. `ADMINS` makes UADMIN the first admin. Call inside a describe block.
 */
export function useSlackHarness(
  options: { now?: () => Date; env?: Record<string, string>; socketMode?: boolean; captureLogs?: boolean } = {},
): () => SlackHarness {
  const db = useTestDatabase();
  let harness: SlackHarness | undefined;
  beforeAll(async () => {
    const slack = await new FakeSlack().start();
    const socket = options.socketMode ? await new FakeSlackSocket().start() : undefined;
    slack.socketUrl = socket?.url;
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: db().url,
      QUEUE_PREFIX: db().config.QUEUE_PREFIX,
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_API_URL: slack.apiUrl,
      ADMINS: `slack:${ADMIN}`,
      ...(socket ? { SLACK_APP_TOKEN: 'xapp-1-test-token' } : {}),
      ...options.env,
    });
    const logs: Record<string, unknown>[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) logs.push(JSON.parse(line));
        done();
      },
    });
    const logger = options.captureLogs ? createLogger('warn', { destination, pretty: false }) : undefined;
    const app = await bootstrap(config, { now: options.now, logger });
    const port = await app.listen(0);
    harness = { db: db(), slack, app, baseUrl: `http://127.0.0.1:${port}`, socket, logs };
  });
  afterAll(async () => {
    await harness?.app.close();
    await harness?.slack.stop();
    await harness?.socket?.stop();
  });
  return () => {
    if (!harness) throw new Error('Slack harness not ready');
    return harness;
  };
}
