import { beforeAll, describe, expect, it } from 'vitest';
import { claimPendingAction, createPendingAction } from '../../src/core/pending-actions.js';
import type { Account } from '../../src/db/entities/index.js';
import { createDefaultAccount, useTestDatabase } from '../helpers/test-database.js';

describe('pending actions (confirmation buttons)', () => {
  const db = useTestDatabase();
  let account: Account;
  let other: Account;
  const t0 = new Date('2026-11-28T10:00:00Z');
  const minutes = (m: number) => new Date(t0.getTime() + m * 60_000);

  beforeAll(async () => {
    account = await createDefaultAccount(db(), 'acme');
    other = await createDefaultAccount(db(), 'globex');
  });

  it('is claimed exactly once even by simultaneous presses', async () => {
    const id = await createPendingAction(db().em(), account, 'reset', { scope: 'all' }, 'slack:U1', t0);
    const claims = await Promise.all(
      Array.from({ length: 8 }, () => claimPendingAction(db().em(), account, id, 'reset', 'slack:U1', minutes(1))),
    );
    expect(claims.filter((c) => c.status === 'claimed')).toEqual([{ status: 'claimed', payload: { scope: 'all' } }]);
    expect(claims.filter((c) => c.status === 'used')).toHaveLength(7);
  });

  it('expires after 10 minutes', async () => {
    const id = await createPendingAction(db().em(), account, 'reset', {}, 'slack:U1', t0);
    expect((await claimPendingAction(db().em(), account, id, 'reset', 'slack:U1', minutes(10))).status).toBe('expired');
    const fresh = await createPendingAction(db().em(), account, 'reset', {}, 'slack:U1', t0);
    expect((await claimPendingAction(db().em(), account, fresh, 'reset', 'slack:U1', minutes(9.9))).status).toBe(
      'claimed',
    );
  });

  it('cannot be claimed from another account, as another kind, or with a made-up id', async () => {
    const id = await createPendingAction(db().em(), account, 'reset', {}, 'slack:U1', t0);
    expect((await claimPendingAction(db().em(), other, id, 'reset', 'slack:U1', t0)).status).toBe('missing');
    expect((await claimPendingAction(db().em(), account, id, 'undo', 'slack:U1', t0)).status).toBe('missing');
    expect((await claimPendingAction(db().em(), account, "x' or 1=1 --", 'reset', 'slack:U1', t0)).status).toBe(
      'missing',
    );
    expect((await claimPendingAction(db().em(), account, id, 'reset', 'slack:U1', t0)).status).toBe('claimed');
  });
});
