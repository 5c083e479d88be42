import 'reflect-metadata';
import pino from 'pino';
import { describeConfig } from './config/config';
import { createApp, openRuntime } from './bootstrap';
import { closeOnSignals, configOrExit, exitOnStartupFailure } from './process';

async function main(): Promise<void> {
  const config = configOrExit();
  const runtime = await openRuntime(config, { recordEmbedded: true });
  const app = await createApp(runtime);
  const log = pino({ level: config.logLevel, base: { context: 'main' } });
  log.info({ config: describeConfig(config) }, 'configuration');
  if (runtime.services.embedded.length) {
    log.warn({ embedded: runtime.services.embedded }, `embedded stand-ins in use: ${runtime.services.embedded.join(', ')}`);
  }
  for (const w of runtime.services.warnings) log.warn(w);
  try {
    await app.listen(config.port, config.host);
  } catch (e) {
    await app.close();
    await runtime.close();
    throw e;
  }
  const base = `http://localhost:${config.port}`;
  log.info(`listening on ${base} — console at ${base}/console, API docs at ${base}/docs`);
  log.info('first API key: npm run vault -- tenant:create acme && npm run vault -- apikey:create --tenant acme --role ingest');
  closeOnSignals(log, config.http.shutdownTimeoutMs, async () => {
    await app.close();
    await runtime.close();
  });
}

main().catch(exitOnStartupFailure('start-up'));
