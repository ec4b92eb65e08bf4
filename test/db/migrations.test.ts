import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/test-database.js';

async function tableNames(sql: ReturnType<ReturnType<typeof useTestDatabase>>['sql']): Promise<string[]> {
  const rows = await sql<{ table_name: string }>(
    `select table_name from information_schema.tables where table_schema = 'public' and table_name <> 'mikro_orm_migrations' order by 1`,
  );
  return rows.map((r) => r.table_name);
}

describe('migrations', () => {
  const db = useTestDatabase();
  // Every entity's table, from the ORM's own metadata, so a new entity without a migration fails here.
  const entityTables = () =>
    Object.values(db().orm.getMetadata().getAll())
      .map((meta) => meta.tableName)
      .sort();

  it('create every table of the data model', async () => {
    expect(entityTables().length).toBeGreaterThanOrEqual(18);
    expect(await tableNames(db().sql)).toEqual(entityTables());
  });

  it('match the entity definitions exactly (no drift between entities and SQL)', async () => {
    const diff = await db().orm.schema.getUpdateSchemaSQL({ wrap: false });
    expect(diff.trim()).toBe('');
  });

  it('run down to an empty schema and up again', async () => {
    const migrator = db().orm.getMigrator();
    await migrator.down({ to: 0 });
    expect(await tableNames(db().sql)).toEqual([]);
    await migrator.up();
    expect(await tableNames(db().sql)).toEqual(entityTables());
    expect(await migrator.getPendingMigrations()).toEqual([]);
  });
});
