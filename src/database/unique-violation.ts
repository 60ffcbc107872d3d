import { QueryFailedError } from 'typeorm';

/** A unique-constraint failure on `table`: the database caught two requests racing for one value. */
export function isUniqueViolation(error: unknown, table: string): boolean {
  const driverError = error instanceof QueryFailedError ? (error.driverError as { code?: string; table?: string }) : undefined;
  return driverError?.code === '23505' && driverError.table === table;
}
