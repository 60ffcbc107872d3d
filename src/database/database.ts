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
      const applied = await dataSource.runMigrations({ transaction: 'all' });
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
