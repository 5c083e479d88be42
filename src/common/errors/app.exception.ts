import { ERROR_CODES, type ErrorCode } from './error-codes';

/**
 * The only error type services throw for a client-visible failure. Messages
 * are shown to the caller, so they must never contain card digits, keys or
 * tokens.
 */
export class AppException extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    /** Extra response headers, e.g. Retry-After. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppException';
  }

  get status(): number {
    return ERROR_CODES[this.code];
  }
}

export const notFound = (what = 'Resource') => new AppException('NOT_FOUND', `${what} not found`);
