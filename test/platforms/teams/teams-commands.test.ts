import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_LICSTATS_ROWS, LICSTATS_COLUMNS, seedCommandFixture } from '../../helpers/command-fixture.js';
import type { ConnectorCall } from '../../helpers/fake-teams.js';
import { CHANNEL, personalConversation } from '../../helpers/teams-activity.js';
import { cardOf, cardSubmits, cardTables, cardTexts } from '../../helpers/teams-cards.js';
import { TEAMS_ADMIN, type TeamsHarness, useTeamsHarness } from '../../helpers/teams-harness.js';
import { createDefaultAccount } from '../../helpers/test-database.js';

const clock = { now: new Date('2026-11-28T12:00:00Z') };
const MANAGER = 'aad-manager-0002';

/** The one card a turn sent (or put in place of another). */
async function ask(
  h: TeamsHarness,
  user: string,
  text: string,
  kind: 'personal' | 'channel' = 'personal',
  mentions?: { id: string; name: string }[],
) {
  const calls = await h.say({ user, text, kind, mentionBot: kind === 'channel', mentions });
  expect(calls).toHaveLength(1);
  return { call: calls[0] as ConnectorCall, card: cardOf(calls[0]) };
}

async function pressButton(h: TeamsHarness, user: string, card: ConnectorCall, action: string) {
  const submit = cardSubmits(cardOf(card)).find((s) => s.data.licbot === action);
  if (!submit) throw new Error(`no ${action} button`);
  const calls = await h.say({ user, text: '', value: submit.data, replyToId: card.activityId });
  expect(calls).toHaveLength(1);
  return { call: calls[0] as ConnectorCall, card: cardOf(calls[0]) };
}

