import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { type DemoServices, resolveDemoServices } from '../../src/demo/demo-services.js';
import { processesMentioning } from '../helpers/demo-process.js';

// A newcomer who is root clones into /root (0700). As root the embedded PostgreSQL runs as
// `postgres`, which could not reach .licbot/pg there: initdb failed with "Permission denied".
describe('the demo in a checkout under a private (0700) home folder', () => {
  const home = mkdtempSync(join(tmpdir(), 'licbot-home-')); // mkdtemp makes it 0700
  const checkout = join(home, 'licbot');
  mkdirSync(checkout);
  let services: DemoServices | undefined;
  const outsideDir = () => /data in (\/\S+?):/.exec(services?.describe.join('\n') ?? '')?.[1];
  afterAll(async () => {
    await services?.stop();
    const outside = outsideDir();
    if (outside) rmSync(outside, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });

  it('starts its own PostgreSQL all the same, and says where its data is', async () => {
    services = await resolveDemoServices({ PATH: process.env.PATH }, checkout, true);
    const client = new pg.Client({ connectionString: services.databaseUrl.replace(/\/licbot$/, '/postgres') });
    await client.connect();
    try {
      expect((await client.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await client.end();
    }
    const line = services.describe.find((l) => l.startsWith('PostgreSQL:'));
    if (process.getuid?.() === 0) {
      expect(line).toMatch(/data in \/\S+\/licbot-demo-pg-\w{6}: the postgres user cannot reach this checkout/);
      // It runs as postgres, from the copy of the programs beside its data.
      const running = processesMentioning(`${outsideDir()}/programs-`);
      expect(running).toHaveLength(1);
      const pid = running[0]!.split(':')[0];
      expect(statSync(`/proc/${pid}`).uid).not.toBe(0);
    } else expect(line).toContain('data in .licbot/pg');
  }, 120_000);

  it.runIf(process.getuid?.() === 0)(
    'uses its folder again next time, but never one that others may write to',
    async () => {
      const first = outsideDir();
      await services?.stop();
      services = await resolveDemoServices({ PATH: process.env.PATH }, checkout, true);
      expect(outsideDir()).toBe(first); // the same cluster: initdb ran once
      await services.stop();
      services = undefined;
      // Anyone could have put files in it now: the next demo makes a folder of its own.
      chmodSync(first!, 0o777);
      const planted = first!;
      services = await resolveDemoServices({ PATH: process.env.PATH }, checkout, true);
      expect(outsideDir()).not.toBe(planted);
      rmSync(planted, { recursive: true, force: true });
    },
    120_000,
  );
});
