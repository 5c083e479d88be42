import 'reflect-metadata';
import { describeConfig, type AppConfig } from './config/config';
import { createApp, openRuntime } from './bootstrap';
import { processLogger } from './common/logging';
import { serveMetrics, type MetricsListener } from './modules/metrics/metrics.server';
import { closeOnSignals, embeddedLog, guardProcess } from './process';
import type { Tracing } from './tracing.start';

/** The API process (main.ts loads it once tracing, if any, is in place). */
export async function runApi(config: AppConfig, tracing: Tracing): Promise<void> {
  const log = processLogger(config, 'main');
  guardProcess(log);
  const runtime = await openRuntime(config, { recordEmbedded: true, log: embeddedLog(log) });
  const app = await createApp(runtime);
  let metrics: MetricsListener | undefined;
  closeOnSignals(log, config.http.shutdownTimeoutMs, async () => {
    await metrics?.close();
    await app.close();
    await runtime.close();
    await tracing.shutdown();
  });
  log.info({ config: describeConfig(config) }, 'configuration');
  if (runtime.services.embedded.length) {
    log.warn(
      { embedded: runtime.services.embedded },
      `embedded stand-ins in use: ${runtime.services.embedded.join(', ')}`,
    );
  }
  for (const n of runtime.services.notices) log.info(n);
  for (const w of runtime.services.warnings) log.warn(w);
  try {
    await app.listen(config.port, config.host);
    metrics = await serveMetrics(config, runtime.metrics);
  } catch (e) {
    await metrics?.close();
    await app.close();
    await runtime.close();
    throw e;
  }
  const base = `http://localhost:${config.port}`;
  log.info(`listening on ${base} — console at ${base}/console, API docs at ${base}/docs`);
  if (metrics) log.info(`metrics on http://localhost:${metrics.port}/metrics`);
  log.info(
    'first API key: npm run vault -- tenant:create acme && npm run vault -- apikey:create --tenant acme --role ingest',
  );
}
