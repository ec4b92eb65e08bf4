import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, bootstrap } from '../../src/app.js';
import { prepareDemo } from '../../src/cli/demo.cli.js';
import { useTestDatabase } from '../helpers/test-database.js';

const ROOT = join(import.meta.dirname, '../..');

/** The first ```sh block of a README section, as a reader would copy it. */
function readmeBlock(heading: string): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf(`\n${heading}\n`));
  const match = /```sh\n([\s\S]*?)```/.exec(section);
  if (!match?.[1]) throw new Error(`no sh block under ${heading}`);
  return match[1];
}

describe('README "Event API" example', () => {
  const db = useTestDatabase();
  let app: App;
  let port = 0;

  beforeAll(async () => {
    await prepareDemo(db().config, new PassThrough());
    app = await bootstrap(db().config);
    port = await app.listen(0, '127.0.0.1');
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  it('works as written against the demo: the license, the access and an ended session', async () => {
    const { stdout } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', readmeBlock('## Event API')], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        DATABASE_URL: db().url,
        REDIS_URL: db().config.REDIS_URL,
        QUEUE_PREFIX: db().config.QUEUE_PREFIX,
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
      },
    });
    expect(stdout).toContain('{"created":1,"updated":0}');
    expect(stdout).toContain('{"accepted":3,"duplicates":0}');
    expect(stdout).toContain('"openapi":"3.1');
    // The example makes a new session id (a UUID) each run, as a client must.
    const [session] = await db().sql<{ minutes: number; open: boolean; uuid: boolean }>(
      `select extract(epoch from ended_at - started_at)::int / 60 as minutes, ended_at is null as open,
              client_session_id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' as uuid
       from session where user_email = 'ana@example.com' and machine = 'WS-01'`,
    );
    expect(session).toEqual({ minutes: 15, open: false, uuid: true });
    // Inside the default window of /sessions (the last 3 months, ending now).
    const [recent] = await db().sql<{ n: number }>(
      `select count(*)::int as n from session
        where user_email = 'ana@example.com' and machine = 'WS-01' and started_at > now() - interval '1 hour'`,
    );
    expect(recent?.n).toBe(1);
  }, 60_000);
});
