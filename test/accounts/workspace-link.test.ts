import { describe, expect, it } from 'vitest';
import { requireLinkedAccount, resolveLinkedAccount } from '../../src/accounts/workspace-link.service.js';
import { createDefaultAccount, useTestDatabase } from '../helpers/test-database.js';

describe('workspace links', () => {
  const db = useTestDatabase();

  it('auto-links exactly one of two workspaces that arrive at the same moment', async () => {
    await createDefaultAccount(db(), 'default');
    const results = await Promise.all(
      ['T0AAA', 'T0BBB', 'T0AAA', 'T0BBB'].map((team) => resolveLinkedAccount(db().em(), 'slack', team)),
    );
    const links = await db().sql<{ external_id: string }>(
      `select external_id from workspace_link where platform = 'slack'`,
    );
    expect(links).toHaveLength(1);
    const winner = links[0]?.external_id;
    expect(results.map((a, i) => [['T0AAA', 'T0BBB', 'T0AAA', 'T0BBB'][i], a?.slug])).toEqual(
      ['T0AAA', 'T0BBB', 'T0AAA', 'T0BBB'].map((team) => [team, team === winner ? 'default' : undefined]),
    );
    await expect(requireLinkedAccount(db().em(), 'slack', winner === 'T0AAA' ? 'T0BBB' : 'T0AAA')).rejects.toThrow(
      /not linked to a LicBot account/,
    );
  });

  it('never auto-links when there are several accounts', async () => {
    await createDefaultAccount(db(), 'second');
    expect(await resolveLinkedAccount(db().em(), 'teams', 'tenant-1')).toBeUndefined();
  });
});
