import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { openRuntime } from './bootstrap';
import { startHeartbeat } from './heartbeat';
import { processLogger } from './common/logging';
import { serveMetrics } from './modules/metrics/metrics.server';
import type { AppConfig } from './config/config';
import { closeOnSignals, embeddedLog, guardProcess } from './process';
import type { Tracing } from './tracing.start';

/**
 * Job worker without an HTTP listener: scale processing separately from the
 * API by running API instances with WORKER_ENABLED=false and any number of
 * these. Same code, same configuration.
 */
export async function runWorker(config: AppConfig, tracing: Tracing): Promise<void> {
  const log = processLogger(config, 'worker');
  guardProcess(log);
  // Embedded stand-ins belong to the API process on the same DATA_DIR; a worker only reuses them.
  const runtime = await openRuntime(config, { reuseEmbedded: true, log: embeddedLog(log) });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(runtime), {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  await app.init();
  const stopHeartbeat = startHeartbeat(
    () => runtime.dataSource.query('SELECT 1'),
    (e) => log.warn({ err: e }, 'heartbeat: database unreachable'),
  );
  const metrics = await serveMetrics(config, runtime.metrics);
  closeOnSignals(log, config.http.shutdownTimeoutMs, async () => {
    stopHeartbeat();
    await metrics?.close();
    await app.close();
    await runtime.close();
    await tracing.shutdown();
  });
  for (const n of runtime.services.notices) log.info(n);
  for (const w of runtime.services.warnings) log.warn(w);
  log.info(metrics ? `worker running, metrics on port ${metrics.port}` : 'worker running');
}
