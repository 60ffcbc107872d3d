import { dropDatabase, TEMPLATE_ENV } from './support/databases';

export default async function globalTeardown() {
  const serverUrl = process.env.DATABASE_URL;
  const template = process.env[TEMPLATE_ENV];
  if (serverUrl && template) await dropDatabase(serverUrl, template);
}
