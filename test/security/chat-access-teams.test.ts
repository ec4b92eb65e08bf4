import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSubscription } from '../../src/accounts/subscription.service.js';
import type { Account } from '../../src/db/entities/index.js';
import { MISSING_ID, protectedCalls, refusalOf, twoLinkedAccounts } from '../helpers/protected-commands.js';
import { TENANT } from '../helpers/teams-activity.js';
import { cardOf, cardSubmits, cardTexts } from '../helpers/teams-cards.js';
import { TEAMS_ADMIN, useTeamsHarness } from '../helpers/teams-harness.js';

const NOW = new Date('2026-11-30T12:00:00Z');
const NOBODY = 'aad-nobody-0001';
const GLOBEX_TENANT = 'tenant-globex';
const GLOBEX_ADMIN = 'aad-globex-admin';

describe('Teams: every protected command and button, as a non-admin and from another tenant', () => {
  const h = useTeamsHarness({
    now: () => NOW,
    env: { ADMINS: `teams:${TEAMS_ADMIN},globex/teams:${GLOBEX_ADMIN}` },
  });
  let acme: Account;
  let subscriptionId = 0;
  let pendingReset = '';
  /** The texts of the one card a message got back. */
  const ask = async (user: string, text: string, tenant = TENANT, value?: unknown) => {
    const calls = await h().say({ user, text, tenant, value });
    expect(calls).toHaveLength(1);
    return cardTexts(cardOf(calls[0]));
  };
  const pressing = (user: string, action: string, pending: string, tenant = TENANT) =>
    ask(user, '', tenant, { licbot: action, value: pending });
  const state = () =>
    h().db.sql(`select
      (select json_agg(s order by s.id) from (select id, paused, deleted_at from subscription) s) as subscriptions,
      (select json_agg(p order by p.id) from (select id, used_at from pending_action) p) as pending,
      (select count(*)::int from stats_reset) as resets,
      (select count(*)::int from role_assignment) as roles`);
  const denials = () =>
    h().db.sql<{ actor: string; what: string }>(
      `select actor, details->>'what' as what from audit_log where action = 'access.denied' order by id`,
    );

  beforeAll(async () => {
    ({ acme } = await twoLinkedAccounts(h().db, 'teams', { acme: TENANT, globex: GLOBEX_TENANT }));
    const { subscription } = await createSubscription(
      h().db.em(),
      { account: acme, actor: `teams:${TEAMS_ADMIN}` },
      {
        platform: 'teams',
        target: '19:licenses@thread.tacv2',
        weekday: 1,
        timeOfDay: '09:00',
        timeZone: 'UTC',
        createdBy: TEAMS_ADMIN,
      },
    );
    subscriptionId = subscription.id;
    const calls = await h().say({ user: TEAMS_ADMIN, text: 'licstats reset all' });
    pendingReset =
      cardSubmits(cardOf(calls[0])).find((s) => s.data.licbot === 'licbot:reset-confirm')?.data.value ?? '';
    expect(pendingReset).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a user without a role every protected command, alike for existing and missing targets, audited', async () => {
    const before = await state();
    const calls = protectedCalls(subscriptionId);
    let tries = 0;
    for (const call of calls) {
      const replies = [];
      for (const text of call.texts) replies.push(await ask(NOBODY, `${call.command.slice(1)} ${text}`.trim()));
      tries += replies.length;
      expect(replies[0]?.join('\n'), call.name).toContain(refusalOf(call));
      for (const reply of replies) expect(reply).toEqual(replies[0]);
    }
    const real = await pressing(NOBODY, 'licbot:reset-confirm', pendingReset);
    expect(real.join('\n')).toContain('Confirming a reset needs the admin role.');
    expect(await pressing(NOBODY, 'licbot:reset-confirm', randomUUID())).toEqual(real);
    expect(await state()).toEqual(before);
    const audited = await denials();
    expect(audited).toHaveLength(tries + 2);
    expect(audited.every((d) => d.actor === `teams:${NOBODY}`)).toBe(true);
    expect(audited.at(-1)).toEqual({ actor: `teams:${NOBODY}`, what: 'Confirming a reset' });
  });

  it("answers another tenant's admin about acme's subscription and confirmation exactly as about missing ones", async () => {
    const before = await state();
    for (const verb of ['pause', 'resume', 'unsubscribe']) {
      const theirs = await ask(GLOBEX_ADMIN, `licstats ${verb} ${subscriptionId}`, GLOBEX_TENANT);
      const missing = await ask(GLOBEX_ADMIN, `licstats ${verb} ${MISSING_ID}`, GLOBEX_TENANT);
      expect(theirs.join('\n')).toContain(`No subscription ${subscriptionId} in this account.`);
      expect(theirs.map((t) => t.replaceAll(String(subscriptionId), MISSING_ID))).toEqual(missing);
    }
    const theirs = await pressing(GLOBEX_ADMIN, 'licbot:reset-confirm', pendingReset, GLOBEX_TENANT);
    expect(theirs.join('\n')).toContain('That confirmation is unknown; nothing was changed.');
    expect(await pressing(GLOBEX_ADMIN, 'licbot:reset-confirm', randomUUID(), GLOBEX_TENANT)).toEqual(theirs);
    expect(await state()).toEqual(before);
  });
});
