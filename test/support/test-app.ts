import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { createDatabase, dropDatabase, TEMPLATE_ENV, uniqueName, withDatabase } from './databases';

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  dataSource: DataSource;
  /** A fresh cookie-keeping client, like one browser. */
  browser(): request.Agent;
  /** Runs SQL against the app's database, to arrange states like an expired session. */
  sql<T = unknown>(query: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/**
 * Starts the whole app as main.ts does, on its own database: a copy of the migrated template on a
 * real PostgreSQL when DATABASE_URL is set, an in-memory PGlite otherwise.
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const serverUrl = process.env.DATABASE_URL;
  let database: string | undefined;
  // Tests sign many practices up from one address; the limits get their own tests.
  const base = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    DATA_DIR: '/tmp/ayni-test-data',
    SIGNUPS_PER_IP_PER_HOUR: '10000',
    INTAKE_STARTS_PER_IP_PER_HOUR: '10000',
    VERIFICATIONS_PER_IP_PER_HOUR: '10000',
    WRONG_LINKS_PER_IP_PER_HOUR: '10000',
    INVITATIONS_PER_PRACTICE_PER_HOUR: '10000',
    ...env,
  });
  let config: AppConfig;
  if (serverUrl) {
    database = uniqueName('ayni_test');
    await createDatabase(serverUrl, database, process.env[TEMPLATE_ENV]);
    config = { ...base, databaseUrl: withDatabase(serverUrl, database) };
  } else {
    config = { ...base, databaseUrl: undefined, embeddedDbPath: 'memory://' };
  }
  const app = await createApp(config);
  await app.init();
  const dataSource = app.get(DataSource);
  return {
    app,
    config,
    dataSource,
    browser: () => request.agent(app.getHttpServer()),
    sql: (query, params) => dataSource.query(query, params),
    async close() {
      await app.close();
      if (serverUrl && database) await dropDatabase(serverUrl, database);
    },
  };
}
