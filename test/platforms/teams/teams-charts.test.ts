import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../../src/db/entities/index.js';
import { hashFileToken } from '../../../src/files/file-link.service.js';
import { cardOf, cardTexts } from '../../helpers/teams-cards.js';
import { TEAMS_ADMIN, useTeamsHarness } from '../../helpers/teams-harness.js';
import { createDefaultAccount } from '../../helpers/test-database.js';
import { seedUsageFixture } from '../../helpers/usage-fixture.js';

const clock = { now: new Date('2026-11-28T12:00:00Z') };

type El = { type?: string; url?: string; altText?: string; actions?: unknown };

describe('Teams: charts as Images in the card, served through the download-link route', () => {
  const h = useTeamsHarness({ now: () => clock.now });
  let account: Account;

  beforeAll(async () => {
    account = await createDefaultAccount(h().db, 'default');
    await seedUsageFixture(h().db, account);
  });

  it('shows each chart as an Image with its key numbers as alt text; the URL serves the PNG', async () => {
    const [call] = await h().say({ user: TEAMS_ADMIN, text: 'licstats usage elum days 7' });
    const card = cardOf(call);
    const images = (card.body as El[]).filter((e) => e.type === 'Image');
    expect(images.map((i) => i.altText)).toEqual([
      'ElumTools, 2026-11-22 – 2026-11-28: 3 sessions, most on 2026-11-25 (3); 2 denials on 1 day, most on 2026-11-25 (2).',
      'ElumTools MUL ELUMA…, 2026-11-22 – 2026-11-28: peak 3 of 3 seats in use; 3 seats would have covered 95% of the demand.',
    ]);
    // Pictures, not downloads: no "Download" button for them.
    expect(JSON.stringify(card.actions ?? [])).not.toContain('.png');
    expect(cardTexts(card).join(' ')).toContain('The charts show until 2026-11-29 12:00 UTC.');
    for (const image of images) {
      const url = new URL(image.url ?? '');
      expect(url.pathname).toMatch(/^\/files\/[\w-]{40,}$/);
      const res = await fetch(`${h().baseUrl}${url.pathname}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(res.headers.get('content-disposition')).toMatch(/^inline;/);
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      expect(PNG.sync.read(bytes).width).toBe(800);
    }
  });

  it("another account cannot open a chart: a link only opens files in its own account's folder", async () => {
    const [call] = await h().say({ user: TEAMS_ADMIN, text: 'licstats usage elum' });
    const [image] = (cardOf(call).body as El[]).filter((e) => e.type === 'Image');
    const path = new URL(image?.url ?? '').pathname;
    const other = await createDefaultAccount(h().db, 'other');
    const em = h().db.em();
    const [row] = await em.execute<{ id: number; account_id: number }[]>(
      'select id, account_id from file_link where token_hash = ?',
      [hashFileToken(path.split('/').pop() ?? '')],
    );
    expect(row?.account_id).toBe(account.id);
    // The same token, were it another account's link, opens nothing of this account's.
    await em.execute('update file_link set account_id = ? where id = ?', [other.id, row?.id]);
    expect((await fetch(`${h().baseUrl}${path}`)).status).toBe(404);
    await em.execute('update file_link set account_id = ? where id = ?', [account.id, row?.id]);
    expect((await fetch(`${h().baseUrl}${path}`)).status).toBe(200);
    // And a token nobody was given opens nothing.
    expect((await fetch(`${h().baseUrl}/files/${'x'.repeat(43)}`)).status).toBe(404);
  });
});
