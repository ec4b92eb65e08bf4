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
    expect(message).toContain(
      '  - PORT: must be a whole number from 0 to 65,535, or 0 for any free port (got "eighty")\n',
    );
    expect(message).toContain('.env.example');
  });

  it('refuses the development hash secret in production and never echoes secrets', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/HASH_SECRET: must be set to a private random value/);
    expect(() => loadConfig({ HASH_SECRET: 'short-secret' })).toThrow(/HASH_SECRET: must be at least 16 characters$/m);
  });

  it('says what every numeric setting takes, and never reads 1e3, 0x10 or 2.5 as a number', () => {
    const settings = {
      SESSION_TIMEOUT_MINUTES: ['1e3', 'from 1 to 1,440'],
      JOB_LOCK_SECONDS: ['-1', 'from 2 to 600'],
      API_RATE_LIMIT_PER_MINUTE: ['0x10', 'from 1 to 1,000,000'],
      WORKER_SHUTDOWN_GRACE_SECONDS: ['2.5', 'from 0 to 3,600'],
      PORT: ['70000', 'from 0 to 65,535, or 0 for any free port'],
    };
    const env = Object.fromEntries(Object.entries(settings).map(([name, [value]]) => [name, value]));
    expect(() => loadConfig(env)).toThrow(ConfigError);
    const message = (() => {
      try {
        loadConfig(env);
      } catch (e) {
        return (e as Error).message;
      }
    })();
    for (const [name, [value, range]] of Object.entries(settings))
      expect(message).toContain(`  - ${name}: must be a whole number ${range} (got "${value}")\n`);
    expect(message).not.toContain('NaN');
    const config = loadConfig({ PORT: ' 8080 ', SESSION_TIMEOUT_MINUTES: '45' });
    expect([config.PORT, config.SESSION_TIMEOUT_MINUTES]).toEqual([8080, 45]);
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
