import 'reflect-metadata';
// Node 20 is the platform decision (ARCHITECTURE.md); the SDK's end-of-support notice would break JSON logs.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import pino from 'pino';
import { AppModule } from './app.module';
import { openRuntime } from './bootstrap';
import { ConfigError, loadConfig } from './config/config';

/**
 * Job worker without an HTTP listener: scale processing separately from the
 * API by running API instances with WORKER_ENABLED=false and any number of
 * these. Same code, same configuration.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig({ ...process.env, WORKER_ENABLED: 'true' });
  } catch (e) {
    if (e instanceof ConfigError) {
      for (const p of e.problems) process.stderr.write(`config error: ${p.variable} ${p.message}\n`);
      process.exit(78);
    }
    throw e;
  }
  // Embedded stand-ins belong to the API process on the same DATA_DIR; a worker only reuses them.
  const runtime = await openRuntime(config, { reuseEmbedded: true });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(runtime), { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  await app.init();
  const log = pino({ level: config.logLevel, base: { context: 'worker' } });
  log.info('worker running');
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: finishing active jobs and shutting down`);
    setTimeout(() => process.exit(1), config.http.shutdownTimeoutMs).unref();
    await app.close();
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((e) => {
  process.stderr.write(`worker start-up failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
