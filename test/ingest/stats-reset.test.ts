import { beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/db/entities/index.js';
import { UserError } from '../../src/errors.js';
import { resetStats, undoLastReset } from '../../src/ingest/stats-reset.js';
import { licenseStats } from '../../src/queries/license-stats.query.js';
import { addEvents, addLicense, eventsOf, setBaseline, type TestLicense } from '../helpers/fixtures.js';
import { createDefaultAccount, useTestDatabase } from '../helpers/test-database.js';

const zero = { full: 0, limited: 0, declined: 0, takes: 0, takeDenied: 0, checkouts: 0 };

describe('resetStats and undoLastReset', () => {
  const db = useTestDatabase();
  let account: Account;
  let sul: TestLicense;
  let mul: TestLicense;
  let hwk: TestLicense;
  let toolbox: TestLicense;
  let imported: TestLicense;

  const counters = async () => {
    const { licenses } = await licenseStats(db().em(), account.id, {
      now: new Date(),
      timeZone: 'UTC',
      declinedNoteThreshold: 5,
    });
    return Object.fromEntries(licenses.map((l) => [l.licenseId, l.counters]));
  };
  /**
   * An event that occurs after everything so far. A reset's instant is the database's clock,
   * so "after" is read from the database too (the test still holds when this process's clock
   * is shifted, as in `faketime -f '+400d' npm test`).
   */
  const justNow = async () => {
    await new Promise((r) => setTimeout(r, 5));
    const [row] = await db().sql<{ now: Date }>('select clock_timestamp() as now');
    return row!.now.toISOString();
  };

  beforeAll(async () => {
    account = await createDefaultAccount(db(), 'resets');
    sul = await addLicense(db(), account, { product: 'ElumTools', type: 'SUL' });
    mul = await addLicense(db(), account, { product: 'ElumTools', type: 'MUL', seats: 3 });
    hwk = await addLicense(db(), account, { product: 'ElumTools', type: 'HWK' });
    toolbox = await addLicense(db(), account, { product: 'Toolbox', type: 'MUL', seats: 2 });
    imported = await addLicense(db(), account, { product: 'Licaso', type: 'SUL' });
    await addLicense(db(), account, { product: 'AGi32', type: 'HWK' });
    await addEvents(db(), account.id, sul, [
      ...eventsOf('full', 2, '2026-10-01T00:00:00Z'),
      ...eventsOf('declined', 1, '2026-10-02T00:00:00Z'),
    ]);
    await addEvents(db(), account.id, mul, [
      ...eventsOf('full', 1, '2026-10-01T00:00:00Z'),
      ...eventsOf('checkout', 2, '2026-10-02T00:00:00Z'),
    ]);
    await addEvents(db(), account.id, toolbox, eventsOf('full', 5, '2026-10-01T00:00:00Z'));
    await setBaseline(db(), imported, '2026-11-01T00:00:00Z', { full: 40, limited: 3, declined: 1 });
  });

  it('zeroes one product, records the counters before it, and skips HWK', async () => {
    const products = await db().sql<{ id: number; name: string }>(
      'select id, name from product where account_id = $1',
      [account.id],
    );
    const elum = products.find((p) => p.name === 'ElumTools')!;
    const reset = await resetStats(db().em(), account.id, { kind: 'product', productId: elum.id }, 'admin@example.com');
    expect(reset.scope).toBe('ElumTools');
    expect(reset.skippedHwk).toBe(1);
    expect(reset.licenses.map((l) => [l.licenseId, l.before])).toEqual([
      [sul.id, { full: 2, limited: 1, declined: 1, takes: 0, takeDenied: 0, checkouts: 0 }],
      [mul.id, { full: 1, limited: 0, declined: 0, takes: 0, takeDenied: 0, checkouts: 2 }],
    ]);
    const now = await counters();
    expect(now[sul.id]).toEqual(zero);
    expect(now[mul.id]).toEqual(zero);
    expect(now[hwk.id]).toBeNull();
    expect(now[toolbox.id]).toMatchObject({ full: 5 });

    const stored = await db().sql(
      `select r.scope, r.by_user, r.undone_at, srl.license_id, srl.full_before, srl.checkouts_before
      from stats_reset r join stats_reset_license srl on srl.reset_id = r.id where r.id = $1 order by srl.license_id`,
      [reset.resetId],
    );
    expect(stored).toEqual([
      {
        scope: 'ElumTools',
        by_user: 'admin@example.com',
        undone_at: null,
        license_id: sul.id,
        full_before: 2,
        checkouts_before: 0,
      },
      {
        scope: 'ElumTools',
        by_user: 'admin@example.com',
        undone_at: null,
        license_id: mul.id,
        full_before: 1,
        checkouts_before: 2,
      },
    ]);
    const [audit] = await db().sql(`select actor, action, details from audit_log where action = 'stats.reset'`);
    expect(audit).toMatchObject({
      actor: 'admin@example.com',
      details: { resetId: reset.resetId, scope: 'ElumTools' },
    });
    // Nothing is ever deleted.
    const [{ n }] = (await db().sql('select count(*)::int as n from access_event')) as [{ n: number }];
    expect(n).toBe(11);
  });

  it('keeps out an event that arrives late but occurred before the reset', async () => {
    await addEvents(db(), account.id, sul, [{ mode: 'full', at: '2026-10-15T00:00:00Z' }]);
    expect((await counters())[sul.id]).toEqual(zero);
    await addEvents(db(), account.id, sul, [{ mode: 'full', at: await justNow() }]);
    await justNow();
    expect((await counters())[sul.id]).toEqual({ ...zero, full: 1 });
  });

  it('resets all, and undo falls back to the reset before', async () => {
    const all = await resetStats(db().em(), account.id, { kind: 'all' }, 'root@example.com');
    expect(all.scope).toBe('All products');
    expect(all.skippedHwk).toBe(2);
    expect(all.licenses.find((l) => l.licenseId === sul.id)?.before).toEqual({ ...zero, full: 1 });
    expect(all.licenses.find((l) => l.licenseId === toolbox.id)?.before).toEqual({ ...zero, full: 5 });
    expect(all.licenses.find((l) => l.licenseId === imported.id)?.before).toEqual({
      ...zero,
      full: 40,
      limited: 3,
      declined: 1,
    });
    const afterAll = await counters();
    for (const l of [sul, mul, toolbox, imported]) expect(afterAll[l.id]).toEqual(zero);

    const undone = await undoLastReset(db().em(), account.id, 'root@example.com');
    expect(undone).toMatchObject({
      resetId: all.resetId,
      scope: 'All products',
      byUser: 'root@example.com',
      licenses: 4,
    });
    const back = await counters();
    expect(back[sul.id]).toEqual({ ...zero, full: 1 });
    expect(back[mul.id]).toEqual(zero);
    expect(back[toolbox.id]).toEqual({ ...zero, full: 5 });
    expect(back[imported.id]).toEqual({ ...zero, full: 40, limited: 3, declined: 1 });
  });

  it('undoes the earlier reset next, counting every event again', async () => {
    await undoLastReset(db().em(), account.id, 'root@example.com');
    const back = await counters();
    // 2 full + 1 declined, the late one, the one after the reset.
    expect(back[sul.id]).toEqual({ full: 4, limited: 1, declined: 1, takes: 0, takeDenied: 0, checkouts: 0 });
    expect(back[mul.id]).toEqual({ ...zero, full: 1, checkouts: 2 });
    const undos = await db().sql(`select count(*)::int as n from audit_log where action = 'stats.undo_reset'`);
    expect(undos).toEqual([{ n: 2 }]);
    await expect(undoLastReset(db().em(), account.id, 'root@example.com')).rejects.toThrow(
      'There is no reset to undo.',
    );
  });

  it('resets a single license only', async () => {
    const reset = await resetStats(db().em(), account.id, { kind: 'license', licenseId: mul.id }, 'a@example.com');
    expect(reset.scope).toBe(`ElumTools ${mul.acPrefix}…`);
    const now = await counters();
    expect(now[mul.id]).toEqual(zero);
    expect(now[sul.id]).toMatchObject({ full: 4 });
  });

  it('refuses scopes with nothing to reset, and a reset without an author', async () => {
    const products = await db().sql<{ id: number; name: string }>(
      'select id, name from product where account_id = $1',
      [account.id],
    );
    const id = (name: string) => products.find((p) => p.name === name)!.id;
    await expect(
      resetStats(db().em(), account.id, { kind: 'product', productId: id('AGi32') }, 'a@b.c'),
    ).rejects.toThrow('AGi32 has only HWK licenses, which have no counters.');
    await expect(
      resetStats(db().em(), account.id, { kind: 'product', productId: id('Photometric Power Tools') }, 'a@b.c'),
    ).rejects.toThrow('Photometric Power Tools has no licenses.');
    await expect(resetStats(db().em(), account.id, { kind: 'all' }, '  ')).rejects.toBeInstanceOf(UserError);
    const [{ n }] = (await db().sql('select count(*)::int as n from stats_reset')) as [{ n: number }];
    expect(n).toBe(3);
  });
});
