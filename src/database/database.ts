import { OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import type { JsonLogger } from '../common/logger';
import { dataSourceOptions } from './data-source-options';
import { EmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres';
import { QuietTypeOrmLogger } from './typeorm-logger';

/** The app's one DataSource, with the embedded server behind it when there is no DATABASE_URL. */
export class Database implements OnApplicationShutdown {
  private constructor(
    readonly dataSource: DataSource,
    readonly embedded: EmbeddedPostgres | undefined,
  ) {}

  /** Connects (starting PGlite first if needed) and applies every pending migration. */
  static async open(config: AppConfig, logger: JsonLogger): Promise<Database> {
    const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(config.embeddedDbPath);
    const url = config.databaseUrl ?? embedded!.url;
    const dataSource = new DataSource(dataSourceOptions({ url, embedded: !!embedded }, new QuietTypeOrmLogger(logger)));
    try {
      await dataSource.initialize();
      const applied = await migrateOnce(dataSource, !!embedded);
      logger.event('info', 'database ready', {
        mode: embedded ? 'embedded' : 'postgresql',
        ...(embedded ? { path: config.embeddedDbPath } : {}),
        migrationsApplied: applied.map((m) => m.name),
      });
    } catch (error) {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.stop();
      throw error;
    }
    return new Database(dataSource, embedded);
  }

  async onApplicationShutdown() {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    await this.embedded?.stop();
  }
}

/**
 * Applies pending migrations. Web replicas and workers start together: on a real server a session
 * lock lets one migrate while the others wait, then find nothing left to do. (The embedded
 * database has one process and one connection, so no lock and no second connection.)
 */
async function migrateOnce(dataSource: DataSource, embedded: boolean) {
  if (embedded) return dataSource.runMigrations({ transaction: 'all' });
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query("SELECT pg_advisory_lock(hashtext('ayni:migrations'))");
    return await dataSource.runMigrations({ transaction: 'all' });
  } finally {
    await lock.query("SELECT pg_advisory_unlock(hashtext('ayni:migrations'))").catch(() => undefined);
    await lock.release();
  }
}
