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

  it('has applied every migration', async () => {
    expect(await t.dataSource.showMigrations()).toBe(false);
  });
});
