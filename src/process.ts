import type { Logger } from 'pino';
import { describeError } from './common/errors/app-exception.filter';
import { isDatabaseUnavailable, isDiskFull } from './common/errors/dependency-errors';
import { ConfigError, loadConfig, type AppConfig } from './config/config';
import type { EmbeddedLog } from './embedded/postgres.server';
import { maskLogText } from './common/log-masking';

/** Entry points' shared process handling: the config or a named error and exit 78 (EX_CONFIG). */
export function configOrExit(env: NodeJS.ProcessEnv = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) {
      for (const p of e.problems) process.stderr.write(maskLogText(`config error: ${p.variable} ${p.message}`) + '\n');
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
    // Written before (or instead of) any logger: masked like a log line.
    process.stderr.write(maskLogText(`${what} failed: ${e instanceof Error ? e.message : String(e)}`) + '\n');
    process.exit(1);
  };
}

/** The embedded stand-ins' output (PostgreSQL's log lines) into the process log. */
export function embeddedLog(log: Logger): EmbeddedLog {
  const child = log.child({ context: 'embedded' });
  return (level, message) => child[level](message);
}

/** EX_SOFTWARE: an internal error; a supervisor restarts the process. */
export const EXIT_UNRECOVERABLE = 70;

/**
 * A dependency that fails outside any request or job (a pool's idle client
 * losing its backend, a queue library's unawaited completion call, a socket
 * reset) must not take the process down: the failure is logged and the
 * process keeps serving; requests answer 503 until the dependency is back.
 * Anything else thrown outside every handler is a bug whose state cannot be
 * trusted: one clear log line, then exit non-zero for the supervisor.
 */
export function guardProcess(log: Logger): void {
  process.on('unhandledRejection', (reason) => {
    log.error(
      { err: describeError(reason), dependency: isDependencyFailure(reason) },
      'unhandled rejection (kept running)',
    );
  });
  process.on('uncaughtException', (err, origin) => {
    if (isDependencyFailure(err)) {
      log.error({ err: describeError(err), origin }, 'dependency failure outside a handler (kept running)');
      return;
    }
    log.fatal(
      { err: describeError(err), origin },
      `unrecoverable: uncaught ${err.name}; exiting ${EXIT_UNRECOVERABLE}`,
    );
    process.exit(EXIT_UNRECOVERABLE);
  });
}

/** A database, network or disk failure: recoverable by waiting for the dependency. */
export function isDependencyFailure(e: unknown): boolean {
  if (isDatabaseUnavailable(e) || isDiskFull(e)) return true;
  // AWS SDK errors carry $metadata; a timed-out or aborted call is a slow dependency.
  return e instanceof Error && ('$metadata' in e || e.name === 'TimeoutError' || e.name === 'AbortError');
}
