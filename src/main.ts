/** `npm start`: serve the API until SIGTERM/SIGINT, then drain requests, stop syncs and close the driver. */
import 'reflect-metadata';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './log.js';
import { startApp } from './app.js';
import { errorMessage } from './errors.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`identity-twin: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(config.logLevel);
  const app = await startApp(config, { log }).catch((err: unknown) => {
    log.fatal({ err: errorMessage(err) }, 'could not start');
    process.exit(1);
  });
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: draining requests');
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

void main();
