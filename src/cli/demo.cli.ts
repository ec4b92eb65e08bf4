import { requireAccount } from '../accounts/account.service.js';
import { createApiKey, listApiKeys } from '../accounts/api-key.service.js';
import { bootstrap } from '../app.js';
import type { Config } from '../config.js';
import { query, sql } from '../db/sql.js';
import { seedAccount } from '../seed/seed.service.js';
import { type CliCommand, parseFlags, withEm, writeLine } from './cli-command.js';
import { migrateDatabase } from './migrate.cli.js';
import { printSummary } from './seed.cli.js';
import { serveUntilSignal } from './serve.cli.js';

const DEMO_ACCOUNT = 'default';
const DEMO_KEY_NAME = 'demo';

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

function tips(port: number): string[] {
  const base = `http://127.0.0.1:${port}`;
  const tries: [string, string][] = [
    [`curl ${base}/healthz`, 'liveness'],
    [`curl ${base}/readyz`, 'readiness (database reachable)'],
    ['npm run licbot -- stats', 'license stats per product (add --product elum for one)'],
    ['npm run licbot -- sessions --view condensed', 'who used what, how long (last 3 months)'],
    ['npm run licbot -- flags', 'idle seats, under-used pools, denials, old versions'],
    [`curl ${base}/api/v1/openapi.json`, 'the event and license API (README "Event API")'],
    ['npm run licbot -- seed --help', 'more data, e.g. --scale large into another account'],
  ];
  const width = Math.max(...tries.map(([command]) => command.length));
  return [
    `LicBot demo is running on ${base}. Try:`,
    ...tries.map(([command, what]) => `  ${command.padEnd(width)}  ${what}`),
    'For Slack, set SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN and ADMINS (README "Slack").',
    'Stop with Ctrl+C.',
  ];
}

export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'migrate, load demo data, create a demo API key and serve',
  usage: 'licbot demo',
  async run(argv, ctx) {
    parseFlags(argv, {});
    await prepareDemo(ctx.config, ctx.stdout);
    const app = await bootstrap(ctx.config);
    const port = await app.listen();
    for (const line of tips(port)) writeLine(ctx.stdout, line);
    await serveUntilSignal(app);
    return 0;
  },
};
