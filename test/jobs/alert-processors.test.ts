import { type Job, UnrecoverableError } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AlertJob, denialAlertsProcessor } from '../../jobs/denial-alerts.processor.js';
import { expiryAlertsProcessor } from '../../jobs/expiry-alerts.processor.js';
import type { ProcessorDeps } from '../../jobs/processor.js';
import { loadConfig } from '../../src/config.js';
import type { Account } from '../../src/db/entities/index.js';
import { createLogger } from '../../src/logger.js';
import { createSlackDelivery } from '../../src/platforms/slack/slack-delivery.js';
import { FakeSlack } from '../helpers/fake-slack.js';
import { addEvents, addLicense, eventsOf } from '../helpers/fixtures.js';
import { createDefaultAccount, useTestDatabase } from '../helpers/test-database.js';

const SLOT = '2026-11-28T12:15:00.000Z';
const job = (queue: string, data: AlertJob) =>
  ({ id: `${queue}:${data.accountId}:${data.at}`, queueName: queue, data }) as unknown as Job<AlertJob>;

describe('alert processors', () => {
  const db = useTestDatabase();
  const slack = new FakeSlack();
  let deps: ProcessorDeps;
  let account: Account;

  beforeAll(async () => {
    await slack.start();
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: db().url,
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_API_URL: slack.apiUrl,
      ADMINS: 'jobs/slack:UJOBADM',
    });
    const logger = createLogger('silent');
    // The worker's own clock is a day off: the jobs must use their slot instead.
    deps = {
      orm: db().orm,
      config,
      logger,
      now: () => new Date('2026-11-29T12:00:00Z'),
      deliveries: { slack: createSlackDelivery(config, logger) },
    };
    account = await createDefaultAccount(db(), 'jobs');
    const licaso = await addLicense(db(), account, { product: 'Licaso', type: 'SUL', expiresAt: '2026-11-29' });
    await addEvents(db(), account.id, licaso, eventsOf('declined', 5, '2026-11-21T12:20:00Z'));
  });
  afterAll(() => slack.stop());

  it('evaluates the scheduled slot, not the worker clock', async () => {
    const result = await denialAlertsProcessor.process(deps, job('denial-alerts', { accountId: account.id, at: SLOT }));
    expect(result).toEqual({ alerts: 1, sent: 1, undelivered: 0, failed: 0 });
    const [row] = await db().sql<{ details: { to: string; declined: number } }>(
      `select details from alert_log where rule = 'denials'`,
    );
    // At the worker's clock these declines would have left the 7-day window.
    expect(row?.details).toMatchObject({ to: SLOT, declined: 5 });
  });

  it('fails for a retry when sending threw, and the retry sends it', async () => {
    slack.inject('chat.postMessage', { status: 500 });
    const expiry = job('expiry-alerts', { accountId: account.id, at: SLOT });
    await expect(expiryAlertsProcessor.process(deps, expiry)).rejects.toThrow('1 alert(s) could not be sent');
    expect(await expiryAlertsProcessor.process(deps, expiry)).toEqual({
      alerts: 1,
      sent: 1,
      undelivered: 0,
      failed: 0,
    });
    expect(await expiryAlertsProcessor.process(deps, expiry)).toEqual({
      alerts: 0,
      sent: 0,
      undelivered: 0,
      failed: 0,
    });
  });

  it('gives up at once on a missing account or a bad instant', async () => {
    await expect(
      denialAlertsProcessor.process(deps, job('denial-alerts', { accountId: 999_999, at: SLOT })),
    ).rejects.toBeInstanceOf(UnrecoverableError);
    await expect(
      expiryAlertsProcessor.process(deps, job('expiry-alerts', { accountId: account.id, at: 'soon' })),
    ).rejects.toBeInstanceOf(UnrecoverableError);
  });
});