describe('Teams: licstats and sessions as messages, against the Slack tests’ numbers', () => {
  const h = useTeamsHarness({ now: () => clock.now });

  beforeAll(async () => {
    const account = await createDefaultAccount(h().db, 'default');
    await seedCommandFixture(h().db, account);
    // A mention of another person is resolved to their AAD object id through the connector.
    h().teams.members.set('29:manager', { aadObjectId: MANAGER, name: 'Mia Manager' });
    const { card } = await ask(h(), TEAMS_ADMIN, 'licstats managers add <at>Mia Manager</at>', 'channel', [
      { id: '29:manager', name: 'Mia Manager' },
    ]);
    expect(cardTexts(card).join(' ')).toContain(`<at>${MANAGER}</at> is now a manager.`);
  }, 60_000);

  it('licstats shows one row per product with the exact counters, n/a for HWK and the warnings', async () => {
    const { call, card } = await ask(h(), MANAGER, 'licstats');
    expect(call.conversationId).toBe(personalConversation(MANAGER));
    const [rows] = cardTables(card);
    expect(rows?.[0]).toEqual(LICSTATS_COLUMNS);
    expect(rows?.slice(1)).toEqual(FIXTURE_LICSTATS_ROWS);
    const warnings = (card.body as { type: string; style?: string; items?: { text: string }[] }[]).find(
      (e) => e.type === 'Container' && e.style === 'emphasis',
    );
    const warningText = warnings?.items?.map((i) => i.text).join('\n') ?? '';
    expect(warningText).toContain(
      'AGi32 SUL AGIXX… has no activations available: delete unused activations or buy more licenses; expires in 12 days (2026-12-10): renew it in time.',
    );
    expect(warningText).toContain('ElumTools MUL ELUMA… was declined 6 times since the last reset');
    expect(String(call.body.summary)).toContain('⚠️');
    expect(cardSubmits(card).map((s) => s.data.licbot)).toEqual(['licbot:rerun']);
    expect(card.version).toBe('1.5');
  });

  it('in a channel, strips the @LicBot mention, takes a leading / and answers in the thread', async () => {
    const { call, card } = await ask(h(), MANAGER, '/licstats elum', 'channel');
    expect(call.conversationId).toBe(`${CHANNEL};messageid=1700000000000`);
    expect(call.body.replyToId).toBeTruthy();
    expect(cardTexts(card)[0]).toBe('License stats: ElumTools');
    expect(cardTables(card)[0]?.slice(1)).toEqual([
      ['ElumTools', '3', 'MUL', 'Expires 2027-06-30', '2', '3', 'ELUMA…', '4', '7', '6', '0', '0', '2'],
    ]);
    expect(JSON.stringify(call.body)).not.toContain('ELUMA-1111');
  });

  it('explains an unknown product and a mistyped subcommand the way Slack does', async () => {
    expect(cardTexts((await ask(h(), MANAGER, 'licstats zzz')).card)).toEqual([
      'No product "zzz".\nProducts: AGi32, Toolbox, Photometric Power Tools, ElumTools, Licaso.',
    ]);
    expect(cardTexts((await ask(h(), MANAGER, 'licstats flgs')).card).join(' ')).toContain(
      'Did you mean /licstats flags?',
    );
  });

  it('sessions condensed and full give the same rows as in Slack, active ones with a green dot', async () => {
    expect(cardTables((await ask(h(), MANAGER, 'sessions condensed')).card)[0]).toEqual([
      ['Email', 'Program', 'Sessions', 'Duration'],
      ['ana@example.com', 'ElumTools', '3 (1 active)', '2:30:00'],
      ['bo@example.com', 'AGi32', '1', '25:00:00'],
    ]);
    const [active, closed] = cardTables((await ask(h(), MANAGER, 'sessions full')).card);
    expect(active?.slice(1)).toEqual([
      ['🟢 2026-11-28 11:00', 'ana@example.com', 'ElumTools', '2025.1', 'PC-9', '1:00:00'],
    ]);
    expect(closed?.slice(1).map((r) => [r[0], r[1], r[5]])).toEqual([
      ['2026-11-26 09:30', 'ana@example.com', '0:30:00'],
      ['2026-11-25 10:00', 'ana@example.com', '1:00:00'],
      ['2026-11-21 09:00', 'bo@example.com', '25:00:00'],
    ]);
  });

  it('refuses someone without a role, naming who holds it with Teams mentions', async () => {
    const { card } = await ask(h(), 'aad-stranger', 'sessions');
    expect(cardTexts(card)).toEqual([
      `/sessions needs the manager or admin role.\nIt is held by <at>${TEAMS_ADMIN}</at>, <at>${MANAGER}</at>.`,
    ]);
    const entities = (card.msteams as { entities: { mentioned: { id: string } }[] }).entities;
    expect(entities.map((e) => e.mentioned.id)).toEqual([TEAMS_ADMIN, MANAGER]);
  });

  it('reset: the manager is refused on submit, one press of two resets, the card is replaced in place', async () => {
    expect(cardTexts((await ask(h(), MANAGER, 'licstats reset all')).card).join(' ')).toContain(
      '/licstats reset needs the admin role.',
    );
    const preview = await ask(h(), TEAMS_ADMIN, 'licstats reset ElumTools');
    expect(cardTexts(preview.card)[0]).toBe('Reset the counters of ElumTools?');
    const refused = await pressButton(h(), MANAGER, preview.call, 'licbot:reset-confirm');
    expect(cardTexts(refused.card).join(' ')).toContain('Confirming a reset needs the admin role.');
    expect(await h().db.sql('select count(*)::int as n from stats_reset')).toEqual([{ n: 0 }]);

    const first = await pressButton(h(), TEAMS_ADMIN, preview.call, 'licbot:reset-confirm');
    expect(first.call.kind).toBe('update');
    expect(first.call.activityId).toBe(preview.call.activityId);
    expect(cardTexts(first.card)[0]).toBe('Counters reset: ElumTools');
    const second = await pressButton(h(), TEAMS_ADMIN, preview.call, 'licbot:reset-confirm');
    expect(cardTexts(second.card)[0]).toContain(`This was already answered by <at>${TEAMS_ADMIN}</at>`);
    expect(await h().db.sql('select count(*)::int as n from stats_reset')).toEqual([{ n: 1 }]);
    expect(cardTables((await ask(h(), MANAGER, 'licstats elum')).card)[0]?.[1]?.slice(7)).toEqual([
      '0',
      '0',
      '0',
      '0',
      '0',
      '0',
    ]);

    const undo = await ask(h(), TEAMS_ADMIN, 'licstats undo-reset');
    expect(cardTexts(undo.card).join(' ')).toContain('Reset of **ElumTools**');
    const undone = await pressButton(h(), TEAMS_ADMIN, undo.call, 'licbot:undo-confirm');
    expect(cardTexts(undone.card)[0]).toBe('Reset undone');
    expect(cardTables((await ask(h(), MANAGER, 'licstats elum')).card)[0]?.[1]?.slice(7)).toEqual([
      '4',
      '7',
      '6',
      '0',
      '0',
      '2',
    ]);
  });

  it('refuses a confirmation pressed after 10 minutes', async () => {
    const preview = await ask(h(), TEAMS_ADMIN, 'licstats reset all');
    const saved = clock.now;
    clock.now = new Date(saved.getTime() + 11 * 60_000);
    try {
      const answer = await pressButton(h(), TEAMS_ADMIN, preview.call, 'licbot:reset-confirm');
      expect(cardTexts(answer.card)).toEqual([
        'These buttons expired after 10 minutes; nothing was changed. Run /licstats reset again.',
      ]);
    } finally {
      clock.now = saved;
    }
  });

  it('answers anything else with help, and refuses a second tenant with the link command', async () => {
    expect(cardTexts((await ask(h(), MANAGER, 'hello')).card)[0]).toBe('LicBot commands');
    const calls = await h().say({ user: 'aad-other', text: 'licstats', tenant: 'tenant-0002' });
    expect(cardTexts(cardOf(calls[0])).join(' ')).toContain('licbot link teams tenant-0002 --account SLUG');
  });

  it('never sends a card over 28 KB', () => {
    for (const call of h().teams.calls.filter((c) => c.kind === 'send' || c.kind === 'update'))
      expect(Buffer.byteLength(JSON.stringify(call.body))).toBeLessThan(28 * 1024);
  });
});
