import { beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../../src/db/entities/index.js';
import { FIXTURE_LICSTATS_ROWS, LICSTATS_COLUMNS, seedCommandFixture } from '../../helpers/command-fixture.js';
import { buttons, codeTables, contextTexts } from '../../helpers/slack-blocks.js';
import { press, slash } from '../../helpers/slack-commands.js';
import { ADMIN, useSlackHarness } from '../../helpers/slack-harness.js';
import { createDefaultAccount } from '../../helpers/test-database.js';

const clock = { now: new Date('2026-11-28T12:00:00Z') };
const MANAGER = 'UMGR';

describe('Slack: /licstats and /sessions against hand-computed numbers', () => {
  const h = useSlackHarness({ now: () => clock.now });
  let account: Account;

  beforeAll(async () => {
    const db = h().db;
    account = await createDefaultAccount(db, 'default');
    // The hand-computed data every platform's command tests share (numbers in its comments).
    await seedCommandFixture(db, account);
    await slash(h(), ADMIN, '/licstats', `managers add <@${MANAGER}>`);
  });

  it('/licstats shows one row per product with the exact counters, n/a for HWK and the warnings', async () => {
    const reply = await slash(h(), MANAGER, '/licstats', '');
    expect(reply.response_type).toBe('ephemeral');
    const [rows] = codeTables(reply);
    expect(rows?.[0]).toEqual(LICSTATS_COLUMNS);
    expect(rows?.slice(1)).toEqual(FIXTURE_LICSTATS_ROWS);
    const notes = contextTexts(reply).join('\n');
    expect(notes).toContain(
      'AGi32 SUL AGIXX… has no activations available: delete unused activations or buy more licenses; expires in 12 days (2026-12-10): renew it in time.',
    );
    expect(notes).toContain(
      'ElumTools MUL ELUMA… was declined 6 times since the last reset: more licenses may be needed.',
    );
    expect(reply.text).toContain('⚠️');
    expect(buttons(reply).map((b) => b.action_id)).toEqual(['licbot:rerun']);
  });

  it('/licstats elum matches by prefix and shows the activation code prefix only', async () => {
    const reply = await slash(h(), MANAGER, '/licstats', 'elum public');
    expect(reply.response_type).toBe('in_channel');
    expect(reply.blocks[0]?.text?.text).toBe('License stats: ElumTools');
    const [rows] = codeTables(reply);
    expect(rows?.slice(1)).toEqual([
      ['ElumTools', '3', 'MUL', 'Expires 2027-06-30', '2', '3', 'ELUMA…', '4', '7', '6', '0', '0', '2'],
    ]);
    expect(JSON.stringify(reply)).not.toContain('ELUMA-1111');
  });

  it('explains an unknown product with the valid names, and a mistyped subcommand', async () => {
    expect((await slash(h(), MANAGER, '/licstats', 'zzz')).text).toBe(
      'No product "zzz".\nProducts: AGi32, Toolbox, Photometric Power Tools, ElumTools, Licaso.',
    );
    expect((await slash(h(), MANAGER, '/licstats', 'flgs')).text).toContain('Did you mean /licstats flags?');
    expect((await slash(h(), ADMIN, '/licstats', 'subscribe weekly #ops')).text).toContain(
      "Pick the channel from Slack's # autocomplete",
    );
  });

  it('/sessions condensed gives one row per (email, program) in catalogue order with exact durations', async () => {
    const reply = await slash(h(), MANAGER, '/sessions', 'condensed');
    const [rows] = codeTables(reply);
    expect(rows).toEqual([
      ['Email', 'Program', 'Sessions', 'Duration'],
      ['ana@example.com', 'ElumTools', '3 (1 active)', '2:30:00'],
      ['bo@example.com', 'AGi32', '1', '25:00:00'],
    ]);
  });

  it('/sessions full lists active sessions with a green dot, then closed ones by end, newest first', async () => {
    const reply = await slash(h(), MANAGER, '/sessions', 'full');
    // The closed sessions are the main table (a table block); the one active session, a
    // line that fits a phone.
    const [closed] = codeTables(reply);
    expect(reply.blocks.map((b) => b.text?.text)).toContain(
      '🟢 2026-11-28 11:00 · ana@example.com · ElumTools · 2025.1 · PC-9 — Duration *1:00:00*',
    );
    expect(closed?.slice(1).map((r) => [r[0], r[1], r[5]])).toEqual([
      ['2026-11-26 09:30', 'ana@example.com', '0:30:00'],
      ['2026-11-25 10:00', 'ana@example.com', '1:00:00'],
      ['2026-11-21 09:00', 'bo@example.com', '25:00:00'],
    ]);
  });

  it('/sessions names a missing value and a bad date', async () => {
    expect((await slash(h(), MANAGER, '/sessions', 'user')).text).toContain('"user" needs a value');
    expect((await slash(h(), MANAGER, '/sessions', 'from 2026-13-01')).text).toContain(
      '"2026-13-01" is not a date for from.',
    );
  });

  it('refuses viewing to someone without a role, naming who can help', async () => {
    const reply = await slash(h(), 'USTRANGER', '/sessions', '');
    expect(reply.text).toBe(`/sessions needs the manager or admin role.\nIt is held by <@${ADMIN}>, <@${MANAGER}>.`);
  });

  it('refuses a reset to a manager, and the button to a manager who got hold of it', async () => {
    expect((await slash(h(), MANAGER, '/licstats', 'reset all')).text).toContain(
      '/licstats reset needs the admin role.',
    );
    const preview = await slash(h(), ADMIN, '/licstats', 'reset elum');
    const confirm = buttons(preview).find((b) => b.action_id === 'licbot:reset-confirm');
    const answer = await press(h(), MANAGER, 'licbot:reset-confirm', String(confirm?.value));
    expect(answer.text).toContain('Confirming a reset needs the admin role.');
    expect(await h().db.sql('select count(*)::int as n from stats_reset')).toEqual([{ n: 0 }]);
    await press(h(), ADMIN, 'licbot:reset-cancel', String(confirm?.value));
  });

  it('admin reset → confirm zeroes the counters, a double click resets once, undo brings them back', async () => {
    const preview = await slash(h(), ADMIN, '/licstats', 'reset ElumTools');
    expect(preview.blocks[0]?.text?.text).toBe('Reset the counters of ElumTools?');
    expect(codeTables(preview)[0]?.slice(1)).toEqual([
      ['ElumTools', '3', 'MUL', 'Expires 2027-06-30', '2', '3', 'ELUMA…', '4', '7', '6', '0', '0', '2'],
    ]);
    const confirm = buttons(preview).find((b) => b.action_id === 'licbot:reset-confirm');
    expect(confirm?.style).toBe('danger');
    expect(confirm?.confirm).toBeTruthy();

    const [first, second] = await Promise.all([
      press(h(), ADMIN, 'licbot:reset-confirm', String(confirm?.value)),
      press(h(), ADMIN, 'licbot:reset-confirm', String(confirm?.value)),
    ]);
    const outcomes = [first, second].map((m) => m.blocks[0]?.text?.text ?? m.text);
    expect(outcomes.filter((t) => t === 'Counters reset: ElumTools')).toHaveLength(1);
    expect(outcomes.filter((t) => t?.startsWith(`This was already answered by <@${ADMIN}>`))).toHaveLength(1);
    const done = [first, second].find((m) => m.blocks[0]?.text?.text === 'Counters reset: ElumTools');
    expect(done?.replace_original).toBe(true);
    expect(contextTexts(done!).join(' ')).toContain(
      'Programs report fresh data only after their second start-up or first renewal.',
    );
    expect(await h().db.sql('select count(*)::int as n from stats_reset')).toEqual([{ n: 1 }]);

    const after = await slash(h(), MANAGER, '/licstats', 'elum');
    expect(codeTables(after)[0]?.[1]?.slice(7)).toEqual(['0', '0', '0', '0', '0', '0']);
    // AGi32 is untouched.
    expect(codeTables(await slash(h(), MANAGER, '/licstats', 'agi'))[0]?.[1]?.slice(7)).toEqual([
      '3',
      '2',
      '1',
      '2',
      '1',
      '0',
    ]);

    const undo = await slash(h(), ADMIN, '/licstats', 'undo-reset');
    expect(undo.blocks[0]?.text?.text).toBe('Undo the last reset?');
    const undoConfirm = buttons(undo).find((b) => b.action_id === 'licbot:undo-confirm');
    const undone = await press(h(), ADMIN, 'licbot:undo-confirm', String(undoConfirm?.value));
    expect(undone.blocks[0]?.text?.text).toBe('Reset undone');
    expect(codeTables(await slash(h(), MANAGER, '/licstats', 'elum'))[0]?.[1]?.slice(7)).toEqual([
      '4',
      '7',
      '6',
      '0',
      '0',
      '2',
    ]);
    const audit = await h().db.sql<{ action: string }>(
      `select action from audit_log where action like 'stats.%' order by id`,
    );
    expect(audit.map((a) => a.action)).toEqual(['stats.reset', 'stats.undo_reset']);
  });

  it('refuses an expired confirmation and changes nothing', async () => {
    const preview = await slash(h(), ADMIN, '/licstats', 'reset all');
    const confirm = buttons(preview).find((b) => b.action_id === 'licbot:reset-confirm');
    const saved = clock.now;
    clock.now = new Date(saved.getTime() + 11 * 60_000);
    try {
      const answer = await press(h(), ADMIN, 'licbot:reset-confirm', String(confirm?.value));
      expect(answer.text).toBe(
        'These buttons expired after 10 minutes; nothing was changed. Run /licstats reset again.',
      );
    } finally {
      clock.now = saved;
    }
    expect(await h().db.sql('select count(*)::int as n from stats_reset where undone_at is null')).toEqual([{ n: 0 }]);
  });
});
