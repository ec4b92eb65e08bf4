import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/test-database.js';

const TABLES = [
  'access_event',
  'access_event_daily',
  'account',
  'activation',
  'alert_state',
  'api_key',
  'audit_log',
  'conversation_reference',
  'delivery',
  'event_receipt',
  'license',
  'product',
  'role_assignment',
  'session',
  'stats_reset',
  'stats_reset_license',
  'subscription',
  'workspace_link',
];

async function tableNames(sql: ReturnType<ReturnType<typeof useTestDatabase>>['sql']): Promise<string[]> {
  const rows = await sql<{ table_name: string }>(
    `select table_name from information_schema.tables where table_schema = 'public' and table_name <> 'mikro_orm_migrations' order by 1`,
  );
  return rows.map((r) => r.table_name);
}

describe('migrations', () => {
  const db = useTestDatabase();

  it('create every table of the data model', async () => {
    expect(await tableNames(db().sql)).toEqual(TABLES);
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
    expect(await tableNames(db().sql)).toEqual(TABLES);
    expect(await migrator.getPendingMigrations()).toEqual([]);
  });
});
