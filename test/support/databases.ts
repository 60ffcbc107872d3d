import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * On a real PostgreSQL (DATABASE_URL set), the suite migrates one template database once and
 * gives every test file its own copy (CREATE DATABASE … TEMPLATE), so files never share rows.
 */
export const TEMPLATE_ENV = 'AYNI_TEST_TEMPLATE_DB';

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function admin<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export const uniqueName = (prefix: string) => `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;

export async function createDatabase(serverUrl: string, name: string, template?: string) {
  await admin(serverUrl, (c) => c.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`));
}

export async function dropDatabase(serverUrl: string, name: string) {
  await admin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}
