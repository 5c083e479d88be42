import { AppException } from './app.exception';

/** How long a client should wait before retrying a request a dependency refused. */
export const RETRY_AFTER_SECONDS = '5';

/** Socket-level failures: the peer is down, restarting or unreachable. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** Messages node-postgres and pg-pool use for a lost or unobtainable connection; they carry no code. */
const PG_CONNECTION_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Client was closed and is not queryable',
  'Cannot use a pool after calling end',
];

interface DriverLike {
  code?: unknown;
  severity?: unknown;
  message?: unknown;
  cause?: unknown;
  driverError?: unknown;
}

/**
 * Is this PostgreSQL answering "not now" rather than "no"? By SQLSTATE class:
 * 08 (connection exception), 53 (insufficient resources: disk full, out of
 * memory, too many connections), 57P01–57P03 (admin/crash shutdown, cannot
 * connect now). 55000 (object not in prerequisite state) only at FATAL
 * severity, which is how a database with ALLOW_CONNECTIONS false refuses a
 * connection; the same code in a statement is a real error of that statement.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  return someInChain(error, (e) => {
    const code = typeof e.code === 'string' ? e.code : undefined;
    if (code && /^[0-9A-Z]{5}$/.test(code)) {
      if (code.startsWith('08') || code.startsWith('53')) return true;
      if (code === '57P01' || code === '57P02' || code === '57P03') return true;
      return code === '55000' && e.severity === 'FATAL';
    }
    if (code && NETWORK_CODES.has(code)) return true;
    const message = typeof e.message === 'string' ? e.message : '';
    return PG_CONNECTION_MESSAGES.some((m) => message.startsWith(m));
  });
}

/** A write that failed because the disk (or quota) is full. */
export function isDiskFull(error: unknown): boolean {
  return someInChain(error, (e) => e.code === 'ENOSPC' || e.code === 'EDQUOT');
}

/**
 * The 503 a failed dependency answers with, or undefined if `error` is not a
 * dependency failure. S3 and KMS failures are already AppExceptions (their
 * services wrap them); this covers what reaches the edge unwrapped: database
 * driver errors and local disk errors.
 */
export function dependencyFailure(error: unknown): AppException | undefined {
  if (error instanceof AppException) return undefined;
  if (isDiskFull(error))
    return new AppException('STORAGE_FULL', 'Storage is full; retry later', {
      headers: { 'Retry-After': RETRY_AFTER_SECONDS },
      cause: error,
    });
  if (isDatabaseUnavailable(error))
    return new AppException('DATABASE_UNAVAILABLE', 'Database unavailable; retry later', {
      headers: { 'Retry-After': RETRY_AFTER_SECONDS },
      cause: error,
    });
  return undefined;
}

/** Follows `cause` and TypeORM's `driverError`, a bounded number of levels. */
function someInChain(error: unknown, test: (e: DriverLike) => boolean): boolean {
  let e: unknown = error;
  for (let depth = 0; depth < 5 && e !== null && typeof e === 'object'; depth++) {
    const d = e as DriverLike;
    if (test(d)) return true;
    if (d.driverError && typeof d.driverError === 'object' && test(d.driverError)) return true;
    if (
      e instanceof AggregateError &&
      e.errors.some((x) => x !== null && typeof x === 'object' && test(x as DriverLike))
    )
      return true;
    e = d.cause;
  }
  return false;
}
