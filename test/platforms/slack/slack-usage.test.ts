import { mkdirSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { addEvents, addLicense, addSession, eventsOf } from '../../helpers/fixtures.js';
import { codeTables } from '../../helpers/slack-blocks.js';
import { slash } from '../../helpers/slack-commands.js';
import { ADMIN, useSlackHarness } from '../../helpers/slack-harness.js';
import { slackLimitViolations } from '../../helpers/slack-limits.js';
import { createDefaultAccount } from '../../helpers/test-database.js';

const clock = { now: new Date('2026-11-28T12:00:00Z') };

describe('Slack: /licstats usage <product> [days N]', () => {
  const h = useSlackHarness({ now: () => clock.now });

  beforeAll(async () => {
    const account = await createDefaultAccount(h().db, 'default');
    const pool = await addLicense(h().db, account, {
      product: 'ElumTools',
      type: 'MUL',
      seats: 3,
      code: 'ELUMA-1111-2222-3333',
    });
    // Nov 25 09:00–11:00 three sessions, one of them until 13:00: peak 3; demand 3·2 + 2 = 8
    // seat-hours, 2 seats serve 4 + 2 = 6 (75%): 95% needs 3. Two denials in the window.
    for (const end of ['11:00', '11:00', '13:00'])
      await addSession(h().db, account.id, pool, {
        user: `u${end}@x.com`,
        start: '2026-11-25T09:00:00Z',
        end: `2026-11-25T${end}:00Z`,
      });
    await addEvents(h().db, account.id, pool, eventsOf('declined', 2, '2026-11-25T10:00:00Z'));
  });

  it('answers with the key numbers and uploads the pool chart as a PNG', async () => {
    const reply = await slash(h(), ADMIN, '/licstats', 'usage elum days 7');
    expect(slackLimitViolations(reply)).toEqual([]);
    expect(codeTables(reply)[0]).toEqual([
      ['Pool', 'Seats', 'Peak', '95% seats', 'Denials'],
      ['ElumTools MUL ELUMA…', '3', '3', '3', '2'],
    ]);
    expect(reply.blocks.map((b) => b.text?.text).join('\n')).toContain(
      'ElumTools MUL ELUMA…, 2026-11-21 – 2026-11-28: peak 3 of 3 seats in use; 3 seats would have covered 95% of the demand.',
    );
    await h().slack.waitFor(() => h().slack.uploads().length > 0);
    const bytes = h().slack.uploads()[0]?.bytes;
    expect(bytes?.subarray(1, 4).toString('latin1')).toBe('PNG');
    const png = PNG.sync.read(bytes!);
    expect([png.width, png.height]).toEqual([900, 360]);
    mkdirSync('review', { recursive: true });
    writeFileSync('review/usage-chart.png', bytes!);
    writeFileSync('review/usage-reply.json', `${JSON.stringify(reply, null, 2)}\n`);
  });

  it('asks for a product and a sensible number of days', async () => {
    expect((await slash(h(), ADMIN, '/licstats', 'usage')).text).toContain('Which product?');
    expect((await slash(h(), ADMIN, '/licstats', 'usage elum days 0')).text).toContain(
      'days must be a whole number from 1 to 92 (got "0").',
    );
  });
});
