import { afterAll, beforeAll } from 'vitest';
import { type Config, loadConfig } from '../../src/config.js';
import type { AlertDeps } from '../../src/core/alerts/alert-delivery.js';
import { createLogger } from '../../src/logger.js';
import { createSlackDelivery } from '../../src/platforms/slack/slack-delivery.js';
import { FakeSlack } from './fake-slack.js';
import { type TestDatabase, useTestDatabase } from './test-database.js';

export interface AlertsHarness {
  /** Started before the file's tests and stopped after them. */
  slack: FakeSlack;
  db(): TestDatabase;
  /** What an alert run needs: a fresh unit of work and the real Slack adapter on the fake. */
  deps(): AlertDeps;
}

/** A test database, a fake Slack Web API and the real Slack delivery adapter, for alert tests. */
export function useAlertsHarness(admins: string): AlertsHarness {
  const db = useTestDatabase();
  const slack = new FakeSlack();
  const logger = createLogger('silent');
  let config: Config | undefined;
  beforeAll(async () => {
    await slack.start();
    config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: db().url,
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_API_URL: slack.apiUrl,
      ADMINS: admins,
    });
  });
  afterAll(() => slack.stop());
  return {
    slack,
    db,
    deps() {
      if (!config) throw new Error('alerts harness not ready');
      return { em: db().em(), config, logger, deliveries: { slack: createSlackDelivery(config, logger) } };
    },
  };
}
