import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addEvents, addLicense, eventsOf } from '../../helpers/fixtures.js';
import { buttons, type SlackMessage } from '../../helpers/slack-blocks.js';
import { answerAt, slash } from '../../helpers/slack-commands.js';
import { ADMIN, TEAM, useSlackHarness } from '../../helpers/slack-harness.js';
import { buttonPress, postInteraction } from '../../helpers/slack-request.js';
import { createDefaultAccount } from '../../helpers/test-database.js';

const INVALID = 'That button is no longer valid; nothing was done.\nType the command again.';

/**
 * Signed interactive payloads that cannot be a press of one of our buttons: Slack must get a
 * 200 (so it does not retry), nothing may happen, and the operator sees one warning.
 */
describe('Slack block_actions that are not a press of our buttons', () => {
  const h = useSlackHarness({ captureLogs: true });
  let confirmValue: string;

  beforeAll(async () => {
    const account = await createDefaultAccount(h().db, 'default');
    const license = await addLicense(h().db, account, { product: 'ElumTools', type: 'SUL' });
    await addEvents(h().db, account.id, license, eventsOf('full', 2, '2026-10-01T00:00:00Z'));
    // A real pending reset: every malformed press below carries its Confirm button's value.
    const preview = await slash(h(), ADMIN, '/licstats', 'reset all');
    confirmValue = String(buttons(preview).find((b) => b.action_id === 'licbot:reset-confirm')?.value);
  });

  beforeEach(() => {
    h().logs.length = 0;
    h().slack.calls.length = 0;
  });

  const press = (overrides: { actionId?: string; value?: string } = {}) =>
    buttonPress({
      actionId: overrides.actionId ?? 'licbot:reset-confirm',
      value: overrides.value ?? confirmValue,
      userId: ADMIN,
      teamId: TEAM,
      responseUrl: h().slack.responseUrl(),
    });

  /** Posts the payload; returns the status and what went to its response_url (waiting for it when expected). */
  async function send(payload: Record<string, unknown>, answered: boolean) {
    const res = await postInteraction(h().baseUrl, payload);
    const answer = answered
      ? ((await answerAt(h(), String(payload.response_url))) as SlackMessage & { response_type?: string })
      : undefined;
    return { status: res.status, body: await res.text(), answer };
  }

  async function nothingDone() {
    expect(await h().db.sql('select count(*)::int as n from stats_reset')).toEqual([{ n: 0 }]);
    expect(await h().db.sql('select count(*)::int as n from pending_action where used_at is not null')).toEqual([
      { n: 0 },
    ]);
    expect(h().slack.calls.filter((c) => c.kind !== 'response')).toEqual([]);
  }

  const warnings = () =>
    h()
      .logs.filter((l) => l.level === 40)
      .map((l) => l.problem);

  it('without a user: 200, an ephemeral "no longer valid", one warning, nothing done', async () => {
    const payload = press();
    delete payload.user;
    const { status, answer } = await send(payload, true);
    expect(status).toBe(200);
    expect(answer?.text).toBe(INVALID);
    expect(answer?.response_type).toBe('ephemeral');
    expect(warnings()).toEqual(['block_actions without a user']);
    expect(h().logs.filter((l) => l.level === 50)).toEqual([]);
    await nothingDone();
  });

  it('without a response_url: 200, no answer anywhere, one warning, nothing done', async () => {
    const payload = press();
    delete payload.response_url;
    const { status } = await send(payload, false);
    expect(status).toBe(200);
    expect(warnings()).toEqual(['block_actions without a response_url']);
    // Anything posted would have arrived before the warning was logged, which follows the ack.
    expect(h().slack.calls).toEqual([]);
    await nothingDone();
  });

  it.each([
    ['an action id of another app', { actionId: 'other-app:approve' }, 'unknown action id'],
    ['an action id that looks like ours', { actionId: 'licbot:drop-tables' }, 'unknown action id'],
    ['a confirm value that is no pending action id', { value: 'garbage' }, 'value not of this button'],
    ['a confirm value of 36 dashes', { value: '-'.repeat(36) }, 'value not of this button'],
    [
      'a rerun of a command not ours',
      { actionId: 'licbot:rerun', value: '{"command":"rm","text":"-rf /"}' },
      'value not of this button',
    ],
    ['a rerun that is not JSON', { actionId: 'licbot:rerun', value: '{"command":' }, 'value not of this button'],
  ])('with %s: 200, an ephemeral "no longer valid", one warning, nothing done', async (_label, overrides, problem) => {
    const { status, answer } = await send(press(overrides), true);
    expect(status).toBe(200);
    expect(answer?.text).toBe(INVALID);
    expect(answer?.response_type).toBe('ephemeral');
    expect(warnings()).toEqual([problem]);
    await nothingDone();
  });

  it('with an action that is not a button, or another kind of interaction: 200, one warning, nothing done', async () => {
    const select = press();
    select.actions = [{ type: 'static_select', action_id: 'licbot:rerun', block_id: 'b1', action_ts: '1.2' }];
    expect((await send(select, true)).answer?.text).toBe(INVALID);
    const shortcut = { type: 'shortcut', callback_id: 'x', trigger_id: 't', user: { id: ADMIN }, team: { id: TEAM } };
    expect((await send(shortcut, false)).status).toBe(200);
    expect(warnings()).toEqual(['block_actions that is not one button press', 'no LicBot handler for shortcut']);
    await nothingDone();
  });

  it('a well-formed press of the same button still works, once', async () => {
    const { status, answer } = await send(press(), true);
    expect(status).toBe(200);
    expect(answer?.blocks[0]?.text?.text).toBe('Counters reset: all products');
    expect(await h().db.sql('select count(*)::int as n from stats_reset')).toEqual([{ n: 1 }]);
    expect(warnings()).toEqual([]);
  });
});
