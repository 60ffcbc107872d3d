import { createApp } from './app.factory';
import { ConfigError } from './config/environment';
import { loadConfig } from './config/app-config';

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
  process.stdout.write(
    JSON.stringify({
      time: new Date().toISOString(),
      level: 'info',
      msg: `Ayni is ready at http://${shown}:${config.port}`,
      database: config.databaseUrl ? 'postgresql' : 'embedded',
    }) + '\n',
  );
}

main().catch((error) => {
  process.stderr.write(`Ayni failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
