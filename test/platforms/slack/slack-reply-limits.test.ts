import { mkdirSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../../src/db/entities/index.js';
import {
  addActivation,
  addEvents,
  addLicense,
  addSession,
  eventsOf,
  type TestLicense,
} from '../../helpers/fixtures.js';
import { allBlocks, codeTables } from '../../helpers/slack-blocks.js';
import { slash } from '../../helpers/slack-commands.js';
import { ADMIN, useSlackHarness } from '../../helpers/slack-harness.js';
import { slackLimitViolations, widePhoneLines } from '../../helpers/slack-limits.js';
import { slackScreenshot } from '../../helpers/slack-screenshot.js';
import { createDefaultAccount } from '../../helpers/test-database.js';

const clock = { now: new Date('2026-11-28T12:00:00Z') };
const PRODUCTS = ['AGi32', 'Toolbox', 'Photometric Power Tools', 'ElumTools', 'Licaso'];

/** Every command a person can type that answers with data, as typed after /licstats or /sessions. */
const COMMANDS: [string, string][] = [
  ['/licstats', 'help'],
  ['/licstats', ''],
  ['/licstats', 'elum'],
  ['/licstats', 'csv'],
  ['/licstats', 'flags'],
  ['/licstats', 'reset all'],
  ['/licstats', 'subscriptions'],
  ['/licstats', 'admins'],
  ['/licstats', 'managers'],
  ['/licstats', 'alerts'],
  ['/sessions', ''],
  ['/sessions', 'full'],
  ['/sessions', 'condensed'],
];

async function seed(db: Parameters<typeof addLicense>[0], account: Account, scale: number): Promise<void> {
  const licenses: TestLicense[] = [];
  for (let i = 0; i < scale; i++) {
    const product = PRODUCTS[i % PRODUCTS.length]!;
    const type = i % 7 === 6 ? 'HWK' : i % 2 ? 'MUL' : 'SUL';
    const expiresAt = i % 9 === 0 ? '2026-11-11' : i % 5 === 0 ? '2026-12-10' : '2027-08-16';
    licenses.push(
      await addLicense(db, account, { product, type, seats: 1 + (i % 4), activationsAllowed: 1, expiresAt }),
    );
  }
  for (const [i, license] of licenses.entries()) {
    if (license.type === 'HWK') continue;
    await addEvents(db, account.id, license, [
      ...eventsOf('full', 2, '2026-11-20T09:00:00Z'),
      ...eventsOf('declined', i % 3 ? 1 : 8, '2026-11-25T09:00:00Z'),
    ]);
    await addActivation(db, account.id, license, { user: `user${i}@example.com`, at: '2026-01-01T00:00:00Z' });
    for (let s = 0; s < Math.ceil(scale / 20); s++) {
      await addSession(db, account.id, license, {
        user: `user${(i + s) % 300}@a-rather-long-domain.example.com`,
        machine: `WORKSTATION-${i}-${s}`,
        start: `2026-11-${String(10 + (s % 15)).padStart(2, '0')}T08:00:00Z`,
        end: s === 0 && i % 10 === 0 ? undefined : `2026-11-${String(10 + (s % 15)).padStart(2, '0')}T09:30:00Z`,
      });
    }
  }
}

describe.each([
  ['small', 6],
  ['large', 160],
])('Slack replies on %s data keep within Slack limits', (_label, scale) => {
  const h = useSlackHarness({ now: () => clock.now });

  beforeAll(async () => {
    const account = await createDefaultAccount(h().db, 'default');
    await seed(h().db, account, scale);
  }, 120_000);

  it.each(COMMANDS)('%s %s', async (command, text) => {
    const reply = await slash(h(), ADMIN, command, text);
    expect(slackLimitViolations(reply)).toEqual([]);
    expect(widePhoneLines(reply)).toEqual([]);
    // Each of these answers with data, not an error: a table block or a table's lines.
    if (!['subscriptions', 'alerts', 'csv'].includes(text)) expect(allBlocks(reply).length).toBeGreaterThan(2);
    if (['', 'elum', 'help', 'full', 'condensed'].includes(text))
      expect(allBlocks(reply).filter((b) => b.type === 'table')).toHaveLength(1);
    // The reference puts a table block in an attachment, never among the top-level blocks.
    expect(reply.blocks.some((b) => b.type === 'table')).toBe(false);
    // For review: how the overview reads at a phone's width.
    if (command === '/licstats' && text === '' && scale > 100) {
      mkdirSync('review', { recursive: true });
      writeFileSync('review/licstats-reply-phone.png', slackScreenshot(reply));
      writeFileSync('review/licstats-reply.json', `${JSON.stringify(reply, null, 2)}\n`);
    }
  });
});

describe('Slack refusing table blocks', () => {
  const h = useSlackHarness({ now: () => clock.now });

  beforeAll(async () => {
    const account = await createDefaultAccount(h().db, 'default');
    await seed(h().db, account, 6);
  }, 60_000);

  it.each(['invalid_blocks', 'invalid_attachments'] as const)(
    'posts the same reply again in monospace when the response_url answers %s',
    async (error) => {
      const accepted = await slash(h(), ADMIN, '/licstats', '');
      h().slack.refuseTables = error;
      const before = h().slack.refusedTables;
      try {
        const fallback = await slash(h(), ADMIN, '/licstats', '');
        expect(h().slack.refusedTables).toBe(before + 1);
        expect(allBlocks(fallback).some((b) => b.type === 'table')).toBe(false);
        expect(fallback.attachments).toBeUndefined();
        expect(fallback.blocks.some((b) => b.text?.text.startsWith('```Product'))).toBe(true);
        // The same rows, only drawn differently.
        expect(codeTables(fallback)).toEqual(codeTables(accepted));
        expect(slackLimitViolations(fallback)).toEqual([]);
      } finally {
        h().slack.refuseTables = false;
      }
    },
  );
});
