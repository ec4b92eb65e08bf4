import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, type Options, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { entities } from './entities/index.js';

const migrationsPath = join(dirname(fileURLToPath(import.meta.url)), '../../migrations');

/** The ORM options for one database URL; the CLI, the app and the tests all build it here. */
export function ormOptions(databaseUrl: string, overrides: Partial<Options> = {}): Options {
  return defineConfig({
    driver: PostgreSqlDriver,
    clientUrl: databaseUrl,
    entities,
    extensions: [Migrator],
    // Entities are defined with defineEntity, so no reflection is needed (vitest compiles
    // TypeScript with Oxc, whose decorator metadata differs from what tsx emits).
    discovery: { requireEntitiesArray: true },
    // vitest and tsx both load the .ts migrations through the host's own import().
    dynamicImportProvider: (id: string) => import(id),
    migrations: {
      path: migrationsPath,
      pathTs: migrationsPath,
      glob: '!(*.d).{js,ts}',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
    pool: { min: 0, max: 10 },
    // Only `licbot migrate` (and the demo, through it) creates a database: any other command
    // pointed at a mistyped DATABASE_URL would otherwise create it empty and then fail.
    ensureDatabase: false,
    debug: false,
    allowGlobalContext: false,
    ...overrides,
  });
}

// Used by the MikroORM CLI (`npm run orm -- migration:create`).
export default ormOptions(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/licbot');
