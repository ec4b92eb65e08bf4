import { beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../../src/db/entities/index.js';
import { addEvents, addLicense, eventsOf } from '../../helpers/fixtures.js';
import { buttons, codeTables, type SlackMessage } from '../../helpers/slack-blocks.js';
import { ADMIN, TEAM, useSlackHarness } from '../../helpers/slack-harness.js';
import { buttonPress, postSlashCommand } from '../../helpers/slack-request.js';
import { createDefaultAccount } from '../../helpers/test-database.js';

const clock = { now: new Date('2026-11-28T12:00:00Z') };

describe('Slack over Socket Mode (SLACK_APP_TOKEN set)', () => {
  const h = useSlackHarness({ now: () => clock.now, socketMode: true });
  let account: Account;

  // The ack of the envelope, or, when it is empty (a reply with a table block goes through
  // the response_url), what was posted there.
  const licstats = async (user: string, text: string) => {
    const responseUrl = h().slack.responseUrl();
    const ack = await h().socket?.slashCommand({
      command: '/licstats',
      text,
      user_id: user,
      user_name: user.toLowerCase(),
      team_id: TEAM,
      team_domain: 'fake',
      channel_id: 'C0GENERAL',
      channel_name: 'general',
      api_app_id: 'A0FAKE',
      response_url: responseUrl,
      trigger_id: '1.2.3',
    });
    if (ack?.payload && Object.keys(ack.payload).length) return ack;
    const id = responseUrl.split('/').pop();
    await h().slack.waitFor(() =>
      h()
        .slack.responses()
        .some((r) => r.name === id),
    );
    return {
      payload: h()
        .slack.responses()
        .find((r) => r.name === id)?.params as unknown as SlackMessage,
    };
  };

  beforeAll(async () => {
    account = await createDefaultAccount(h().db, 'default');
    const elum = await addLicense(h().db, account, {
      product: 'ElumTools',
      type: 'MUL',
      seats: 3,
      activationsAllowed: 5,
      expiresAt: '2027-06-30',
      code: 'ELUMA-1111-2222',
    });
    // Full 4, Limited 1 + 2 declined = 3, Declined 2, Checkouts 1.
    await addEvents(h().db, account.id, elum, [
      ...eventsOf('full', 4, '2026-11-20T09:00:00Z'),
      ...eventsOf('limited', 1, '2026-11-20T10:00:00Z'),
      ...eventsOf('declined', 2, '2026-11-21T09:00:00Z'),
      ...eventsOf('checkout', 1, '2026-11-22T09:00:00Z'),
    ]);
  });

  it('opens the connection with the app-level token through the configured Web API URL', async () => {
    await h().socket?.waitForConnections(1);
    const open = h().slack.api('apps.connections.open');
    expect(open.length).toBeGreaterThanOrEqual(1);
    expect(open[0]?.headers.authorization).toBe('Bearer xapp-1-test-token');
  });

  it('answers /licstats (a table: through the response_url), with the exact counters', async () => {
    const ack = await licstats(ADMIN, '');
    expect(ack?.payload.response_type).toBe('ephemeral');
    const [rows] = codeTables(ack?.payload);
    const elum = rows?.find((row) => row[0] === 'ElumTools');
    // Product, Licenses, Status, Activations Used, Available, Full, Limited, Declined, Takes, Take Denied, Checkouts
    expect(elum?.slice(5)).toEqual(['4', '3', '2', '0', '0', '1']);
  });

  it('still checks roles: someone without one is refused and told who can grant it', async () => {
    const ack = await licstats('USTRANGER', 'reset all');
    expect(ack?.payload.text).toBe(`/licstats reset needs the admin role.\nIt is held by <@${ADMIN}>.`);
  });

  it('runs the reset flow: the Confirm press arrives as an interactive envelope and re-checks the role', async () => {
    const socket = h().socket;
    if (!socket) throw new Error('socket mode harness expected');
    const preview = (await licstats(ADMIN, 'reset ElumTools'))?.payload as SlackMessage;
    const confirm = buttons(preview).find((b) => b.action_id === 'licbot:reset-confirm');
    expect(confirm?.value).toBeTruthy();
    const pressBy = async (userId: string) => {
      const responseUrl = h().slack.responseUrl();
      const value = String(confirm?.value);
      await socket.interaction(
        buttonPress({ actionId: 'licbot:reset-confirm', value, userId, teamId: TEAM, responseUrl }),
      );
      const id = responseUrl.split('/').pop();
      await h().slack.waitFor(() =>
        h()
          .slack.responses()
          .some((r) => r.name === id),
      );
      return h()
        .slack.responses()
        .find((r) => r.name === id)?.params as unknown as SlackMessage;
    };
    expect((await pressBy('USTRANGER')).text).toContain('Confirming a reset needs the admin role.');
    expect(await h().db.sql('select count(*)::int as n from stats_reset')).toEqual([{ n: 0 }]);
    const outcome = await pressBy(ADMIN);
    expect(outcome.blocks[0]?.text?.text).toBe('Counters reset: ElumTools');
    expect(await h().db.sql('select count(*)::int as n from stats_reset')).toEqual([{ n: 1 }]);
    const after = await licstats(ADMIN, '');
    expect(
      codeTables(after?.payload)[0]
        ?.find((row) => row[0] === 'ElumTools')
        ?.slice(5),
    ).toEqual(['0', '0', '0', '0', '0', '0']);
  });

  it('does not serve the HTTP endpoint: events arrive only over the socket', async () => {
    const res = await postSlashCommand(h().baseUrl, {
      command: '/licstats',
      text: '',
      user_id: ADMIN,
      team_id: TEAM,
      channel_id: 'C0GENERAL',
      response_url: h().slack.responseUrl(),
    });
    expect(res.status).toBe(404);
    await res.text();
  });

  it('keeps trying to reconnect while apps.connections.open fails, more often than Web API calls retry', async () => {
    const socket = h().socket;
    if (!socket) throw new Error('socket mode harness expected');
    const connections = socket.connections;
    const opensBefore = h().slack.api('apps.connections.open').length;
    // Six failures would exhaust the 5 retries that other Web API calls get.
    const down = { status: 503 };
    h().slack.inject('apps.connections.open', down, down, down, down, down, down);
    socket.disconnect('refresh_requested');
    await socket.waitForConnections(connections + 1, 40_000);
    expect(h().slack.api('apps.connections.open').length - opensBefore).toBe(1);
    const ack = await licstats(ADMIN, '');
    expect(codeTables(ack?.payload)[0]?.find((row) => row[0] === 'ElumTools')).toBeDefined();
  }, 50_000);

  it('reconnects when Slack asks it to, and keeps answering the same', async () => {
    const socket = h().socket;
    if (!socket) throw new Error('socket mode harness expected');
    const before = codeTables((await licstats(ADMIN, ''))?.payload);
    const connections = socket.connections;
    socket.disconnect('refresh_requested');
    await socket.waitForConnections(connections + 1, 20_000);
    const after = codeTables((await licstats(ADMIN, ''))?.payload);
    expect(after[0]?.find((row) => row[0] === 'ElumTools')).toBeDefined();
    expect(after).toEqual(before);
    expect(socket.errors).toEqual([]);
  }, 30_000);
});
