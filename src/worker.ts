import { createServer } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { JsonLogger } from './common/logger';
import { ConfigError } from './config/environment';
import { AppConfig, loadConfig } from './config/app-config';
import { JOB_NAMES } from './jobs/job-definitions';
import { JobQueue } from './jobs/job-queue';
import { exitGracefullyOn } from './shutdown';

/**
 * `npm run worker`: runs background jobs (PDFs, e-mail, reviews, retention, webhooks) from the
 * shared PostgreSQL, serving no pages. Any number can run beside any number of web processes.
 * Answers GET /health on PORT (200 while it reaches the database) for orchestrators.
 */
async function main() {
  let config: AppConfig;
  try {
    config = { ...loadConfig(), role: 'worker' };
    if (!config.databaseUrl) {
      throw new Error('A worker needs DATABASE_URL: with the embedded database, the web process (npm start) runs the jobs itself.');
    }
  } catch (error) {
    process.stderr.write(`${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  const logger = new JsonLogger(config.logLevel);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, logger), { logger, abortOnError: false });
  await app.init();

  let stopping = false;
  const dataSource = app.get(DataSource);
  const health = createServer((req, res) => {
    if (req.url !== '/health') return void res.writeHead(404).end();
    const answer = (status: number, body: object) =>
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    if (stopping) return answer(503, { status: 'stopping', role: 'worker' });
    dataSource.query('SELECT 1').then(
      () => answer(200, { status: 'ok', role: 'worker' }),
      () => answer(503, { status: 'error', role: 'worker', message: 'The database does not answer.' }),
    );
  });
  await new Promise<void>((resolve) => health.listen(config.port, config.host, resolve));
  logger.announce('Ayni worker is ready', { jobs: JOB_NAMES, health: `http://${config.host}:${config.port}/health` });

  exitGracefullyOn(logger, config.shutdownTimeoutSeconds, async () => {
    stopping = true;
    await app.get(JobQueue).stopWorking();
    health.close();
    await app.close();
  });
}

main().catch((error) => {
  process.stderr.write(`Ayni worker failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
