import type { Server } from 'node:http';
import { createApp } from './app.factory';
import { JsonLogger } from './common/logger';
import { ConfigError } from './config/environment';
import { loadConfig } from './config/app-config';
import { Lifecycle } from './health/lifecycle';
import { JobQueue } from './jobs/job-queue';
import { exitGracefullyOn, within } from './shutdown';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    // A clear message and a non-zero exit: never start half-configured.
    process.stderr.write(`${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  const shown = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
  const logger = app.get(JsonLogger);
  logger.announce(`Ayni is ready at http://${shown}:${config.port}`, {
    database: config.databaseUrl ? 'postgresql' : 'embedded',
    jobs: app.get(JobQueue).runsJobs ? 'run here' : 'run by workers',
    pdf: config.pdf.rendering === 'worker' ? 'printed by workers' : 'printed here',
  });

  // SIGTERM: /health turns 503, no new connections, requests and jobs in flight get the bound to finish.
  exitGracefullyOn(logger, config.shutdownTimeoutSeconds, async () => {
    app.get(Lifecycle).stopping = true;
    const server = app.getHttpServer() as Server;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await Promise.all([within(closed, config.shutdownTimeoutSeconds * 1000), app.get(JobQueue).stopWorking()]);
    server.closeAllConnections();
    await app.close();
  });
}

main().catch((error) => {
  process.stderr.write(`Ayni failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
