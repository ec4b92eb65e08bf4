import { beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/db/entities/index.js';
import { licenseStats } from '../../src/queries/license-stats.query.js';
import { addActivation, addEvents, addLicense, eventsOf, setBaseline, type TestLicense } from '../helpers/fixtures.js';
import { createDefaultAccount, useTestDatabase } from '../helpers/test-database.js';

const now = new Date('2026-11-28T12:00:00Z');

describe('licenseStats', () => {
  const db = useTestDatabase();
  let account: Account;
  let sul: TestLicense;
  let mul: TestLicense;
  let hwk: TestLicense;
  let imported: TestLicense;

  beforeAll(async () => {
    account = await createDefaultAccount(db(), 'stats', 'Asia/Kolkata');
    const id = account.id;
    sul = await addLicense(db(), account, {
      product: 'ElumTools',
      type: 'SUL',
      seats: 1,
      activationsAllowed: 2,
      expiresAt: '2026-12-10',
      code: 'sulaa-1111-2222',
    });
    mul = await addLicense(db(), account, {
      product: 'ElumTools',
      type: 'MUL',
      seats: 5,
      activationsAllowed: 3,
      expiresAt: '2027-06-30',
      code: 'MULBB-3333',
    });
    hwk = await addLicense(db(), account, { product: 'AGi32', type: 'HWK', seats: 1, expiresAt: '2026-11-01' });
    imported = await addLicense(db(), account, { product: 'Toolbox', type: 'MUL', seats: 2, activationsAllowed: 2 });
    await addEvents(db(), id, sul, [
      ...eventsOf('full', 3, '2026-10-01T08:00:00Z'),
      ...eventsOf('limited', 2, '2026-10-02T08:00:00Z'),
      ...eventsOf('declined', 1, '2026-10-03T08:00:00Z'),
      ...eventsOf('take', 2, '2026-10-04T08:00:00Z'),
      ...eventsOf('take_denied', 1, '2026-10-05T08:00:00Z'),
      // The event API rejects a checkout on a SUL; even if one got in, Checkouts stays 0.
      ...eventsOf('checkout', 1, '2026-10-06T08:00:00Z'),
    ]);
    await addEvents(db(), id, mul, [
      ...eventsOf('full', 4, '2026-10-01T09:00:00Z'),
      ...eventsOf('limited', 1, '2026-10-02T09:00:00Z'),
      ...eventsOf('declined', 2, '2026-10-03T09:00:00Z'),
      ...eventsOf('checkout', 3, '2026-10-04T09:00:00Z'),
      ...eventsOf('take', 1, '2026-10-05T09:00:00Z'),
    ]);
    await addEvents(db(), id, hwk, eventsOf('full', 2, '2026-10-01T09:00:00Z'));
    // Portal counters imported on Nov 1; one event before that is already in them.
    await setBaseline(db(), imported, '2026-11-01T00:00:00Z', { full: 100, limited: 7, declined: 4, checkouts: 9 });
    await addEvents(db(), id, imported, [
      ...eventsOf('full', 1, '2026-10-31T23:59:00Z'),
      ...eventsOf('full', 2, '2026-11-02T00:00:00Z'),
      ...eventsOf('declined', 1, '2026-11-03T00:00:00Z'),
    ]);
    await addActivation(db(), id, sul, { user: 'ann@example.com', at: '2026-01-01T00:00:00Z' });
    await addActivation(db(), id, sul, { user: 'bob@example.com', at: '2026-01-01T00:00:00Z' });
    await addActivation(db(), id, sul, {
      user: 'cy@example.com',
      at: '2026-01-01T00:00:00Z',
      deactivatedAt: '2026-02-01T00:00:00Z',
    });
    await addActivation(db(), id, mul, { user: 'ann@example.com', at: '2026-01-01T00:00:00Z' });
  });

  const run = (productId?: number) =>
    licenseStats(db().em(), account.id, { now, timeZone: 'Asia/Kolkata', declinedNoteThreshold: 5, productId });

  it('counts every counter of a SUL by the mapping of docs/numbers.md', async () => {
    const row = (await run()).licenses.find((l) => l.licenseId === sul.id)!;
    expect(row.counters).toEqual({ full: 3, limited: 4, declined: 2, takes: 2, takeDenied: 1, checkouts: 0 });
    expect(row).toMatchObject({
      productName: 'ElumTools',
      type: 'SUL',
      seats: 1,
      acPrefix: 'SULAA',
      activationCode: 'SULAA…',
      activationsAllowed: 2,
      activationsUsed: 2,
      activationsAvailable: 0,
      expiresOn: '2026-12-10',
      status: { text: 'Expires 2026-12-10', state: 'expiring', daysLeft: 12 },
    });
  });

  it('counts a MUL with takes and take denied always 0', async () => {
    const row = (await run()).licenses.find((l) => l.licenseId === mul.id)!;
    expect(row.counters).toEqual({ full: 4, limited: 3, declined: 2, takes: 0, takeDenied: 0, checkouts: 3 });
    expect([row.activationsUsed, row.activationsAvailable]).toEqual([1, 2]);
  });

  it('shows n/a (null) for every counter of an HWK, and its expiry', async () => {
    const row = (await run()).licenses.find((l) => l.licenseId === hwk.id)!;
    expect(row.counters).toBeNull();
    expect(row.status.text).toBe('Expired 2026-11-01');
  });

  it('adds the imported baseline to events that occurred after it', async () => {
    const row = (await run()).licenses.find((l) => l.licenseId === imported.id)!;
    expect(row.counters).toEqual({ full: 102, limited: 8, declined: 5, takes: 0, takeDenied: 0, checkouts: 9 });
    expect(row.countingSince?.toISOString()).toBe('2026-11-01T00:00:00.000Z');
  });

  it('sums per product in catalogue order, HWK-only products staying n/a', async () => {
    const { products } = await run();
    expect(products.map((p) => p.productName)).toEqual(['AGi32', 'Toolbox', 'ElumTools']);
    const elum = products.find((p) => p.productName === 'ElumTools')!;
    expect(elum).toMatchObject({
      licenses: 2,
      seatsByType: { SUL: 1, MUL: 5, HWK: 0 },
      activationsUsed: 3,
      activationsAvailable: 2,
      counters: { full: 7, limited: 7, declined: 4, takes: 2, takeDenied: 1, checkouts: 3 },
    });
    expect(elum.status.text).toBe('Expires 2026-12-10 (1 of 2)');
    expect(products[0]!.counters).toBeNull();
  });

  it('orders licenses by catalogue, then SUL, MUL, HWK, and filters by product', async () => {
    const all = await run();
    expect(all.licenses.map((l) => l.licenseId)).toEqual([hwk.id, imported.id, sul.id, mul.id]);
    const elum = await run(sul.productId);
    expect(elum.licenses.map((l) => l.licenseId)).toEqual([sul.id, mul.id]);
  });

  it('warns about expiry, exhausted activations and many declines', async () => {
    const { notes, today } = await run();
    expect(today).toBe('2026-11-28');
    // One line per license, the most serious first: expired, no activations, denials, expiring.
    expect(notes).toEqual([
      `AGi32 HWK ${hwk.acPrefix}… expired on 2026-11-01: renew it with the vendor.`,
      'ElumTools SUL SULAA… has no activations available: delete unused activations or buy more licenses; expires in 12 days (2026-12-10): renew it in time.',
      `Toolbox MUL ${imported.acPrefix}… was declined 5 times since the last reset: more licenses may be needed.`,
    ]);
  });
});
