import { createDataSource, migrate } from '../src/database/data-source';
import { resetTestDatabase, TEST_DATABASE_URL } from './support/database';

/**
 * The entities describe the schema the migrations build, exactly: after
 * migration:run, TypeORM's schema builder has nothing left to change (no
 * column, index, unique, check or foreign key it would add, alter or drop),
 * and every table the migrations create has an entity.
 */
describe('entities and migrated schema', () => {
  it('agree: no pending schema change after the migrations ran', async () => {
    await resetTestDatabase();
    const ds = createDataSource(TEST_DATABASE_URL, 2);
    await ds.initialize();
    try {
      await migrate(ds);
      const pending = await ds.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
      const rows: { table_name: string }[] = await ds.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'`,
      );
      const mapped = ds.entityMetadatas.map((m) => m.tableName);
      expect(rows.map((r) => r.table_name).sort()).toEqual([...mapped].sort());
    } finally {
      await ds.destroy();
    }
  });
});
