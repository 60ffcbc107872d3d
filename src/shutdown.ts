import type { JsonLogger } from './common/logger';

/**
 * On SIGTERM or SIGINT, runs `stop` once, then exits 0; exits 1 when it fails or takes longer
 * than the bound (plus a little for closing the pool), so an orchestrator is never left waiting.
 */
export function exitGracefullyOn(logger: JsonLogger, timeoutSeconds: number, stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.event('info', 'shutting down', { signal, timeoutSeconds });
    setTimeout(
      () => {
        logger.event('error', 'shutdown took too long: exiting with work unfinished', { timeoutSeconds });
        process.exit(1);
      },
      (timeoutSeconds + 5) * 1000,
    ).unref();
    stop().then(
      () => {
        logger.event('info', 'stopped', {});
        process.exit(0);
      },
      (error: unknown) => {
        logger.event('error', 'shutdown failed', { error: error instanceof Error ? error.message : String(error) });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

/** Resolves once `promise` settles or `ms` have passed, whichever comes first. */
export function within(promise: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    void promise.finally(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
