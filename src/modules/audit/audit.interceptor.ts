import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { catchError, concatMap, from, map, Observable, throwError } from 'rxjs';
import { toErrorBody } from '../../common/errors/app-exception.filter';
import { correlationId, routePath } from '../../common/request';
import { AppException } from '../../common/errors/app.exception';
import { cleanFreeText, hasControlCharacters } from '../../common/validation';
import { PERMISSION_KEY } from '../../common/access/access.decorators';
import type { Permission } from '../../common/access/permissions';
import { AuditService } from './audit.service';

/**
 * Writes one audit event for every authenticated request to a protected
 * route, before the response leaves: if the event cannot be written, the
 * request fails instead of going unrecorded.
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
    const record = (outcome: 'success' | 'denied' | 'error', status: number, code?: string) =>
      this.audit.append({
        actor: { kind: principal.kind, id: principal.id, role: principal.role, tenant: principal.tenantId },
        action: permission,
        resource: {
          type: permission.split('.')[0],
          id: typeof req.params.id === 'string' ? req.params.id : (req.auditResourceId ?? null),
        },
        outcome,
        purpose: accessPurpose(req),
        origin: requestOrigin(req),
        correlationId: correlationId(req),
        details: { method: req.method, route: routePath(req), status, ...(code ? { code } : {}), ...req.auditDetails },
      });
    // An id with a control character (NUL, CR, …) is refused, and the refusal audited like any other.
    const badParam = Object.entries(req.params).find(([, v]) => typeof v === 'string' && hasControlCharacters(v));
    if (badParam) {
      const error = new AppException('VALIDATION_FAILED', `${badParam[0]}: must not contain control characters`);
      return from(record('error', 400, error.code)).pipe(concatMap(() => throwError(() => error)));
    }
    return next.handle().pipe(
      // The status the handler answers with: @HttpCode's (201, 202) or one it set itself (206 for a range).
      concatMap((value: unknown) => from(record('success', res.statusCode)).pipe(map(() => value))),
      catchError((error: unknown) => {
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
