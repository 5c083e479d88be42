import type { Logger } from 'pino';
import { ConfigError, loadConfig, type AppConfig } from './config/config';
import type { EmbeddedLog } from './embedded/postgres.server';

/** Entry points' shared process handling: the config or a named error and exit 78 (EX_CONFIG). */
export function configOrExit(env: NodeJS.ProcessEnv = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) {
      for (const p of e.problems) process.stderr.write(`config error: ${p.variable} ${p.message}\n`);
      process.exit(78);
    }
    throw e;
  }
}

/** On SIGTERM/SIGINT: close in order, exit 0; exit 1 if that takes longer than `timeoutMs`. */
export function closeOnSignals(log: Logger, timeoutMs: number, close: () => Promise<void>): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: finishing in-flight work and shutting down`);
    setTimeout(() => process.exit(1), timeoutMs).unref();
    await close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

export function exitOnStartupFailure(what: string): (e: unknown) => never {
  return (e) => {
    process.stderr.write(`${what} failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  };
}

/** The embedded stand-ins' output (PostgreSQL's log lines) into the process log. */
export function embeddedLog(log: Logger): EmbeddedLog {
  const child = log.child({ context: 'embedded' });
  return (level, message) => child[level](message);
}
