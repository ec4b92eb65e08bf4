import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/db/entities/index.js';
import { MISSING_ID, protectedCalls, refusalOf, twoLinkedAccounts } from '../helpers/protected-commands.js';
import { buttons, type SlackMessage } from '../helpers/slack-blocks.js';
import { press, slash } from '../helpers/slack-commands.js';
import { ADMIN, TEAM, useSlackHarness } from '../helpers/slack-harness.js';

const NOW = new Date('2026-11-30T12:00:00Z');
const NOBODY = 'UNOBODY1';
const MANAGER = 'UMANAGER1';
const GLOBEX_TEAM = 'T0GLOBEX';
const GLOBEX_ADMIN = 'UGLOBEX1';

const textOf = (m: SlackMessage) => [m.text, ...m.blocks.map((b) => b.text?.text ?? '')].join('\n');

describe('Slack: every protected command and button, as a non-admin and from another account', () => {
  const h = useSlackHarness({ now: () => NOW, env: { ADMINS: `slack:${ADMIN},globex/slack:${GLOBEX_ADMIN}` } });
  let acme: Account;
  let subscriptionId = 0;
  let pendingReset = '';
  /** Everything a refused attempt must leave as it was. */
  const state = () =>
    h().db.sql(`select
      (select json_agg(s order by s.id) from (select id, paused, deleted_at from subscription) s) as subscriptions,
      (select json_agg(p order by p.id) from (select id, used_at, used_by from pending_action) p) as pending,
      (select count(*)::int from stats_reset) as resets,
      (select count(*)::int from role_assignment) as roles,
      (select alerts_enabled from account where slug = 'default') as alerts`);
  const denials = () =>
    h().db.sql<{ actor: string; what: string; needed: string }>(
      `select actor, details->>'what' as what, details->>'needed' as needed
         from audit_log where action = 'access.denied' order by id`,
    );

  beforeAll(async () => {
    ({ acme } = await twoLinkedAccounts(h().db, 'slack', { acme: TEAM, globex: GLOBEX_TEAM }));
    await h().db.sql(
      `insert into role_assignment (account_id, platform, user_id, role, granted_by) values ($1, 'slack', $2, 'manager', $3)`,
      [acme.id, MANAGER, ADMIN],
    );
    expect(textOf(await slash(h(), ADMIN, '/licstats', 'subscribe weekly'))).toContain('Weekly report subscribed');
    [{ id: subscriptionId }] = (await h().db.sql<{ id: number }>('select id from subscription')) as [{ id: number }];
    const preview = await slash(h(), ADMIN, '/licstats', 'reset all');
    pendingReset = buttons(preview).find((b) => b.action_id === 'licbot:reset-confirm')?.value ?? '';
    expect(pendingReset).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a user without a role every protected command, the same whether its target exists, and audits each', async () => {
    const before = await state();
    const calls = protectedCalls(subscriptionId);
    expect(calls.length).toBeGreaterThanOrEqual(14);
    let tries = 0;
    for (const call of calls) {
      const replies = [];
      for (const text of call.texts) replies.push(await slash(h(), NOBODY, call.command, text));
      tries += replies.length;
      expect(textOf(replies[0] as SlackMessage), call.name).toContain(refusalOf(call));
      for (const reply of replies) expect(reply, `${call.name}: the same answer for every target`).toEqual(replies[0]);
    }
    expect(await state()).toEqual(before);
    const audited = await denials();
    expect(audited).toHaveLength(tries);
    expect(new Set(audited.map((d) => d.actor))).toEqual(new Set([`slack:${NOBODY}`]));
    expect(new Set(audited.map((d) => d.what))).toEqual(new Set(calls.map((c) => `/${c.name}`)));
  });

  it('refuses a manager every admin command the same way, and audits it', async () => {
    const before = await state();
    const calls = protectedCalls(subscriptionId).filter((c) => c.role === 'admin');
    const already = (await denials()).length;
    for (const call of calls) {
      const replies = [];
      for (const text of call.texts) replies.push(await slash(h(), MANAGER, call.command, text));
      expect(textOf(replies[0] as SlackMessage), call.name).toContain(refusalOf(call));
      for (const reply of replies) expect(reply).toEqual(replies[0]);
    }
    expect(await state()).toEqual(before);
    const audited = (await denials()).slice(already);
    expect(audited.length).toBe(calls.reduce((n, c) => n + c.texts.length, 0));
    expect(audited.every((d) => d.actor === `slack:${MANAGER}` && d.needed === 'admin')).toBe(true);
  });

  it('refuses a non-admin the Confirm and Cancel buttons alike for a real and a made-up confirmation, audited', async () => {
    const before = await state();
    const already = (await denials()).length;
    for (const action of ['licbot:reset-confirm', 'licbot:reset-cancel']) {
      const real = await press(h(), MANAGER, action, pendingReset);
      const madeUp = await press(h(), MANAGER, action, randomUUID());
      expect(textOf(real)).toMatch(/(Confirming a reset|Cancelling) needs the admin role\./);
      expect(madeUp).toEqual(real);
    }
    expect(await state()).toEqual(before);
    expect((await denials()).slice(already)).toEqual([
      { actor: `slack:${MANAGER}`, what: 'Confirming a reset', needed: 'admin' },
      { actor: `slack:${MANAGER}`, what: 'Confirming a reset', needed: 'admin' },
      { actor: `slack:${MANAGER}`, what: 'Cancelling', needed: 'admin' },
      { actor: `slack:${MANAGER}`, what: 'Cancelling', needed: 'admin' },
    ]);
  });

  it("answers another account's admin about acme's subscription exactly as about a missing one", async () => {
    const before = await state();
    for (const verb of ['pause', 'resume', 'unsubscribe']) {
      const theirs = await slash(h(), GLOBEX_ADMIN, '/licstats', `${verb} ${subscriptionId}`, 'C0GLOBEX', GLOBEX_TEAM);
      const missing = await slash(h(), GLOBEX_ADMIN, '/licstats', `${verb} ${MISSING_ID}`, 'C0GLOBEX', GLOBEX_TEAM);
      expect(textOf(theirs)).toContain(`No subscription ${subscriptionId} in this account.`);
      expect(JSON.stringify(theirs).replaceAll(String(subscriptionId), MISSING_ID)).toBe(JSON.stringify(missing));
    }
    // Their list shows none of acme's.
    const list = await slash(h(), GLOBEX_ADMIN, '/licstats', 'subscriptions', 'C0GLOBEX', GLOBEX_TEAM);
    expect(textOf(list)).toContain('No channel gets the weekly report yet.');
    expect(await state()).toEqual(before);
  });

  it("answers another account's admin pressing acme's confirmation exactly as a made-up one, changing nothing", async () => {
    const before = await state();
    for (const action of ['licbot:reset-confirm', 'licbot:reset-cancel']) {
      const theirs = await press(h(), GLOBEX_ADMIN, action, pendingReset, GLOBEX_TEAM);
      const madeUp = await press(h(), GLOBEX_ADMIN, action, randomUUID(), GLOBEX_TEAM);
      expect(textOf(theirs)).toContain('That confirmation is unknown; nothing was changed.');
      expect(madeUp).toEqual(theirs);
    }
    expect(await state()).toEqual(before);
    // acme's admin can still use it: nothing above spent it.
    expect(textOf(await press(h(), ADMIN, 'licbot:reset-cancel', pendingReset))).toContain('Cancelled');
  });

  it("shows another account's admin none of acme's sessions or counters", async () => {
    const sessions = await slash(h(), GLOBEX_ADMIN, '/sessions', 'elum', 'C0GLOBEX', GLOBEX_TEAM);
    const stats = await slash(h(), GLOBEX_ADMIN, '/licstats', '', 'C0GLOBEX', GLOBEX_TEAM);
    for (const reply of [sessions, stats]) expect(JSON.stringify(reply)).not.toMatch(/ana@example\.com|ELUMA|AGIXX/);
    expect(JSON.stringify(await slash(h(), ADMIN, '/sessions', 'elum'))).toContain('ana@example.com');
  });
});
