import { ERROR_CODES, type ErrorCode } from './error-codes';

export interface AppExceptionOptions {
  /** Shown to the caller (e.g. the fields that failed validation). */
  details?: unknown;
  /** Extra response headers, e.g. Retry-After. */
  headers?: Record<string, string>;
  /** The failure underneath (a driver or SDK error): logged by the error filter, never sent to the caller. */
  cause?: unknown;
}

/**
 * The only error type services throw for a client-visible failure. Messages
 * are shown to the caller, so they must never contain card digits, keys or
 * tokens.
 */
export class AppException extends Error {
  readonly details?: unknown;
  readonly headers?: Record<string, string>;

  constructor(
    readonly code: ErrorCode,
    message: string,
    opts: AppExceptionOptions = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = 'AppException';
    this.details = opts.details;
    this.headers = opts.headers;
  }

  get status(): number {
    return ERROR_CODES[this.code];
  }
}
