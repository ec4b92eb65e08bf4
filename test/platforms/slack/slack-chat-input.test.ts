import { beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../../src/accounts/account.service.js';
import { linkWorkspace } from '../../../src/accounts/workspace-link.service.js';
import { allBlocks, contextTexts } from '../../helpers/slack-blocks.js';
import { slash } from '../../helpers/slack-commands.js';
import { ADMIN, type SlackHarness, TEAM, useSlackHarness } from '../../helpers/slack-harness.js';
import { createDefaultAccount } from '../../helpers/test-database.js';

const OTHER_TEAM = 'T0OTHER';

/** A command typed in another workspace, linked to no account. */
const slashFrom = (h: SlackHarness, team: string, text: string) =>
  slash(h, 'USOMEONE', '/licstats', text, 'C0GENERAL', team);

describe('chat input that used to go wrong', () => {
  const h = useSlackHarness();

  beforeAll(async () => {
    // Two accounts: no workspace is linked automatically.
    const account = await createDefaultAccount(h().db, 'default');
    await createAccount(h().db.em(), { name: 'Acme', slug: 'acme', timeZone: 'UTC' });
    await linkWorkspace(h().db.em(), account, 'slack', TEAM, 'test');
  });

  it('answers /sessions from 0001-01-01 with the accepted range, not an apology', async () => {
    const ancient = await slash(h(), ADMIN, '/sessions', 'from 0001-01-01');
    expect(ancient.text).toBe(
      '"0001-01-01" is out of range for from: LicBot takes dates from 2000-01-01 to 2099-12-31.\nGive a date in that range, e.g. from 2026-09-01.',
    );
    // Year 99 is not 1999, and `to` is checked like `from`.
    const y99 = await slash(h(), ADMIN, '/sessions', 'condensed from 2026-01-01 to 0099-02-01');
    expect(y99.text).toContain('"0099-02-01" is out of range for to');
    for (const reply of [ancient, y99]) expect(reply.text).not.toContain('Sorry');
  });

  it('refuses a number of days written in another notation than digits', async () => {
    const reply = await slash(h(), ADMIN, '/licstats', 'usage elum days 1e1');
    expect(reply.text).toBe(
      'days must be a whole number from 1 to 92 (got "1e1").\nUsage: /licstats usage &lt;product&gt; [days N], e.g. /licstats usage elum days 14',
    );
  });

  it('says user takes an email address when given a name', async () => {
    const reply = await slash(h(), ADMIN, '/sessions', 'user bob');
    expect(reply.text).toBe(
      'user takes an email address, and "bob" is not one.\nGive the whole address, e.g. user ana@example.com.',
    );
  });

  it('shows help in a workspace linked to no account, with how to link it', async () => {
    const before = await h().db.sql('select platform, external_id from workspace_link order by id');
    const help = await slashFrom(h(), OTHER_TEAM, 'help');
    expect(help.blocks[0]?.text?.text).toBe('LicBot commands');
    expect(JSON.stringify(allBlocks(help))).toContain('/sessions [full|condensed]');
    expect(contextTexts(help).join('\n')).toContain(
      'This Slack workspace is not linked to a LicBot account, so there is no data to show. Ask whoever runs LicBot to link it with: licbot link slack T0OTHER --account SLUG (licbot account list shows the slugs).',
    );
    // `public` is dropped as anywhere else.
    expect((await slashFrom(h(), OTHER_TEAM, 'help public')).blocks[0]?.text?.text).toBe('LicBot commands');
    expect(await h().db.sql('select platform, external_id from workspace_link order by id')).toEqual(before);
  });

  it('tells an unlinked workspace how to get linked when it asks for data', async () => {
    const stats = await slashFrom(h(), OTHER_TEAM, '');
    expect(stats.text).toBe(
      'This Slack workspace is not linked to a LicBot account, so there is no data to show.\nAsk whoever runs LicBot to link it with: licbot link slack T0OTHER --account SLUG (licbot account list shows the slugs). Help works meanwhile: /licstats help.',
    );
  });
});
