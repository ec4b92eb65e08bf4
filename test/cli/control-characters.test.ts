import { beforeAll, describe, expect, it } from 'vitest';
import { visibleText } from '../../src/domain/visible-text.js';
import { runLicbot } from '../helpers/cli.js';
import { addLicense, addSession } from '../helpers/fixtures.js';
import { createDefaultAccount, useTestDatabase } from '../helpers/test-database.js';

// What a hostile license client can put in the data an admin looks at in a terminal.
const CLEAR = '\x1b[2J\x1b[H'; // erase the screen, cursor home
const TITLE = '\x1b]0;pwned\x07'; // OSC: retitle the window, ended by BEL
const PRODUCT = `Evil${CLEAR}Tool`;
const MACHINE = `PC${TITLE}\x07`;
const VERSION = '1.0\r\n2026-11-03 09:00  root@example.com  Fake row';

/** Terminal controls except the line feeds that end our own lines. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

describe('client data in the CLI text output', () => {
  const db = useTestDatabase();
  const run = (...argv: string[]) => runLicbot(argv, { DATABASE_URL: db().url });

  beforeAll(async () => {
    const account = await createDefaultAccount(db());
    const evil = await addLicense(db(), account, { product: PRODUCT, type: 'SUL', code: 'EVILX-0001' });
    await addSession(db(), account.id, evil, {
      user: 'ann@example.com',
      machine: MACHINE,
      version: VERSION,
      start: '2026-11-03T08:00:00Z',
      end: '2026-11-03T09:00:00Z',
    });
  });

  it('escapes ESC, BEL, OSC, CR and LF visibly and unambiguously', () => {
    expect(visibleText(PRODUCT)).toBe('Evil\\x1b[2J\\x1b[HTool');
    expect(visibleText(MACHINE)).toBe('PC\\x1b]0;pwned\\x07\\x07');
    expect(visibleText('a\r\nb\tc\u0000d\u009be\u202ef\u200bg')).toBe('a\\r\\nb\\tc\\x00d\\x9be\\u{202e}f\\u{200b}g');
    // A backslash in the data is doubled, so `\x1b` typed by a client is not taken for ESC.
    expect(visibleText('C:\\x1b')).toBe('C:\\\\x1b');
    expect(visibleText('Straße 🟢 ElumTools')).toBe('Straße 🟢 ElumTools');
  });

  it('shows them escaped in the sessions table, one line per row', async () => {
    const text = await run('sessions', '--from', '2026-11-01', '--to', '2026-11-30');
    expect(text.code).toBe(0);
    expect(text.out).not.toMatch(RAW_CONTROL);
    const rows = text.out.split('\n').filter((l) => l.includes('ann@example.com'));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain(
      'ann@example.com  Evil\\x1b[2J\\x1b[HTool  1.0\\r\\n2026-11-03 09:00  root@example.com  Fake row  PC\\x1b]0;pwned\\x07\\x07 ',
    );
    expect(rows[0]).toMatch(/ 1:00:00$/);
    // The fake row exists only as text inside the version cell.
    expect(text.out.split('\n').filter((l) => l.includes('root@example.com'))).toEqual(rows);
  });

  it('escapes product names in the stats table and in errors that list them', async () => {
    const stats = await run('stats');
    expect(stats.out).not.toMatch(RAW_CONTROL);
    expect(stats.out).toContain('Evil\\x1b[2J\\x1b[HTool');
    const unknown = await run('stats', '--product', 'nope');
    expect(unknown.code).toBe(1);
    expect(unknown.err).not.toMatch(RAW_CONTROL);
    expect(unknown.err).toContain('Evil\\x1b[2J\\x1b[HTool');
  });

  it('keeps the exact data in JSON and CSV', async () => {
    const json = await run('sessions', '--from', '2026-11-01', '--to', '2026-11-30', '--format', 'json');
    const [session] = JSON.parse(json.out).closed as { productName: string; machine: string; version: string }[];
    expect([session?.productName, session?.machine, session?.version]).toEqual([PRODUCT, MACHINE, VERSION]);
    const csv = await run('sessions', '--from', '2026-11-01', '--to', '2026-11-30', '--format', 'csv');
    expect(csv.out).toContain(`,${PRODUCT},"${VERSION}",${MACHINE},`);
  });
});
