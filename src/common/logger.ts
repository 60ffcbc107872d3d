import { LoggerService } from '@nestjs/common';
import type { LogLevel } from '../config/app-config';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

/**
 * One JSON object per line. Callers pass structured fields, never request bodies:
 * passwords, tokens and client text must not reach the logs.
 */
export class JsonLogger implements LoggerService {
  constructor(private readonly level: LogLevel = 'info') {}

  log(message: unknown, context?: string) {
    this.write('info', message, context);
  }
  error(message: unknown, trace?: string, context?: string) {
    this.write('error', message, context, trace);
  }
  warn(message: unknown, context?: string) {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string) {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string) {
    this.write('debug', message, context);
  }

  /** An info line written whatever LOG_LEVEL says: people and scripts wait for it (“ready”). */
  announce(msg: string, fields: Record<string, unknown>) {
    process.stdout.write(JSON.stringify({ time: new Date().toISOString(), level: 'info', msg, ...fields }) + '\n');
  }

  /** Structured event: `logger.event('info', 'request', { status, ms, correlationId })`. */
  event(level: LogLevel, msg: string, fields: Record<string, unknown>) {
    if (RANK[level] < RANK[this.level]) return;
    process.stdout.write(JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }) + '\n');
  }

  private write(level: LogLevel, message: unknown, context?: string, trace?: string) {
    const msg = message instanceof Error ? message.message : typeof message === 'string' ? message : JSON.stringify(message);
    this.event(level, msg, { context, ...(trace ? { trace } : {}) });
  }
}
