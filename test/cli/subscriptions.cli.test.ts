import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createSubscription,
  deleteSubscription,
  setSubscriptionPaused,
} from '../../src/accounts/subscription.service.js';
import type { Account } from '../../src/db/entities/index.js';
import { runLicbot } from '../helpers/cli.js';
import { createDefaultAccount, useTestDatabase } from '../helpers/test-database.js';

// Tuesday 15:30 in Kolkata.
const NOW = new Date('2026-12-08T10:00:00Z');

const cli = (url: string, argv: string[]) => runLicbot(argv, { DATABASE_URL: url });

const cells = (line: string | undefined) => line?.trim().split(/\s{2,}/);

describe('licbot subscriptions list', () => {
  const db = useTestDatabase();
  let account: Account;
  const ids: number[] = [];
  const run = (...argv: string[]) => cli(db().url, ['subscriptions', 'list', '--account', 'cli', ...argv]);

  beforeAll(async () => {
    // Only Date is faked: the CLI's clock, with the database's timers left alone.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
    account = await createDefaultAccount(db(), 'cli', 'Asia/Kolkata');
    const other = await createDefaultAccount(db(), 'other');
    const by = { account, actor: 'slack:UADMIN' };
    const add = async (
      target: string,
      targetName: string | undefined,
      weekday: number,
      timeOfDay: string,
      zone: string,
    ) => {
      const { subscription } = await createSubscription(db().em(), by, {
        platform: 'slack',
        target,
        targetName,
        weekday,
        timeOfDay,
        timeZone: zone,
        createdBy: 'UADMIN',
      });
      ids.push(subscription.id);
      return subscription.id;
    };
    const weekly = await add('C0LIC', 'licenses', 1, '09:00', 'Asia/Kolkata');
    const paused = await add('C0OPS', undefined, 3, '08:00', 'Europe/Berlin');
    const gone = await add('C0OLD', 'old', 5, '10:00', 'UTC');
    await setSubscriptionPaused(db().em(), by, paused, true);
    await deleteSubscription(db().em(), by, gone, NOW);
    ids.pop();
    await createSubscription(
      db().em(),
      { account: other, actor: 'slack:UOTHER' },
      {
        platform: 'slack',
        target: 'C0THEIRS',
        weekday: 1,
        timeOfDay: '09:00',
        timeZone: 'UTC',
        createdBy: 'UOTHER',
      },
    );
    const deliver = (id: number, periodKey: string, status: string, error: string | null, sentAt: string | null) =>
      db().sql(
        'insert into delivery (account_id, subscription_id, period_key, status, error, sent_at) values ($1, $2, $3, $4, $5, $6)',
        [account.id, id, periodKey, status, error, sentAt],
      );
    await deliver(weekly, '2026-11-30', 'sent', null, '2026-11-30T03:30:04Z');
    await deliver(weekly, '2026-11-23', 'failed', 'not_in_channel: invite LicBot', null);
    await deliver(paused, '2026-11-25', 'failed', 'not_in_channel: invite LicBot', null);
  });
  afterAll(() => {
    vi.useRealTimers();
  });

  it('prints an aligned table of the live subscriptions of the account', async () => {
    const result = await run();
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    const lines = result.out.trimEnd().split('\n');
    expect(lines[0]).toBe('Weekly report subscriptions of cli');
    expect(cells(lines[1])).toEqual(['ID', 'Channel', 'Schedule', 'Zone', 'Next run', 'Last delivery']);
    expect(cells(lines[3])).toEqual([
      `${ids[0]}`,
      '#licenses',
      'mon 09:00',
      'Asia/Kolkata',
      'Mon 2026-12-14 09:00',
      '2026-11-30 posted',
    ]);
    expect(cells(lines[4])).toEqual([
      `${ids[1]}`,
      'C0OPS',
      'wed 08:00',
      'Europe/Berlin',
      'paused',
      '2026-11-25 failed: not_in_channel: invite LicBot',
    ]);
    expect(lines[5]).toBe(`Note: Subscription ${ids[1]} could not post on 2026-11-25: not_in_channel: invite LicBot`);
    expect(lines).toHaveLength(6);
    // Columns line up: every row's "Next run" starts where its header does.
    const col = lines[1]!.indexOf('Next run');
    expect(lines[3]!.slice(col)).toMatch(/^Mon 2026-12-14/);
    expect(lines[4]!.slice(col)).toMatch(/^paused/);
    expect(result.out).not.toContain('C0OLD');
    expect(result.out).not.toContain('C0THEIRS');
  });

  it('prints JSON with ISO instants, null next run while paused, and the last delivery', async () => {
    const result = await run('--format', 'json');
    expect(result.code).toBe(0);
    const list = JSON.parse(result.out) as Record<string, unknown>[];
    expect(list).toHaveLength(2);
    expect(list[0]).toMatchObject({
      id: ids[0],
      platform: 'slack',
      channel: 'C0LIC',
      channelName: 'licenses',
      weekday: 'mon',
      time: '09:00',
      timeZone: 'Asia/Kolkata',
      paused: false,
      nextRunAt: '2026-12-14T03:30:00.000Z',
      lastDelivery: { periodKey: '2026-11-30', status: 'sent', error: null, sentAt: '2026-11-30T03:30:04.000Z' },
    });
    expect(list[1]).toMatchObject({
      id: ids[1],
      channel: 'C0OPS',
      channelName: null,
      weekday: 'wed',
      paused: true,
      nextRunAt: null,
      lastDelivery: { periodKey: '2026-11-25', status: 'failed', error: 'not_in_channel: invite LicBot', sentAt: null },
    });
  });

  it('says which action and format it takes', async () => {
    const none = await cli(db().url, ['subscriptions']);
    expect(none.code).toBe(2);
    expect(none.err).toContain('subscriptions needs an action: list.');
    expect((await cli(db().url, ['subscriptions', 'add'])).err).toContain('Unknown subscriptions action "add".');
    const csv = await run('--format', 'csv');
    expect(csv.code).toBe(2);
    expect(csv.err).toContain('--format must be one of text, json (got "csv").');
    const empty = await cli(db().url, ['subscriptions', 'list', '--account', 'nope']);
    expect(empty.code).toBe(1);
    expect(empty.err).toContain('No account "nope".');
  });
});
