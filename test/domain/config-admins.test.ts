import { describe, expect, it } from 'vitest';
import { configAdminsFor } from '../../src/domain/config-admins.js';

describe('ADMINS entries per account', () => {
  const entries = ['slack:U1', 'teams:aad-1', 'acme/slack:U2', 'globex/teams:aad-2'];

  it('gives unprefixed entries to the default account only', () => {
    expect(configAdminsFor(entries, 'default')).toEqual(['slack:U1', 'teams:aad-1']);
  });

  it('gives prefixed entries to their account only', () => {
    expect(configAdminsFor(entries, 'acme')).toEqual(['slack:U2']);
    expect(configAdminsFor(entries, 'globex')).toEqual(['teams:aad-2']);
    expect(configAdminsFor(entries, 'initech')).toEqual([]);
  });
});
