import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ConfigError } from '../../src/errors.js';

describe('loadConfig', () => {
  it('gives working local defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/licbot');
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.PORT).toBe(3000);
    expect(config.SESSION_TIMEOUT_MINUTES).toBe(30);
    expect(config.ADMINS).toEqual([]);
  });

  it('parses ADMINS into platform-qualified ids', () => {
    expect(loadConfig({ ADMINS: 'slack:U123, teams:00000000-aaaa-bbbb-cccc-000000000000' }).ADMINS).toEqual([
      'slack:U123',
      'teams:00000000-aaaa-bbbb-cccc-000000000000',
    ]);
  });

  it('names every bad variable in one error', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', DEFAULT_TIME_ZONE: 'Mars/Olympus', ADMINS: 'bob' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('4 environment variable(s)');
    for (const name of ['PORT', 'DATABASE_URL', 'DEFAULT_TIME_ZONE', 'ADMINS']) expect(message).toContain(`- ${name}`);
    expect(message).toContain('(got "eighty")');
    expect(message).toContain('.env.example');
  });

  it('refuses the development hash secret in production and never echoes secrets', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/HASH_SECRET: must be set to a private random value/);
    expect(() => loadConfig({ HASH_SECRET: 'short-secret' })).toThrow(/HASH_SECRET: must be at least 16 characters$/m);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '', SLACK_BOT_TOKEN: '' }).PORT).toBe(3000);
  });
});

describe('ADMINS', () => {
  it('accepts an account prefix and rejects other shapes, naming the format', () => {
    expect(loadConfig({ ADMINS: 'acme/slack:U1,slack:U2' }).ADMINS).toEqual(['acme/slack:U1', 'slack:U2']);
    expect(() => loadConfig({ ADMINS: 'acme:slack:U1' })).toThrow(
      /prefix ACCOUNT_SLUG\/ for other accounts than default/,
    );
  });
});
