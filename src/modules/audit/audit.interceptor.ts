import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { catchError, concatMap, from, map, Observable, of, throwError } from 'rxjs';
import { toErrorBody } from '../../common/errors/app-exception.filter';
import { correlationId, routePath } from '../../common/request';
import { AppException } from '../../common/errors/app.exception';
import { withRequestAudit, type PendingRequestAudit, type RequestAuditNote } from '../../common/request-audit';
import { cleanFreeText, hasControlCharacters } from '../../common/validation';
import { PERMISSION_KEY } from '../../common/access/access.decorators';
import type { Permission } from '../../common/access/permissions';
import { AuditService } from './audit.service';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Writes one audit event for every authenticated request to a protected
 * route, before the response leaves: if the event cannot be written, the
 * request fails (503) instead of going unrecorded. A mutating request's
 * success event is written by the service making the change, in its
 * transaction (`auditRequestIn`), so the change and its event commit
 * together; a request whose handler wrote none (a read, a change without a
 * transaction, a refusal) is recorded here once the handler is done.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(PERMISSION_KEY, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    const req = ctx.switchToHttp().getRequest<Request>();
    const res = ctx.switchToHttp().getResponse<Response>();
    const principal = req.principal;
    if (!permission || !principal) return next.handle();
    const input = (
      outcome: 'success' | 'denied' | 'error',
      status: number,
      code?: string,
      note?: RequestAuditNote,
    ) => ({
      actor: { kind: principal.kind, id: principal.id, role: principal.role, tenant: principal.tenantId },
      action: permission,
      resource: {
        type: permission.split('.')[0],
        id: typeof req.params.id === 'string' ? req.params.id : (note?.resourceId ?? req.auditResourceId ?? null),
      },
      outcome,
      purpose: accessPurpose(req),
      origin: requestOrigin(req),
      correlationId: correlationId(req),
      details: {
        method: req.method,
        route: routePath(req),
        status,
        ...(code ? { code } : {}),
        ...req.auditDetails,
        ...note?.details,
      },
    });
    const record = (outcome: 'success' | 'denied' | 'error', status: number, code?: string) =>
      this.audit.append(input(outcome, status, code));
    // An id with a control character (NUL, CR, …) is refused, and the refusal audited like any other.
    const badParam = Object.entries(req.params).find(([, v]) => typeof v === 'string' && hasControlCharacters(v));
    if (badParam) {
      const error = new AppException('VALIDATION_FAILED', `${badParam[0]}: must not contain control characters`);
      return from(record('error', 400, error.code)).pipe(concatMap(() => throwError(() => error)));
    }
    const pending: PendingRequestAudit = {
      state: MUTATING.has(req.method) ? 'pending' : 'closed',
      // The status is already the one the response gets: Nest sets @HttpCode's before the handler runs.
      write: async (m, note) => {
        await this.audit.append(input('success', res.statusCode, undefined, note), m);
      },
    };
    // Whatever the handler left running may not write the event once the request is answered.
    const settle = () => {
      const written = pending.state === 'written';
      pending.state = 'closed';
      return written;
    };
    return withRequestAudit(pending, () => next.handle()).pipe(
      // The status the handler answers with: @HttpCode's (201, 202) or one it set itself (206 for a range).
      concatMap((value: unknown) =>
        settle() ? of(value) : from(record('success', res.statusCode)).pipe(map(() => value)),
      ),
      catchError((error: unknown) => {
        settle();
        const { status, body } = toErrorBody(error);
        const outcome = status === 401 || status === 403 || status === 404 ? 'denied' : 'error';
        return from(record(outcome, status, body.code)).pipe(concatMap(() => throwError(() => error)));
      }),
    );
  }
}

export function requestOrigin(req: Request): { ip: string | null; userAgent: string | null } {
  return { ip: req.ip ?? null, userAgent: req.headers['user-agent']?.slice(0, 256) ?? null };
}

/** Why the caller is accessing the data (QA review, dispute, …), from `X-Access-Purpose` or `?purpose=`. */
export function accessPurpose(req: Request): string | null {
  if (req.tokenPurpose) return req.tokenPurpose;
  const raw = req.headers['x-access-purpose'] ?? req.query.purpose;
  const purpose = typeof raw === 'string' ? cleanFreeText(raw).trim().slice(0, 200) : '';
  return purpose || null;
}
