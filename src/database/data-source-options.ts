import type { DataSourceOptions, Logger } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export interface DatabaseTarget {
  url: string;
  /** PGlite serves one session: every query must share one connection. */
  embedded: boolean;
}

/** One definition for the app, the migration CLI and the tests. Never `synchronize`. */
export function dataSourceOptions(target: DatabaseTarget, logger?: Logger): DataSourceOptions {
  return {
    type: 'postgres',
    url: target.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+ and PGlite: no extension to install.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    extra: target.embedded ? { max: 1 } : { max: 10 },
    // Never TypeORM's default logger: it prints query parameters, which hold private data.
    logging: logger ? ['error', 'warn', 'migration'] : false,
    logger,
    maxQueryExecutionTime: 1000,
  };
}
