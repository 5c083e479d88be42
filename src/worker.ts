import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import pino from 'pino';
import { AppModule } from './app.module';
import { openRuntime } from './bootstrap';
import { startHeartbeat } from './heartbeat';
import { closeOnSignals, configOrExit, exitOnStartupFailure } from './process';

/**
 * Job worker without an HTTP listener: scale processing separately from the
 * API by running API instances with WORKER_ENABLED=false and any number of
 * these. Same code, same configuration.
 */
async function main(): Promise<void> {
  const config = configOrExit({ ...process.env, WORKER_ENABLED: 'true' });
  // Embedded stand-ins belong to the API process on the same DATA_DIR; a worker only reuses them.
  const runtime = await openRuntime(config, { reuseEmbedded: true });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(runtime), { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  await app.init();
  const log = pino({ level: config.logLevel, base: { context: 'worker' } });
  log.info('worker running');
  const stopHeartbeat = startHeartbeat(
    () => runtime.dataSource.query('SELECT 1'),
    (e) => log.warn({ err: e }, 'heartbeat: database unreachable'),
  );
  closeOnSignals(log, config.http.shutdownTimeoutMs, async () => {
    stopHeartbeat();
    await app.close();
    await runtime.close();
  });
}

main().catch(exitOnStartupFailure('worker start-up'));
