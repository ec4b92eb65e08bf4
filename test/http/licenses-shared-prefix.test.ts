import { beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/db/entities/index.js';
import { licenseStats } from '../../src/queries/license-stats.query.js';
import { accountWithLicenses, useApiServer } from '../helpers/api-server.js';
import { createDefaultAccount, useTestDatabase } from '../helpers/test-database.js';

const license = (activationCode: string) => ({
  product: 'Licaso',
  type: 'SUL',
  seats: 1,
  activationsAllowed: 2,
  expiresAt: '2027-08-16',
  activationCode,
});

describe('activation codes that share their first five characters', () => {
  const db = useTestDatabase();
  const api = useApiServer(db);
  let account: Account;
  let key: string;
  const put = (codes: string[]) => api().send('PUT', '/api/v1/licenses', key, { licenses: codes.map(license) });
  const shown = async () =>
    (
      await licenseStats(db().em(), account.id, {
        now: new Date('2026-12-01T12:00:00Z'),
        timeZone: 'UTC',
        declinedNoteThreshold: 5,
      })
    ).licenses.map((l) => l.activationCode);

  beforeAll(async () => {
    account = await createDefaultAccount(db(), 'prefix');
    key = await accountWithLicenses(db(), account, []);
  });

  it('warns when such a license is created and shows just enough characters to tell them apart', async () => {
    expect((await put(['LICAS-1111-SECRET-ONE'])).body).toEqual({ created: 1, updated: 0 });
    const second = await put(['LICAS-1299-SECRET-TWO']);
    expect(second.body).toEqual({
      created: 1,
      updated: 0,
      warnings: ['The new code LICAS-12… starts like LICAS-11…: they are shown that way to tell them apart.'],
    });
    expect((await shown()).sort()).toEqual(['LICAS-11…', 'LICAS-12…']);
    // Never the whole code: not in the answer, not in the table.
    expect(JSON.stringify(second.body)).not.toContain('SECRET');
  });

  it('numbers licenses stored before hints existed, and gives them a hint when their code is sent again', async () => {
    await db().sql(`update license set ac_hint = null where account_id = $1`, [account.id]);
    expect(await shown()).toEqual(['LICAS…#1', 'LICAS…#2']);
    expect((await put(['LICAS-1111-SECRET-ONE', 'LICAS-1299-SECRET-TWO'])).body).toEqual({ created: 0, updated: 2 });
    expect((await shown()).sort()).toEqual(['LICAS-11…', 'LICAS-12…']);
    const stored = await db().sql<{ ac_hint: string }>(`select ac_hint from license where account_id = $1`, [
      account.id,
    ]);
    expect(stored.map((r) => r.ac_hint).sort()).toEqual(['LICAS-1111', 'LICAS-1299']);
  });
});
