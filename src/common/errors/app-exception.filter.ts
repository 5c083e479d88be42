import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { maskCardData, maskCardText } from '../../modules/redaction/card-text';
import { correlationId as correlationIdOf } from '../request';
import { AppException } from './app.exception';
import { dependencyFailure, RETRY_AFTER_SECONDS } from './dependency-errors';
import type { ErrorCode } from './error-codes';

const HTTP_FALLBACK: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'ROUTE_NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_AUTH_FAILURES',
};

/** One error shape for every failure: `{ code, message, correlationId, details? }`. */
@Catch()
export class AppExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(error: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    const { status, body: raw, headers } = toErrorBody(error);
    const body = withoutCardData(raw);
    const correlationId = correlationIdOf(req);
    if (status >= 500) this.logger.error({ err: describeError(error), correlationId }, 'request failed');
    // A body that could not be parsed is logged (never its content): probing shows in the logs.
    const type = (error as { type?: unknown } | null)?.type;
    if (typeof type === 'string' && type.startsWith('entity.'))
      this.logger.warn({ correlationId, method: req.method, path: req.path, type, status }, 'request body refused');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    for (const [k, v] of Object.entries(headers ?? {})) res.setHeader(k, v);
    res.status(status).json({ ...body, correlationId });
  }
}

/**
 * Messages and details repeat what was sent (a record key, a host name, a path): any card number in
 * them is masked like free text, whatever built the error, before it is answered or logged.
 */
export function withoutCardData<T extends { message: string; details?: unknown }>(body: T): T {
  return maskCardData(body).value as T;
}

export function toErrorBody(error: unknown): {
  status: number;
  body: { code: string; message: string; details?: unknown };
  headers?: Record<string, string>;
} {
  if (error instanceof AppException) {
    // Every 503 tells the client when to come back.
    const headers =
      error.status === 503 && !error.headers?.['Retry-After']
        ? { ...error.headers, 'Retry-After': RETRY_AFTER_SECONDS }
        : error.headers;
    return {
      status: error.status,
      body: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) },
      headers,
    };
  }
  // A database or disk failure that reached the edge unwrapped: a retryable 503, not a 500.
  const dependency = dependencyFailure(error);
  if (dependency) return toErrorBody(dependency);
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code = HTTP_FALLBACK[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'VALIDATION_FAILED');
    const message = status === 404 ? 'No such route' : safeHttpMessage(error);
    return { status, body: { code, message } };
  }
  const typed = error as { type?: string } | null | undefined;
  // body-parser errors (size, syntax) carry a status and a type, never a 500.
  if (typed?.type === 'entity.too.large') {
    return { status: 413, body: { code: 'PAYLOAD_TOO_LARGE', message: 'Request body exceeds the size limit' } };
  }
  if (typed?.type === 'entity.too.deep') {
    return {
      status: 400,
      body: { code: 'VALIDATION_FAILED', message: `Request body is nested deeper than 32 levels` },
    };
  }
  if (typed?.type === 'entity.parse.failed') {
    return { status: 400, body: { code: 'VALIDATION_FAILED', message: 'Request body is not valid JSON' } };
  }
  return { status: 500, body: { code: 'INTERNAL_ERROR', message: 'Internal error' } };
}

function safeHttpMessage(e: HttpException): string {
  const r = e.getResponse();
  if (typeof r === 'string') return r;
  const m = (r as { message?: unknown }).message;
  return Array.isArray(m) ? m.join('; ') : typeof m === 'string' ? m : e.message;
}

export interface ErrorDescription {
  type: string;
  code?: unknown;
  message?: string;
  httpStatus?: number;
  stack?: string;
  cause?: ErrorDescription;
}

/**
 * What the log says about a failure. The error itself by type, code and stack
 * only: a raw driver error's message could echo request data. Its cause (an
 * S3 or KMS SDK error that an AppException wraps) with its message and HTTP
 * status too, so a 503 says what was unavailable and why.
 */
export function describeError(error: unknown, depth = 0): ErrorDescription {
  if (!(error instanceof Error)) return { type: typeof error };
  const e = error as Error & { code?: unknown; $metadata?: { httpStatusCode?: number } };
  const out: ErrorDescription = { type: e.name, code: e.code, stack: e.stack?.split('\n').slice(1, 6).join('\n') };
  if (depth > 0) {
    out.message = maskCardText(e.message.slice(0, 500)).text;
    out.httpStatus = e.$metadata?.httpStatusCode;
  }
  if (e.cause !== undefined && depth < 3) out.cause = describeError(e.cause, depth + 1);
  return out;
}
