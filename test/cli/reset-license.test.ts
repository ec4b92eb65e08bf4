import { beforeAll, describe, expect, it } from 'vitest';
import { runLicbot } from '../helpers/cli.js';
import { addEvents, addLicense, eventsOf, type TestLicense } from '../helpers/fixtures.js';
import { createDefaultAccount, useTestDatabase } from '../helpers/test-database.js';

/** `licbot reset --license PREFIX`: which licenses a prefix picks, and what it says when it cannot pick one. */
describe('licbot reset --license', () => {
  const db = useTestDatabase();
  const run = (...argv: string[]) => runLicbot([...argv, '--by', 'admin@example.com'], { DATABASE_URL: db().url });
  let sul: TestLicense;
  let seven: TestLicense;

  const resetLicenses = async () =>
    (
      await db().sql<{ license_id: number }>('select license_id from stats_reset_license order by reset_id, license_id')
    ).map((r) => r.license_id);

  beforeAll(async () => {
    const account = await createDefaultAccount(db());
    // One ElumTools license with counters and one hardware key, both starting NC.
    sul = await addLicense(db(), account, { product: 'ElumTools', type: 'SUL', code: 'NCAB1-1111-2222' });
    await addLicense(db(), account, { product: 'ElumTools', type: 'HWK', code: 'NCZZ9-0000-0000' });
    // Two AGi32 codes sharing their first five characters, told apart by their longer prefix.
    seven = await addLicense(db(), account, { product: 'AGi32', type: 'SUL', code: 'SHARE-7AAA-1111' });
    await addLicense(db(), account, { product: 'AGi32', type: 'SUL', code: 'SHARE-8BBB-2222' });
    await addEvents(db(), account.id, sul, eventsOf('full', 3, '2026-10-01T00:00:00Z'));
  });

  it('leaves the HWK license out, so a prefix that then names one license resets it', async () => {
    const reset = await run('reset', '--license', 'nc');
    expect(reset.code).toBe(0);
    expect(reset.err).toBe('');
    expect(reset.out).toMatch(/^Reset the counters of ElumTools NCAB1… \(1 license\) at /);
    // The counters just before, as recorded: ElumTools had 3 full accesses.
    expect(reset.out).toMatch(/ElumTools\s+NCAB1…\s+SUL\s+3\s+0\s+0\s+0\s+0\s+0\n/);
    expect(await resetLicenses()).toEqual([sul.id]);
  });

  it('says a hardware key has no counters instead of offering it', async () => {
    const hwk = await run('reset', '--license', 'NCZZ');
    expect([hwk.code, hwk.err]).toEqual([
      1,
      'ElumTools HWK NCZZ9… is a hardware key (HWK) license: no usage counters to reset.\n',
    ]);
    expect(await resetLicenses()).toEqual([sul.id]);
  });

  it('tells apart codes sharing five characters by more of the code, and says so when it cannot pick', async () => {
    const both = await run('reset', '--license', 'SHARE');
    expect([both.code, both.err]).toEqual([
      1,
      '2 licenses with counters start with SHARE…: AGi32 SUL SHARE-7…, AGi32 SUL SHARE-8…. Type more of the code as listed to pick one, or reset all of AGi32 with --product "AGi32".\n',
    ]);
    // Asking for the product would not help: both are AGi32.
    expect((await run('reset', '--license', 'SHARE', '--product', 'agi')).err).toContain('2 licenses with counters');
    const one = await run('reset', '--license', 'share-7');
    expect(one.code).toBe(0);
    // The result names the license by what tells it apart from SHARE-8, as everywhere.
    expect(one.out).toMatch(/^Reset the counters of AGi32 SHARE-7… \(1 license\)/);
    expect(await resetLicenses()).toEqual([sul.id, seven.id]);
  });

  it('still names a prefix that matches nothing', async () => {
    const none = await run('reset', '--license', 'QQ');
    expect([none.code, none.err]).toEqual([
      1,
      'No license with an activation code starting QQ…. See `licbot stats --format csv`.\n',
    ]);
  });
});
