import 'reflect-metadata';
// Node 20 is the platform decision (ARCHITECTURE.md); the SDK's end-of-support notice would break JSON logs.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
import pino from 'pino';
import { loadConfig, ConfigError, describeConfig } from './config/config';
import { createApp, openRuntime } from './bootstrap';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      for (const p of e.problems) process.stderr.write(`config error: ${p.variable} ${p.message}\n`);
      process.exit(78);
    }
    throw e;
  }
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

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: draining requests and shutting down`);
    setTimeout(() => process.exit(1), config.http.shutdownTimeoutMs).unref();
    await app.close();
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((e) => {
  process.stderr.write(`start-up failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
