import 'reflect-metadata';
// Node 20 is the platform decision (ARCHITECTURE.md); the SDK's end-of-support notice would break JSON logs.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import pino from 'pino';
import { AppModule } from './app.module';
import { openRuntime } from './bootstrap';
import { closeOnSignals, configOrExit, embeddedLog, exitOnStartupFailure } from './process';

/**
 * Job worker without an HTTP listener: scale processing separately from the
 * API by running API instances with WORKER_ENABLED=false and any number of
 * these. Same code, same configuration.
 */
async function main(): Promise<void> {
  const config = configOrExit({ ...process.env, WORKER_ENABLED: 'true' });
  const log = pino({ level: config.logLevel, base: { context: 'worker' } });
  // Embedded stand-ins belong to the API process on the same DATA_DIR; a worker only reuses them.
  const runtime = await openRuntime(config, { reuseEmbedded: true, log: embeddedLog(log) });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(runtime), { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  await app.init();
  closeOnSignals(log, config.http.shutdownTimeoutMs, async () => {
    await app.close();
    await runtime.close();
  });
  for (const n of runtime.services.notices) log.info(n);
  for (const w of runtime.services.warnings) log.warn(w);
  log.info('worker running');
}

main().catch(exitOnStartupFailure('worker start-up'));
