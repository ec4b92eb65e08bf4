import { beforeAll, describe, expect, it } from 'vitest';
import type { CommandRequest } from '../../src/core/command.js';
import { grantRole, revokeRole, rolesOf } from '../../src/core/roles.js';
import type { Account } from '../../src/db/entities/index.js';
import { createDefaultAccount, useTestDatabase } from '../helpers/test-database.js';

describe('roles under concurrency', () => {
  const db = useTestDatabase();
  let account: Account;
  const as = (userId: string): CommandRequest => ({
    account,
    platform: 'slack',
    userId,
    command: 'licstats',
    args: [],
  });

  beforeAll(async () => {
    account = await createDefaultAccount(db(), 'acme');
  });

  it('grants a role once when several admins grant it at the same moment', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, () => grantRole(db().em(), as('UBOSS'), { userId: 'UNEW' }, 'manager')),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await db().sql(`select count(*)::int as n from role_assignment where user_id = 'UNEW'`)).toEqual([{ n: 1 }]);
    expect(await db().sql(`select count(*)::int as n from audit_log where action = 'role.grant.manager'`)).toEqual([
      { n: 1 },
    ]);
  });

  it('never lets two admins remove each other and leave the account without one', async () => {
    await grantRole(db().em(), as('UBOSS'), { userId: 'UA' }, 'admin');
    await grantRole(db().em(), as('UBOSS'), { userId: 'UB' }, 'admin');
    const outcomes = await Promise.allSettled([
      revokeRole(db().em(), as('UA'), { userId: 'UB' }, 'admin', []),
      revokeRole(db().em(), as('UB'), { userId: 'UA' }, 'admin', []),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(String(refused.reason.message)).toBe('That would leave the account without an admin.');
    const admins = await db().sql(`select user_id from role_assignment where role = 'admin'`);
    expect(admins).toHaveLength(1);
    const left = (admins[0] as { user_id: string }).user_id;
    expect((await rolesOf(db().em(), account, 'slack', left, [])).has('admin')).toBe(true);
  });
});
