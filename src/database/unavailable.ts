import { QueryFailedError } from 'typeorm';

/** Connection failures, and PostgreSQL shutting down, starting up or in recovery (SQLSTATE 57P0x, 08xxx). */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);

/** Whether `error` means the database could not be reached just now (rather than a bug or bad data). */
export function isDatabaseUnavailable(error: unknown): boolean {
  const inner = error instanceof QueryFailedError ? error.driverError : error;
  const { code, message } = (inner ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
  return (
    typeof message === 'string' && /^Connection terminated|Client has encountered a connection error|connection timeout/i.test(message)
  );
}
