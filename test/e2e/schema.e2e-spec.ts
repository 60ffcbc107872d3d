import { startTestApp, TestApp } from '../support/test-app';

describe('schema: the committed migrations match the entities', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('leaves nothing for TypeORM to change (an entity change without a migration fails here)', async () => {
    const pending = await t.dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('reverts every migration and applies them again to the same schema', async () => {
    const count = t.dataSource.migrations.length;
    for (let i = 0; i < count; i++) await t.dataSource.undoLastMigration({ transaction: 'all' });
    expect(await t.sql("SELECT 1 FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'users'")).toHaveLength(0);
    await t.dataSource.runMigrations({ transaction: 'all' });
    const pending = await t.dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries).toEqual([]);
  });

  it('has applied every migration', async () => {
    expect(await t.dataSource.showMigrations()).toBe(false);
  });
});
