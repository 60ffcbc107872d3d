import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { createDatabase, TEMPLATE_ENV, uniqueName, withDatabase } from './support/databases';

/** With DATABASE_URL: migrate a template database once for the whole run. Without: nothing (PGlite per file). */
export default async function globalSetup() {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return;
  const template = uniqueName('ayni_template');
  await createDatabase(serverUrl, template);
  const dataSource = new DataSource(dataSourceOptions({ url: withDatabase(serverUrl, template), embedded: false }));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'all' });
  } finally {
    await dataSource.destroy();
  }
  process.env[TEMPLATE_ENV] = template;
}
