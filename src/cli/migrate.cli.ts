import { ensureDefaultAccount } from '../accounts/account.service.js';
import type { Config } from '../config.js';
import { ensureDatabase, migrateUp, openOrm } from '../db/orm.js';
import type { CliCommand } from './cli-command.js';
import { parseFlags, writeLine } from './cli-command.js';

/** Creates the database if needed, applies pending migrations, and the default account. */
export async function migrateDatabase(
  config: Config,
): Promise<{ created: boolean; applied: string[]; defaultAccount: boolean }> {
  const created = await ensureDatabase(config.DATABASE_URL);
  const orm = await openOrm(config.DATABASE_URL);
  try {
    const applied = await migrateUp(orm);
    const account = await ensureDefaultAccount(orm.em.fork(), config.DEFAULT_TIME_ZONE);
    return { created, applied, defaultAccount: account !== undefined };
  } finally {
    await orm.close();
  }
}

export const migrateCommand: CliCommand = {
  name: 'migrate',
  summary: 'create the database if missing and apply pending migrations',
  usage: 'licbot migrate',
  async run(argv, ctx) {
    parseFlags(argv, {});
    const result = await migrateDatabase(ctx.config);
    const database = new URL(ctx.config.DATABASE_URL).pathname.slice(1);
    if (result.created) writeLine(ctx.stdout, `Created database "${database}".`);
    writeLine(
      ctx.stdout,
      result.applied.length
        ? `Applied ${result.applied.length} migration(s): ${result.applied.join(', ')}.`
        : 'Database is up to date.',
    );
    if (result.defaultAccount) writeLine(ctx.stdout, 'Created account "default".');
    return 0;
  },
};
