import type { Logger as TypeOrmLogger } from 'typeorm';
import type { JsonLogger } from '../common/logger';

/**
 * TypeORM's own logger prints failed queries with their parameters: e-mails, names, password
 * hashes, later clients' stories. This one writes JSON through the app's logger with the SQL text
 * only, never the parameters, and nothing at all for ordinary queries.
 */
export class QuietTypeOrmLogger implements TypeOrmLogger {
  constructor(private readonly logger: JsonLogger) {}

  logQuery(): void {}

  logQueryError(error: string | Error, query: string): void {
    const e = error instanceof Error ? error : new Error(String(error));
    const code = (e as { code?: string }).code;
    this.logger.event('warn', 'query failed', {
      sqlState: code,
      error: e.message.split('\n')[0].slice(0, 200),
      query: query.slice(0, 300),
    });
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.event('warn', 'slow query', { ms: time, query: query.slice(0, 300) });
  }

  logSchemaBuild(): void {}

  logMigration(message: string): void {
    this.logger.event('info', 'migration', { message });
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.event('warn', 'typeorm', { message: String(message).slice(0, 300) });
  }
}
