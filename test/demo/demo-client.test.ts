import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireAccount } from '../../src/accounts/account.service.js';
import { createApiKey } from '../../src/accounts/api-key.service.js';
import { type App, bootstrap } from '../../src/app.js';
import { prepareDemo } from '../../src/cli/demo.cli.js';
import { startDemoClient } from '../../src/demo/demo-client.js';
import { createLogger } from '../../src/logger.js';
import { useTestDatabase } from '../helpers/test-database.js';

describe('the demo’s simulated license client', () => {
  const db = useTestDatabase();
  let app: App;
  let base = '';
  let key = '';

  beforeAll(async () => {
    await prepareDemo(db().config, new PassThrough());
    const em = db().em();
    key = (await createApiKey(em, await requireAccount(em, 'default'), 'client test', 'test')).key;
    app = await bootstrap(db().config);
    base = `http://127.0.0.1:${await app.listen(0, '127.0.0.1')}`;
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  it('keeps sessions active and adds accesses through the event API, and ends its sessions when stopped', async () => {
    const counts = async () =>
      (
        await db().sql<{ open: number; fresh: number; accesses: number }>(
          `select (select count(*)::int from session where ended_at is null and client_session_id like 'demo-%') as open,
                  (select count(*)::int from session where client_session_id like 'demo-%') as fresh,
                  (select count(*)::int from access_event) as accesses`,
        )
      )[0]!;
    const before = await counts();
    const warnings: string[] = [];
    const logger = createLogger('warn', {
      pretty: false,
      destination: { write: (line: string) => void warnings.push(line) },
    });
    const client = startDemoClient({ baseUrl: base, apiKey: key, logger, intervalMs: 150 });
    for (let i = 0; i < 100 && (await counts()).open < 3; i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 1500));
    const during = await counts();
    expect(during.open).toBeGreaterThanOrEqual(3);
    expect(during.accesses).toBeGreaterThan(before.accesses);
    // Heartbeats keep them fresh: the sweep would not close them.
    const [beat] = await db().sql<{ age: number }>(
      `select extract(epoch from now() - min(last_heartbeat_at))::int as age from session
       where ended_at is null and client_session_id like 'demo-%'`,
    );
    expect(beat!.age).toBeLessThan(60);
    await client.stop();
    expect((await counts()).open).toBe(0);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(Number(/licbot_events_total\{outcome="accepted"\} (\d+)/.exec(metrics)?.[1])).toBeGreaterThan(during.fresh);
    expect(warnings).toEqual([]);
  });
});
